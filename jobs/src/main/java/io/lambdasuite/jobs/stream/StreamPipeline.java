package io.lambdasuite.jobs.stream;

import io.lambdasuite.jobs.status.SnapshotAgeGauge;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.model.RawMessage;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Builds the streaming enrichment graph from an injected source stream and sinks:
 *
 * <pre>
 * raw ─ parse ─┬─ facts ── keyBy(dedup key) LatestVersionFilter
 *              │            └ keyBy(memberId) MemberJoin ─ keyBy(organizationId) OrganizationJoin
 *              │               └ keyBy(segmentId) SegmentRepositoryJoin ─ FinalizeEnrichment ─┬─ MV sink
 *              │                 ┌────────────────────────────────────────────────────────────┘
 *              │                 └ PR events ─ keyBy(PR key) PullRequestLifecycle ─ PR MV sink
 *              ├─ members / organizations ──────────┘ (joined in keyed state; new versions ─ dimension MV sinks)
 *              ├─ segments, repositories ─ RepositoryVersions ─┘
 *              ├─ dead letters ─ dead-letter sink
 *              └─ read-to-end markers ─ CatchUpTracker (incremental runs only)
 * </pre>
 */
public final class StreamPipeline {
    private StreamPipeline() {}

    /**
     * What the graph needs to know besides its options for an incremental run: the inputs to read to their end
     * (file paths, or Kafka {@code topic-partition@endOffset} keys with the end offsets per partition) and the
     * marker file to write once they are.
     */
    public static final class CatchUp {
        final List<String> expected;
        final Map<String, long[]> kafkaEnds;
        final String markerPath;

        public CatchUp(List<String> expected, Map<String, long[]> kafkaEnds, String markerPath) {
            this.expected = expected;
            this.kafkaEnds = kafkaEnds;
            this.markerPath = markerPath;
        }
    }

    public static void build(Configuration options, DataStream<RawMessage> raw, StreamSinks sinks, CatchUp catchUp) {
        build(options, raw, sinks, catchUp, true);
    }

    /**
     * The bootstrap's variant of the graph (a bounded run): the same parsing, dead letters, latest version per key
     * and dimension version handling (joins' dimension sides, toast included) as the streaming job, but the fact
     * versions go to the MV sink straight from the latest-version step, without the dimension joins: the initial
     * merge runs the same joins and filters ({@link #enrich}) over them with the final dimension versions, so a first
     * enrichment here would only be thrown away.
     */
    public static void buildLatestVersions(Configuration options, DataStream<RawMessage> raw, StreamSinks sinks) {
        build(options, raw, sinks, null, false);
    }

    private static void build(Configuration options, DataStream<RawMessage> raw, StreamSinks sinks, CatchUp catchUp,
            boolean enrichFacts) {
        Duration wait = options.get(StreamOptions.DIMENSION_WAIT);

        SingleOutputStreamOperator<ActivityRow> parsed = raw
                .process(new ParseEnvelopes(options.get(StreamOptions.MAX_MESSAGE_BYTES),
                        catchUp == null ? null : catchUp.kafkaEnds,
                        SnapshotAgeGauge.servingRoot(StreamJob.absolute(options.get(StreamOptions.BASE_PATH)))
                                .toString()))
                .uid(Uids.PARSE).name("Parse Sequin envelopes");

        DataStream<ActivityRow> facts = parsed
                .assignTimestampsAndWatermarks(watermarks(options, (ActivityRow r) -> r.commitTimestamp))
                .uid(Uids.FACT_WATERMARKS).name("Fact watermarks");
        DataStream<MemberRow> members = dimension(parsed.getSideOutput(Tags.MEMBERS), options, Uids.MEMBER_WATERMARKS);
        DataStream<OrganizationRow> organizations =
                dimension(parsed.getSideOutput(Tags.ORGANIZATIONS), options, Uids.ORGANIZATION_WATERMARKS);
        DataStream<SegmentRow> segments = dimension(parsed.getSideOutput(Tags.SEGMENTS), options, Uids.SEGMENT_WATERMARKS);
        DataStream<RepositoryRow> repositories =
                dimension(parsed.getSideOutput(Tags.REPOSITORIES), options, Uids.REPOSITORY_WATERMARKS);

        SingleOutputStreamOperator<ActivityRow> latest = facts
                .keyBy(ActivityRow::dedupKey, Types.STRING)
                .process(new LatestVersionFilter(options.get(StreamOptions.DEDUP_TTL)))
                .uid(Uids.DEDUP).name("Latest version per key");

        DataStream<ActivityRow> joined = enrichFacts ? latest : latest.filter(r -> false).name("No facts to join");
        Enrichment e = enrich(joined, members, organizations, segments, repositories, wait);
        (enrichFacts ? e.rows : latest).sinkTo(sinks.activities()).uid(Uids.MV_SINK)
                .name("activityRelations_enrich_snapshot_mv");
        e.withMembers.getSideOutput(Tags.MEMBER_VERSIONS).sinkTo(sinks.members())
                .uid(Uids.MEMBER_MV_SINK).name("members_mv");
        e.withOrganizations.getSideOutput(Tags.ORGANIZATION_VERSIONS).sinkTo(sinks.organizations())
                .uid(Uids.ORGANIZATION_MV_SINK).name("organizations_mv");
        e.withSegments.getSideOutput(Tags.SEGMENT_VERSIONS).sinkTo(sinks.segments())
                .uid(Uids.SEGMENT_MV_SINK).name("segments_mv");
        e.repositoryDeltas.getSideOutput(Tags.REPOSITORY_VERSIONS).sinkTo(sinks.repositories())
                .uid(Uids.REPOSITORY_MV_SINK).name("repositories_mv");
        parsed.getSideOutput(Tags.DEAD_LETTERS).sinkTo(sinks.deadLetters())
                .uid(Uids.DEAD_LETTER_SINK).name("Dead letters");
        if (enrichFacts) { // the bootstrap builds pull requests from its serving snapshot instead
            pullRequests(e.rows, options).sinkTo(sinks.pullRequests())
                    .uid(Uids.PULL_REQUEST_MV_SINK).name("pull_request_analyzed_mv");
        }

        if (catchUp != null) {
            parsed.getSideOutput(Tags.READ_TO_END)
                    .process(new CatchUpTracker(catchUp.expected, catchUp.markerPath))
                    .uid(Uids.CATCH_UP_TRACKER).name("Catch-up tracker").setParallelism(1).setMaxParallelism(1)
                    .sinkTo(new DiscardingSink<>()).uid(Uids.CATCH_UP_TRACKER_SINK).name("Catch-up tracker sink")
                    .setParallelism(1);
        }
    }

    /**
     * The PR branch (SPEC §6): the PR events of the enriched versions (a held row or a tombstone removes its event
     * from the PR), keyed by PR, folded into one record per PR that is emitted whenever it changes.
     */
    static SingleOutputStreamOperator<PullRequestRecord> pullRequests(DataStream<ActivityRow> enriched,
            Configuration options) {
        return enriched
                .flatMap(new ToPullRequestEvents(), TypeInformation.of(PullRequestEvent.class))
                .uid(Uids.PULL_REQUEST_EVENTS).name("Pull request events")
                .keyBy(e -> e.pullRequestKey, Types.STRING)
                .process(new PullRequestLifecycle(options.get(StreamOptions.PULL_REQUEST_RETENTION),
                        options.get(StreamOptions.PULL_REQUEST_IDLE_TTL)), TypeInformation.of(PullRequestRecord.class))
                .uid(Uids.PULL_REQUEST_LIFECYCLE).name("Pull request lifecycle");
    }

    /** The enrichment sub-graph and the operators whose side outputs carry the accepted dimension versions. */
    public static final class Enrichment {
        /** Facts with their held reason and enriched columns. */
        public final SingleOutputStreamOperator<ActivityRow> rows;
        final SingleOutputStreamOperator<ActivityRow> withMembers;
        final SingleOutputStreamOperator<ActivityRow> withOrganizations;
        final SingleOutputStreamOperator<ActivityRow> withSegments;
        final SingleOutputStreamOperator<RepositoryDelta> repositoryDeltas;

        Enrichment(SingleOutputStreamOperator<ActivityRow> rows, SingleOutputStreamOperator<ActivityRow> withMembers,
                SingleOutputStreamOperator<ActivityRow> withOrganizations,
                SingleOutputStreamOperator<ActivityRow> withSegments,
                SingleOutputStreamOperator<RepositoryDelta> repositoryDeltas) {
            this.rows = rows;
            this.withMembers = withMembers;
            this.withOrganizations = withOrganizations;
            this.withSegments = withSegments;
            this.repositoryDeltas = repositoryDeltas;
        }
    }

    /**
     * Joins latest fact versions with the dimensions in keyed state and applies the filters and enrichment
     * (reference-schema.md §2-§3). Shared by the streaming job and the snapshot merge, which runs it in batch
     * mode over the current dimension versions (there each key's timers fire at the end of its input, so a
     * fact whose dimension does not exist is released as held).
     */
    public static Enrichment enrich(DataStream<ActivityRow> latest, DataStream<MemberRow> members,
            DataStream<OrganizationRow> organizations, DataStream<SegmentRow> segments,
            DataStream<RepositoryRow> repositories, Duration wait) {
        SingleOutputStreamOperator<ActivityRow> withMembers = latest
                .keyBy(JoinKeys::member, Types.STRING)
                .connect(members.keyBy(r -> r.id, Types.STRING))
                .process(new MemberJoin(wait))
                .uid(Uids.MEMBER_JOIN).name("Join members");

        SingleOutputStreamOperator<ActivityRow> withOrganizations = withMembers
                .keyBy(JoinKeys::organization, Types.STRING)
                .connect(organizations.keyBy(r -> r.id, Types.STRING))
                .process(new OrganizationJoin(wait))
                .uid(Uids.ORGANIZATION_JOIN).name("Join organizations");

        SingleOutputStreamOperator<RepositoryDelta> repositoryDeltas = repositories
                .keyBy(r -> r.id, Types.STRING)
                .process(new RepositoryVersions())
                .uid(Uids.REPOSITORY_VERSIONS).name("Repository versions");
        DataStream<SegmentSideInput> segmentSide = segments
                .map(SegmentSideInput::of, TypeInformation.of(SegmentSideInput.class))
                .uid(Uids.SEGMENT_SIDE).name("Segment side input")
                .union(repositoryDeltas.map(SegmentSideInput::of, TypeInformation.of(SegmentSideInput.class))
                        .uid(Uids.SEGMENT_SIDE_REPOSITORIES).name("Repository side input"));

        SingleOutputStreamOperator<ActivityRow> enriched = withOrganizations
                .keyBy(JoinKeys::segment, Types.STRING)
                .connect(segmentSide.keyBy(SegmentSideInput::key, Types.STRING))
                .process(new SegmentRepositoryJoin(wait))
                .uid(Uids.SEGMENT_REPOSITORY_JOIN).name("Join segments and repositories");
        SingleOutputStreamOperator<ActivityRow> rows = enriched
                .map(new FinalizeEnrichment())
                .uid(Uids.FINALIZE).name("Held reason and counters");
        return new Enrichment(rows, withMembers, withOrganizations, enriched, repositoryDeltas);
    }

    private static <T extends DimensionRow> DataStream<T> dimension(DataStream<T> in, Configuration options, String uid) {
        return in.assignTimestampsAndWatermarks(watermarks(options, (T r) -> r.commitTimestamp))
                .uid(uid).name(uid.replace('-', ' '));
    }

    /** Event time is the commit time of the change; it only drives how long facts wait for dimensions. */
    private static <T> WatermarkStrategy<T> watermarks(Configuration options, CommitTime<T> commitTime) {
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(options.get(StreamOptions.OUT_OF_ORDERNESS))
                .withTimestampAssigner((r, ts) -> commitTime.of(r))
                .withIdleness(options.get(StreamOptions.IDLENESS));
    }

    private interface CommitTime<T> extends java.io.Serializable {
        long of(T row);
    }
}
