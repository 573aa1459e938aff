package io.netra.analytics.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.netra.analytics.support.AlertRules;

/**
 * The alert rules as Prometheus itself reads them: {@code promtool check rules} on the PrometheusRule's groups, and
 * {@code promtool test rules} on series for every alert (src/test/promtool), which must show each one firing after
 * its {@code for} and silent on a healthy service.
 */
class AlertRulesPromtoolTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path WORK = Path.of("target/promtool");
    private static final Path TESTS = Path.of("src/test/promtool/prometheus-rules.test.yaml");

    @BeforeAll
    static void writeThePlainRulesFile() throws Exception {
        run("scripts/servers.sh", "install", "prometheus");
        AlertRules.writePlainRulesFile(WORK);
        Files.copy(TESTS, WORK.resolve(TESTS.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void prometheusAcceptsTheRules() throws Exception {
        String out = run("promtool", "check", "rules", WORK.resolve("netra-rules.yaml").toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyAlertFiresOnTroubleAfterItsForAndStaysSilentWhenHealthy() throws Exception {
        String out = run("promtool", "test", "rules", WORK.resolve(TESTS.getFileName()).toString());
        assertTrue(out.contains("SUCCESS"), out);

        Set<String> alerts = new TreeSet<>(AlertRules.alertExpressions().keySet());
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        YAML.readTree(TESTS.toFile()).get("tests").forEach(test -> test.get("alert_rule_test").forEach(check ->
                (check.get("exp_alerts").isEmpty() ? silent : firing).add(check.get("alertname").asText())));
        assertTrue(alerts.size() >= 10, "the rules were read: " + alerts);
        assertEquals(alerts, firing, "alerts with a test where they fire");
        assertEquals(alerts, silent, "alerts with a test where they stay silent");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " took over two minutes");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
