package io.lambdasuite.jobs.stream;

import static io.lambdasuite.jobs.stream.TestRows.AT_09_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_10_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_11_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_12_00;
import static io.lambdasuite.jobs.stream.TestRows.AT_13_00;
import static io.lambdasuite.jobs.stream.TestRows.fact;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.rules.PullRequestRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The streaming PR branch (SPEC §6): one record per PR, emitted on change, undone by removals, state cleared. */
class PullRequestLifecycleTest {
    private static final String PR = "gh-pr-1001";
    private static final Duration RETENTION = Duration.ofDays(1);
    private static final Duration NO_IDLE_TTL = Duration.ZERO;
    private static final long DAY = Duration.ofDays(1).toMillis();
    /** Wall-clock time of the TTL clock, unrelated to event time. */
    private static final long WALL_START = 1_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, PullRequestEvent, PullRequestRecord> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, PullRequestEvent, PullRequestRecord> newHarness(
            Duration idleTtl) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PullRequestLifecycle(RETENTION, idleTtl)), e -> e.pullRequestKey,
                Types.STRING);
    }

    private void open(Duration idleTtl) throws Exception {
        harness = newHarness(idleTtl);
        harness.setStateTtlProcessingTime(WALL_START);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** A PR event of {@link #PR}, as the enrichment emits it: written (updatedAt, commit time) at 10:00. */
    private static TestRows.FactBuilder event(String activityId, String type, long timestamp) {
        return fact(activityId).with(r -> {
            r.type = type;
            r.timestamp = timestamp;
            r.sourceId = type.endsWith("-opened") ? PR : PR + "-" + activityId;
            r.sourceParentId = type.endsWith("-opened") ? "" : PR;
        });
    }

    private static PullRequestEvent of(TestRows.FactBuilder b) {
        return PullRequestEvent.of(b.build());
    }

    private static TestRows.FactBuilder opened() {
        return event("open", "pull_request-opened", AT_09_00);
    }

    private static TestRows.FactBuilder reviewed() {
        return event("rev", "pull_request-reviewed", AT_10_00).with(r -> r.pullRequestReviewState = "APPROVED");
    }

    private static TestRows.FactBuilder merged() {
        return event("mrg", "pull_request-merged", AT_11_00).version(AT_11_00, 300, 0);
    }

    private void send(PullRequestEvent... events) throws Exception {
        for (PullRequestEvent e : events) {
            harness.processElement(e, e.commitTimestamp);
        }
    }

    private List<PullRequestRecord> emitted() {
        return harness.extractOutputValues();
    }

    private PullRequestRecord last() {
        List<PullRequestRecord> out = emitted();
        return out.get(out.size() - 1);
    }

    @Nested
    class Records {
        @Test
        void emitsARecordOnlyWhenItChanges() throws Exception {
            open(NO_IDLE_TTL);
            send(of(opened()));
            send(of(opened())); // redelivery
            send(of(reviewed()));
            send(of(event("rev2", "pull_request-reviewed", AT_11_00))); // a later review changes no column
            send(of(merged()));

            List<PullRequestRecord> out = emitted();
            assertThat(out).extracting(r -> r.revision).containsExactly(1L, 2L, 3L);
            assertThat(out.get(0).reviewedAt).isNull();
            assertThat(out.get(1).reviewedAt).isEqualTo(AT_10_00);
            assertThat(out.get(1).approvedAt).isEqualTo(AT_10_00);
            assertThat(out.get(2).mergedAt).isEqualTo(AT_11_00);
            assertThat(out.get(2).mergedInSeconds).isEqualTo(7200L);
            assertThat(out.get(2).commitTimestamp).as("the newest change's commit time").isEqualTo(AT_11_00);
            assertThat(out.get(2).snapshotId).isEqualTo(AT_12_00);
            assertThat(out).noneMatch(r -> r.isDeleted);
        }

        @Test
        void aChildBeforeItsOpenedEventIsKeptAndCountsOnceItArrives() throws Exception {
            open(NO_IDLE_TTL);
            send(of(reviewed()), of(merged()));
            assertThat(emitted()).as("not published before the opened event").isEmpty();

            send(of(opened()));
            assertThat(emitted()).singleElement().satisfies(r -> {
                assertThat(r.id).isEqualTo(opened().build().activityId);
                assertThat(r.reviewedAt).isEqualTo(AT_10_00);
                assertThat(r.mergedAt).isEqualTo(AT_11_00);
                assertThat(r.revision).isEqualTo(1L);
            });
        }

        @Test
        void anyArrivalOrderEndsInTheSameRecord() throws Exception {
            // heap state keeps events by reference: every run sends fresh ones
            List<Supplier<PullRequestEvent>> events = new ArrayList<>(List.of(() -> of(opened()),
                    () -> of(reviewed()), () -> of(merged()),
                    () -> of(event("asg", "pull_request-assigned", AT_09_00 + 60_000)),
                    () -> of(event("cls", "pull_request-closed", AT_13_00)),
                    () -> of(event("ps", "patchset-created", AT_10_00)),
                    () -> of(opened()), () -> of(merged()))); // redeliveries
            PullRequestRecord expected = PullRequestRule.apply(PR,
                    PullRequestRule.current(events.stream().map(Supplier::get).toList()));
            Random rnd = new Random(7);
            for (int i = 0; i < 20; i++) {
                Collections.shuffle(events, rnd);
                open(NO_IDLE_TTL);
                for (Supplier<PullRequestEvent> e : events) {
                    send(e.get());
                }
                assertThat(last().sameResultAs(expected)).as("run %d: %s", i, last()).isTrue();
                assertThat(emitted()).extracting(r -> r.revision).isSorted().doesNotHaveDuplicates();
                harness.close();
            }
            harness = null;
        }

        @Test
        void aLateOlderVersionOfAnEventChangesNothing() throws Exception {
            open(NO_IDLE_TTL);
            // a corrected review (no longer an approval), then its older version (10:00, lsn 100), late
            send(of(opened()), of(reviewed().version(AT_12_00, 400, 0).with(r -> r.pullRequestReviewState = "COMMENTED")));
            send(of(reviewed()));
            assertThat(emitted()).hasSize(2);
            assertThat(last().reviewedAt).isEqualTo(AT_10_00);
            assertThat(last().approvedAt).isNull();
        }
    }

    @Nested
    class Undo {
        @Test
        void aTombstoneUndoesItsEvent() throws Exception {
            open(NO_IDLE_TTL);
            send(of(opened()), of(reviewed()), of(merged()));
            send(of(merged().version(AT_12_00, 500, 0).deleted()));

            assertThat(last().mergedAt).isNull();
            assertThat(last().resolvedAt).isNull();
            assertThat(last().reviewedAt).isEqualTo(AT_10_00);
            assertThat(last().snapshotId).as("the tombstone's update does not count").isEqualTo(AT_11_00);
            assertThat(last().revision).isEqualTo(4L);

            send(of(merged())); // the insert again, late: older than the tombstone
            assertThat(emitted()).hasSize(4);
        }

        @Test
        void aRowThatBecomesHeldLeavesItsPullRequestAndComesBackWhenPublished() throws Exception {
            open(NO_IDLE_TTL);
            send(of(opened()), of(reviewed()));
            send(of(reviewed().version(AT_11_00, 200, 0).with(r -> r.heldReason = "member-bot")));
            assertThat(last().reviewedAt).isNull();
            assertThat(last().approvedAt).isNull();

            send(of(reviewed().version(AT_12_00, 300, 0)));
            assertThat(last().reviewedAt).isEqualTo(AT_10_00);
            assertThat(emitted()).extracting(r -> r.revision).containsExactly(1L, 2L, 3L, 4L);
        }

        @Test
        void losingTheOpenedEventRetractsThePullRequest() throws Exception {
            open(NO_IDLE_TTL);
            send(of(opened()), of(reviewed()));
            send(of(opened().version(AT_12_00, 500, 0).deleted()));

            assertThat(last().isDeleted).isTrue();
            assertThat(last().sourceId).isEqualTo(PR);
            assertThat(last().snapshotId).isEqualTo(AT_13_00);
            send(of(event("rev3", "pull_request-reviewed", AT_12_00)));
            assertThat(emitted()).as("nothing more for a PR without its opened event").hasSize(3);

            // a new opened event (another row) publishes it again
            send(of(event("open2", "pull_request-opened", AT_10_00).version(AT_13_00, 600, 0)));
            assertThat(last().isDeleted).isFalse();
            assertThat(last().openedAt).isEqualTo(AT_10_00);
            assertThat(last().revision).isEqualTo(4L);
        }
    }

    @Nested
    class Cleanup {
        @Test
        void stateAndTimersReturnToZeroTheRetentionAfterAResolvedPullRequestsLastChange() throws Exception {
            open(NO_IDLE_TTL);
            send(of(opened()), of(reviewed()));
            assertThat(harness.numEventTimeTimers()).as("not resolved: no timer").isZero();
            send(of(merged()));
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            assertThat(harness.numKeyedStateEntries()).isPositive();

            harness.processWatermark(AT_11_00 + DAY - 1);
            assertThat(harness.numKeyedStateEntries()).isPositive();
            harness.processWatermark(AT_11_00 + DAY);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }

        @Test
        void aLaterChangeMovesTheTimerAndUnresolvingCancelsIt() throws Exception {
            open(NO_IDLE_TTL);
            send(of(opened()), of(merged()));
            send(of(event("cls", "pull_request-closed", AT_11_00).version(AT_13_00, 400, 0)));
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            harness.processWatermark(AT_11_00 + DAY);
            assertThat(harness.numKeyedStateEntries()).as("moved to 13:00 + 1 day").isPositive();

            send(of(merged().version(AT_13_00, 500, 0).deleted()),
                    of(event("cls", "pull_request-closed", AT_11_00).version(AT_13_00, 501, 0).deleted()));
            assertThat(last().resolvedAt).isNull();
            assertThat(harness.numEventTimeTimers()).isZero();
            harness.processWatermark(AT_13_00 + 10 * DAY);
            assertThat(harness.numKeyedStateEntries()).as("an open PR is kept").isPositive();
        }

        @Test
        void theFinalWatermarkOfADrainingStopKeepsTheStateForTheSavepoint() throws Exception {
            open(NO_IDLE_TTL);
            send(of(opened()), of(merged()));
            harness.processWatermark(Long.MAX_VALUE);
            assertThat(harness.numEventTimeTimers()).isZero();
            assertThat(harness.numKeyedStateEntries()).isPositive();
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            harness.close();

            // the next run: the PR's next change re-arms its timer, and the state goes once it is due
            harness = restored(snapshot, NO_IDLE_TTL);
            send(of(reviewed()));
            assertThat(last().mergedAt).as("the merge from before the stop is still known").isEqualTo(AT_11_00);
            assertThat(last().reviewedAt).isEqualTo(AT_10_00);
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            harness.processWatermark(AT_11_00 + DAY);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }

        @Test
        void anUnresolvedPullRequestIsDroppedAfterTheIdleTtl() throws Exception {
            open(Duration.ofDays(365));
            send(of(opened()));
            harness.setStateTtlProcessingTime(WALL_START + Duration.ofDays(200).toMillis());
            send(of(reviewed())); // a change refreshes every entry of the PR
            harness.setStateTtlProcessingTime(WALL_START + Duration.ofDays(400).toMillis());
            send(of(event("asg", "pull_request-assigned", AT_10_00)));
            assertThat(last().assignedAt).as("the opened event outlived its own first write").isEqualTo(AT_10_00);

            harness.setStateTtlProcessingTime(WALL_START + Duration.ofDays(800).toMillis());
            send(of(event("cls", "pull_request-closed", AT_12_00)));
            assertThat(emitted()).as("expired: the opened event is forgotten").hasSize(3);
        }

        @Test
        void snapshotAndRestoreKeepEveryEventAndTimer() throws Exception {
            open(NO_IDLE_TTL);
            send(of(reviewed()), of(merged()));
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            harness.close();

            harness = restored(snapshot, NO_IDLE_TTL);
            send(of(opened()));
            assertThat(emitted()).singleElement().satisfies(r -> {
                assertThat(r.reviewedAt).isEqualTo(AT_10_00);
                assertThat(r.mergedAt).isEqualTo(AT_11_00);
            });
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<String, PullRequestEvent, PullRequestRecord> restored(
            OperatorSubtaskState snapshot, Duration idleTtl) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, PullRequestEvent, PullRequestRecord> h = newHarness(idleTtl);
        h.setStateTtlProcessingTime(WALL_START);
        h.initializeState(snapshot);
        h.open();
        return h;
    }
}
