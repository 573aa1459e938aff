package io.netra.analytics.problem;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A failure the client should see as a problem document, with Retry-After when waiting will help. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Duration retryAfter;

    public ProblemException(Problem problem, Duration retryAfter) {
        super(problem.detail());
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public static ProblemException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(new Problem("about:blank", "Bad Request", 400, detail, errors, List.of()), null);
    }

    public static ProblemException status(int status, String title, String detail) {
        return new ProblemException(Problem.of(status, title, detail), null);
    }

    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return unavailable(detail, retryAfter, List.of());
    }

    /** A 503 naming the events it concerns, for the client to resend. */
    public static ProblemException unavailable(String detail, Duration retryAfter, List<UUID> eventIds) {
        return new ProblemException(new Problem("about:blank", "Service Unavailable", 503, detail, List.of(), eventIds), retryAfter);
    }

    /** A 429: the caller sent more than its limits allow; nothing of the request was recorded. */
    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(Problem.of(429, "Too Many Requests", detail), retryAfter);
    }

    public Problem problem() {
        return problem;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
