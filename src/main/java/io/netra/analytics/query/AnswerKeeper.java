package io.netra.analytics.query;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.netra.analytics.cache.AnswerCache;
import io.netra.analytics.cache.CacheEntry;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Answers in the answer cache: kept after ClickHouse answers, served fresh, or served stale as the fallback. */
@ApplicationScoped
public class AnswerKeeper {

    private static final Logger LOG = Logger.getLogger(AnswerKeeper.class);

    private final AnswerCache cache;
    private final AnswerJson json;
    private final NetraConfig config;
    private final Clock clock;

    public AnswerKeeper(AnswerCache cache, AnswerJson json, NetraConfig config, Clock clock) {
        this.cache = cache;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The cached answer of this query's user to this query, however old. Empty when there is none, when Redis fails,
     * and for an entry that is not an answer of this release.
     */
    Uni<Optional<CacheEntry>> lookup(AnalyticsQuery query) {
        return cache.get(query.userId(), query.cacheKey())
                .map(entry -> entry.filter(found -> AnswerJson.isComputed(found.json())))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("No cached answer, Redis failed: %s", failure.getMessage());
                    return Optional.empty();
                });
    }

    /** A fresh answer this process holds in memory, ready to serve; no Redis round trip, no reactive pipeline. */
    Optional<ServedAnswer> freshInMemory(AnalyticsQuery query) {
        return cache.inMemory(query.userId(), query.cacheKey())
                .filter(found -> AnswerJson.isComputed(found.json()) && isFresh(found))
                .map(found -> served(found, false));
    }

    boolean isFresh(CacheEntry cached) {
        return cached.computedAt().plus(config.cache().freshTtl()).isAfter(clock.instant());
    }

    /** Keeps ClickHouse's answer for later and serves it; a cache that cannot take it costs the answer nothing. */
    Uni<ServedAnswer> keep(AnalyticsQuery query, Answer answer) {
        byte[] computed = json.computed(answer);
        return cache.put(query.cacheKey(), new CacheEntry(query.userId(), answer.computedAt(), computed))
                .onFailure().recoverWithNull()
                .replaceWith(new ServedAnswer(computed, Answer.CLICKHOUSE, false));
    }

    /** The fallback: the cached answer of the same query, so the same user, flagged stale; 503 when there is none. */
    Uni<ServedAnswer> stale(AnalyticsQuery query) {
        return lookup(query).map(entry -> entry.map(found -> served(found, true))
                .orElseThrow(() -> ProblemException.unavailable(
                        "Analytics are temporarily unavailable and no earlier answer to this query is cached.",
                        config.query().retryAfter())));
    }

    /** A cached answer as served from the cache. */
    static ServedAnswer served(CacheEntry cached, boolean stale) {
        return new ServedAnswer(AnswerJson.fromCache(cached.json(), stale), Answer.CACHE, stale);
    }
}
