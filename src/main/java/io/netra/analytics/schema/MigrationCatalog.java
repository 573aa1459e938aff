package io.netra.analytics.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The migrations shipped with the service for its {@link SchemaLayout}, in version order. They are listed in an index
 * file because a native image cannot list a resource folder; a test checks the index against the folder.
 */
@ApplicationScoped
public class MigrationCatalog {

    static final String INDEX = "migrations.index";
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    private final String folder;

    public MigrationCatalog(SchemaLayout layout) {
        this.folder = layout.folder();
    }

    public List<Migration> migrations() {
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(folder + INDEX).split("\n")) {
            String fileName = line.strip();
            if (fileName.isEmpty() || fileName.startsWith("#")) {
                continue;
            }
            Matcher name = FILE_NAME.matcher(fileName);
            if (!name.matches()) {
                throw new IllegalStateException("migration file name must look like V1__what_it_does.sql: " + fileName);
            }
            int version = Integer.parseInt(name.group(1));
            if (version != migrations.size() + 1) {
                throw new IllegalStateException("migration versions must count up from 1 without gaps: " + fileName);
            }
            migrations.add(new Migration(version, name.group(2).replace('_', ' '), read(folder + fileName)));
        }
        return migrations;
    }

    /** A file of the migrations folder, such as the bootstrap script. */
    public String resource(String fileName) {
        return read(folder + fileName);
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
