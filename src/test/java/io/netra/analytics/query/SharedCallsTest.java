package io.netra.analytics.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

class SharedCallsTest {

    private final SharedCalls<String> calls = new SharedCalls<>(Clock.systemUTC());
    private final List<UniEmitter<? super String>> started = new ArrayList<>();

    private Uni<String> call() {
        return Uni.createFrom().emitter(started::add);
    }

    @Test
    void askersOfTheSameKeyShareOneCallAndEachGetsTheResult() throws Exception {
        CompletableFuture<String> first = calls.share("alice\nnames", this::call).result();
        CompletableFuture<String> second = calls.share("alice\nnames", this::call).result();
        CompletableFuture<String> other = calls.share("bob\nnames", this::call).result();

        assertEquals(2, started.size(), "one call per key");
        assertEquals(2, calls.running());
        started.get(0).complete("answer");
        assertEquals("answer", first.get());
        assertEquals("answer", second.get());
        assertFalse(other.isDone());
        assertEquals(calls.share("bob\nnames", this::call).startedAt(), calls.share("bob\nnames", this::call).startedAt(),
                "who joins a running call learns when it started");
        assertEquals(1, calls.running());
    }

    @Test
    void oneAskerGivingUpCancelsNeitherTheCallNorTheOthers() throws Exception {
        CompletableFuture<String> impatient = calls.share("k", this::call).result();
        CompletableFuture<String> patient = calls.share("k", this::call).result();

        impatient.cancel(false);
        started.get(0).complete("late answer");

        assertEquals("late answer", patient.get());
        assertEquals(0, calls.running());
    }

    @Test
    void aFailureReachesEveryAskerAndTheNextAskStartsAFreshCall() {
        CompletableFuture<String> first = calls.share("k", this::call).result();
        CompletableFuture<String> second = calls.share("k", this::call).result();
        started.get(0).fail(new IllegalStateException("down"));

        assertThrows(ExecutionException.class, first::get);
        assertThrows(ExecutionException.class, second::get);
        calls.share("k", this::call).result();
        assertEquals(2, started.size());
        assertTrue(calls.running() == 1);
    }
}
