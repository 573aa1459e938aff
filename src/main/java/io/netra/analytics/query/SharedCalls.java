package io.netra.analytics.query;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * One call at a time per key: whoever asks while a call for the same key runs shares it instead of starting
 * another. Each asker gets its own copy of the result, so one giving up neither cancels the call nor the others.
 */
final class SharedCalls<V> {

    private final Map<String, CompletableFuture<V>> running = new ConcurrentHashMap<>();

    CompletableFuture<V> share(String key, Supplier<Uni<V>> call) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> current = running.putIfAbsent(key, mine);
        if (current != null) {
            return current.copy();
        }
        call.get().subscribe().with(result -> {
            running.remove(key, mine);
            mine.complete(result);
        }, failure -> {
            running.remove(key, mine);
            mine.completeExceptionally(failure);
        });
        return mine.copy();
    }

    /** Calls running now. */
    int running() {
        return running.size();
    }
}
