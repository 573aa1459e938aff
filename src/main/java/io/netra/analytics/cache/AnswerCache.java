package io.netra.analytics.cache;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Answers kept per user and query. An entry is only ever returned to the user it belongs to: its key holds the
 * owner, and where entries are shared (Redis) the owner stored with the entry is checked again on every read.
 */
public interface AnswerCache {

    /** The entry of {@code owner} for {@code key}, however old; empty when there is none. */
    Uni<Optional<CacheEntry>> get(String owner, String key);

    /** The entry of {@code owner} for {@code key} if this process holds it in memory; Redis is not asked. */
    Optional<CacheEntry> inMemory(String owner, String key);

    Uni<Void> put(String key, CacheEntry answer);
}
