package io.netra.analytics.schema;

import java.util.ArrayList;
import java.util.List;

/** Splits a migration file into statements on ';', ignoring ';' inside quotes and '--' comments. */
final class SqlScript {

    private SqlScript() {
    }

    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == '\\' && i + 1 < script.length()) {
                    current.append(script.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end;
                current.append('\n');
            } else if (c == ';') {
                addIfNotBlank(statements, current);
                current.setLength(0);
            } else {
                if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                }
                current.append(c);
            }
        }
        addIfNotBlank(statements, current);
        return statements;
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
        String trimmed = statement.toString().strip();
        if (!trimmed.isEmpty()) {
            statements.add(trimmed);
        }
    }
}
