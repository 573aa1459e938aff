package io.netra.analytics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;

/** The README's configuration table is the operator's reference: it must name every setting with its real default. */
class ConfigurationTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| (`netra\\.[^|]+) \\| ([^|]+) \\|", Pattern.MULTILINE);
    private static final String NO_DEFAULT = "(none)";

    /** Every netra.* key of the mapping and its default. */
    private static Map<String, String> mapped() {
        Map<String, String> settings = new TreeMap<>();
        for (Method group : NetraConfig.class.getDeclaredMethods()) {
            for (Method setting : group.getReturnType().getDeclaredMethods()) {
                WithDefault value = setting.getAnnotation(WithDefault.class);
                settings.put("netra." + kebab(group.getName()) + "." + kebab(setting.getName()), value == null ? NO_DEFAULT : value.value());
            }
        }
        return settings;
    }

    /** The rows of the README's table that document netra.* keys, with their defaults ("`a` / `b`" rows expanded). */
    private static Map<String, String> documented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"));
        Map<String, String> settings = new TreeMap<>();
        Matcher row = ROW.matcher(table.substring(0, table.indexOf("\n## ")));
        while (row.find()) {
            List<String> keys = Arrays.stream(row.group(1).split(" / ")).map(key -> key.strip().replace("`", "")).toList();
            List<String> defaults = Arrays.stream(row.group(2).split(" / ")).map(String::strip).toList();
            String parent = keys.get(0).substring(0, keys.get(0).lastIndexOf('.'));
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i).startsWith("netra.") ? keys.get(i) : parent + "." + keys.get(i).replaceFirst("^\\.", "");
                String value = i < defaults.size() && defaults.get(i).startsWith("`") ? defaults.get(i).replace("`", "") : NO_DEFAULT;
                settings.put(key, value);
            }
        }
        return settings;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    @Test
    void everySettingIsDocumentedWithItsDefaultAndNothingElseIs() throws Exception {
        Map<String, String> mapped = mapped();

        assertTrue(mapped.size() > 40, "the mapping was read: " + mapped.keySet());
        assertEquals(mapped, documented());
    }
}
