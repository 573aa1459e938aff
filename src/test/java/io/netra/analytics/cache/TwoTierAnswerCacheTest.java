package io.netra.analytics.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.netra.analytics.support.TestConfig;

class TwoTierAnswerCacheTest {

    private static String key(String owner, String query) {
        return TwoTierAnswerCache.redisKey(TestConfig.netra().cache().keyPrefix(), owner, query);
    }

    @Test
    void keysStartWithTheOwnerSoUsersNeverShareOne() {
        assertEquals("netra:cache:alice:names?limit=10", key("alice", "names?limit=10"));
        assertNotEquals(key("alice", "k"), key("bob", "k"));
        // an owner holding the separator cannot impersonate another owner's key
        assertNotEquals(key("alice:names", "k"), key("alice", "names:k"));
        assertEquals("netra:cache:alice%3Anames:k", key("alice:names", "k"));
    }

    @Test
    void entriesOfAnotherFormatOrDamagedAreMissesNotErrors() {
        Instant at = Instant.parse("2026-11-27T00:00:00Z");
        assertEquals(Optional.of(new CacheEntry("a b:c", at, bytes("{\"x\":1}\nmore"))),
                TwoTierAnswerCache.parse(bytes("v3 " + at.toEpochMilli() + " a+b%3Ac\n{\"x\":1}\nmore")));
        assertEquals(Optional.empty(), TwoTierAnswerCache.parse(null));
        assertEquals(Optional.empty(), TwoTierAnswerCache.parse(bytes("v2 " + at.toEpochMilli() + " a\n{}")), "an older release's entry");
        assertEquals(Optional.empty(), TwoTierAnswerCache.parse(bytes("{\"computedAt\":\"2026-01-01T00:00:00Z\",\"data\":{}}")));
        assertEquals(Optional.empty(), TwoTierAnswerCache.parse(bytes("v3 no-newline")));
        assertEquals(Optional.empty(), TwoTierAnswerCache.parse(bytes("v3 12 owner extra\n{}")));
        assertEquals(Optional.empty(), TwoTierAnswerCache.parse(bytes("v3 notanumber owner\n{}")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
