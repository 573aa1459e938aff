package io.netra.analytics.otlp;

/**
 * The points of an export refused for their content, counted, with the first reason in words: what an OTLP partial
 * success carries (a short message, the client must not retry them).
 */
final class Rejections {

    private long points;
    private String first;
    private long others;

    void add(long count, String metric, String reason) {
        if (count <= 0) {
            return;
        }
        points += count;
        if (first == null) {
            first = (metric == null ? "" : "metric " + metric + ": ") + reason;
        } else {
            others += count;
        }
    }

    long points() {
        return points;
    }

    /** Empty when nothing was refused. */
    String message() {
        if (first == null) {
            return "";
        }
        return points + (points == 1 ? " data point" : " data points") + " rejected: " + first
                + (others > 0 ? " (and " + others + " more)" : "");
    }
}
