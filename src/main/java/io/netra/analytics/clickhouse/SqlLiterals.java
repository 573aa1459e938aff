package io.netra.analytics.clickhouse;

/**
 * The only place that turns values into ClickHouse SQL text. 18.16 has no server-side query parameters, so every
 * value from a request reaches SQL through one of these methods and nothing else concatenates request data.
 */
public final class SqlLiterals {

    private SqlLiterals() {
    }

    /** A single-quoted string literal; every character that could end or alter the literal is escaped. */
    public static String string(String value) {
        if (value == null) {
            throw new IllegalArgumentException("null is not a string literal");
        }
        StringBuilder sql = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sql.append("\\\\");
                case '\'' -> sql.append("\\'");
                case '\0' -> sql.append("\\0");
                case '\n' -> sql.append("\\n");
                case '\r' -> sql.append("\\r");
                case '\t' -> sql.append("\\t");
                case '\b' -> sql.append("\\b");
                case '\f' -> sql.append("\\f");
                default -> sql.append(c);
            }
        }
        return sql.append('\'').toString();
    }

    /** A back-quoted identifier (a cluster or table name from configuration), escaped like a string literal. */
    public static String identifier(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an identifier cannot be empty");
        }
        StringBuilder sql = new StringBuilder(name.length() + 2).append('`');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == '`') {
                sql.append('\\');
            }
            sql.append(c);
        }
        return sql.append('`').toString();
    }

    public static String integer(long value) {
        return Long.toString(value);
    }
}
