package io.netra.analytics.otlp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.netra.analytics.clickhouse.ClickHouseState;
import io.netra.analytics.clickhouse.ClickHouseStateView;
import io.netra.analytics.otlp.SeriesLog.SeriesHour;
import io.netra.analytics.schema.SchemaState;
import io.netra.analytics.support.TestConfig;

/** Which series-hours a replica takes as stored: those remembered, until ClickHouse loses the schema or changes state. */
class SeriesLogTest {

    private final AtomicInteger losses = new AtomicInteger();
    private final AtomicReference<Instant> since = new AtomicReference<>(Instant.EPOCH);
    private final SchemaState schema = new SchemaState() {
        @Override
        public int losses() {
            return losses.get();
        }
    };
    private final ClickHouseStateView clickhouse = new ClickHouseStateView() {
        @Override
        public ClickHouseState state() {
            return ClickHouseState.UP;
        }

        @Override
        public Instant since() {
            return since.get();
        }
    };
    private final SeriesLog log = new SeriesLog(TestConfig.netra(), schema, clickhouse);

    @Test
    void aRememberedSeriesHourIsStoredAndAnotherHourOfItIsNot() {
        SeriesLog.Generation generation = log.generation();
        assertFalse(log.isStored(new SeriesHour(1, 3600)));

        log.remember(List.of(new SeriesHour(1, 3600), new SeriesHour(2, 3600)), generation);

        assertTrue(log.isStored(new SeriesHour(1, 3600)));
        assertTrue(log.isStored(new SeriesHour(2, 3600)));
        assertFalse(log.isStored(new SeriesHour(1, 7200)));
    }

    @Test
    void aLostSchemaForgetsEverySeriesAndRowsMadeBeforeItAreNotRemembered() {
        SeriesLog.Generation before = log.generation();
        log.remember(List.of(new SeriesHour(1, 3600)), before);

        losses.incrementAndGet();
        SeriesLog.Generation after = log.generation();

        assertFalse(log.isStored(new SeriesHour(1, 3600)));
        log.remember(List.of(new SeriesHour(2, 3600)), before);
        assertFalse(log.isStored(new SeriesHour(2, 3600)), "made before the loss, durable maybe only in what was lost");
        log.remember(List.of(new SeriesHour(2, 3600)), after);
        assertTrue(log.isStored(new SeriesHour(2, 3600)));
    }

    @Test
    void clickHouseChangingStateForgetsEverySeries() {
        log.remember(List.of(new SeriesHour(1, 3600)), log.generation());

        since.set(Instant.parse("2026-12-02T01:00:00Z"));
        log.generation(); // as the next export's rows are made

        assertFalse(log.isStored(new SeriesHour(1, 3600)));
    }

    @Test
    void theMemoryIsBounded() {
        SeriesLog small = new SeriesLog(TestConfig.netra("netra.otlp.series-memory", "2"), schema, clickhouse);
        SeriesLog.Generation generation = small.generation();
        for (int series = 0; series < 1000; series++) {
            small.remember(List.of(new SeriesHour(series, 0)), generation);
        }

        long remembered = LongStream.range(0, 1000).filter(series -> small.isStored(new SeriesHour(series, 0))).count();
        assertTrue(remembered <= 2, remembered + " remembered");
        assertTrue(small.isStored(new SeriesHour(999, 0)), "the latest is kept");
    }
}
