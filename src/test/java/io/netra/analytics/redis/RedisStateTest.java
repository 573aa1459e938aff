package io.netra.analytics.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedisStateTest {

    @Test
    void statesHaveLabelsForReadinessAndMetrics() {
        assertEquals("tls-rejected", RedisState.TLS_REJECTED.label());
        assertEquals("up", RedisState.UP.label());
    }
}
