package io.netra.analytics.clickhouse;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.event.Event;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the last ClickHouse calls showed: logged once per change, exported as {@code netra_clickhouse_state} (1 for
 * the current state) so alerts can tell a refused login from a server that is down, and shown in readiness.
 * A missing schema is announced as a {@link SchemaMissing} event on every call that meets it.
 */
@Singleton
public class ClickHouseStateTracker implements ClickHouseStateView {

    private static final Logger LOG = Logger.getLogger(ClickHouseStateTracker.class);

    /** Fired when a call finds the database, table or a column missing. */
    public record SchemaMissing(String detail) {
    }

    /** A state and when it began. */
    private record Since(ClickHouseState state, Instant at) {
    }

    private final AtomicReference<Since> current;
    private final Event<SchemaMissing> schemaMissing;
    private final Clock clock;

    public ClickHouseStateTracker(MeterRegistry registry, Event<SchemaMissing> schemaMissing, Clock clock) {
        this.schemaMissing = schemaMissing;
        this.clock = clock;
        // presumed up from the start: nothing has failed yet, so nothing holds ingest back
        this.current = new AtomicReference<>(new Since(ClickHouseState.UP, Instant.EPOCH));
        for (ClickHouseState state : ClickHouseState.values()) {
            Gauge.builder("netra.clickhouse.state", current, now -> now.get().state() == state ? 1 : 0).tag("state", state.label())
                    .description("1 for what the last ClickHouse call showed: up, unreachable, timeout, failing, schema-missing, credentials-rejected, tls-rejected, disabled")
                    .register(registry);
        }
    }

    @Override
    public ClickHouseState state() {
        return current.get().state();
    }

    @Override
    public Instant since() {
        return current.get().at();
    }

    void answered() {
        change(ClickHouseState.UP, null);
    }

    void failed(ClickHouseUnavailableException failure) {
        change(failure.state(), failure.getMessage());
        if (failure.state() == ClickHouseState.SCHEMA_MISSING) {
            schemaMissing.fire(new SchemaMissing(failure.getMessage()));
        }
    }

    private void change(ClickHouseState next, String detail) {
        Since previous = current.getAndUpdate(now -> now.state() == next ? now : new Since(next, clock.instant()));
        if (previous.state() == next) {
            return;
        }
        if (next == ClickHouseState.UP) {
            LOG.infof("ClickHouse answers again (was %s)", previous.state().label());
        } else {
            LOG.warnf("ClickHouse is %s (was %s): %s", next.label(), previous.state().label(), detail);
        }
    }
}
