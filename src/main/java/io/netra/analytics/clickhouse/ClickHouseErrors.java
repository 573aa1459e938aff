package io.netra.analytics.clickhouse;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.clickhouse.client.api.ServerException;

/** Sorts ClickHouse failures into "retry later" and "never retry". */
public final class ClickHouseErrors {

    /** Server error codes that mean the statement or its data is wrong, or we may not run it. */
    static final Set<Integer> PERMANENT_CODES = Set.of(
            6,   // CANNOT_PARSE_TEXT
            16,  // NO_SUCH_COLUMN_IN_TABLE
            26,  // CANNOT_PARSE_QUOTED_STRING
            27,  // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            38,  // CANNOT_PARSE_DATE
            41,  // CANNOT_PARSE_DATETIME
            47,  // UNKNOWN_IDENTIFIER
            53,  // TYPE_MISMATCH
            60,  // UNKNOWN_TABLE
            62,  // SYNTAX_ERROR
            69,  // ARGUMENT_OUT_OF_BOUND
            70,  // CANNOT_CONVERT_TYPE
            72,  // CANNOT_PARSE_NUMBER
            81,  // UNKNOWN_DATABASE
            117, // INCORRECT_DATA
            192, // UNKNOWN_USER
            193, // WRONG_PASSWORD
            497, // ACCESS_DENIED
            516  // AUTHENTICATION_FAILED
    );

    /** 18.16 sends no exception-code header, so client-v2 reports code 0 and the code is only in the body. */
    private static final Pattern CODE_IN_BODY = Pattern.compile("^Code: (\\d+)");

    private ClickHouseErrors() {
    }

    /** Wraps a failure of a ClickHouse call as {@link ClickHouseRejectedException} or {@link ClickHouseUnavailableException}. */
    public static RuntimeException classify(Throwable failure) {
        if (failure instanceof ClickHouseRejectedException || failure instanceof ClickHouseUnavailableException) {
            return (RuntimeException) failure;
        }
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof ServerException server && isPermanent(server)) {
                return new ClickHouseRejectedException(code(server), firstLine(server.getMessage()), failure);
            }
            cause = cause.getCause();
        }
        return new ClickHouseUnavailableException(firstLine(String.valueOf(failure.getMessage())), failure);
    }

    static boolean isPermanent(ServerException server) {
        int http = server.getTransportProtocolCode();
        return PERMANENT_CODES.contains(code(server)) || http == 401 || http == 403;
    }

    static int code(ServerException server) {
        if (server.getCode() > 0) {
            return server.getCode();
        }
        Matcher body = CODE_IN_BODY.matcher(String.valueOf(server.getMessage()));
        return body.find() ? Integer.parseInt(body.group(1)) : 0;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
