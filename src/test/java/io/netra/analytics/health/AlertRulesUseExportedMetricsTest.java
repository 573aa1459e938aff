package io.netra.analytics.health;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.netra.analytics.support.Api;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** An alert on a metric nobody exports never fires: every name the rules and dashboard use must be in /q/metrics. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class AlertRulesUseExportedMetricsTest {

    private static final Pattern METRIC = Pattern.compile("\\b(?:netra|http_server|httpcomponents|ft)_[A-Za-z0-9_]+");
    private static final Pattern SAMPLE = Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)[{ ]", Pattern.MULTILINE);

    private static Set<String> referenced(String file) throws Exception {
        Set<String> names = new TreeSet<>();
        Matcher metric = METRIC.matcher(Files.readString(Path.of(file)));
        while (metric.find()) {
            names.add(metric.group());
        }
        return names;
    }

    @Test
    void everyMetricInTheRulesAndDashboardIsExported() throws Exception {
        // the request metrics appear once requests have been served
        Api.postEvents("alerts-user", Api.event("m", 1)).statusCode(202);
        given().auth().oauth2(Tokens.forUser("alerts-user")).get("/api/v1/metrics/names").then().statusCode(200);
        Set<String> exported = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(given().get("/q/metrics").asString());
        while (sample.find()) {
            exported.add(sample.group(1));
        }

        Set<String> used = new TreeSet<>(referenced("k8s/base/prometheus-rules.yaml"));
        used.addAll(referenced("k8s/base/grafana-dashboard.json"));
        used.removeIf(exported::contains);

        assertTrue(referenced("k8s/base/prometheus-rules.yaml").size() >= 6, "the rules were read");
        assertEquals(Set.of(), used, "used by rules or dashboard but not exported");
    }
}
