package io.netra.analytics.query;

import java.time.Clock;
import java.time.Instant;
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

    private final Map<String, Call<V>> running = new ConcurrentHashMap<>();
    private final Clock clock;

    SharedCalls(Clock clock) {
        this.clock = clock;
    }

    /** A call's result, a copy for each asker, and when the call started. */
    record Call<V>(CompletableFuture<V> result, Instant startedAt) {

        Call<V> forAnotherAsker() {
            return new Call<>(result.copy(), startedAt);
        }
    }

    Call<V> share(String key, Supplier<Uni<V>> call) {
        Call<V> mine = new Call<>(new CompletableFuture<>(), clock.instant());
        Call<V> current = running.putIfAbsent(key, mine);
        if (current != null) {
            return current.forAnotherAsker();
        }
        call.get().subscribe().with(result -> {
            running.remove(key, mine);
            mine.result().complete(result);
        }, failure -> {
            running.remove(key, mine);
            mine.result().completeExceptionally(failure);
        });
        return mine.forAnotherAsker();
    }

    /** Calls running now. */
    int running() {
        return running.size();
    }
}
