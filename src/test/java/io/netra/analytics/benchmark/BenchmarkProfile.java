package io.netra.analytics.benchmark;

import java.util.List;
import java.util.Map;

import io.netra.analytics.support.LocalServersResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Real servers, and the production fault-tolerance numbers instead of the test profile's quick ones. */
public class BenchmarkProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "io.netra.analytics.ingest.ClickHouseEventWriter/write/Timeout/value", "3000",
                "io.netra.analytics.ingest.ClickHouseEventWriter/write/CircuitBreaker/requestVolumeThreshold", "20",
                "io.netra.analytics.query.ClickHouseAnalytics/answer/Timeout/value", "5000",
                "io.netra.analytics.query.ClickHouseAnalytics/answer/CircuitBreaker/requestVolumeThreshold", "20",
                "netra.clickhouse.socket-timeout", "15s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalServersResource.class));
    }
}
