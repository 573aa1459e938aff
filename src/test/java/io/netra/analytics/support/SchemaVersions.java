package io.netra.analytics.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The schema version a migrated ClickHouse reports: the number of migrations the service ships. */
public final class SchemaVersions {

    private SchemaVersions() {
    }

    public static int latest() {
        try {
            return (int) Files.readAllLines(Path.of("src/main/resources/db/clickhouse/migrations.index")).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
