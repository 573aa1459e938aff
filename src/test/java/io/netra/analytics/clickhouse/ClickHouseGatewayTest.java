package io.netra.analytics.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.netra.analytics.support.RealServersProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RealServersProfile.class)
class ClickHouseGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ClickHouseGateway clickhouse;

    @Test
    void readsRowsBackNotTheSilentEmptyResult() {
        clickhouse.execute("CREATE TABLE IF NOT EXISTS default.gateway_rows (id UInt32, name String) ENGINE = MergeTree() ORDER BY id")
                .await().atMost(WAIT);
        clickhouse.execute("TRUNCATE TABLE default.gateway_rows").await().atMost(WAIT);
        clickhouse.insertJsonEachRow("default.gateway_rows",
                "{\"id\":1,\"name\":\"one\"}\n{\"id\":2,\"name\":\"two\"}\n".getBytes(StandardCharsets.UTF_8)).await().atMost(WAIT);

        List<JsonNode> rows = clickhouse.query("SELECT id, name FROM default.gateway_rows ORDER BY id").await().atMost(WAIT);

        assertEquals(2, rows.size());
        assertEquals(1, rows.get(0).get("id").asInt());
        assertEquals("two", rows.get(1).get("name").asText());
    }

    @Test
    void everyInjectionCorpusStringRoundTripsThroughARealServer() {
        for (String value : SqlLiteralsTest.INJECTION_CORPUS) {
            List<JsonNode> rows = clickhouse.query("SELECT " + SqlLiterals.string(value) + " AS s").await().atMost(WAIT);
            assertEquals(value, rows.get(0).get("s").asText(), "round trip of " + value);
        }
        assertEquals("1", clickhouse.query("EXISTS TABLE netra_analytics.performance_metrics").await().atMost(WAIT)
                .get(0).get("result").asText(), "the injection corpus must not have touched the table");
    }

    @Test
    void aValueClickHouseCannotParseIsARefusalButASyntaxErrorIsAFailureOfTheService() {
        Throwable refusal = assertThrows(Throwable.class, () -> clickhouse.query("SELECT toUUID('not-a-uuid') AS u").await().atMost(WAIT));
        assertInstanceOf(ClickHouseRejectedException.class, refusal);

        Throwable failure = assertThrows(Throwable.class, () -> clickhouse.query("SELEC 1").await().atMost(WAIT));
        assertEquals(ClickHouseState.FAILING, assertInstanceOf(ClickHouseUnavailableException.class, failure).state());
    }
}
