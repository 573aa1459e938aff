package io.netra.analytics.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.replay.Replayer;
import io.netra.analytics.schema.SchemaState;
import io.netra.analytics.support.LocalServersResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A normal start against healthy servers logs no WARN or ERROR line: operators can trust that a warning means something. */
@QuarkusTest
@TestProfile(StartupLogTest.OwnLogFile.class)
class StartupLogTest {

    static final Path LOG = Path.of("target/startup-log-test.log");

    public static class OwnLogFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(LOG);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LocalServersResource.class));
        }
    }

    @Inject
    SchemaState schema;
    @Inject
    Replayer replayer;

    @Test
    void aNormalStartLogsNoWarningOrError() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(schema::isReady);
        // a few replay ticks and mode refreshes belong to the start too
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> replayer.replayOnce().await().atMost(Duration.ofSeconds(10)) == 0);

        List<String> lines = Files.readAllLines(LOG);
        List<String> warnings = lines.stream().filter(line -> line.matches(".*\\b(WARN|ERROR)\\b.*")).toList();

        assertEquals(true, lines.stream().anyMatch(line -> line.contains("Schema is at version")), "the log was read");
        assertEquals(List.of(), warnings);
    }
}
