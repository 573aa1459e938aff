package io.netra.analytics.otlp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.opentelemetry.proto.metrics.v1.Exemplar;

/** A point's exemplars as parallel arrays: time, value, trace and span id in hex (empty when absent), attributes. */
final class Exemplars {

    private static final HexFormat HEX = HexFormat.of();

    private Exemplars() {
    }

    static Optional<String> problem(List<Exemplar> exemplars) {
        for (Exemplar exemplar : exemplars) {
            if (exemplar.getValueCase() == Exemplar.ValueCase.AS_DOUBLE && !Double.isFinite(exemplar.getAsDouble())) {
                return Optional.of("has an exemplar whose value is not a finite number");
            }
        }
        return Optional.empty();
    }

    static JsonRowWriter write(JsonRowWriter row, List<Exemplar> exemplars) {
        if (exemplars.isEmpty()) {
            return row; // the columns' defaults: no exemplars
        }
        List<Long> times = new ArrayList<>(exemplars.size());
        List<Double> values = new ArrayList<>(exemplars.size());
        List<String> traces = new ArrayList<>(exemplars.size());
        List<String> spans = new ArrayList<>(exemplars.size());
        List<Attributes> attributes = new ArrayList<>(exemplars.size());
        for (Exemplar exemplar : exemplars) {
            times.add(exemplar.getTimeUnixNano());
            values.add(exemplar.getValueCase() == Exemplar.ValueCase.AS_INT ? (double) exemplar.getAsInt() : exemplar.getAsDouble());
            traces.add(HEX.formatHex(exemplar.getTraceId().toByteArray()));
            spans.add(HEX.formatHex(exemplar.getSpanId().toByteArray()));
            attributes.add(Attributes.of(exemplar.getFilteredAttributesList()));
        }
        return row.unsignedLongs("exemplar_times", times)
                .doubles("exemplar_values", values)
                .strings("exemplar_trace_ids", traces)
                .strings("exemplar_span_ids", spans)
                .stringArrays("exemplar_attr_keys", Attributes.keysOf(attributes))
                .stringArrays("exemplar_attr_values", Attributes.valuesOf(attributes));
    }
}
