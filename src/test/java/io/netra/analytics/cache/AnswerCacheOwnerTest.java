package io.netra.analytics.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.support.RealServersProfile;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The Redis tier is shared by every replica and release: an entry found under a user's key is served to that user
 * only if it says it is theirs, so a bug or a stray writer that puts another user's answer there leaks nothing.
 */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class AnswerCacheOwnerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    TwoTierAnswerCache cache;
    @Inject
    RedisDataSource redis;
    @Inject
    NetraConfig config;

    private void storeInRedis(String underOwner, String key, String claimedOwner, Instant at) {
        byte[] entry = ("v3 " + at.toEpochMilli() + " " + claimedOwner + "\n{\"source\":\"clickhouse\"}").getBytes(StandardCharsets.UTF_8);
        redis.value(byte[].class).setex(TwoTierAnswerCache.redisKey(config.cache().keyPrefix(), underOwner, key), 60, entry);
    }

    @Test
    void anEntryUnderAUsersKeyThatNamesAnotherOwnerIsAMiss() {
        Instant at = Instant.parse("2026-11-30T00:00:00Z");
        storeInRedis("alice-owner-check", "names?limit=10", "mallory", at);
        storeInRedis("bob-owner-check", "names?limit=10", "bob-owner-check", at);

        assertEquals(Optional.empty(), cache.get("alice-owner-check", "names?limit=10").await().atMost(WAIT));
        assertEquals(Optional.of("bob-owner-check"),
                cache.get("bob-owner-check", "names?limit=10").await().atMost(WAIT).map(CacheEntry::owner));
    }
}
