package io.netra.analytics.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class MigrationCatalogTest {

    @Test
    void theIndexListsEveryMigrationFileInVersionOrder() throws IOException {
        List<String> files;
        try (Stream<Path> folder = Files.list(Path.of("src/main/resources/db/clickhouse"))) {
            files = folder.map(path -> path.getFileName().toString()).filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
        List<Migration> migrations = new MigrationCatalog().migrations();
        assertEquals(files.size(), migrations.size());
        for (int i = 0; i < files.size(); i++) {
            assertEquals(version(files.get(i)), migrations.get(i).version());
        }
    }

    @Test
    void checksumsPinTheContent() {
        Migration original = new Migration(1, "x", "CREATE TABLE t (a UInt8)");
        assertEquals(original.checksum(), new Migration(1, "x", "CREATE TABLE t (a UInt8)").checksum());
        assertFalse(original.checksum().equals(new Migration(1, "x", "CREATE TABLE t (a UInt16)").checksum()));
    }

    private static int version(String file) {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }
}
