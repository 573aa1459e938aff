package io.netra.analytics.clickhouse;

import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.clickhouse.client.api.ServerException;

import io.netra.analytics.model.LogText;
import io.netra.analytics.tls.TlsRejection;

/**
 * Sorts ClickHouse failures into a refusal of the data (never retried, never counted against ClickHouse) and
 * outages with their cause. Only the data's own content makes a refusal: a missing schema, a refused login or an
 * unknown error is an outage, so the events wait in the queue instead of being dead-lettered.
 */
public final class ClickHouseErrors {

    /** The data cannot be parsed or stored as sent. */
    static final Set<Integer> DATA_REFUSED = Set.of(
            6,   // CANNOT_PARSE_TEXT
            25,  // CANNOT_PARSE_ESCAPE_SEQUENCE
            26,  // CANNOT_PARSE_QUOTED_STRING
            27,  // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            32,  // ATTEMPT_TO_READ_AFTER_EOF
            33,  // CANNOT_READ_ALL_DATA
            38,  // CANNOT_PARSE_DATE
            41,  // CANNOT_PARSE_DATETIME
            53,  // TYPE_MISMATCH
            69,  // ARGUMENT_OUT_OF_BOUND
            70,  // CANNOT_CONVERT_TYPE
            72,  // CANNOT_PARSE_NUMBER
            117, // INCORRECT_DATA
            131, // TOO_LARGE_STRING_SIZE
            321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
            376  // CANNOT_PARSE_UUID
    );

    /** The database, table or a column the service relies on is not there. */
    static final Set<Integer> SCHEMA_MISSING = Set.of(
            16,  // NO_SUCH_COLUMN_IN_TABLE
            47,  // UNKNOWN_IDENTIFIER
            60,  // UNKNOWN_TABLE
            81   // UNKNOWN_DATABASE
    );

    /** The service's credentials are refused. */
    static final Set<Integer> CREDENTIALS_REJECTED = Set.of(
            192, // UNKNOWN_USER
            193, // WRONG_PASSWORD
            194, // REQUIRED_PASSWORD
            195, // IP_ADDRESS_NOT_ALLOWED
            497, // ACCESS_DENIED
            516  // AUTHENTICATION_FAILED
    );

    static final Set<Integer> TIMED_OUT = Set.of(
            159, // TIMEOUT_EXCEEDED
            209  // SOCKET_TIMEOUT
    );

    /** How every version from 18.16 on ends the message of an ON CLUSTER statement that outwaited its nodes. */
    private static final String LEFT_TO_ABSENT_NODES = "execute the query in background";

    /** 18.16 sends no exception-code header, so client-v2 reports code 0; the code is in the body ("Code: 60, ..." or "Code: 60. ..."). */
    private static final Pattern CODE_IN_BODY = Pattern.compile("^Code: (\\d+)");

    private ClickHouseErrors() {
    }

    /** Wraps a failure of a ClickHouse call as {@link ClickHouseRejectedException} or {@link ClickHouseUnavailableException}. */
    public static RuntimeException classify(Throwable failure) {
        if (failure instanceof ClickHouseRejectedException || failure instanceof ClickHouseUnavailableException) {
            return (RuntimeException) failure;
        }
        String message = LogText.firstLine(failure.getMessage());
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServerException server) {
                return classify(server, message, failure);
            }
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return new ClickHouseUnavailableException(ClickHouseState.TIMEOUT, message, failure);
            }
        }
        return TlsRejection.of(failure)
                .map(tls -> new ClickHouseUnavailableException(ClickHouseState.TLS_REJECTED, tls.described() + ": " + message, failure))
                .orElseGet(() -> new ClickHouseUnavailableException(ClickHouseState.UNREACHABLE, message, failure));
    }

    private static RuntimeException classify(ServerException server, String message, Throwable failure) {
        int code = code(server);
        int http = server.getTransportProtocolCode();
        if (DATA_REFUSED.contains(code)) {
            return new ClickHouseRejectedException(code, message, failure);
        }
        ClickHouseState state;
        if (SCHEMA_MISSING.contains(code)) {
            state = ClickHouseState.SCHEMA_MISSING;
        } else if (CREDENTIALS_REJECTED.contains(code) || http == 401 || http == 403) {
            state = ClickHouseState.CREDENTIALS_REJECTED;
        } else if (TIMED_OUT.contains(code)) {
            state = ClickHouseState.TIMEOUT;
        } else {
            state = ClickHouseState.FAILING;
        }
        return new ClickHouseUnavailableException(state, message, failure);
    }

    /**
     * Whether an {@code ON CLUSTER} statement ran on every node that answered and waits in the distributed DDL queue
     * for the others, which run it when they return: done, as far as the service is concerned.
     */
    public static boolean leftToAbsentNodes(Throwable failure) {
        return failure instanceof ServerException server && code(server) == 159
                && String.valueOf(server.getMessage()).toLowerCase(Locale.ROOT).contains(LEFT_TO_ABSENT_NODES);
    }

    static int code(ServerException server) {
        if (server.getCode() > 0) {
            return server.getCode();
        }
        Matcher body = CODE_IN_BODY.matcher(String.valueOf(server.getMessage()));
        return body.find() ? Integer.parseInt(body.group(1)) : 0;
    }
}
