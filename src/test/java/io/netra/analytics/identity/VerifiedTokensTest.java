package io.netra.analytics.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void aTokenIsReusedForTheTtlAtMost() {
        assertEquals(TTL, VerifiedTokens.reuse(NOW, NOW.plusSeconds(3600).getEpochSecond(), TTL));
    }

    @Test
    void aTokenExpiringSoonerIsReusedOnlyUntilItExpires() {
        assertEquals(Duration.ofSeconds(5), VerifiedTokens.reuse(NOW, NOW.plusSeconds(5).getEpochSecond(), TTL));
    }
}
