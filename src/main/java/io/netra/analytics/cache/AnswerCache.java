package io.netra.analytics.cache;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Answers kept per user and query. An entry is only ever returned to the user it belongs to: the key starts with
 * the owner, and the owner stored with the entry is checked again on every read.
 */
public interface AnswerCache {

    /** The entry of {@code owner} for {@code key}, however old; empty when there is none. */
    Uni<Optional<CachedAnswer>> get(String owner, String key);

    /** The entry of {@code owner} for {@code key} if this process holds it in memory; Redis is not asked. */
    Optional<CachedAnswer> inMemory(String owner, String key);

    Uni<Void> put(String key, CachedAnswer answer);
}
