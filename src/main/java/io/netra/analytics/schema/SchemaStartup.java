package io.netra.analytics.schema;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Migrates the schema in the background so the service starts (and stays live) while ClickHouse is down:
 * one log line per failed attempt, backing off exponentially, until the schema is in place or refused.
 */
@ApplicationScoped
public class SchemaStartup {

    private static final Logger LOG = Logger.getLogger(SchemaStartup.class);

    private final SchemaMigrator migrator;
    private final SchemaConfig config;
    private volatile Cancellable migration;

    public SchemaStartup(SchemaMigrator migrator, SchemaConfig config) {
        this.migrator = migrator;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        AtomicInteger attempt = new AtomicInteger();
        migration = migrator.migrate()
                .onFailure(failure -> !(failure instanceof MigrationRefusedException)).invoke(failure -> LOG.warnf(
                        "Schema migration attempt %d failed, retrying in the background: %s",
                        attempt.incrementAndGet(), failure.getMessage()))
                .onFailure(failure -> !(failure instanceof MigrationRefusedException)).retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff()).withJitter(0.2)
                .indefinitely()
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
