package io.netra.analytics.query;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netra.analytics.cache.AnswerCache;
import io.netra.analytics.cache.CachedAnswer;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.unchecked.Unchecked;

/** Typed answers in the answer cache: kept after ClickHouse answers, served fresh, or served stale as the fallback. */
@ApplicationScoped
public class CachedAnswers {

    private static final Logger LOG = Logger.getLogger(CachedAnswers.class);

    private final AnswerCache cache;
    private final ObjectMapper json;
    private final NetraConfig config;
    private final Clock clock;

    public CachedAnswers(AnswerCache cache, ObjectMapper json, NetraConfig config, Clock clock) {
        this.cache = cache;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The cached answer of this query's user to this query, however old, as ClickHouse gave it. Empty when there is
     * none, when Redis fails, and for an entry that no longer reads as this answer type (written by another release).
     */
    <A extends Answer> Uni<Optional<A>> lookup(AnalyticsQuery<A> query) {
        return cache.get(query.userId(), query.cacheKey())
                .map(entry -> entry.flatMap(found -> parsed(query, found)))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("No cached answer, Redis failed: %s", failure.getMessage());
                    return Optional.empty();
                });
    }

    boolean isFresh(Answer answer) {
        return answer.computedAt().plus(config.cache().freshTtl()).isAfter(clock.instant());
    }

    /** Keeps ClickHouse's answer for later; a cache that cannot take it costs the answer nothing. */
    Uni<Answer> keep(AnalyticsQuery<?> query, Answer answer) {
        return Uni.createFrom().item(Unchecked.supplier(() -> json.writeValueAsString(answer)))
                .chain(serialized -> cache.put(query.cacheKey(), new CachedAnswer(query.userId(), answer.computedAt(), serialized)))
                .onFailure().recoverWithNull()
                .replaceWith(answer);
    }

    /** The fallback: the cached answer of the same query, so the same user, flagged stale; 503 when there is none. */
    <A extends Answer> Uni<A> stale(AnalyticsQuery<A> query) {
        return lookup(query).map(entry -> entry.map(found -> served(query, found, true))
                .orElseThrow(() -> ProblemException.unavailable(
                        "Analytics are temporarily unavailable and no earlier answer to this query is cached.",
                        config.query().retryAfter())));
    }

    /** A cached answer as served from the cache. */
    static <A extends Answer> A served(AnalyticsQuery<A> query, A cached, boolean stale) {
        return query.answerType().cast(cached.servedFrom(Answer.CACHE, stale));
    }

    private <A extends Answer> Optional<A> parsed(AnalyticsQuery<A> query, CachedAnswer entry) {
        try {
            return Optional.of(json.readValue(entry.json(), query.answerType()));
        } catch (JsonProcessingException unreadable) {
            LOG.debugf("Cached answer of %s is unreadable, ignored: %s", query.cacheKey(), unreadable.getOriginalMessage());
            return Optional.empty();
        }
    }
}
