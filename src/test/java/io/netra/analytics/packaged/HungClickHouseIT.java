package io.netra.analytics.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.netra.analytics.support.IngestLoad;
import io.netra.analytics.support.LocalServers;
import io.netra.analytics.support.PackagedApp;
import io.netra.analytics.support.StoredOnce;
import io.netra.analytics.support.TokenIssuer;

/**
 * ClickHouse frozen (SIGSTOP) and then flapping (stopped and continued every second) under load from several clients
 * of the packaged application, measured from the first second of each fault: every request is answered within the
 * ingest latency budget plus a margin for the queue write, the events keep being acknowledged (queued) at close to
 * the healthy pace, and once ClickHouse is back every acknowledged event is stored once.
 */
class HungClickHouseIT {

    private static final Duration BUDGET = Duration.ofSeconds(1);
    private static final Duration RECOVERY_HOLD = Duration.ofSeconds(5);
    /** The queue write and the clients' own scheduling on a machine the test shares with its servers. */
    private static final Duration MARGIN = Duration.ofMillis(1500);
    private static final int CLIENTS = 8;
    private static final int EVENTS_PER_REQUEST = 50;
    /** How long each fault lasts, as in the drills: its first second a small part of it. */
    private static final Duration PHASE = Duration.ofSeconds(10);
    /** Events each phase must see acknowledged at the least: proof that the clients kept going. */
    private static final int PHASE_EVENTS = 1_000;

    private record Phase(Instant start, Instant end, int events) {
        double eventsPerSecond() {
            return events * 1000.0 / Duration.between(start, end).toMillis();
        }
    }

    /**
     * Starts {@code fault} and lasts {@link #PHASE}, and until the load has {@link #PHASE_EVENTS} more events
     * acknowledged; the requests in flight when the fault began count in it.
     */
    private static Phase phase(IngestLoad load, Runnable fault) {
        int before = load.acknowledgedCount();
        Instant start = Instant.now();
        fault.run();
        Awaitility.await().atMost(PHASE.multipliedBy(6)).until(() -> !Instant.now().isBefore(start.plus(PHASE))
                && load.acknowledgedCount() >= before + PHASE_EVENTS);
        Instant end = Instant.now();
        return new Phase(start, end, load.acknowledgedCount() - before);
    }

    /** How long ClickHouse has answered, as the admin API tells; zero while it does not. */
    private static Duration answeringFor(PackagedApp app, String adminToken) throws Exception {
        String status = app.call("GET", "/api/v1/admin/resilience", adminToken, null).body();
        if (status.contains("\"clickhouse\":\"up\",\"clickhouseSince\":null")) {
            return Duration.ofDays(1); // up since the service started
        }
        Matcher since = Pattern.compile("\"clickhouse\":\"up\",\"clickhouseSince\":\"([^\"]+)\"").matcher(status);
        return since.find() ? Duration.between(Instant.parse(since.group(1)), Instant.now()) : Duration.ZERO;
    }

    private static Duration slowest(IngestLoad load, Phase phase) {
        return load.answersDuring(phase.start(), phase.end()).stream().map(IngestLoad.Answer::took)
                .max(Comparator.naturalOrder()).orElseThrow();
    }

    private static List<Integer> statuses(IngestLoad load, Phase phase) {
        return load.answersDuring(phase.start(), phase.end()).stream().map(IngestLoad.Answer::status).distinct().sorted().toList();
    }

    @Test
    void hungOrFlappingClickHouseCostsNoRequestMoreThanTheBudgetAndLosesNothing() throws Exception {
        try (LocalServers servers = LocalServers.start(true)) {
            TokenIssuer issuer = new TokenIssuer();
            Map<String, String> config = new HashMap<>(servers.serviceConfig());
            config.putAll(issuer.serviceConfig());
            config.put("netra.ingest.latency-budget", BUDGET.toMillis() + "ms");
            config.put("netra.ingest.recovery-hold", RECOVERY_HOLD.toMillis() + "ms");
            // one tenant here: the share that keeps one from crowding out others would only stop this one
            config.put("netra.tenants.queue-share", "1");
            String user = "hung-" + UUID.randomUUID();
            try (PackagedApp app = PackagedApp.start(config, Path.of("target/hung-clickhouse-app.log"))) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> app.answers("/q/health/ready"));
                Phase healthy;
                Phase hung;
                Phase flapping;
                try (IngestLoad load = IngestLoad.start(app.url(), user, issuer.forUser(user), CLIENTS, EVENTS_PER_REQUEST)) {
                    phase(load, () -> { }); // warm-up: the JIT and the connection pools
                    healthy = phase(load, () -> { });
                    // the hang starts on a ClickHouse that has been answering for longer than the recovery hold, so
                    // that its first requests meet it as users do: calling it, until one outlives its budget
                    String admin = issuer.forUser("operator", "admin");
                    Awaitility.await().atMost(PHASE.multipliedBy(3)).until(() -> answeringFor(app, admin).compareTo(RECOVERY_HOLD) > 0);
                    hung = phase(load, servers::hangClickHouse);
                    servers.resumeClickHouse();

                    ScheduledExecutorService flapper = Executors.newSingleThreadScheduledExecutor();
                    AtomicBoolean stopped = new AtomicBoolean();
                    try {
                        flapping = phase(load, () -> flapper.scheduleAtFixedRate(() -> {
                            if (stopped.get()) {
                                servers.resumeClickHouse();
                            } else {
                                servers.hangClickHouse();
                            }
                            stopped.set(!stopped.get());
                        }, 0, 1, TimeUnit.SECONDS));
                    } finally {
                        flapper.shutdown(); // not shutdownNow: an interrupted signal would leave ClickHouse in a state nobody knows
                        assertTrue(flapper.awaitTermination(10, TimeUnit.SECONDS));
                        servers.ensureRunning();
                    }
                    assertEquals(List.of(202), statuses(load, healthy), load.firstRefusals().toString());
                    assertEquals(List.of(202), statuses(load, hung), "every request sent while ClickHouse hung was acknowledged: "
                            + load.firstRefusals());
                    assertEquals(List.of(202), statuses(load, flapping), load.firstRefusals().toString());
                    report(load, healthy, hung, flapping);
                    assertTrue(slowest(load, hung).compareTo(BUDGET.plus(MARGIN)) <= 0, "slowest answer while hung: " + slowest(load, hung));
                    assertTrue(slowest(load, flapping).compareTo(BUDGET.plus(MARGIN)) <= 0,
                            "slowest answer while flapping: " + slowest(load, flapping));
                    assertTrue(slowest(load, hung).compareTo(BUDGET.dividedBy(2)) >= 0,
                            "the hang's first requests called ClickHouse and waited for it: " + slowest(load, hung));
                    assertTrue(hung.eventsPerSecond() >= healthy.eventsPerSecond() / 2,
                            "queued while hung at " + hung.eventsPerSecond() + "/s, healthy " + healthy.eventsPerSecond() + "/s");
                    assertTrue(flapping.eventsPerSecond() >= healthy.eventsPerSecond() / 2,
                            "while flapping at " + flapping.eventsPerSecond() + "/s, healthy " + healthy.eventsPerSecond() + "/s");

                    Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> app.queueDepth(admin) == 0);
                    StoredOnce.assertEachAcknowledgedEventStoredOnce(servers, user, load.acknowledged());
                }
            }
        }
    }

    /** The figures, in the test's output, for the note and docs/operations.md. */
    private static void report(IngestLoad load, Phase healthy, Phase hung, Phase flapping) {
        System.out.printf("HungClickHouseIT: healthy %.0f events/s (slowest %d ms), hung %.0f events/s (slowest %d ms), "
                + "flapping %.0f events/s (slowest %d ms)%n", healthy.eventsPerSecond(), slowest(load, healthy).toMillis(),
                hung.eventsPerSecond(), slowest(load, hung).toMillis(), flapping.eventsPerSecond(), slowest(load, flapping).toMillis());
    }
}
