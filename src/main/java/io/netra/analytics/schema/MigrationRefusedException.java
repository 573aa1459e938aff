package io.netra.analytics.schema;

/** The database holds a migration whose recorded checksum differs from the shipped file: never retried. */
public class MigrationRefusedException extends RuntimeException {
    public MigrationRefusedException(String message) {
        super(message);
    }
}
