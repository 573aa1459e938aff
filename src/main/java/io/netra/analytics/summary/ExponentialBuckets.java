package io.netra.analytics.summary;

import java.util.Map;
import java.util.TreeMap;

/**
 * An exponential histogram's buckets at one scale: bucket {@code i} holds the values in (base^i, base^(i+1)], base
 * 2^(2^-scale), negative values the same by their absolute value, and the zero bucket the rest. Two histograms merge at
 * the finer scale of the two made coarser: at scale s-1 bucket i is bucket i >> 1 of scale s.
 */
final class ExponentialBuckets {

    private int scale;
    private long zero;
    private final TreeMap<Integer, Long> positive = new TreeMap<>();
    private final TreeMap<Integer, Long> negative = new TreeMap<>();

    ExponentialBuckets(int scale) {
        this.scale = scale;
    }

    static ExponentialBuckets of(int scale, long zero, int positiveOffset, long[] positiveCounts, int negativeOffset, long[] negativeCounts) {
        ExponentialBuckets buckets = new ExponentialBuckets(scale);
        buckets.zero = zero;
        for (int i = 0; i < positiveCounts.length; i++) {
            buckets.positive.merge(positiveOffset + i, positiveCounts[i], Long::sum);
        }
        for (int i = 0; i < negativeCounts.length; i++) {
            buckets.negative.merge(negativeOffset + i, negativeCounts[i], Long::sum);
        }
        return buckets;
    }

    int scale() {
        return scale;
    }

    long count() {
        return zero + positive.values().stream().mapToLong(Long::longValue).sum() + negative.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The same observations at {@code coarser}, a scale not above this one. */
    void downscale(int coarser) {
        int shift = scale - coarser;
        if (shift <= 0) {
            return;
        }
        rebucket(positive, shift);
        rebucket(negative, shift);
        scale = coarser;
    }

    private static void rebucket(TreeMap<Integer, Long> buckets, int shift) {
        TreeMap<Integer, Long> coarse = new TreeMap<>();
        buckets.forEach((index, count) -> coarse.merge(index >> shift, count, Long::sum));
        buckets.clear();
        buckets.putAll(coarse);
    }

    /** Adds {@code other}'s observations, times {@code sign} (−1: takes them away, for the increase of a cumulative series). */
    void add(ExponentialBuckets other, int sign) {
        int common = Math.min(scale, other.scale);
        downscale(common);
        ExponentialBuckets theirs = other.copy();
        theirs.downscale(common);
        zero += sign * theirs.zero;
        theirs.positive.forEach((index, count) -> positive.merge(index, sign * count, Long::sum));
        theirs.negative.forEach((index, count) -> negative.merge(index, sign * count, Long::sum));
    }

    ExponentialBuckets copy() {
        ExponentialBuckets copy = new ExponentialBuckets(scale);
        copy.zero = zero;
        copy.positive.putAll(positive);
        copy.negative.putAll(negative);
        return copy;
    }

    /**
     * The {@code q} quantile, by linear interpolation inside the bucket that holds it, clamped to [min, max] when
     * known; null without observations. The true quantile lies in the same bucket: the estimate is off by at most its
     * width, a factor of base between its bounds.
     */
    Double quantile(double q, Double min, Double max) {
        long total = count();
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double base = Math.pow(2, Math.pow(2, -scale));
        double seen = 0;
        for (Map.Entry<Integer, Long> bucket : negative.descendingMap().entrySet()) {
            if (bucket.getValue() > 0 && seen + bucket.getValue() >= rank) {
                double lower = -Math.pow(base, bucket.getKey() + 1);
                double upper = -Math.pow(base, bucket.getKey());
                return clamp(lower + (upper - lower) * (rank - seen) / bucket.getValue(), min, max);
            }
            seen += bucket.getValue();
        }
        if (zero > 0 && seen + zero >= rank) {
            return clamp(0, min, max);
        }
        seen += zero;
        for (Map.Entry<Integer, Long> bucket : positive.entrySet()) {
            if (bucket.getValue() > 0 && seen + bucket.getValue() >= rank) {
                double lower = Math.pow(base, bucket.getKey());
                double upper = Math.pow(base, bucket.getKey() + 1);
                return clamp(lower + (upper - lower) * (rank - seen) / bucket.getValue(), min, max);
            }
            seen += bucket.getValue();
        }
        return max;
    }

    private static double clamp(double estimate, Double min, Double max) {
        double clamped = min != null ? Math.max(min, estimate) : estimate;
        return max != null ? Math.min(max, clamped) : clamped;
    }
}
