package io.lambdasuite.jobs.stream;

import static io.lambdasuite.jobs.stream.TestRows.AT_09_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_10_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_10_30;
import static io.lambdasuite.jobs.stream.TestRows.AT_11_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_12_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_13_00;
import static io.lambdasuite.jobs.stream.TestRows.fact;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.model.ActivityColumns;
import io.lambdasuite.udfs.model.ActivityRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** SPEC §2 at ingestion: the latest version per dedup key passes, everything else is dropped. */
class LatestVersionFilterTest {
    private static final Duration NO_TTL = Duration.ZERO;
    private static final Duration ONE_HOUR = Duration.ofHours(1);
    /** Wall-clock (processing) time of the TTL clock, unrelated to the rows' event times. */
    private static final long WALL_START = 1_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, ActivityRow, ActivityRow> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, ActivityRow, ActivityRow> newHarness(Duration ttl)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LatestVersionFilter(ttl)), ActivityRow::dedupKey, Types.STRING);
    }

    private void open(Duration ttl) throws Exception {
        harness = newHarness(ttl);
        harness.setStateTtlProcessingTime(WALL_START);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void send(ActivityRow... rows) throws Exception {
        for (ActivityRow r : rows) {
            harness.processElement(r, r.commitTimestamp);
        }
    }

    /** The emitted versions as (activityId, updatedAt, lsn, idx, deleted) strings, in emission order. */
    private List<String> emitted() {
        List<String> out = new ArrayList<>();
        for (ActivityRow r : harness.extractOutputValues()) {
            out.add(version(r));
        }
        return out;
    }

    private static String version(ActivityRow r) {
        return r.activityId + "@" + r.updatedAt + "/" + r.commitLsn + "/" + r.commitIdx + (r.isDeleted ? " deleted" : "");
    }

    private static String version(String activityId, long updatedAt, long lsn, int idx) {
        return activityId + "@" + updatedAt + "/" + lsn + "/" + idx;
    }

    @Nested
    class Ordering {
        @Test
        void aNewerVersionPasses() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_10_00, 100, 0).build(), fact("a1").version(AT_11_00, 200, 0).build());

            assertThat(emitted()).containsExactly(version("a1", AT_10_00, 100, 0), version("a1", AT_11_00, 200, 0));
        }

        @Test
        void anEqualTripleIsADuplicateAndIsDropped() throws Exception {
            open(NO_TTL);
            ActivityRow first = fact("a1").version(AT_10_00, 100, 0).build();
            // at-least-once redelivery: same triple, even with other column values
            ActivityRow redelivered = fact("a1").version(AT_10_00, 100, 0).git(999, 999).build();
            send(first, redelivered);

            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(r -> assertThat(r.gitInsertions).isEqualTo(10));
        }

        @Test
        void anOlderVersionArrivingLateIsStaleAndIsDropped() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_11_00, 200, 0).build(), fact("a1").version(AT_10_00, 300, 5).build());

            assertThat(emitted()).containsExactly(version("a1", AT_11_00, 200, 0));
        }

        @Test
        void updatedAtDecidesBeforeTheCommitLsn() throws Exception {
            open(NO_TTL);
            // a greater lsn does not make an earlier updatedAt newer
            send(fact("a1").version(AT_11_00, 100, 0).build(), fact("a1").version(AT_10_00, 900, 9).build());

            assertThat(emitted()).containsExactly(version("a1", AT_11_00, 100, 0));
        }

        @Test
        void withEqualUpdatedAtTheCommitLsnDecides() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_10_00, 200, 0).build(),
                    fact("a1").version(AT_10_00, 100, 7).build(),
                    fact("a1").version(AT_10_00, 300, 0).build());

            assertThat(emitted()).containsExactly(version("a1", AT_10_00, 200, 0), version("a1", AT_10_00, 300, 0));
        }

        @Test
        void withEqualUpdatedAtAndLsnTheCommitIdxDecides() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_10_00, 100, 2).build(),
                    fact("a1").version(AT_10_00, 100, 1).build(),
                    fact("a1").version(AT_10_00, 100, 3).build());

            assertThat(emitted()).containsExactly(version("a1", AT_10_00, 100, 2), version("a1", AT_10_00, 100, 3));
        }

        @Test
        void arrivalOrderNeverDecides() throws Exception {
            ActivityRow v1 = fact("a1").version(AT_10_00, 100, 0).build();
            ActivityRow v2 = fact("a1").version(AT_10_00, 100, 1).build();
            ActivityRow v3 = fact("a1").version(AT_10_30, 50, 0).build();
            for (List<ActivityRow> arrival : permutations(List.of(v1, v2, v3))) {
                open(NO_TTL);
                for (ActivityRow r : arrival) {
                    send(r.copy());
                }
                List<ActivityRow> out = harness.extractOutputValues();
                // whatever the order, the newest version is emitted last and every emission is newer than the one before
                assertThat(version(out.get(out.size() - 1))).as("arrival %s", arrival).isEqualTo(version(v3));
                for (int i = 1; i < out.size(); i++) {
                    assertThat(io.lambdasuite.udfs.rules.VersionOrder.compare(out.get(i), out.get(i - 1)))
                            .as("arrival %s", arrival).isPositive();
                }
                harness.close();
            }
            harness = null;
        }

        @Test
        void keysAreIndependent() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_11_00, 200, 0).build(), fact("a2").version(AT_10_00, 100, 0).build());

            assertThat(emitted()).containsExactly(version("a1", AT_11_00, 200, 0), version("a2", AT_10_00, 100, 0));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        }
    }

    @Nested
    class Tombstones {
        @Test
        void aDeleteBecomesATombstoneThatBlocksALaterArrivingOlderInsert() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_10_00, 100, 0).build(),
                    fact("a1").version(AT_12_00, 300, 0).deleted().build(),
                    // the insert of 11:00 was delayed: it must not resurrect the deleted row
                    fact("a1").version(AT_11_00, 200, 0).build());

            assertThat(emitted()).containsExactly(version("a1", AT_10_00, 100, 0),
                    version("a1", AT_12_00, 300, 0) + " deleted");
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }

        @Test
        void aDeleteArrivingBeforeItsInsertStillWins() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_12_00, 300, 0).deleted().build(), fact("a1").version(AT_10_00, 100, 0).build());

            assertThat(emitted()).containsExactly(version("a1", AT_12_00, 300, 0) + " deleted");
        }

        @Test
        void aGenuinelyNewerInsertAfterTheDeletePasses() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_12_00, 300, 0).deleted().build(), fact("a1").version(AT_13_00, 400, 0).build());

            assertThat(emitted()).containsExactly(version("a1", AT_12_00, 300, 0) + " deleted",
                    version("a1", AT_13_00, 400, 0));
        }
    }

    @Nested
    class UnchangedToast {
        private static final int GIT_AND_TEXT = ActivityColumns.GIT_INSERTIONS | ActivityColumns.GIT_DELETIONS
                | ActivityColumns.USERNAME | ActivityColumns.PULL_REQUEST_REVIEW_STATE;

        @Test
        void toastedColumnsAreFilledFromTheKeptVersionAndGitLinesRecomputed() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_10_00, 100, 0).git(400, 200)
                            .with(r -> {
                                r.username = "alice";
                                r.pullRequestReviewState = "APPROVED";
                            }).build(),
                    fact("a1").version(AT_11_00, 200, 0).toast(GIT_AND_TEXT).with(r -> r.score = 7).build());

            ActivityRow update = harness.extractOutputValues().get(1);
            assertThat(update.toastMask).isZero();
            assertThat(update.gitInsertions).isEqualTo(400);
            assertThat(update.gitDeletions).isEqualTo(200);
            assertThat(update.username).isEqualTo("alice");
            assertThat(update.pullRequestReviewState).isEqualTo("APPROVED");
            assertThat(update.score).as("a column that was sent keeps its new value").isEqualTo(7);
            // the parser computed 0 / '' from the toasted zeros; the filter recomputes from the filled values
            assertThat(update.gitChangedLines).isEqualTo(600);
            assertThat(update.gitChangedLinesBucket).isEqualTo("500+");
        }

        @Test
        void toastIsFilledFromTheKeptVersionNotFromADroppedStaleOne() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_11_00, 200, 0).git(7, 0).build(),
                    fact("a1").version(AT_10_00, 100, 0).git(999, 0).build(), // stale: dropped
                    fact("a1").version(AT_12_00, 300, 0).toast(ActivityColumns.GIT_INSERTIONS).build());

            List<ActivityRow> out = harness.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(1).gitInsertions).isEqualTo(7);
            assertThat(out.get(1).gitChangedLines).isEqualTo(12);
            assertThat(out.get(1).gitChangedLinesBucket).isEqualTo("10-59");
        }

        @Test
        void aChainOfToastedUpdatesKeepsTheLastSentValue() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_10_00, 100, 0).git(1, 1).build(),
                    fact("a1").version(AT_11_00, 200, 0).toast(ActivityColumns.GIT_DELETIONS).git(50, 0).build(),
                    fact("a1").version(AT_12_00, 300, 0).toast(ActivityColumns.GIT_INSERTIONS).git(0, 70).build());

            ActivityRow last = harness.extractOutputValues().get(2);
            assertThat(last.gitInsertions).isEqualTo(50);
            assertThat(last.gitDeletions).isEqualTo(70);
            assertThat(last.gitChangedLines).isEqualTo(120);
        }

        @Test
        void toastWithoutAnEarlierVersionKeepsTheDefaultsAndNeverReachesTheOutput() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_10_00, 100, 0).toast(ActivityColumns.GIT_INSERTIONS | ActivityColumns.USERNAME)
                    .git(0, 5).build());

            ActivityRow only = harness.extractOutputValues().get(0);
            assertThat(only.toastMask).isZero();
            assertThat(only.gitInsertions).isZero();
            assertThat(only.username).isEmpty();
            assertThat(only.gitChangedLines).isEqualTo(5);
            assertThat(only.gitChangedLinesBucket).isEqualTo("1-9");
        }
    }

    @Nested
    class StateTtl {
        @Test
        void withinTheTtlADuplicateIsStillRecognised() throws Exception {
            open(ONE_HOUR);
            send(fact("a1").version(AT_10_00, 100, 0).build());
            harness.setStateTtlProcessingTime(WALL_START + ONE_HOUR.toMillis() - 1);
            send(fact("a1").version(AT_10_00, 100, 0).build());

            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }

        @Test
        void theTtlCountsFromTheLastWriteNotTheFirst() throws Exception {
            open(ONE_HOUR);
            send(fact("a1").version(AT_10_00, 100, 0).build());
            harness.setStateTtlProcessingTime(WALL_START + ONE_HOUR.toMillis() - 1);
            send(fact("a1").version(AT_11_00, 200, 0).build()); // a write renews the TTL
            harness.setStateTtlProcessingTime(WALL_START + ONE_HOUR.toMillis() + 10);
            send(fact("a1").version(AT_10_00, 100, 0).build()); // stale, still known

            assertThat(emitted()).containsExactly(version("a1", AT_10_00, 100, 0), version("a1", AT_11_00, 200, 0));
        }

        @Test
        void afterTheTtlTheKeyIsForgottenAndItsStateCountReturnsToZero() throws Exception {
            open(ONE_HOUR);
            send(fact("a1").version(AT_10_00, 100, 0).build());
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

            harness.setStateTtlProcessingTime(WALL_START + ONE_HOUR.toMillis() + 1);
            ActivityRow expired = KeyedStateProbe.state(harness, fact("a1").build().dedupKey(), LatestVersionFilter.LATEST)
                    .value();

            assertThat(expired).as("an expired version is never returned").isNull();
            assertThat(harness.numKeyedStateEntries()).isZero();
        }

        @Test
        void expiredKeysAreCleanedUpWhileOtherKeysAreProcessed() throws Exception {
            open(ONE_HOUR);
            send(fact("a1").build(), fact("a2").build(), fact("a3").build());
            assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

            harness.setStateTtlProcessingTime(WALL_START + ONE_HOUR.toMillis() + 1);
            send(fact("a4").build());
            // The heap backend's incremental cleanup visits an entry on every state access and drops the expired
            // ones (here in a sparse table: 4 keys over 128 key groups). Duplicates of a4 read the state and write
            // nothing, so only the cleanup changes it.
            for (int access = 0; access < 256; access++) {
                send(fact("a4").build());
            }

            assertThat(harness.extractOutputValues()).hasSize(4);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }

        @Test
        void afterTheTtlARedeliveredVersionPassesAgainAsDocumented() throws Exception {
            open(ONE_HOUR);
            send(fact("a1").version(AT_10_00, 100, 0).build());
            harness.setStateTtlProcessingTime(WALL_START + ONE_HOUR.toMillis() + 1);
            send(fact("a1").version(AT_10_00, 100, 0).build());

            assertThat(harness.extractOutputValues()).hasSize(2);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }

        @Test
        void aZeroTtlKeepsStateForever() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_10_00, 100, 0).build());
            harness.setStateTtlProcessingTime(WALL_START + Duration.ofDays(3650).toMillis());
            send(fact("a1").version(AT_10_00, 100, 0).build(), fact("a1").version(AT_09_00, 100, 0).build());

            assertThat(harness.extractOutputValues()).hasSize(1);
        }
    }

    @Nested
    class SnapshotAndRestore {
        private KeyedOneInputStreamOperatorTestHarness<String, ActivityRow, ActivityRow> restored(
                OperatorSubtaskState snapshot, Duration ttl) throws Exception {
            KeyedOneInputStreamOperatorTestHarness<String, ActivityRow, ActivityRow> h = newHarness(ttl);
            h.setStateTtlProcessingTime(WALL_START);
            h.initializeState(snapshot);
            h.open();
            return h;
        }

        @Test
        void aRestoredFilterStillDropsDuplicatesAndStaleVersionsAndFillsToast() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_11_00, 200, 0).git(30, 30).build(),
                    fact("a2").version(AT_12_00, 300, 0).deleted().build());
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            harness.close();

            harness = restored(snapshot, NO_TTL);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
            send(fact("a1").version(AT_11_00, 200, 0).build(), // duplicate of the pre-snapshot version
                    fact("a1").version(AT_10_00, 100, 0).build(), // stale
                    fact("a2").version(AT_10_00, 100, 0).build(), // older than the tombstone
                    fact("a1").version(AT_12_00, 300, 0)
                            .toast(ActivityColumns.GIT_INSERTIONS | ActivityColumns.GIT_DELETIONS).build());

            List<ActivityRow> out = harness.extractOutputValues();
            assertThat(out).extracting(LatestVersionFilterTest::version)
                    .containsExactly(version("a1", AT_12_00, 300, 0));
            assertThat(out.get(0).gitInsertions).isEqualTo(30);
            assertThat(out.get(0).gitChangedLines).isEqualTo(60);
        }

        /** The dedup state of builds before ActivityRow's own serializer: Flink's POJO serializer, same fields. */
        private static final class PojoStateWriter extends KeyedProcessFunction<String, ActivityRow, ActivityRow> {
            @Override
            public void processElement(ActivityRow row, Context ctx, Collector<ActivityRow> out) throws Exception {
                getRuntimeContext().getState(new ValueStateDescriptor<>(LatestVersionFilter.LATEST.getName(),
                        PojoSerializationTest.pojoTypeOfEarlierBuilds(ActivityRow.class))).update(row);
            }
        }

        @Test
        void dedupStateOfAnEarlierBuildInThePojoFormatIsMigratedOnRestore() throws Exception {
            KeyedOneInputStreamOperatorTestHarness<String, ActivityRow, ActivityRow> old =
                    new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new PojoStateWriter()),
                            ActivityRow::dedupKey, Types.STRING);
            old.open();
            old.processElement(new StreamRecord<>(fact("a1").version(AT_11_00, 200, 0).git(30, 30).build()));
            OperatorSubtaskState snapshot = old.snapshot(1L, 1L);
            old.close();

            harness = restored(snapshot, NO_TTL);
            send(fact("a1").version(AT_11_00, 200, 0).build(), // duplicate of the version in the old state
                    fact("a1").version(AT_12_00, 300, 0)
                            .toast(ActivityColumns.GIT_INSERTIONS | ActivityColumns.GIT_DELETIONS).build());

            List<ActivityRow> out = harness.extractOutputValues();
            assertThat(out).extracting(LatestVersionFilterTest::version).containsExactly(version("a1", AT_12_00, 300, 0));
            assertThat(out.get(0).gitInsertions).as("toast filled from the migrated version").isEqualTo(30);
        }

        @Test
        void aRestoredFilterWithTtlKeepsTheStateAlive() throws Exception {
            open(ONE_HOUR);
            send(fact("a1").version(AT_11_00, 200, 0).build());
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            harness.close();

            harness = restored(snapshot, ONE_HOUR);
            send(fact("a1").version(AT_11_00, 200, 0).build());

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }
        @Test
        void stateWrittenWithoutTtlIsRestoredWhenATtlIsConfigured() throws Exception {
            open(NO_TTL);
            send(fact("a1").version(AT_11_00, 200, 0).build());
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            harness.close();

            harness = restored(snapshot, ONE_HOUR); // state.dedup-ttl changed from 0 between runs
            send(fact("a1").version(AT_11_00, 200, 0).build(), fact("a1").version(AT_12_00, 300, 0).build());

            assertThat(emitted()).containsExactly(version("a1", AT_12_00, 300, 0));
        }

        @Test
        void stateWrittenWithTtlIsRestoredWhenTheTtlIsSwitchedOff() throws Exception {
            open(ONE_HOUR);
            send(fact("a1").version(AT_11_00, 200, 0).build());
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            harness.close();

            harness = restored(snapshot, NO_TTL);
            send(fact("a1").version(AT_11_00, 200, 0).build(), fact("a1").version(AT_12_00, 300, 0).build());

            assertThat(emitted()).containsExactly(version("a1", AT_12_00, 300, 0));
        }
    }

    @Nested
    class Metrics {
        @Test
        void everyDroppedVersionIsCounted() throws Exception {
            InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
            TaskMetricGroup task = new InterceptingTaskMetricGroup() {
                @Override
                public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> vars) {
                    return metrics;
                }
            };
            harness = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new LatestVersionFilter(NO_TTL)), ActivityRow::dedupKey, Types.STRING,
                    new MockEnvironmentBuilder().setMetricGroup(task).build());
            harness.open();

            send(fact("a1").version(AT_10_00, 100, 0).build(),
                    fact("a1").version(AT_10_00, 100, 0).build(), // duplicate
                    fact("a1").version(AT_09_00, 100, 0).build(), // stale
                    fact("a1").version(AT_11_00, 200, 0).toast(ActivityColumns.USERNAME).build(), // resolved
                    fact("a2").version(AT_10_00, 100, 0).toast(ActivityColumns.USERNAME).build()); // nothing to fill from

            assertThat(count(metrics, "newVersions")).isEqualTo(3);
            assertThat(count(metrics, "duplicates")).isEqualTo(1);
            assertThat(count(metrics, "staleVersions")).isEqualTo(1);
            assertThat(count(metrics, "toastUnresolved")).isEqualTo(1);
        }

        private long count(InterceptingOperatorMetricGroup metrics, String name) {
            return ((Counter) metrics.get(name)).getCount();
        }
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            List<List<T>> one = new ArrayList<>();
            one.add(new ArrayList<>());
            return one;
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> p : permutations(rest)) {
                p.add(0, head);
                out.add(p);
            }
        }
        return out;
    }
}
