import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;

/**
 * One application instrumented with the OpenTelemetry Java SDK: a counter, an up-down counter, a gauge, an explicit
 * and an exponential histogram, exported over OTLP/HTTP (protobuf, gzip) or OTLP/gRPC with the SDK's own retries,
 * as OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, _PROTOCOL, _HEADERS and _COMPRESSION configure it.
 *
 * <p>Environment: NETRA_URL, NETRA_TOKEN, SERVICE_NAME, PROTOCOL (http/protobuf or grpc). The test drives it on
 * standard input, one command a line, and reads one answer a line: {@code record ROUND} (recorded), {@code export}
 * and {@code export-again}, the same batch once more (true when the service acknowledged it), {@code recorded}
 * (what was recorded, and the points of the acknowledged exports, as JSON, as the JavaScript client prints it).
 */
public class ExportClient {

    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> REGION = AttributeKey.stringKey("region");
    private static final List<String> REGIONS = List.of("eu", "us");
    /** Longer than any outage the test makes: the SDK's retries end an export, not this. */
    private static final Duration EXPORT_WAIT = Duration.ofMinutes(2);

    /** Counts the points of the exports the service acknowledged, and keeps the last batch to send it again. */
    static final class Resending implements MetricExporter {
        private final MetricExporter exporter;
        final AtomicLong acknowledgedPoints = new AtomicLong();
        private volatile Collection<MetricData> last = List.of();

        Resending(MetricExporter exporter) {
            this.exporter = exporter;
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            last = List.copyOf(metrics);
            CompletableResultCode result = exporter.export(metrics);
            result.whenComplete(() -> {
                if (result.isSuccess()) {
                    acknowledgedPoints.addAndGet(metrics.stream().mapToLong(metric -> metric.getData().getPoints().size()).sum());
                }
            });
            return result;
        }

        CompletableResultCode exportAgain() {
            return exporter.export(last);
        }

        @Override
        public CompletableResultCode flush() {
            return exporter.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return exporter.shutdown();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return exporter.getAggregationTemporality(instrumentType);
        }
    }

    private final Resending exporter;
    private final SdkMeterProvider provider;
    private final LongCounter orders;
    private final LongUpDownCounter depth;
    private final DoubleGauge temperature;
    private final DoubleHistogram latency;
    private final DoubleHistogram sizes;
    private long ordersAdded;
    private long latencyRecorded;
    private double depthLevel;
    private double lastTemperature;

    ExportClient(String service, MetricExporter exporter) {
        this.exporter = new Resending(exporter);
        // the reader's timer never fires: the test says when to export
        provider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE, service))))
                .registerView(InstrumentSelector.builder().setName("payload.size").build(),
                        View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
                .registerMetricReader(PeriodicMetricReader.builder(this.exporter).setInterval(Duration.ofDays(1)).build())
                .build();
        Meter meter = provider.get("checkout");
        orders = meter.counterBuilder("orders").build();
        depth = meter.upDownCounterBuilder("queue.depth").build();
        temperature = meter.gaugeBuilder("temperature").setUnit("Cel").build();
        latency = meter.histogramBuilder("request.duration").setUnit("ms").build();
        sizes = meter.histogramBuilder("payload.size").setUnit("By").build();
    }

    /** A round of recordings on every series (as the JavaScript client records): each export has a point per series and metric. */
    void record(int round) {
        for (String region : REGIONS) {
            Attributes attributes = Attributes.of(REGION, region);
            orders.add(round + 1, attributes);
            ordersAdded += round + 1;
            depth.add(round % 2 == 0 ? 3 : -1, attributes);
            depthLevel += round % 2 == 0 ? 3 : -1;
            temperature.set(20 + round, attributes);
            lastTemperature = 20 + round;
            for (int value = 1; value <= 100; value++) {
                latency.record(value, attributes);
                sizes.record(value * 10.0, attributes);
                latencyRecorded++;
            }
        }
    }

    private static boolean succeeded(CompletableResultCode result) {
        return result.join(EXPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
    }

    String recorded() {
        return String.format(Locale.ROOT, "{\"ordersAdded\":%d,\"latencyRecorded\":%d,\"depthLevel\":%s,\"lastTemperature\":%s,\"exportedPoints\":%d}",
                ordersAdded, latencyRecorded, depthLevel, lastTemperature, exporter.acknowledgedPoints.get());
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("NETRA_URL");
        String authorization = "Bearer " + System.getenv("NETRA_TOKEN");
        // the SDK's default retries (4, with jittered backoffs of at most 1 to 3.4 s) can all be spent before the test
        // has restarted Redis on a loaded machine; an application that means to ride out a restart sets longer ones
        RetryPolicy retry = RetryPolicy.builder().setInitialBackoff(Duration.ofSeconds(5)).setMaxBackoff(Duration.ofSeconds(30))
                .setBackoffMultiplier(2).build();
        MetricExporter otlp = "grpc".equals(System.getenv("PROTOCOL"))
                ? OtlpGrpcMetricExporter.builder().setEndpoint(url).setCompression("gzip").addHeader("Authorization", authorization)
                        .setRetryPolicy(retry).build()
                : OtlpHttpMetricExporter.builder().setEndpoint(url + "/v1/metrics").setCompression("gzip")
                        .addHeader("Authorization", authorization).setRetryPolicy(retry).build();
        ExportClient application = new ExportClient(System.getenv("SERVICE_NAME"), otlp);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command; (command = commands.readLine()) != null;) {
            String[] words = command.split(" ");
            String answer = switch (words[0]) {
                case "record" -> {
                    application.record(Integer.parseInt(words[1]));
                    yield "recorded";
                }
                case "export" -> String.valueOf(succeeded(application.provider.forceFlush()));
                case "export-again" -> String.valueOf(succeeded(application.exporter.exportAgain()));
                case "recorded" -> application.recorded();
                default -> throw new IllegalArgumentException("unknown command: " + command);
            };
            System.out.println(answer);
            System.out.flush();
        }
        // the exporter only: the provider's shutdown would collect and send one more export, which nobody counts
        application.exporter.shutdown().join(10, TimeUnit.SECONDS);
    }
}
