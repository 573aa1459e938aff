package io.netra.analytics.resilience;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** The service's named circuit breakers: their names, their states for operators, each change logged once and counted. */
@Singleton
public class Breakers {

    /** Live ingestion's inserts; open: requests go to the outage queue at once. */
    public static final String INGEST = "clickhouse-ingest";
    /** The replayer's inserts; each replay tick is its trial call. */
    public static final String REPLAY = "clickhouse-replay";
    /** Analytics queries; open: answers come from the cache. */
    public static final String QUERY = "clickhouse-query";
    public static final List<String> NAMES = List.of(INGEST, REPLAY, QUERY);

    private static final Logger LOG = Logger.getLogger(Breakers.class);

    private final CircuitBreakerMaintenance maintenance;
    private final MeterRegistry registry;
    private final Map<String, CircuitBreakerState> lastSeen = new ConcurrentHashMap<>();

    public Breakers(CircuitBreakerMaintenance maintenance, MeterRegistry registry) {
        this.maintenance = maintenance;
        this.registry = registry;
    }

    void watch(@Observes StartupEvent event) {
        for (String name : NAMES) {
            lastSeen.put(name, CircuitBreakerState.CLOSED);
            Gauge.builder("netra.circuit.breaker.open", maintenance, breakers -> breakers.currentState(name) == CircuitBreakerState.OPEN ? 1 : 0)
                    .tag("name", name).description("1 while the named circuit breaker is open").register(registry);
            maintenance.onStateChange(name, state -> changed(name, state));
        }
    }

    private void changed(String name, CircuitBreakerState state) {
        if (lastSeen.put(name, state) == state) {
            return;
        }
        registry.counter("netra.circuit.breaker.transitions", "name", name, "state", state.name().toLowerCase(Locale.ROOT)).increment();
        if (state == CircuitBreakerState.OPEN) {
            LOG.warnf("Circuit breaker %s opened: calls fail fast to their fallback", name);
        } else {
            LOG.infof("Circuit breaker %s is now %s", name, label(state));
        }
    }

    /** Each breaker's state by name: closed, open or half-open. */
    public Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        NAMES.forEach(name -> states.put(name, label(maintenance.currentState(name))));
        return states;
    }

    /** Closes a breaker by hand; false when no breaker has that name. */
    public boolean reset(String name) {
        if (!NAMES.contains(name)) {
            return false;
        }
        maintenance.reset(name);
        changed(name, CircuitBreakerState.CLOSED);
        return true;
    }

    private static String label(CircuitBreakerState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
