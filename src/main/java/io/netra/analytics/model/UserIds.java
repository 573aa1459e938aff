package io.netra.analytics.model;

/** The rule for user ids, wherever a request names one: the token's subject, an event's owner, an admin's target. */
public final class UserIds {

    public static final int MAX_LENGTH = 128;
    public static final String RULE = "must be a user id of 1 to " + MAX_LENGTH + " characters";

    private UserIds() {
    }

    public static boolean isValid(String userId) {
        return userId != null && !userId.isBlank() && userId.length() <= MAX_LENGTH;
    }
}
