package io.netra.analytics.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        String script = """
                -- a comment; with a semicolon
                CREATE TABLE a (x String DEFAULT 'a;b');
                SELECT 'it\\'s; fine', `weird;name`;

                """;
        assertEquals(List.of("CREATE TABLE a (x String DEFAULT 'a;b')", "SELECT 'it\\'s; fine', `weird;name`"),
                SqlScript.split(script));
    }

    @Test
    void aScriptOfCommentsHasNoStatements() {
        assertEquals(List.of(), SqlScript.split("-- nothing\n  \n-- here;\n"));
    }
}
