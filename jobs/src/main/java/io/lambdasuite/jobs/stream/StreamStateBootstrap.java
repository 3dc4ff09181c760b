package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.rules.Validity;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Writes the keyed state of the streaming job's stateful operators from latest versions computed elsewhere (the
 * bootstrap), into a savepoint the streaming job starts from: the same uids ({@link Uids}), state names,
 * descriptors and keys as the operators themselves, so the job continues as if it had read the history. What each
 * operator keeps:
 *
 * <ul>
 *   <li>{@link LatestVersionFilter}: the latest version per dedup key, tombstones included (TTL as configured);
 *   <li>{@link MemberJoin}, {@link OrganizationJoin}: the latest member / organization version per id (with the
 *       organization's derived country code), tombstones included;
 *   <li>{@link RepositoryVersions}: the latest repository version per id;
 *   <li>{@link SegmentRepositoryJoin}: per segment its latest version and the live / usable repository counts per
 *       URL of its live repositories.
 * </ul>
 *
 * Waiting facts and timers are empty: the bootstrap releases every fact by the end of its input.
 */
public final class StreamStateBootstrap {
    private StreamStateBootstrap() {}

    /**
     * Adds the five operators' state to {@code writer}. Every input holds exactly the latest version per key
     * (facts by dedup key, dimensions by id), tombstones included.
     */
    public static void addTo(SavepointWriter writer, DataStream<ActivityRow> latestFacts,
            DataStream<MemberRow> members, DataStream<OrganizationRow> organizations, DataStream<SegmentRow> segments,
            DataStream<RepositoryRow> repositories, Duration dedupTtl) {
        writer.withOperator(OperatorIdentifier.forUid(Uids.DEDUP), OperatorTransformation.bootstrapWith(latestFacts)
                .keyBy(ActivityRow::dedupKey, Types.STRING)
                .transform(new CurrentValue<>(LatestVersionFilter.latestDescriptor(dedupTtl))));
        writer.withOperator(OperatorIdentifier.forUid(Uids.MEMBER_JOIN), OperatorTransformation.bootstrapWith(members)
                .keyBy((MemberRow r) -> r.id, Types.STRING)
                .transform(new CurrentValue<>(DimensionJoin.currentDescriptor(MemberRow.class))));
        writer.withOperator(OperatorIdentifier.forUid(Uids.ORGANIZATION_JOIN), OperatorTransformation
                .bootstrapWith(organizations.map(OrganizationJoin::withCountryCode, TypeInformation.of(OrganizationRow.class))
                        .name("Country codes"))
                .keyBy((OrganizationRow r) -> r.id, Types.STRING)
                .transform(new CurrentValue<>(DimensionJoin.currentDescriptor(OrganizationRow.class))));
        writer.withOperator(OperatorIdentifier.forUid(Uids.REPOSITORY_VERSIONS), OperatorTransformation
                .bootstrapWith(repositories)
                .keyBy((RepositoryRow r) -> r.id, Types.STRING)
                .transform(new CurrentValue<>(DimensionJoin.currentDescriptor(RepositoryRow.class))));
        DataStream<SegmentSideInput> segmentSide = segments
                .map(SegmentSideInput::of, TypeInformation.of(SegmentSideInput.class)).name("Segments")
                .union(repositories.filter(r -> !r.isDeleted).name("Live repositories")
                        .map(r -> SegmentSideInput.of(new RepositoryDelta(r.segmentId, Validity.normalizeUrl(r.url), 1,
                                r.usable() ? 1 : 0)), TypeInformation.of(SegmentSideInput.class))
                        .name("Repository counts"));
        writer.withOperator(OperatorIdentifier.forUid(Uids.SEGMENT_REPOSITORY_JOIN), OperatorTransformation
                .bootstrapWith(segmentSide)
                .keyBy(SegmentSideInput::key, Types.STRING)
                .transform(new SegmentState()));
    }

    /**
     * One value per key in the operator's own state descriptor: {@link LatestVersionFilter#LATEST} (with its TTL),
     * or {@link DimensionJoin#CURRENT} of a dimension join or of {@link RepositoryVersions}.
     */
    static final class CurrentValue<T> extends KeyedStateBootstrapFunction<String, T> {
        private static final long serialVersionUID = 1L;
        private final ValueStateDescriptor<T> descriptor;
        private transient ValueState<T> current;

        CurrentValue(ValueStateDescriptor<T> descriptor) {
            this.descriptor = descriptor;
        }

        @Override
        public void open(OpenContext openContext) {
            current = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(T row, Context ctx) throws Exception {
            current.update(row);
        }
    }

    /** {@link SegmentRepositoryJoin#SEGMENT} and {@link SegmentRepositoryJoin#REPOSITORIES}. */
    static final class SegmentState extends KeyedStateBootstrapFunction<String, SegmentSideInput> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<SegmentRow> segment;
        private transient MapState<String, Long> repositories;

        @Override
        public void open(OpenContext openContext) {
            segment = getRuntimeContext().getState(SegmentRepositoryJoin.segmentDescriptor());
            repositories = getRuntimeContext().getMapState(SegmentRepositoryJoin.repositoriesDescriptor());
        }

        @Override
        public void processElement(SegmentSideInput in, Context ctx) throws Exception {
            if (in.segment != null) {
                segment.update(in.segment);
            } else {
                SegmentRepositoryJoin.apply(repositories, in.repository);
            }
        }
    }
}
