package io.netra.analytics.summary;

import java.util.List;

/**
 * A quantile estimated from explicit histogram buckets, as Prometheus's {@code histogram_quantile} does: find the
 * bucket holding the rank, and interpolate linearly inside it. The first bucket starts at the histogram's min where
 * one was sent (else at 0 for a positive bound, else at its bound), the last ends at its max (else the answer is the
 * last bound). The estimate lies in the bucket that holds the true quantile, clamped to [min, max]: its error is at
 * most that bucket's width.
 */
record BucketQuantiles(List<Double> bounds, List<Long> counts, Double min, Double max) {

    /** Null for a histogram without observations. */
    Double quantile(double q) {
        long total = counts.stream().mapToLong(Long::longValue).sum();
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        long below = 0;
        int bucket = 0;
        while (bucket < counts.size() - 1 && below + counts.get(bucket) < rank) {
            below += counts.get(bucket);
            bucket++;
        }
        if (bounds.isEmpty()) {
            // one bucket, (-inf, +inf): only min and max say anything
            return min != null && max != null ? min + (max - min) * q : null;
        }
        double lower;
        double upper;
        if (bucket == 0) {
            upper = bounds.get(0);
            lower = min != null ? Math.min(min, upper) : upper > 0 ? 0 : upper;
        } else if (bucket >= bounds.size()) {
            lower = bounds.get(bounds.size() - 1);
            if (max == null) {
                return lower;
            }
            upper = Math.max(max, lower);
        } else {
            lower = bounds.get(bucket - 1);
            upper = bounds.get(bucket);
        }
        long inBucket = counts.get(bucket);
        double estimate = inBucket == 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
        return clamp(estimate);
    }

    private double clamp(double estimate) {
        double clamped = min != null ? Math.max(min, estimate) : estimate;
        return max != null ? Math.min(max, clamped) : clamped;
    }
}
