package io.netra.analytics.mode;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** The emergency switch: {@code clickhouse-disabled} runs on Redis alone (ingest queues, queries from cache). */
public enum OperatingMode {
    NORMAL("normal"), CLICKHOUSE_DISABLED("clickhouse-disabled");

    private final String label;

    OperatingMode(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public static Optional<OperatingMode> parse(String label) {
        return Arrays.stream(values()).filter(mode -> mode.label.equals(label)).findFirst();
    }
}
