package io.netra.analytics.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netra.analytics.config.NetraConfig;
import io.smallrye.config.WithDefault;

/** The settings the service reads, from its configuration mapping and from the configuration table (docs/configuration.md). */
public final class DocumentedSettings {

    public static final String NO_DEFAULT = "(none)";
    private static final Pattern ROW = Pattern.compile("^\\| (`(?:netra|quarkus|mp)\\.[^|]+) \\| ([^|]+) \\|", Pattern.MULTILINE);

    private DocumentedSettings() {
    }

    /** Every netra.* key of the mapping and its default. */
    public static Map<String, String> mapped() {
        Map<String, String> settings = new TreeMap<>();
        for (Method group : NetraConfig.class.getDeclaredMethods()) {
            for (Method setting : group.getReturnType().getDeclaredMethods()) {
                if (Map.class.isAssignableFrom(setting.getReturnType())) {
                    continue; // settings per name, documented as a pattern row (netra.tenants.user."<id>".*)
                }
                WithDefault value = setting.getAnnotation(WithDefault.class);
                settings.put("netra." + kebab(group.getName()) + "." + kebab(setting.getName()), value == null ? NO_DEFAULT : value.value());
            }
        }
        return settings;
    }

    /**
     * The keys of the configuration table (docs/configuration.md) with their defaults ("`a.b` / `c`" rows stand for a.b and a.c);
     * rows whose key is a pattern (quoted names) are left out.
     */
    public static Map<String, String> documented() {
        // the table is the page's only one: every row of the page counts
        Map<String, String> settings = new TreeMap<>();
        Matcher row = ROW.matcher(page());
        while (row.find()) {
            List<String> keys = Arrays.stream(row.group(1).split(" / ")).map(key -> key.strip().replace("`", "")).toList();
            List<String> defaults = Arrays.stream(row.group(2).split(" / ")).map(String::strip).toList();
            String parent = keys.get(0).substring(0, keys.get(0).lastIndexOf('.'));
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i).matches("(netra|quarkus|mp)\\..*") ? keys.get(i) : parent + "." + keys.get(i).replaceFirst("^\\.", "");
                String value = i < defaults.size() && defaults.get(i).startsWith("`") ? defaults.get(i).replace("`", "") : NO_DEFAULT;
                if (!key.contains("\"")) {
                    settings.put(key, value);
                }
            }
        }
        return settings;
    }

    /** The environment variable that sets {@code key}, as SmallRye Config maps it. */
    public static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String page() {
        try {
            return Files.readString(Path.of("docs/configuration.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
