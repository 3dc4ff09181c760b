package io.lambdasuite.jobs.stream;

/**
 * Stable operator uids of the streaming job. Savepoints map state to operators by these: never change one
 * without a migration note in the README.
 */
public final class Uids {
    public static final String KAFKA_SOURCE = "kafka-source";
    public static final String FILE_SOURCE = "ndjson-file-source";
    public static final String PARSE = "parse-envelopes";
    public static final String FACT_WATERMARKS = "fact-watermarks";
    public static final String DEDUP = "dedup-latest-version";
    public static final String MEMBER_WATERMARKS = "member-watermarks";
    public static final String ORGANIZATION_WATERMARKS = "organization-watermarks";
    public static final String SEGMENT_WATERMARKS = "segment-watermarks";
    public static final String REPOSITORY_WATERMARKS = "repository-watermarks";
    public static final String MEMBER_JOIN = "join-members";
    public static final String ORGANIZATION_JOIN = "join-organizations";
    public static final String REPOSITORY_VERSIONS = "repository-versions";
    public static final String SEGMENT_SIDE = "segment-side-input";
    public static final String SEGMENT_SIDE_REPOSITORIES = "segment-side-input-repositories";
    public static final String SEGMENT_REPOSITORY_JOIN = "join-segments-repositories";
    public static final String FINALIZE = "finalize-enrichment";
    public static final String CATCH_UP_TRACKER = "catch-up-tracker";
    public static final String CATCH_UP_TRACKER_SINK = "catch-up-tracker-sink";
    public static final String MV_SINK = "activity-mv-sink";
    public static final String MEMBER_MV_SINK = "members-mv-sink";
    public static final String ORGANIZATION_MV_SINK = "organizations-mv-sink";
    public static final String SEGMENT_MV_SINK = "segments-mv-sink";
    public static final String REPOSITORY_MV_SINK = "repositories-mv-sink";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String PULL_REQUEST_EVENTS = "pull-request-events";
    public static final String PULL_REQUEST_LIFECYCLE = "pull-request-lifecycle";
    public static final String PULL_REQUEST_MV_SINK = "pull-request-mv-sink";

    private Uids() {}
}
