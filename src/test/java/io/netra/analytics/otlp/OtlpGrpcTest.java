package io.netra.analytics.otlp;

import static io.netra.analytics.otlp.OtlpData.attribute;
import static io.netra.analytics.otlp.OtlpData.doublePoint;
import static io.netra.analytics.otlp.OtlpData.export;
import static io.netra.analytics.otlp.OtlpData.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.rpc.RetryInfo;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.netra.analytics.support.RealServersProfile;
import io.netra.analytics.support.RealServersTest;
import io.netra.analytics.support.Tokens;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** OTLP/gRPC on the HTTP port: the same export as over HTTP, its failures as gRPC status codes OTLP clients act on. */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class OtlpGrpcTest extends RealServersTest {

    private final String user = "grpc-" + UUID.randomUUID();
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", RestAssured.port).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private MetricsServiceGrpc.MetricsServiceBlockingStub client(String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        return MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static ExportMetricsServiceRequest exportOf(Metric metric) {
        return export("grpc-service", List.of(), metric);
    }

    private static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    @Test
    void anExportIsStoredAndCountedOnceWhenSentTwice() {
        ExportMetricsServiceRequest request = exportOf(gauge("grpc.gauge", doublePoint(7, nowNanos(), attribute("k", "v"))));

        ExportMetricsServiceResponse first = client(Tokens.forUser(user)).export(request);
        client(Tokens.forUser(user)).export(request);

        assertFalse(first.hasPartialSuccess());
        assertEquals(1, servers.count("SELECT count() FROM netra_analytics.otel_gauge FINAL WHERE user_id = '" + user + "'"));
    }

    @Test
    void refusedPointsComeBackAsAPartialSuccess() {
        ExportMetricsServiceResponse response = client(Tokens.forUser(user)).export(exportOf(gauge("late", doublePoint(1, 0))));

        assertEquals(1, response.getPartialSuccess().getRejectedDataPoints());
        assertTrue(response.getPartialSuccess().getErrorMessage().contains("time_unix_nano is 0"));
    }

    @Test
    void withoutATokenOrTheRoleTheCallIsRefusedAndBothStoresDownIsUnavailableWithRetryInfo() {
        ExportMetricsServiceRequest request = exportOf(gauge("g", doublePoint(1, nowNanos())));

        assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class, () -> client(null).export(request)).getStatus().getCode());
        assertEquals(Status.Code.UNAUTHENTICATED,
                assertThrows(StatusRuntimeException.class, () -> client("not-a-token").export(request)).getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED,
                assertThrows(StatusRuntimeException.class, () -> client(Tokens.forUser(user, "reader")).export(request)).getStatus().getCode());

        servers.stopClickHouse();
        servers.stopRedis();
        StatusRuntimeException unavailable = assertThrows(StatusRuntimeException.class, () -> client(Tokens.forUser(user)).export(request));

        assertEquals(Status.Code.UNAVAILABLE, unavailable.getStatus().getCode());
        com.google.rpc.Status details = StatusProto.fromThrowable(unavailable);
        assertTrue(details.getDetails(0).is(RetryInfo.class));
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedAsTooLargeAndNotRetried() {
        Metric huge = gauge("huge", doublePoint(1, nowNanos())).toBuilder().setDescription("x".repeat(17 * 1024 * 1024)).build();

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> client(Tokens.forUser(user)).export(exportOf(huge)));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode(), refused.getStatus().toString());
        assertTrue(StatusProto.fromThrowable(refused) == null || StatusProto.fromThrowable(refused).getDetailsList().isEmpty(),
                "no RetryInfo: the same message would be refused again");
    }
}
