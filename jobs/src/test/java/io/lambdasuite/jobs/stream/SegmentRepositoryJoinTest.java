package io.lambdasuite.jobs.stream;

import static io.lambdasuite.jobs.stream.TestRows.AT_08_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_09_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_10_00;
import static io.lambdasuite.jobs.stream.TestRows.WIDGETS;
import static io.lambdasuite.jobs.stream.TestRows.fact;
import static io.lambdasuite.jobs.stream.TestRows.repository;
import static io.lambdasuite.jobs.stream.TestRows.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.rules.Validity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules 2 and 3 of reference-schema.md §3: {@link RepositoryVersions} turns repository versions into
 * (segment, url) count deltas, which {@link SegmentRepositoryJoin} folds per segment next to the segment's
 * latest version. Both run in their own harness, wired as in the pipeline: the deltas of the first are the
 * side input of the second.
 */
class SegmentRepositoryJoinTest {
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final long DEADLINE_OF_10_00 = AT_10_00 + WAIT.toMillis();
    private static final String GADGETS = "https://github.com/acme/gadgets";

    private Stage stage;

    /** RepositoryVersions feeding SegmentRepositoryJoin, as StreamPipeline wires them. */
    static final class Stage implements AutoCloseable {
        final KeyedOneInputStreamOperatorTestHarness<String, RepositoryRow, RepositoryDelta> repositories;
        final KeyedTwoInputStreamOperatorTestHarness<String, ActivityRow, SegmentSideInput, ActivityRow> join;
        private int forwarded;

        Stage(OperatorSubtaskState repositoriesState, OperatorSubtaskState joinState) throws Exception {
            repositories = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new RepositoryVersions()), (KeySelector<RepositoryRow, String>) r -> r.id,
                    Types.STRING);
            join = new KeyedTwoInputStreamOperatorTestHarness<>(
                    new KeyedCoProcessOperator<>(new SegmentRepositoryJoin(WAIT)), JoinKeys::segment,
                    SegmentSideInput::key, Types.STRING);
            repositories.setup();
            join.setup();
            if (repositoriesState != null) {
                repositories.initializeState(repositoriesState);
                join.initializeState(joinState);
            }
            repositories.open();
            join.open();
        }

        void segment(SegmentRow s) throws Exception {
            join.processElement2(SegmentSideInput.of(s), s.commitTimestamp);
        }

        /** A repository version through RepositoryVersions; its deltas go on to the join. */
        void repository(RepositoryRow r) throws Exception {
            repositories.processElement(r, r.commitTimestamp);
            List<RepositoryDelta> deltas = repositories.extractOutputValues();
            for (; forwarded < deltas.size(); forwarded++) {
                join.processElement2(SegmentSideInput.of(deltas.get(forwarded)), r.commitTimestamp);
            }
        }

        void fact(ActivityRow f) throws Exception {
            join.processElement1(f, f.commitTimestamp);
        }

        void watermark(long t) throws Exception {
            join.processBothWatermarks(new Watermark(t));
        }

        List<ActivityRow> emitted() {
            return join.extractOutputValues();
        }

        /** The reasons of the emitted facts, as activityId:segmentReason:repositoryReason. */
        List<String> verdicts() {
            List<String> out = new ArrayList<>();
            for (ActivityRow f : emitted()) {
                out.add(f.activityId + ":" + f.segmentReason + ":" + f.repositoryReason);
            }
            return out;
        }

        List<String> deltas() {
            List<String> out = new ArrayList<>();
            for (RepositoryDelta d : repositories.extractOutputValues()) {
                out.add(d.segmentId + " " + d.url + " " + d.liveDelta + "/" + d.usableDelta);
            }
            return out;
        }

        static <T> List<T> side(Queue<StreamRecord<T>> q) {
            List<T> out = new ArrayList<>();
            if (q != null) {
                q.forEach(r -> out.add(r.getValue()));
            }
            return out;
        }

        /** The join's (live, usable) repository counts per URL of one segment. */
        Map<String, String> counts(String segmentId) throws Exception {
            MapState<String, Long> byUrl = KeyedStateProbe.state(join, segmentId,
                    new MapStateDescriptor<>(SegmentRepositoryJoin.REPOSITORIES, Types.STRING, Types.LONG));
            Map<String, String> out = new TreeMap<>();
            for (Map.Entry<String, Long> e : byUrl.entries()) {
                out.put(e.getKey(), (e.getValue() >>> 32) + "/" + (e.getValue() & 0xFFFF_FFFFL));
            }
            return out;
        }

        int waiting(String segmentId) throws Exception {
            return KeyedStateProbe.waitingFacts(join, segmentId);
        }

        int timers() {
            return join.numEventTimeTimers();
        }

        @Override
        public void close() throws Exception {
            repositories.close();
            join.close();
        }
    }

    @BeforeEach
    void open() throws Exception {
        stage = new Stage(null, null);
    }

    @AfterEach
    void close() throws Exception {
        stage.close();
    }

    private static ActivityRow discord(String activityId) {
        return fact(activityId).platform("discord", "general").build();
    }

    @Nested
    class Segments {
        @Test
        void aFactOfAnActiveSegmentPasses() throws Exception {
            stage.segment(segment("s1").status("active").build());
            stage.fact(discord("a1"));

            assertThat(stage.verdicts()).containsExactly("a1::");
        }

        @Test
        void aFactOfAnArchivedSegmentIsHeldAsInactive() throws Exception {
            stage.segment(segment("s1").status("archived").build());
            stage.fact(discord("a1"));

            assertThat(stage.verdicts()).containsExactly("a1:" + Validity.SEGMENT_INACTIVE + ":");
        }

        @Test
        void aFactWaitsForItsSegmentAndIsReleasedWhenItArrives() throws Exception {
            stage.fact(discord("a1"));
            assertThat(stage.emitted()).isEmpty();
            assertThat(stage.timers()).isEqualTo(1);

            stage.segment(segment("s1").build());

            assertThat(stage.verdicts()).containsExactly("a1::");
            assertThat(stage.waiting("s1")).isZero();
            assertThat(stage.timers()).isZero();
            assertThat(stage.join.numKeyedStateEntries()).as("only the segment is left").isEqualTo(1);
        }

        @Test
        void aFactWhoseSegmentNeverArrivesIsSegmentUnknownAtItsDeadlineAndLeavesNoState() throws Exception {
            stage.fact(discord("a1"));
            stage.watermark(DEADLINE_OF_10_00);

            assertThat(stage.verdicts()).containsExactly("a1:" + Validity.SEGMENT_UNKNOWN + ":");
            assertThat(stage.join.numKeyedStateEntries()).isZero();
            assertThat(stage.timers()).isZero();
        }

        @Test
        void aDeletedSegmentIsUnknownAndAnOlderVersionCannotResurrectIt() throws Exception {
            stage.segment(segment("s1").version(AT_08_00, 10, 0).build());
            stage.segment(segment("s1").version(AT_10_00, 30, 0).deleted().build());
            stage.segment(segment("s1").version(AT_09_00, 20, 0).build());
            stage.fact(discord("a1"));

            assertThat(stage.verdicts()).containsExactly("a1:" + Validity.SEGMENT_UNKNOWN + ":");
            assertThat(Stage.side(stage.join.getSideOutput(Tags.SEGMENT_VERSIONS))).extracting(s -> s.isDeleted)
                    .containsExactly(false, true);
        }

        @Test
        void aReactivatedSegmentAppliesToLaterFacts() throws Exception {
            stage.segment(segment("s1").status("archived").version(AT_08_00, 10, 0).build());
            stage.fact(discord("a1"));
            stage.segment(segment("s1").status("active").version(AT_09_00, 20, 0).build());
            stage.fact(discord("a2"));

            assertThat(stage.verdicts()).containsExactly("a1:" + Validity.SEGMENT_INACTIVE + ":", "a2::");
        }

        @Test
        void aFactWithoutASegmentIsSegmentUnknownAtOnce() throws Exception {
            stage.fact(fact("a1").segment("").platform("discord", "general").build());

            assertThat(stage.verdicts()).containsExactly("a1:" + Validity.SEGMENT_UNKNOWN + ":");
            assertThat(stage.timers()).isZero();
        }

        @Test
        void tombstoneFactsPassStraightThroughWithoutStateOrTimers() throws Exception {
            stage.fact(fact("a1").segment("s-unknown").deleted().build());

            assertThat(stage.verdicts()).containsExactly("a1::");
            assertThat(stage.join.numKeyedStateEntries()).isZero();
            assertThat(stage.timers()).isZero();
        }
    }

    @Nested
    class Repositories {
        @Test
        void theRepositoryRuleSkipsNonCodePlatforms() throws Exception {
            stage.segment(segment("s1").build());
            stage.fact(discord("a1"));

            assertThat(stage.verdicts()).containsExactly("a1::");
        }

        @Test
        void aGithubFactWaitsForARepositoryAtItsChannelAndIsReleasedWhenItArrives() throws Exception {
            stage.segment(segment("s1").build());
            stage.fact(fact("a1").build());
            assertThat(stage.emitted()).as("the segment alone is not enough for github").isEmpty();
            assertThat(stage.timers()).isEqualTo(1);

            stage.repository(repository("r1").url(WIDGETS).build());

            assertThat(stage.verdicts()).containsExactly("a1::");
            assertThat(stage.waiting("s1")).isZero();
            assertThat(stage.timers()).isZero();
        }

        @Test
        void aFactWaitingForBothItsSegmentAndItsRepositoryNeedsBoth() throws Exception {
            stage.fact(fact("a1").build());
            stage.repository(repository("r1").build());
            assertThat(stage.emitted()).isEmpty();
            stage.segment(segment("s1").build());

            assertThat(stage.verdicts()).containsExactly("a1::");
            assertThat(stage.timers()).isZero();
        }

        @Test
        void aRepositoryAtAnotherChannelDoesNotReleaseTheFact() throws Exception {
            stage.segment(segment("s1").build());
            stage.fact(fact("a1").build());
            stage.repository(repository("r1").url(GADGETS).build());
            assertThat(stage.emitted()).isEmpty();

            stage.watermark(DEADLINE_OF_10_00);

            assertThat(stage.verdicts()).containsExactly("a1::" + Validity.REPOSITORY_UNKNOWN);
            assertThat(stage.waiting("s1")).isZero();
            assertThat(stage.timers()).isZero();
        }

        @Test
        void theChannelIsMatchedIgnoringCase() throws Exception {
            stage.segment(segment("s1").build());
            stage.repository(repository("r1").url("https://GitHub.com/Acme/Widgets").build());
            stage.fact(fact("a1").platform("gitlab", "HTTPS://GITHUB.COM/ACME/WIDGETS").build());

            assertThat(stage.verdicts()).containsExactly("a1::");
        }

        @Test
        void aRepositoryOfAnotherSegmentDoesNotCount() throws Exception {
            stage.segment(segment("s1").build());
            stage.repository(repository("r1").segment("s2").url(WIDGETS).build());
            stage.fact(fact("a1").segment("s1").build());
            stage.watermark(DEADLINE_OF_10_00);

            assertThat(stage.verdicts()).containsExactly("a1::" + Validity.REPOSITORY_UNKNOWN);
        }

        static Stream<Arguments> unusableRepositories() {
            return Stream.of(
                    arguments("disabled", repository("r1").disabled().build()),
                    arguments("excluded", repository("r1").excluded().build()),
                    arguments("soft-deleted (deletedAt set)", repository("r1").softDeletedAt(AT_09_00).build()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("unusableRepositories")
        void anUnusableRepositoryHoldsTheFactAsDisabled(String scenario, RepositoryRow unusable) throws Exception {
            stage.segment(segment("s1").build());
            stage.repository(unusable);
            stage.fact(fact("a1").build());

            assertThat(stage.verdicts()).containsExactly("a1::" + Validity.REPOSITORY_DISABLED);
            assertThat(stage.counts("s1")).containsExactly(Map.entry(WIDGETS, "1/0"));
        }

        @Test
        void anUnusableRepositoryReleasesAWaitingFactAsDisabled() throws Exception {
            stage.segment(segment("s1").build());
            stage.fact(fact("a1").build());
            stage.repository(repository("r1").disabled().build());

            assertThat(stage.verdicts()).containsExactly("a1::" + Validity.REPOSITORY_DISABLED);
            assertThat(stage.timers()).isZero();
        }

        @Test
        void oneUsableRepositoryAtTheUrlIsEnough() throws Exception {
            stage.segment(segment("s1").build());
            stage.repository(repository("r1").disabled().build());
            stage.repository(repository("r2").url("https://github.com/ACME/widgets").build());
            stage.fact(fact("a1").build());

            assertThat(stage.verdicts()).containsExactly("a1::");
            assertThat(stage.counts("s1")).containsExactly(Map.entry(WIDGETS, "2/1"));
        }

        @Test
        void aRepositoryDisabledLaterHoldsLaterFacts() throws Exception {
            stage.segment(segment("s1").build());
            stage.repository(repository("r1").version(AT_08_00, 10, 0).build());
            stage.fact(fact("a1").build());
            stage.repository(repository("r1").version(AT_09_00, 20, 0).disabled().build());
            stage.fact(fact("a2").build());

            assertThat(stage.verdicts()).containsExactly("a1::", "a2::" + Validity.REPOSITORY_DISABLED);
            assertThat(stage.deltas()).containsExactly("s1 " + WIDGETS + " 1/1", "s1 " + WIDGETS + " -1/-1",
                    "s1 " + WIDGETS + " 1/0");
        }

        @Test
        void aRepositoryMovedToAnotherUrlCountsOnlyAtItsNewUrl() throws Exception {
            stage.segment(segment("s1").build());
            stage.repository(repository("r1").url(WIDGETS).version(AT_08_00, 10, 0).build());
            stage.repository(repository("r1").url(GADGETS).version(AT_09_00, 20, 0).build());
            stage.fact(fact("a1").platform("github", GADGETS).build());
            stage.fact(fact("a2").platform("github", WIDGETS).build());
            assertThat(stage.verdicts()).containsExactly("a1::");

            stage.watermark(DEADLINE_OF_10_00);

            assertThat(stage.verdicts()).containsExactly("a1::", "a2::" + Validity.REPOSITORY_UNKNOWN);
            assertThat(stage.counts("s1")).as("the old URL's entry is removed").containsExactly(Map.entry(GADGETS, "1/1"));
        }

        @Test
        void aRepositoryMovedToAnotherSegmentWithItsUrlToastedKeepsItsUrl() throws Exception {
            stage.segment(segment("s1").build());
            stage.segment(segment("s2").build());
            stage.repository(repository("r1").segment("s1").version(AT_08_00, 10, 0).build());
            stage.repository(repository("r1").segment("s2").toast(RepositoryRow.URL).version(AT_09_00, 20, 0).build());
            stage.fact(fact("a1").segment("s2").build());

            assertThat(stage.verdicts()).containsExactly("a1::");
            assertThat(stage.deltas()).containsExactly("s1 " + WIDGETS + " 1/1", "s1 " + WIDGETS + " -1/-1",
                    "s2 " + WIDGETS + " 1/1");
            assertThat(stage.counts("s1")).isEmpty();
        }

        @Test
        void aDeletedRepositoryNoLongerCountsAndAnOlderVersionCannotResurrectIt() throws Exception {
            stage.segment(segment("s1").build());
            stage.repository(repository("r1").version(AT_08_00, 10, 0).build());
            stage.repository(repository("r1").version(AT_10_00, 30, 0).deleted().build());
            stage.repository(repository("r1").version(AT_09_00, 20, 0).build()); // stale: no delta, no version
            stage.fact(fact("a1").build());
            stage.watermark(DEADLINE_OF_10_00);

            assertThat(stage.verdicts()).containsExactly("a1::" + Validity.REPOSITORY_UNKNOWN);
            assertThat(stage.deltas()).containsExactly("s1 " + WIDGETS + " 1/1", "s1 " + WIDGETS + " -1/-1");
            assertThat(Stage.side(stage.repositories.getSideOutput(Tags.REPOSITORY_VERSIONS)))
                    .extracting(r -> r.commitLsn).containsExactly(10L, 30L);
            assertThat(stage.counts("s1")).isEmpty();
            assertThat(stage.join.numKeyedStateEntries()).as("only the segment is left").isEqualTo(1);
        }

        @Test
        void aDuplicateRepositoryVersionChangesNoCount() throws Exception {
            stage.repository(repository("r1").build());
            stage.repository(repository("r1").build());

            assertThat(stage.deltas()).containsExactly("s1 " + WIDGETS + " 1/1");
            assertThat(stage.counts("s1")).containsExactly(Map.entry(WIDGETS, "1/1"));
        }

        @Test
        void aRestoredStageKeepsWaitingFactsCountsAndSegments() throws Exception {
            stage.segment(segment("s1").build());
            stage.repository(repository("r1").url(GADGETS).version(AT_08_00, 10, 0).build());
            stage.fact(fact("a1").platform("github", WIDGETS).build()); // waits for a repository at WIDGETS
            OperatorSubtaskState repositoriesState = stage.repositories.snapshot(1L, 1L);
            OperatorSubtaskState joinState = stage.join.snapshot(1L, 1L);
            stage.close();

            stage = new Stage(repositoriesState, joinState);
            assertThat(stage.timers()).isEqualTo(1);
            stage.fact(fact("a2").platform("github", GADGETS).build()); // segment and count survived
            stage.repository(repository("r1").url(WIDGETS).version(AT_09_00, 20, 0).build()); // moves: -GADGETS +WIDGETS
            stage.fact(fact("a3").platform("github", GADGETS).build());
            stage.watermark(DEADLINE_OF_10_00);

            assertThat(stage.verdicts()).containsExactly("a2::", "a1::", "a3::" + Validity.REPOSITORY_UNKNOWN);
            assertThat(stage.timers()).isZero();
            assertThat(stage.waiting("s1")).isZero();
        }
    }
}
