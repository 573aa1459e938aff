package io.netra.analytics.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.ForbiddenException;

/** Every failure becomes a problem document with the right status; nothing else reaches the client. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    private static Problem problem(Response response) {
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        return (Problem) response.getEntity();
    }

    @Test
    void aProblemKeepsItsStatusAndSaysWhenToRetry() {
        UUID id = UUID.randomUUID();
        Response unavailable = mappers.problem(ProblemException.unavailable("later", Duration.ofMillis(300), List.of(id)));
        assertEquals(503, unavailable.getStatus());
        assertEquals("1", unavailable.getHeaderString(HttpHeaders.RETRY_AFTER), "never 0 seconds");
        assertEquals(List.of(id), problem(unavailable).eventIds());

        Response invalid = mappers.problem(ProblemException.badRequest("bad", List.of(new Problem.FieldError(null, "metric", "is required"))));
        assertEquals(400, invalid.getStatus());
        assertEquals(null, invalid.getHeaderString(HttpHeaders.RETRY_AFTER));
        assertEquals("metric", problem(invalid).errors().get(0).field());
    }

    @Test
    void securityFailuresAre401And403() {
        Response unauthorized = mappers.unauthorized();
        assertEquals(401, unauthorized.getStatus());
        assertEquals("Bearer", unauthorized.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        assertEquals(403, problem(mappers.forbidden(new ForbiddenException())).status());
    }

    @Test
    void unreadableOrMisshapenBodiesAre400NamingTheField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Exception syntax = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> json.readTree("{\"a\":"));
        assertEquals(400, problem(mappers.malformedJson((com.fasterxml.jackson.core.JsonProcessingException) syntax)).status());

        record Body(int count) {
        }
        MismatchedInputException field = org.junit.jupiter.api.Assertions.assertThrows(MismatchedInputException.class,
                () -> json.readValue("{\"count\":\"many\"}", Body.class));
        assertEquals("The body does not have the expected shape (count).", problem(mappers.mismatchedJson(field)).detail());
        MismatchedInputException whole = org.junit.jupiter.api.Assertions.assertThrows(MismatchedInputException.class,
                () -> json.readValue("[]", Body.class));
        assertEquals("The body does not have the expected shape.", problem(mappers.mismatchedJson(whole)).detail());
    }

    @Test
    void frameworkStatusesKeepTheirCodeAndAnythingElseIsA500WithoutDetails() {
        assertEquals(405, problem(mappers.webApplication(new NotAllowedException("GET"))).status());
        Problem unexpected = problem(mappers.unexpected(new IllegalStateException("secret internals")));
        assertEquals(500, unexpected.status());
        assertEquals(false, unexpected.detail().contains("secret"), "no internals reach the client");
    }
}
