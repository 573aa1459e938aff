package io.netra.analytics.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.netra.analytics.config.NetraConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The real configuration mapping for unit tests: every documented default, and the overrides a test names. */
public final class TestConfig {

    private TestConfig() {
    }

    /** Overrides as key, value pairs: {@code netra("netra.ingest.batch-size", "5")}. */
    public static NetraConfig netra(String... overrides) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            values.put(overrides[i], overrides[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(NetraConfig.class)
                // Quarkus's own reading of durations ("10s", "20ms"), as in the running service
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        return config.getConfigMapping(NetraConfig.class);
    }
}
