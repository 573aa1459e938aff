package io.netra.analytics.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlLiteralsTest {

    /** Strings that break naive quoting; the round-trip test sends the same corpus to a real server. */
    static final List<String> INJECTION_CORPUS = List.of(
            "", "plain", "O'Reilly", "''", "\\", "\\'", "'\\", "end\\", "a\\nb",
            "'); DROP TABLE netra_analytics.performance_metrics; --",
            "x' OR '1'='1", "tab\there", "line\nbreak", "cr\rlf\n", "nul\0byte", "\b\f",
            "ünïcødé ✓ 日本語 🚀", "\u2028\u2029", "`backtick` \"double\"", "{param:String}", "-- comment", "/* c */");

    @Test
    void escapesEveryCharacterThatCouldEndTheLiteral() {
        assertEquals("'O\\'Reilly'", SqlLiterals.string("O'Reilly"));
        assertEquals("'a\\\\b'", SqlLiterals.string("a\\b"));
        assertEquals("'\\0\\n\\r\\t\\b\\f'", SqlLiterals.string("\0\n\r\t\b\f"));
        assertEquals("'日本'", SqlLiterals.string("日本"));
    }

    @Test
    void noCorpusEntryLeavesAnUnescapedQuote() {
        for (String value : INJECTION_CORPUS) {
            String literal = SqlLiterals.string(value);
            String inner = literal.substring(1, literal.length() - 1);
            for (int i = 0; i < inner.length(); i++) {
                if (inner.charAt(i) == '\\') {
                    i++;
                    continue;
                }
                assertFalse(inner.charAt(i) == '\'' || inner.charAt(i) == '\0' || inner.charAt(i) == '\n',
                        "unescaped character in " + literal);
            }
        }
    }

    @Test
    void rejectsNullAndWritesIntegersAsDigits() {
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.string(null));
        assertEquals("-7", SqlLiterals.integer(-7));
    }

    @Test
    void identifiersAreBackQuotedWithTheirQuotesAndBackslashesEscaped() {
        assertEquals("`netra`", SqlLiterals.identifier("netra"));
        assertEquals("`t`", SqlLiterals.identifier("t"));
        assertEquals("`a\\`b\\\\c`", SqlLiterals.identifier("a`b\\c"));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.identifier(""));
        assertThrows(IllegalArgumentException.class, () -> SqlLiterals.identifier(null));
    }
}
