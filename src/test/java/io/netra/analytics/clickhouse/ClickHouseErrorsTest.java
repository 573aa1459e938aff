package io.netra.analytics.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import com.clickhouse.client.api.ServerException;

class ClickHouseErrorsTest {

    @Test
    void syntaxErrorFrom1816IsARefusalEvenThoughTheClientReportsCodeZero() {
        ServerException server = new ServerException(0, "Code: 62, e.displayText() = DB::Exception: Syntax error", 400, null);
        ClickHouseRejectedException refused = assertInstanceOf(ClickHouseRejectedException.class, ClickHouseErrors.classify(server));
        assertEquals(62, refused.code());
    }

    @Test
    void currentServersReportTheCodeInAHeader() {
        ServerException server = new ServerException(53, "Type mismatch", 500, null);
        assertEquals(53, assertInstanceOf(ClickHouseRejectedException.class, ClickHouseErrors.classify(server)).code());
    }

    @Test
    void wrongPasswordIsARefusal() {
        assertInstanceOf(ClickHouseRejectedException.class,
                ClickHouseErrors.classify(new ServerException(0, "Code: 193, Wrong password for user netra", 401, null)));
    }

    @Test
    void overloadAndMemoryErrorsAreWorthRetrying() {
        assertInstanceOf(ClickHouseUnavailableException.class,
                ClickHouseErrors.classify(new ServerException(0, "Code: 241, Memory limit exceeded", 500, null)));
        assertInstanceOf(ClickHouseUnavailableException.class,
                ClickHouseErrors.classify(new ServerException(202, "Too many simultaneous queries", 500, null)));
    }

    @Test
    void networkFailuresAreWorthRetrying() {
        assertInstanceOf(ClickHouseUnavailableException.class, ClickHouseErrors.classify(new ConnectException("Connection refused")));
        assertInstanceOf(ClickHouseUnavailableException.class, ClickHouseErrors.classify(new TimeoutException()));
    }

    @Test
    void aRefusalWrappedByTheClientIsStillFound() {
        RuntimeException wrapped = new RuntimeException("query failed",
                new ServerException(0, "Code: 16, There is no column x in table", 400, null));
        assertEquals(16, assertInstanceOf(ClickHouseRejectedException.class, ClickHouseErrors.classify(wrapped)).code());
    }
}
