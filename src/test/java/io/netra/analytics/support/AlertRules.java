package io.netra.analytics.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The service's alert and recording rules as the Kubernetes PrometheusRule ships them (k8s/base/prometheus-rules.yaml). */
public final class AlertRules {

    public static final Path PROMETHEUS_RULE = Path.of("k8s/base/prometheus-rules.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();

    private AlertRules() {
    }

    /** Writes the rules as a plain rules file, the form Prometheus and promtool read: the PrometheusRule's spec is one. */
    public static Path writePlainRulesFile(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("netra-rules.yaml");
            YAML.writeValue(file.toFile(), read().get("spec"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each alert's expression by its name, in the order of the file. */
    public static Map<String, String> alertExpressions() {
        Map<String, String> alerts = new LinkedHashMap<>();
        read().at("/spec/groups").forEach(group -> group.get("rules").forEach(rule -> {
            if (rule.has("alert")) {
                alerts.put(rule.get("alert").asText(), rule.get("expr").asText());
            }
        }));
        return alerts;
    }

    private static JsonNode read() {
        try {
            return YAML.readTree(PROMETHEUS_RULE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
