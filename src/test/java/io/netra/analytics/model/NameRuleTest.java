package io.netra.analytics.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NameRuleTest {

    private final NameRule rule = NameRule.asciiLettersDigitsAnd("_.-", 8);

    @Test
    void lettersDigitsAndTheNamedOthersUpToTheMaximumMatch() {
        assertTrue(rule.matches("a"));
        assertTrue(rule.matches("Az09_.-z"));
        assertTrue(rule.matches("ZZZZZZZZ"));
    }

    @Test
    void anythingElseDoesNot() {
        assertFalse(rule.matches(null));
        assertFalse(rule.matches(""));
        assertFalse(rule.matches("123456789"), "one over the maximum");
        assertFalse(rule.matches("a/b"), "a character not named");
        assertFalse(rule.matches("a b"));
        assertFalse(rule.matches("caf\u00e9"), "beyond ASCII");
        assertFalse(rule.matches("a\u0100"));
        assertFalse(rule.matches("@"), "just before A");
        assertFalse(rule.matches("["), "just after Z");
        assertFalse(rule.matches("`"), "just before a");
        assertFalse(rule.matches("{"), "just after z");
        assertFalse(rule.matches(":"), "just after 9");
    }
}
