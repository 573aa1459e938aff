package io.netra.analytics.clickhouse;

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
public class ClickHouseStatus implements ClickHouseHealth {

    private static final Logger LOG = Logger.getLogger(ClickHouseStatus.class);

    /** Fired when a call finds the database, table or a column missing. */
    public record SchemaMissing(String detail) {
    }

    private final AtomicReference<ClickHouseState> current = new AtomicReference<>(ClickHouseState.UP);
    private final Event<SchemaMissing> schemaMissing;

    public ClickHouseStatus(MeterRegistry registry, Event<SchemaMissing> schemaMissing) {
        this.schemaMissing = schemaMissing;
        for (ClickHouseState state : ClickHouseState.values()) {
            Gauge.builder("netra.clickhouse.state", current, now -> now.get() == state ? 1 : 0).tag("state", state.label())
                    .description("1 for what the last ClickHouse call showed: up, unreachable, timeout, failing, schema-missing, credentials-rejected, disabled")
                    .register(registry);
        }
    }

    @Override
    public ClickHouseState state() {
        return current.get();
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
        ClickHouseState previous = current.getAndSet(next);
        if (previous == next) {
            return;
        }
        if (next == ClickHouseState.UP) {
            LOG.infof("ClickHouse answers again (was %s)", previous.label());
        } else {
            LOG.warnf("ClickHouse is %s (was %s): %s", next.label(), previous.label(), detail);
        }
    }
}
