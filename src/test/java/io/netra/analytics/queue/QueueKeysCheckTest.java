package io.netra.analytics.queue;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.support.TestConfig;

class QueueKeysCheckTest {

    private static final NetraConfig DEFAULT_KEYS = TestConfig.netra();
    private static final NetraConfig TAGGED_KEYS = TestConfig.netra("netra.outage-queue.stream-key", "{netra}:outage-queue",
            "netra.outage-queue.dead-letter-key", "{netra}:dead-letters");

    @Test
    void onRedisClusterKeysWithoutACommonHashTagRefuseToStartAndSayWhatToSet() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new QueueKeysCheck(DEFAULT_KEYS, "cluster").onStart(null));
        assertTrue(refused.getMessage().contains("NETRA_OUTAGE_QUEUE_STREAM_KEY={netra}:outage-queue"), refused.getMessage());

        NetraConfig differentTags = TestConfig.netra("netra.outage-queue.stream-key", "{a}:queue", "netra.outage-queue.dead-letter-key", "{b}:dead");
        assertThrows(IllegalStateException.class, () -> new QueueKeysCheck(differentTags, "cluster").onStart(null));
    }

    @Test
    void sharedTagsOnAClusterAndAnyKeysElsewhereStart() {
        assertDoesNotThrow(() -> new QueueKeysCheck(TAGGED_KEYS, "cluster").onStart(null));
        assertDoesNotThrow(() -> new QueueKeysCheck(DEFAULT_KEYS, "standalone").onStart(null));
        assertDoesNotThrow(() -> new QueueKeysCheck(DEFAULT_KEYS, "sentinel").onStart(null));
    }

    @Test
    void theHashTagIsWhatRedisClusterHashes() {
        assertEquals(Optional.of("netra"), QueueKeysCheck.hashTag("{netra}:outage-queue"));
        assertEquals(Optional.of("netra"), QueueKeysCheck.hashTag("x{netra}y{z}"));
        assertEquals(Optional.of("netra"), QueueKeysCheck.hashTag("x}{netra}"), "only a '}' after the first '{' closes it");
        assertEquals(Optional.empty(), QueueKeysCheck.hashTag("netra:outage-queue"));
        assertEquals(Optional.empty(), QueueKeysCheck.hashTag("{}netra"));
        assertEquals(Optional.empty(), QueueKeysCheck.hashTag("{netra"));
    }
}
