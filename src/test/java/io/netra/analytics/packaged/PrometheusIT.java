package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.support.AlertRules;
import io.netra.analytics.support.IngestLoad;
import io.netra.analytics.support.LocalPrometheus;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.TokenIssuer;

/**
 * The packaged application scraped by a real Prometheus that evaluates the shipped rules, taken through the troubles
 * the rules are for: ClickHouse hung until the breaker opens, emergency mode switched on, the outage queue filled
 * until ingest answers 503, the service gone. The expressions of the alerts for these troubles must return their
 * series in Prometheus when the trouble is there (and, those whose inputs exist while healthy, none before), every
 * rule must evaluate without error against the real metrics, and every query of the Grafana dashboard must return
 * data.
 */
class PrometheusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SEEN = Duration.ofSeconds(60);
    /** Small, so that the load fills it within seconds. */
    private static final int QUEUE_BOUND = 3_000;
    private static final Path DASHBOARD = Path.of("k8s/base/grafana-dashboard.json");

    private final Map<String, String> alerts = AlertRules.alertExpressions();

    @Test
    void eachAlertExpressionFindsItsTroubleAndTheDashboardHasData() throws Exception {
        try (LocalServers servers = LocalServers.start(true)) {
            TokenIssuer issuer = new TokenIssuer();
            Map<String, String> config = new HashMap<>(servers.serviceConfig());
            config.putAll(issuer.serviceConfig());
            config.put("netra.outage-queue.max-events", String.valueOf(QUEUE_BOUND));
            config.put("netra.tenants.queue-share", "1");
            // answers turn stale within a second, so that the hang shows the stale fallback the dashboard charts
            config.put("netra.cache.fresh-ttl", "1s");
            String user = "prometheus-" + UUID.randomUUID();
            String admin = issuer.forUser("operator", "admin");
            PackagedApp app = PackagedApp.start(config, Path.of("target/prometheus-app.log"));
            try (app; LocalPrometheus prometheus = LocalPrometheus.scraping(app.url().substring("http://".length()))) {
                Awaitility.await().atMost(SEEN).until(() -> app.answers("/q/health/ready"));
                Awaitility.await().atMost(SEEN).until(() -> !prometheus.query("up{job=\"netra-analytics\"} == 1").isEmpty());
                try (IngestLoad load = IngestLoad.start(app.url(), user, issuer.forUser(user), 2, 50)) {
                    ask(app, issuer, user);
                    // the healthy alerts' inputs are scraped, so that an empty answer below means no trouble, not no data
                    for (String input : List.of("netra_ingest_events_stored_total", "netra_circuit_breaker_open",
                            "netra_mode_clickhouse_disabled", "netra_outage_queue_capacity")) {
                        Awaitility.await(input).atMost(SEEN).until(() -> !prometheus.query(input).isEmpty());
                    }
                    for (String trouble : List.of("NetraCircuitBreakerOpen", "NetraEmergencyModeOn", "NetraOutageQueueFilling",
                            "NetraAnalyticsDown")) {
                        assertEquals(List.of(), series(prometheus, alerts.get(trouble)), trouble + " while healthy");
                    }

                    servers.hangClickHouse();
                    try {
                        Awaitility.await().atMost(SEEN).until(() -> {
                            ask(app, issuer, user);
                            return !series(prometheus, alerts.get("NetraCircuitBreakerOpen")).isEmpty();
                        });

                        assertEquals(200, app.call("PUT", "/api/v1/admin/mode", admin, "{\"mode\":\"clickhouse-disabled\"}").statusCode());
                        seen(prometheus, "NetraEmergencyModeOn");
                        seen(prometheus, "NetraOutageQueueFilling");
                        Awaitility.await().atMost(SEEN).until(() -> load.refusedRequests() > 0);
                        seen(prometheus, "NetraIngestErrorBudgetBurnFast");
                        seen(prometheus, "NetraReplayStalled");

                        for (String query : dashboardQueries()) {
                            Awaitility.await(query).atMost(SEEN).until(() -> !prometheus.query(query).isEmpty());
                        }
                        assertEquals(List.of(), rulesWithErrors(prometheus), "every rule evaluates against the real metrics");
                    } finally {
                        servers.resumeClickHouse();
                    }
                }
                app.kill();
                seen(prometheus, "NetraAnalyticsDown");
            }
        }
    }

    /** A summary of the load's metric: cached at first, then, with ClickHouse hung, stale. */
    private static void ask(PackagedApp app, TokenIssuer issuer, String user) throws Exception {
        app.call("GET", "/api/v1/metrics/summary?metric=load&interval=1h", issuer.forUser(user), null);
    }

    private void seen(LocalPrometheus prometheus, String alert) {
        Awaitility.await(alert).atMost(SEEN).until(() -> !series(prometheus, alerts.get(alert)).isEmpty());
    }

    private static List<JsonNode> series(LocalPrometheus prometheus, String expression) {
        List<JsonNode> series = new ArrayList<>();
        prometheus.query(expression).forEach(series::add);
        return series;
    }

    private static List<String> dashboardQueries() throws Exception {
        List<String> queries = new ArrayList<>();
        JSON.readTree(DASHBOARD.toFile()).get("panels").forEach(panel -> panel.path("targets").forEach(target ->
                queries.add(target.get("expr").asText())));
        assertTrue(queries.size() >= 10, "the dashboard's queries were read: " + queries);
        return queries;
    }

    private static List<String> rulesWithErrors(LocalPrometheus prometheus) {
        List<String> failing = new ArrayList<>();
        prometheus.ruleGroups().forEach(group -> group.get("rules").forEach(rule -> {
            if (!"ok".equals(rule.path("health").asText())) {
                failing.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
            }
        }));
        return failing;
    }
}
