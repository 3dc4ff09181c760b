package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.SegmentRow;

/** The dimension side of the segment join: either a segment version or a repository delta of that segment. */
public class SegmentSideInput {
    public SegmentRow segment;
    public RepositoryDelta repository;

    public SegmentSideInput() {}

    static SegmentSideInput of(SegmentRow s) {
        SegmentSideInput in = new SegmentSideInput();
        in.segment = s;
        return in;
    }

    static SegmentSideInput of(RepositoryDelta d) {
        SegmentSideInput in = new SegmentSideInput();
        in.repository = d;
        return in;
    }

    String key() {
        return segment != null ? segment.id : repository.segmentId;
    }
}
