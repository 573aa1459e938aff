package io.netra.analytics.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The promise counted by event id: every acknowledged event stored, none twice. */
public final class StoredOnce {

    private StoredOnce() {
    }

    public static void assertEachAcknowledgedEventStoredOnce(LocalServers servers, String user, Collection<String> acknowledged) {
        assertEachAcknowledgedEventStoredOnce(servers.storedEventIds(user), acknowledged);
    }

    /** {@code stored}: the ids a FINAL read returns, so an id twice is an event counted twice. */
    public static void assertEachAcknowledgedEventStoredOnce(List<String> stored, Collection<String> acknowledged) {
        Set<String> distinct = new HashSet<>(stored);
        List<String> missing = acknowledged.stream().filter(id -> !distinct.contains(id)).limit(5).toList();
        assertEquals(List.of(), missing, "acknowledged but not stored (of " + acknowledged.size() + ")");
        assertEquals(distinct.size(), stored.size(), "events counted more than once");
    }
}
