package io.lambdasuite.udfs.model;

/**
 * One row of {@code segments_aggregated} (reference-schema.md §6): per segmentId of the latest serving activities
 * snapshot, over rows with isContribution true, the distinct non-empty memberIds and organizationIds. A Flink POJO;
 * partial counts of the same segment add up ({@link #plus}).
 */
public class SegmentAggregateRow {
    public String segmentId = "";
    public long contributorCount;
    public long organizationCount;
    /** The activities snapshot the counts come from (epoch ms). */
    public long snapshotId;

    public SegmentAggregateRow() {}

    public SegmentAggregateRow(String segmentId, long contributorCount, long organizationCount, long snapshotId) {
        this.segmentId = segmentId;
        this.contributorCount = contributorCount;
        this.organizationCount = organizationCount;
        this.snapshotId = snapshotId;
    }

    /** The counts of one segment added up. */
    public SegmentAggregateRow plus(SegmentAggregateRow other) {
        return new SegmentAggregateRow(segmentId, contributorCount + other.contributorCount,
                organizationCount + other.organizationCount, snapshotId);
    }

    @Override
    public String toString() {
        return "SegmentAggregateRow{" + segmentId + " contributors=" + contributorCount + " organizations="
                + organizationCount + "}";
    }
}
