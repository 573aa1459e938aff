package io.netra.analytics.identity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.netra.analytics.problem.ProblemException;

/** Who may write and read whose metrics. */
class CallerTest {

    private final Caller alice = new Caller("alice", Set.of(Roles.USER));
    private final Caller writer = new Caller("billing", Set.of(Roles.METRICS_WRITER));
    private final Caller admin = new Caller("root", Set.of(Roles.ADMIN));

    private static int status(Runnable call) {
        return assertThrows(ProblemException.class, call::run).problem().status();
    }

    @Test
    void aCallerHasAUser() {
        assertThrows(NullPointerException.class, () -> new Caller(null, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Caller(" ", Set.of()));
    }

    @Test
    void usersWriteTheirOwnEventsAndWritersAnyonesEvents() {
        assertDoesNotThrow(() -> alice.requireMayWriteFor("alice"));
        assertEquals(403, status(() -> alice.requireMayWriteFor("bob")));
        assertDoesNotThrow(() -> writer.requireMayWriteFor("bob"));
    }

    @Test
    void usersReadTheirOwnMetricsAndAdminsAnyones() {
        assertEquals("alice", alice.readableUser(null));
        assertEquals("alice", alice.readableUser("alice"));
        assertEquals(403, status(() -> alice.readableUser("bob")));
        assertEquals("bob", admin.readableUser("bob"));
        assertEquals(400, status(() -> admin.readableUser(" ")));
        assertEquals(400, status(() -> admin.readableUser("u".repeat(129))));
    }
}
