package io.netra.analytics.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationCatalogTest {

    private static final SchemaLayout CLUSTER = new SchemaLayout(Optional.of("netra"));

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void theIndexListsEveryMigrationFileInVersionOrder(boolean cluster) throws IOException {
        SchemaLayout layout = cluster ? CLUSTER : SchemaLayout.SINGLE_NODE;
        List<String> files;
        try (Stream<Path> folder = Files.list(Path.of("src/main/resources", layout.folder()))) {
            files = folder.map(path -> path.getFileName().toString()).filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
        List<Migration> migrations = new MigrationCatalog(layout).migrations();
        assertEquals(files.size(), migrations.size());
        for (int i = 0; i < files.size(); i++) {
            assertEquals(version(files.get(i)), migrations.get(i).version());
        }
    }

    @Test
    void everyMigrationHasItsClusterFormUnderTheSameVersionAndName() {
        List<Migration> single = new MigrationCatalog(SchemaLayout.SINGLE_NODE).migrations();
        List<Migration> cluster = new MigrationCatalog(CLUSTER).migrations();
        assertEquals(single.stream().map(m -> m.version() + " " + m.description()).toList(),
                cluster.stream().map(m -> m.version() + " " + m.description()).toList());
        for (Migration migration : cluster) {
            assertTrue(migration.statements().stream().allMatch(statement -> statement.contains("ON CLUSTER ${cluster}")),
                    "every statement of cluster migration V" + migration.version() + " runs on the whole cluster");
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
