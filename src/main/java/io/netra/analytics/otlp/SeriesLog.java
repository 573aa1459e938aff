package io.netra.analytics.otlp;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.netra.analytics.clickhouse.ClickHouseStateView;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.schema.SchemaState;

/**
 * The series-hours for which this replica has stored a row of otel_series, so that the points of a series that
 * keeps reporting cost one series row an hour, not one each. Remembered only once the export that carried the row is
 * durable, and only if ClickHouse neither lost the schema nor changed state since the export's rows were made: a
 * wiped or replaced ClickHouse takes the rows with it, and a replica that only saw it fail or come back forgets too.
 * A series-hour it does not remember (evicted, expired, or written by another replica) gets its row again, which
 * the table collapses.
 */
@ApplicationScoped
public class SeriesLog {

    /** An hour's series-hours are asked for during the hour and, for late or replayed points, a while after. */
    private static final Duration KEPT = Duration.ofHours(2);

    /** One series in one hour: {@code hour} is the hour's start in epoch seconds. */
    record SeriesHour(long seriesId, long hour) {
    }

    /** What ClickHouse looked like when rows were made: rows remembered under another one may be gone. */
    record Generation(int schemaLosses, Instant clickhouseSince) {
    }

    private final Cache<SeriesHour, Boolean> stored;
    private final SchemaState schema;
    private final ClickHouseStateView clickhouse;
    private volatile Generation remembered;

    public SeriesLog(NetraConfig config, SchemaState schema, ClickHouseStateView clickhouse) {
        // evictions on the caller's thread, at once: a handful of map operations, and the bound holds as it is written
        this.stored = Caffeine.newBuilder().maximumSize(config.otlp().seriesMemory()).expireAfterWrite(KEPT).executor(Runnable::run).build();
        this.schema = schema;
        this.clickhouse = clickhouse;
        this.remembered = current();
    }

    /** The generation rows made now belong to; everything remembered under an earlier one is forgotten. */
    Generation generation() {
        Generation now = current();
        if (!now.equals(remembered)) {
            stored.invalidateAll();
            remembered = now;
        }
        return now;
    }

    boolean isStored(SeriesHour series) {
        return stored.getIfPresent(series) != null;
    }

    /** {@code series}, whose rows were made in {@code madeIn} and are now durable, unless ClickHouse changed since. */
    void remember(Collection<SeriesHour> series, Generation madeIn) {
        if (generation().equals(madeIn)) {
            series.forEach(each -> stored.put(each, Boolean.TRUE));
        }
    }

    private Generation current() {
        return new Generation(schema.losses(), clickhouse.since());
    }
}
