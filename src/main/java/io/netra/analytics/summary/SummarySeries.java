package io.netra.analytics.summary;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One group's buckets: its values of the grouping keys, or {@code other}: every group past the limit, summed. */
@Schema(name = "SummarySeries")
public record SummarySeries(Map<String, String> group, boolean other, List<SummaryBucket> buckets) {
}
