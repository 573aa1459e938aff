// Records a counter, an up-down counter, a gauge, an explicit and an exponential histogram with the OpenTelemetry
// JavaScript SDK and exports them to netra-analytics over OTLP/HTTP, once per round, as an application's periodic
// reader would, and once more as it shuts down. Prints what it recorded and how many points the service acknowledged,
// as JSON; exits non-zero when an export failed.
//
// NETRA_URL (the service), NETRA_TOKEN (a bearer token), SERVICE_NAME, ENCODING (json | protobuf),
// TEMPORALITY (cumulative | delta), ROUNDS.
import { AggregationTemporalityPreference, OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const options = {
  url: `${env('NETRA_URL')}/v1/metrics`,
  headers: { Authorization: `Bearer ${env('NETRA_TOKEN')}` },
  compression: 'gzip',
  temporalityPreference: env('TEMPORALITY') === 'delta' ? AggregationTemporalityPreference.DELTA : AggregationTemporalityPreference.CUMULATIVE,
};
const exporter = env('ENCODING') === 'json' ? new JsonExporter(options) : new ProtobufExporter(options);
// the points of every export the service acknowledged, the shutdown's last one included: what it must have stored
let exportedPoints = 0;
const exportOnce = exporter.export.bind(exporter);
exporter.export = (metrics, done) => exportOnce(metrics, (result) => {
  if (result.code === 0) {
    exportedPoints += metrics.scopeMetrics.flatMap((scope) => scope.metrics).reduce((n, metric) => n + metric.dataPoints.length, 0);
  }
  done(result);
});
const provider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': env('SERVICE_NAME') }),
  views: [{ instrumentName: 'payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  // the test exports each round itself: the timer never fires
  readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 86_400_000, exportTimeoutMillis: 30_000 })],
});

const meter = provider.getMeter('checkout');
const orders = meter.createCounter('orders');
const depth = meter.createUpDownCounter('queue.depth');
const temperature = meter.createGauge('temperature', { unit: 'Cel' });
const latency = meter.createHistogram('request.duration', { unit: 'ms' });
const sizes = meter.createHistogram('payload.size', { unit: 'By' });

const recorded = { ordersAdded: 0, latencyRecorded: 0, depthLevel: 0, lastTemperature: 0, exportedPoints: 0 };
const rounds = Number(env('ROUNDS'));
for (let round = 0; round < rounds; round++) {
  for (const region of ['eu', 'us']) {
    orders.add(round + 1, { region });
    recorded.ordersAdded += round + 1;
    depth.add(round % 2 === 0 ? 3 : -1, { region });
    recorded.depthLevel += round % 2 === 0 ? 3 : -1;
    temperature.record(20 + round, { region });
    recorded.lastTemperature = 20 + round;
    for (let value = 1; value <= 100; value++) {
      latency.record(value, { region });
      sizes.record(value * 10, { region });
      recorded.latencyRecorded++;
    }
  }
  // rejects when the export failed after the exporter's own retries
  await provider.forceFlush();
}
// as an application stops: a last export
await provider.shutdown();
recorded.exportedPoints = exportedPoints;
console.log(JSON.stringify(recorded));
