package io.netra.analytics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.netra.analytics.support.DocumentedSettings;

/** The configuration table (docs/configuration.md) is the operator's reference: it must name every setting with its real default. */
class ConfigurationTableTest {

    @Test
    void everySettingIsDocumentedWithItsDefaultAndNothingElseIs() {
        Map<String, String> mapped = DocumentedSettings.mapped();
        Map<String, String> documented = new TreeMap<>(DocumentedSettings.documented());
        documented.keySet().removeIf(key -> !key.startsWith("netra."));

        assertTrue(mapped.size() > 40, "the mapping was read: " + mapped.keySet());
        assertEquals(mapped, documented);
    }
}
