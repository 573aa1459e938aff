package io.netra.analytics.schema;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.netra.analytics.clickhouse.ClickHouseStateTracker.SchemaMissing;
import io.netra.analytics.config.NetraConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Keeps the schema in place: migrates in the background at startup, so the service starts (and stays live) while
 * ClickHouse is down, and again whenever ClickHouse reports the database or table missing (a node replaced or its
 * volume lost), at most once per {@code netra.schema.remigrate-min-interval}. Each run retries with exponential
 * backoff, one log line per failed attempt, until the schema is in place or a migration is refused.
 */
@ApplicationScoped
public class SchemaKeeper {

    private static final Logger LOG = Logger.getLogger(SchemaKeeper.class);

    private final SchemaMigrator migrator;
    private final SchemaState state;
    private final NetraConfig.Schema config;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant lastStarted = Instant.MIN;
    private volatile Cancellable migration;

    private final Clock clock;

    public SchemaKeeper(SchemaMigrator migrator, SchemaState state, NetraConfig config, Clock clock) {
        this.migrator = migrator;
        this.state = state;
        this.config = config.schema();
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        migrateInBackground();
    }

    void onSchemaMissing(@Observes SchemaMissing missing) {
        if (running.get() || clock.instant().isBefore(lastStarted.plus(config.remigrateMinInterval()))) {
            return;
        }
        state.lost();
        LOG.warnf("ClickHouse reports the schema missing (%s): migrating again; events wait in the outage queue meanwhile",
                missing.detail());
        migrateInBackground();
    }

    private void migrateInBackground() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        lastStarted = clock.instant();
        AtomicInteger attempt = new AtomicInteger();
        migration = migrator.migrate()
                .onFailure(failure -> !(failure instanceof MigrationRefusedException)).invoke(failure -> LOG.warnf(
                        "Schema migration attempt %d failed, retrying in the background: %s",
                        attempt.incrementAndGet(), failure.getMessage()))
                .onFailure(failure -> !(failure instanceof MigrationRefusedException)).retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff()).withJitter(0.2)
                .indefinitely()
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(
                        version -> LOG.infof("Schema is at version %d", version),
                        refused -> LOG.errorf("Schema migration refused: %s", refused.getMessage()));
    }

    void onStop(@Observes ShutdownEvent event) {
        Cancellable running = migration;
        if (running != null) {
            running.cancel();
        }
    }
}
