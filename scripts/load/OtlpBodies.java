import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;

/**
 * Writes OTLP/protobuf export bodies for the benchmark, as an SDK sends them: a resource with service.name and
 * host.name, one scope, and points with route and status attributes. Every point of every body has the same time,
 * a multiple of 2^40 ns (about 18 minutes) two hours or more in the past, whose multiple is written to DIR/era:
 * otlp.lua writes each request's own number into the five low bytes of that fixed64 (so each point it sends is a
 * new one, and the body needs no encoding per request). Run with the application's libraries on the class path
 * (scripts/bench.sh does):
 *
 *   java -cp 'target/quarkus-app/lib/main/*' scripts/load/OtlpBodies.java DIR gauge|histogram POINTS BODIES
 */
public class OtlpBodies {

    private static final List<Double> BOUNDS = List.of(0.0, 5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0, 750.0, 1000.0, 2500.0, 5000.0,
            7500.0, 10000.0);

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        String kind = args[1];
        int points = Integer.parseInt(args[2]);
        int bodies = Integer.parseInt(args[3]);
        long era = (System.currentTimeMillis() * 1_000_000L - 7_200_000_000_000L) >>> 40;
        Files.writeString(dir.resolve("era"), era + "\n");
        for (int body = 1; body <= bodies; body++) {
            Files.write(dir.resolve("body-" + body + ".pb"), export(kind, points, era << 40).toByteArray());
        }
    }

    private static ExportMetricsServiceRequest export(String kind, int points, long time) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bench").setVersion("1.0"));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (kind.equals("gauge")) {
            // 10 metrics of 50 series each for 500 points
            int perMetric = Math.max(1, points / 10);
            for (int metric = 0; metric < (points + perMetric - 1) / perMetric; metric++) {
                Gauge.Builder gauge = Gauge.newBuilder();
                for (int series = 0; series < perMetric && metric * perMetric + series < points; series++) {
                    gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsDouble(random.nextDouble(0, 1000))
                            .addAllAttributes(attributes(series)));
                }
                scope.addMetrics(Metric.newBuilder().setName("bench.gauge." + metric).setUnit("ms").setGauge(gauge));
            }
        } else {
            Histogram.Builder histogram = Histogram.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            for (int series = 0; series < points; series++) {
                HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder().setStartTimeUnixNano(time - 3_600_000_000_000L)
                        .setTimeUnixNano(time).addAllAttributes(attributes(series)).addAllExplicitBounds(BOUNDS);
                long count = 0;
                for (int bucket = 0; bucket <= BOUNDS.size(); bucket++) {
                    long inBucket = random.nextLong(0, 100);
                    point.addBucketCounts(inBucket);
                    count += inBucket;
                }
                histogram.addDataPoints(point.setCount(count).setSum(count * 42.0).setMin(0.5).setMax(9000));
            }
            scope.addMetrics(Metric.newBuilder().setName("bench.latency").setUnit("ms").setHistogram(histogram));
        }
        Resource resource = Resource.newBuilder().addAttributes(text("service.name", "bench")).addAttributes(text("host.name", "bench-host")).build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
                .build();
    }

    private static List<KeyValue> attributes(int series) {
        return List.of(text("http.route", "/api/" + series % 20), text("http.response.status_code", String.valueOf(200 + series % 3)),
                text("host", "h" + series / 20));
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
