package io.netra.analytics.otlp;

import java.util.Optional;

import io.netra.analytics.clickhouse.JsonRowWriter;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;

/** Gauge and sum points: the value as sent, an integer kept exactly beside its double. */
final class NumberPoints {

    private NumberPoints() {
    }

    static Optional<String> problem(NumberDataPoint point) {
        if (hasNoRecordedValue(point.getFlags())) {
            return Optional.empty();
        }
        if (point.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET) {
            return Optional.of("a data point has no value");
        }
        if (point.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE && !Double.isFinite(point.getAsDouble())) {
            return Optional.of("a data point's value is not a finite number");
        }
        return Exemplars.problem(point.getExemplarsList());
    }

    static JsonRowWriter write(JsonRowWriter row, NumberDataPoint point) {
        boolean isInt = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT;
        double value = isInt ? point.getAsInt() : point.getValueCase() == NumberDataPoint.ValueCase.AS_DOUBLE ? point.getAsDouble() : 0;
        return row.number("value", Double.isFinite(value) ? value : 0)
                .numberUnlessZero("int_value", isInt ? point.getAsInt() : 0)
                .numberUnlessZero("is_int", isInt ? 1 : 0);
    }

    /** A point that says it has no recorded value (a staleness marker) is stored with its flag, and queries skip it. */
    static boolean hasNoRecordedValue(int flags) {
        return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
    }
}
