package io.netra.analytics.problem;

/** Media type and descriptions of the problem responses the OpenAPI document lists; annotations need constants. */
public final class ProblemResponses {

    public static final String MEDIA_TYPE = Problem.MEDIA_TYPE;
    public static final String BAD_REQUEST = "Invalid input: each invalid field is listed in errors";
    public static final String UNAUTHORIZED = "No valid bearer token for this service";
    public static final String FORBIDDEN = "The token's roles do not allow this request";
    public static final String UNAVAILABLE = "Nothing could serve the request now; Retry-After says when to try again";

    private ProblemResponses() {
    }
}
