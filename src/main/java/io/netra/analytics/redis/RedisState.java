package io.netra.analytics.redis;

import java.util.Locale;

/** What the last readiness probe saw of Redis. */
public enum RedisState {
    UP,
    /** Connection refused or reset, unknown host, or a login refused. */
    UNREACHABLE,
    /** No answer within the probe's timeout: hung, overloaded, or a network partition. */
    TIMEOUT,
    /** The TLS handshake failed: an untrusted or expired certificate, another host's, or no TLS on that port. */
    TLS_REJECTED;

    /** As shown in readiness data and metric labels: {@code tls-rejected}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
