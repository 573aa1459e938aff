package io.netra.analytics.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.junit.jupiter.api.Test;

import com.clickhouse.client.api.ServerException;

import io.netra.analytics.model.LogText;

class ClickHouseErrorsTest {

    private static ClickHouseState outage(Throwable failure) {
        return assertInstanceOf(ClickHouseUnavailableException.class, ClickHouseErrors.classify(failure)).state();
    }

    private static ServerException server18(int code, String text, int http) {
        // 18.16 sends no code header: client-v2 reports 0 and the code is only in the body
        return new ServerException(0, "Code: " + code + ", e.displayText() = DB::Exception: " + text, http, null);
    }

    @Test
    void dataClickHouseCannotParseIsARefusalEvenThoughThe1816ClientReportsCodeZero() {
        ClickHouseRejectedException refused = assertInstanceOf(ClickHouseRejectedException.class,
                ClickHouseErrors.classify(server18(27, "Cannot parse input", 500)));
        assertEquals(27, refused.code());
    }

    @Test
    void currentServersReportTheCodeInAHeader() {
        assertEquals(53, assertInstanceOf(ClickHouseRejectedException.class,
                ClickHouseErrors.classify(new ServerException(53, "Type mismatch", 500, null))).code());
        assertEquals(ClickHouseState.SCHEMA_MISSING, outage(new ServerException(60, "Code: 60. DB::Exception: Table does not exist", 404, null)));
    }

    @Test
    void aMissingDatabaseTableOrColumnIsAMissingSchemaNotARefusal() {
        assertEquals(ClickHouseState.SCHEMA_MISSING, outage(server18(81, "Database netra_analytics doesn't exist", 404)));
        assertEquals(ClickHouseState.SCHEMA_MISSING, outage(server18(60, "Table netra_analytics.performance_metrics doesn't exist", 404)));
        assertEquals(ClickHouseState.SCHEMA_MISSING, outage(server18(16, "There is no column x in table", 400)));
        assertEquals(ClickHouseState.SCHEMA_MISSING, outage(server18(47, "Unknown identifier: x", 400)));
    }

    @Test
    void refusedCredentialsAreAConfigurationOutageNotARefusalOfTheEvents() {
        assertEquals(ClickHouseState.CREDENTIALS_REJECTED, outage(server18(193, "Wrong password for user netra", 401)));
        assertEquals(ClickHouseState.CREDENTIALS_REJECTED, outage(server18(192, "Unknown user netra", 401)));
        assertEquals(ClickHouseState.CREDENTIALS_REJECTED, outage(new ServerException(516, "Authentication failed", 401, null)));
        assertEquals(ClickHouseState.CREDENTIALS_REJECTED, outage(new ServerException(0, "Forbidden", 403, null)));
        assertEquals(ClickHouseState.CREDENTIALS_REJECTED, outage(new ServerException(0, "Unauthorized", 401, null)));
        assertFalse(new ClickHouseUnavailableException(ClickHouseState.CREDENTIALS_REJECTED, "", null).isTransient(),
                "retrying at once cannot help a refused login");
    }

    @Test
    void overloadMemoryAndUnknownErrorsAreFailuresWorthRetrying() {
        assertEquals(ClickHouseState.FAILING, outage(server18(241, "Memory limit exceeded", 500)));
        assertEquals(ClickHouseState.FAILING, outage(new ServerException(202, "Too many simultaneous queries", 500, null)));
        assertEquals(ClickHouseState.FAILING, outage(server18(62, "Syntax error", 400)));
        assertEquals(ClickHouseState.FAILING, outage(new ServerException(0, "an answer without a code", 500, null)));
        assertTrue(new ClickHouseUnavailableException(ClickHouseState.FAILING, "", null).isTransient());
    }

    @Test
    void aClusterMissingAShardAReplicaOrZooKeeperIsAnOutageSoItsEventsAreQueuedNotDeadLettered() {
        // as 18.16 answers a Distributed insert with a whole shard down, and a replicated table without ZooKeeper
        assertEquals(ClickHouseState.FAILING, outage(server18(279, "All connection tries failed. Log: Code: 210 Connection refused", 500)));
        assertEquals(ClickHouseState.FAILING, outage(server18(210, "Connection refused (127.0.0.1:9000)", 500)));
        assertEquals(ClickHouseState.FAILING, outage(server18(242, "Table is in readonly mode", 500)));
        assertEquals(ClickHouseState.FAILING, outage(server18(999, "Session expired", 500)));
        assertEquals(ClickHouseState.FAILING, outage(new ServerException(225, "ZooKeeper not found in config", 500, null)));
    }

    @Test
    void anOnClusterStatementLeftQueuedForAbsentNodesIsDoneButOtherTimeoutsAreNot() {
        assertTrue(ClickHouseErrors.leftToAbsentNodes(server18(159, "Watching task /clickhouse/task_queue/ddl/query-0000000008 is "
                + "executing longer than distributed_ddl_task_timeout (=3) seconds. There are 1 unfinished hosts (0 of them are "
                + "currently active), they are going to execute the query in background", 500)));
        assertTrue(ClickHouseErrors.leftToAbsentNodes(new ServerException(159, "Code: 159. DB::Exception: Distributed DDL task "
                + "/clickhouse/task_queue/ddl/query-0000000001 is not finished on 1 of 4 hosts (0 of them are currently executing the "
                + "task, 1 are inactive). They are going to execute the query in background. (TIMEOUT_EXCEEDED)", 500, null)));
        assertFalse(ClickHouseErrors.leftToAbsentNodes(server18(159, "Timeout exceeded: elapsed 5.1 seconds", 500)));
        assertFalse(ClickHouseErrors.leftToAbsentNodes(server18(60, "they are going to execute the query in background", 500)));
        assertFalse(ClickHouseErrors.leftToAbsentNodes(new SocketTimeoutException("execute the query in background")));
    }

    @Test
    void noAnswerInTimeIsATimeout() {
        assertEquals(ClickHouseState.TIMEOUT, outage(new TimeoutException()));
        assertEquals(ClickHouseState.TIMEOUT, outage(new RuntimeException("read failed", new SocketTimeoutException("Read timed out"))));
        assertEquals(ClickHouseState.TIMEOUT, outage(server18(159, "Timeout exceeded", 500)));
    }

    @Test
    void noAnswerAtAllIsUnreachable() {
        assertEquals(ClickHouseState.UNREACHABLE, outage(new ConnectException("Connection refused")));
        assertEquals(ClickHouseState.UNREACHABLE, outage(new IllegalStateException((String) null)));
    }

    @Test
    void aRefusedCertificateIsATlsRejectionWithItsReasonInWords() {
        RuntimeException sslProblem = new RuntimeException("SSL Problem", new SSLPeerUnverifiedException(
                "Certificate for <localhost> doesn't match any of the subject alternative names: [wrong.example]"));
        ClickHouseUnavailableException rejected = assertInstanceOf(ClickHouseUnavailableException.class, ClickHouseErrors.classify(sslProblem));
        assertEquals(ClickHouseState.TLS_REJECTED, rejected.state());
        assertEquals("TLS refused, its certificate is not issued for the host name the service connects to: SSL Problem", rejected.getMessage());
        assertFalse(rejected.isTransient(), "the next attempt meets the same certificate");
    }

    @Test
    void aRefusalWrappedByTheClientIsStillFound() {
        RuntimeException wrapped = new RuntimeException("query failed", server18(117, "Unknown field found while parsing JSONEachRow format", 400));
        assertEquals(117, assertInstanceOf(ClickHouseRejectedException.class, ClickHouseErrors.classify(wrapped)).code());
    }

    @Test
    void classifiedFailuresPassThroughUnchangedAndMessagesAreOneShortLine() {
        ClickHouseUnavailableException down = new ClickHouseUnavailableException(ClickHouseState.UNREACHABLE, "down", null);
        ClickHouseRejectedException refused = new ClickHouseRejectedException(6, "bad", null);
        assertSame(down, ClickHouseErrors.classify(down));
        assertSame(refused, ClickHouseErrors.classify(refused));
        assertEquals("first", LogText.firstLine("first\nsecond"));
        assertEquals(303, LogText.firstLine("x".repeat(400)).length());
        assertEquals("", LogText.firstLine(null));
    }

    @Test
    void statesHaveLabelsForReadinessAndMetrics() {
        assertEquals("credentials-rejected", ClickHouseState.CREDENTIALS_REJECTED.label());
        assertEquals("tls-rejected", ClickHouseState.TLS_REJECTED.label());
        assertEquals("up", ClickHouseState.UP.label());
    }
}
