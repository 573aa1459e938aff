package io.netra.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netra.analytics.clickhouse.Deadline;
import io.netra.analytics.clickhouse.Row;
import io.netra.analytics.clickhouse.RowTable;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.problem.ProblemException;
import io.netra.analytics.queue.QueueRefusedException;
import io.netra.analytics.support.TestConfig;
import io.netra.analytics.tenant.IngestRateLimiter;
import io.netra.analytics.tenant.TenantLimits;
import io.netra.analytics.tenant.TenantMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** The one way in: the tenant's rate first, then the batcher; refusals for the queue share are counted as such. */
class IngestionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NetraConfig config = TestConfig.netra("netra.tenants.ingest-rate", "1", "netra.tenants.ingest-burst", "5");
    private RuntimeException storeFailure;

    private Ingestion ingestion() {
        BatchStore store = (parts, deadline) -> storeFailure == null
                ? Uni.createFrom().item(parts.stream().map(part -> BatchStore.Placed.stored(Map.of(Destination.QUEUED, part.rows().size()))).toList())
                : Uni.createFrom().item(parts.stream().map(part -> BatchStore.Placed.refused(storeFailure)).toList());
        TenantMetrics metrics = new TenantMetrics(registry);
        return new Ingestion(new IngestRateLimiter(new TenantLimits(config), () -> 1, Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), metrics),
                new IngestBatcher(store, config, new IngestMetrics(registry), vertx, Duration.ofSeconds(1)), metrics);
    }

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    private static List<Row> rows(int count) {
        return Collections.nCopies(count, Row.of(RowTable.EVENTS, "{}"));
    }

    private double refusedOverQueueShare() {
        return registry.get("netra.tenant.refusals").tag("limit", "queue-share").counter().count();
    }

    @Test
    void overItsRateATenantIsToldToWaitBeforeAnythingIsStored() {
        Ingestion ingestion = ingestion();
        assertEquals(Map.of(Destination.QUEUED, 5), ingestion.submit("t", rows(5)).await().atMost(WAIT));

        Throwable refused = assertThrows(Ingestion.OverRateException.class, () -> ingestion.submit("t", rows(1)).await().atMost(WAIT));

        assertEquals(Duration.ofSeconds(1), assertInstanceOf(Ingestion.OverRateException.class, refused).retryAfter());
    }

    @Test
    void aRefusalForTheTenantsQueueShareIsCountedAndOtherFailuresAreNot() {
        Ingestion ingestion = ingestion();
        storeFailure = new QueueRefusedException(QueueRefusedException.Reason.FULL, "full", null);
        assertThrows(QueueRefusedException.class, () -> ingestion.submit("t", rows(1)).await().atMost(WAIT));
        storeFailure = ProblemException.unavailable("shutting down", Duration.ofSeconds(1));
        assertThrows(ProblemException.class, () -> ingestion.submit("t", rows(1)).await().atMost(WAIT));
        assertEquals(0, refusedOverQueueShare());

        storeFailure = new QueueRefusedException(QueueRefusedException.Reason.TENANT_SHARE, "share", null);
        assertThrows(QueueRefusedException.class, () -> ingestion.submit("t", rows(1)).await().atMost(WAIT));

        assertEquals(1, refusedOverQueueShare());
    }

    @Test
    void theBatchersDeadlineIsTheBudgetFromNow() {
        // a request's budget counts from when it is submitted: a store that looks sees about the whole budget left
        Deadline[] seen = new Deadline[1];
        BatchStore store = (parts, deadline) -> {
            seen[0] = deadline;
            return Uni.createFrom().item(List.of(BatchStore.Placed.stored(Map.of(Destination.QUEUED, 1))));
        };
        new IngestBatcher(store, config, new IngestMetrics(registry), vertx, Duration.ofSeconds(1)).submit("t", rows(1)).await().atMost(WAIT);

        Duration left = seen[0].remaining();
        assertEquals(true, left.compareTo(config.ingest().latencyBudget()) <= 0 && left.compareTo(Duration.ZERO) > 0, left.toString());
    }
}
