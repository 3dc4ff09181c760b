package io.lambdasuite.udfs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.model.PullRequestRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The PR rule of SPEC §6 / reference-schema.md §5 as a function of the set of a PR's current events. */
class PullRequestRuleTest {
    private static final String PR = "gh-pr-1001";

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static final long OPENED = t("2024-05-01T10:00:00.250Z");
    private static final long ASSIGNED = t("2024-05-01T10:05:00Z");
    private static final long REVIEW_REQUESTED = t("2024-05-01T10:20:00Z");
    private static final long REVIEWED = t("2024-05-01T11:00:00Z");
    private static final long APPROVED = t("2024-05-01T12:00:00Z");
    private static final long CLOSED = t("2024-05-02T09:00:00.999Z");
    private static final long MERGED = t("2024-05-02T08:00:00Z");
    private static final long UPDATED = t("2024-05-02T09:30:00Z");

    /** A builder of one event version, by default live, published, on GitHub, in PR {@link #PR}. */
    private static final class E {
        final PullRequestEvent e = new PullRequestEvent();

        E(String type, String sourceId, long timestamp) {
            e.type = type;
            e.sourceId = sourceId;
            e.timestamp = timestamp;
            e.activityId = "act-" + sourceId;
            e.pullRequestKey = PR;
            e.eventKey = "seg-1|" + timestamp + "|" + type + "|github|repo|" + sourceId;
            e.segmentId = "seg-1";
            e.channel = "https://github.com/acme/widgets";
            e.memberId = "m-" + sourceId;
            e.organizationId = "o-1";
            e.gitChangedLinesBucket = "10-59";
            e.platform = "github";
            e.updatedAt = timestamp;
            e.commitLsn = 100;
        }

        E review(String state) {
            e.pullRequestReviewState = state;
            return this;
        }

        E version(long updatedAt, long lsn) {
            e.updatedAt = updatedAt;
            e.commitLsn = lsn;
            return this;
        }

        E activity(String activityId) {
            e.activityId = activityId;
            return this;
        }

        E removed() {
            e.removed = true;
            return this;
        }

        /** The same event (same identity) as another version: copies identity, keeps this builder's columns. */
        E sameEventAs(PullRequestEvent other) {
            e.eventKey = other.eventKey;
            return this;
        }

        PullRequestEvent get() {
            return e;
        }
    }

    private static E opened() {
        return new E("pull_request-opened", PR, OPENED);
    }

    private static E child(String type, String sourceId, long timestamp) {
        return new E(type, sourceId, timestamp);
    }

    /** Every role once (reviewed twice, one of them an approval; two patchsets), latest update at UPDATED. */
    private static List<PullRequestEvent> fullLifecycle() {
        List<PullRequestEvent> events = new ArrayList<>();
        events.add(opened().get());
        events.add(child("pull_request-assigned", PR + "-1", ASSIGNED).get());
        events.add(child("pull_request-assigned", PR + "-2", ASSIGNED + 60_000).get());
        events.add(child("pull_request-review-requested", PR + "-3", REVIEW_REQUESTED).get());
        events.add(child("pull_request-reviewed", PR + "-4", REVIEWED).review("CHANGES_REQUESTED").get());
        events.add(child("pull_request-reviewed", PR + "-5", APPROVED).review("APPROVED").get());
        events.add(child("pull_request-closed", PR + "-6", CLOSED).version(UPDATED, 900).get());
        events.add(child("pull_request-merged", PR + "-7", MERGED).get());
        events.add(child("patchset-created", PR + "-ps1", OPENED + 1000).get());
        events.add(child("patchset-created", PR + "-ps2", OPENED + 2000).get());
        return events;
    }

    private static PullRequestRecord apply(List<PullRequestEvent> versions) {
        return PullRequestRule.apply(PR, PullRequestRule.current(versions));
    }

    @Nested
    class LifecycleColumns {
        @Test
        void everyColumnOfAFullLifecycle() {
            PullRequestRecord r = apply(fullLifecycle());

            assertThat(r.id).isEqualTo("act-" + PR);
            assertThat(r.sourceId).isEqualTo(PR);
            assertThat(r.openedAt).isEqualTo(OPENED);
            assertThat(r.segmentId).isEqualTo("seg-1");
            assertThat(r.channel).isEqualTo("https://github.com/acme/widgets");
            assertThat(r.memberId).isEqualTo("m-" + PR);
            assertThat(r.organizationId).isEqualTo("o-1");
            assertThat(r.gitChangedLinesBucket).isEqualTo("10-59");
            assertThat(r.platform).isEqualTo("github");
            assertThat(r.assignedAt).as("the earliest of two assignments").isEqualTo(ASSIGNED);
            assertThat(r.reviewRequestedAt).isEqualTo(REVIEW_REQUESTED);
            assertThat(r.reviewedAt).as("any review counts").isEqualTo(REVIEWED);
            assertThat(r.approvedAt).as("only the APPROVED review").isEqualTo(APPROVED);
            assertThat(r.closedAt).isEqualTo(CLOSED);
            assertThat(r.mergedAt).isEqualTo(MERGED);
            assertThat(r.resolvedAt).as("the earlier of closed and merged").isEqualTo(MERGED);
            // opened at 10:00:00.250 counts as 10:00:00
            assertThat(r.assignedInSeconds).isEqualTo(300L);
            assertThat(r.reviewRequestedInSeconds).isEqualTo(1200L);
            assertThat(r.reviewedInSeconds).isEqualTo(3600L);
            assertThat(r.closedInSeconds).isEqualTo(23 * 3600L);
            assertThat(r.mergedInSeconds).isEqualTo(22 * 3600L);
            assertThat(r.resolvedInSeconds).isEqualTo(22 * 3600L);
            assertThat(r.numberOfPatchsets).isEqualTo(2L);
            assertThat(r.snapshotId).as("hour of the greatest updatedAt + 1h").isEqualTo(t("2024-05-02T10:00:00Z"));
            assertThat(PullRequestRule.isResolved(r)).isTrue();
        }

        @Test
        void anOpenedPullRequestAloneHasNoLifecycle() {
            PullRequestRecord r = apply(List.of(opened().version(t("2024-05-01T10:59:59.999Z"), 1).get()));

            assertThat(r.id).isEqualTo("act-" + PR);
            assertThat(List.of(nullable(r.assignedAt), nullable(r.reviewRequestedAt), nullable(r.reviewedAt),
                    nullable(r.approvedAt), nullable(r.closedAt), nullable(r.mergedAt), nullable(r.resolvedAt),
                    nullable(r.assignedInSeconds), nullable(r.reviewRequestedInSeconds), nullable(r.reviewedInSeconds),
                    nullable(r.closedInSeconds), nullable(r.mergedInSeconds), nullable(r.resolvedInSeconds),
                    nullable(r.numberOfPatchsets))).containsOnly("null");
            assertThat(r.snapshotId).isEqualTo(t("2024-05-01T11:00:00Z"));
            assertThat(PullRequestRule.isResolved(r)).isFalse();
        }

        @Test
        void aClosedUnmergedPullRequestIsResolvedWhenClosed() {
            PullRequestRecord r = apply(List.of(opened().get(), child("pull_request-closed", "c", CLOSED).get()));

            assertThat(r.closedAt).isEqualTo(CLOSED);
            assertThat(r.mergedAt).isNull();
            assertThat(r.resolvedAt).isEqualTo(CLOSED);
            assertThat(r.resolvedInSeconds).isEqualTo(r.closedInSeconds).isEqualTo(23 * 3600L);
            assertThat(r.mergedInSeconds).isNull();
        }

        @Test
        void mergeRequestsAndChangesetsFollowTheirTypes() {
            List<PullRequestEvent> gitlab = List.of(
                    new E("merge_request-opened", PR, OPENED).get(),
                    child("merge_request-assigned", "a", ASSIGNED).get(),
                    child("merge_request-review-requested", "b", REVIEW_REQUESTED).get(),
                    child("merge_request-review-approved", "c", APPROVED).get(),
                    child("merge_request-review-changes-requested", "d", REVIEWED).get(),
                    child("merge_request-merged", "e", MERGED).get());
            PullRequestRecord r = apply(gitlab);
            assertThat(r.approvedAt).isEqualTo(APPROVED);
            assertThat(r.reviewedAt).as("an approval of GitLab is not a review").isEqualTo(REVIEWED);
            assertThat(r.mergedAt).isEqualTo(MERGED);
            assertThat(r.resolvedAt).isEqualTo(MERGED);

            List<PullRequestEvent> gerrit = List.of(
                    new E("changeset-created", PR, OPENED).get(),
                    child("patchset-created", PR + "-1", OPENED).get(),
                    child("patchset-created", PR + "-2", REVIEWED).get(),
                    child("patchset_approval-created", "x", APPROVED).get(),
                    child("changeset-abandoned", "y", CLOSED).get());
            PullRequestRecord g = apply(gerrit);
            assertThat(g.reviewedAt).as("a Gerrit approval is a review").isEqualTo(APPROVED);
            assertThat(g.approvedAt).isEqualTo(APPROVED);
            assertThat(g.closedAt).isEqualTo(CLOSED);
            assertThat(g.resolvedAt).isEqualTo(CLOSED);
            assertThat(g.numberOfPatchsets).isEqualTo(2L);
        }

        @Test
        void patchsetsAreCountedOncePerPatchset() {
            PullRequestEvent ps = child("patchset-created", PR + "-1", OPENED).get();
            // the same patchset stored under a second identity (another timestamp) is one patchset
            PullRequestEvent again = child("patchset-created", PR + "-1", OPENED + 5000).get();
            assertThat(apply(List.of(opened().get(), ps, again)).numberOfPatchsets).isEqualTo(1L);
            assertThat(apply(List.of(opened().get(), ps, child("patchset-created", PR + "-2", OPENED).get()))
                    .numberOfPatchsets).isEqualTo(2L);
        }

        @Test
        void theEarliestOpenedEventDefinesThePullRequest() {
            PullRequestEvent later = opened().activity("act-late").get();
            PullRequestEvent earlier = new E("pull_request-opened", PR, OPENED - 60_000).activity("act-early").get();
            earlier.memberId = "m-early";
            PullRequestRecord r = apply(List.of(later, earlier));
            assertThat(r.id).isEqualTo("act-early");
            assertThat(r.memberId).isEqualTo("m-early");
            assertThat(r.openedAt).isEqualTo(OPENED - 60_000);

            // same timestamp: the smaller activityId, in any order
            PullRequestEvent b = opened().activity("act-b").get();
            PullRequestEvent a = opened().activity("act-a").get();
            a.eventKey = b.eventKey + "|other-channel";
            assertThat(apply(List.of(b, a)).id).isEqualTo("act-a");
            assertThat(apply(List.of(a, b)).id).isEqualTo("act-a");
        }
    }

    @Nested
    class OrderAndDuplicates {
        @Test
        void everyPermutationOfTheEventsGivesTheSameRecord() {
            List<PullRequestEvent> events = fullLifecycle().subList(0, 8); // 8! = 40320 orders
            PullRequestRecord expected = apply(events);
            List<PullRequestEvent> order = new ArrayList<>(events);
            int[] c = new int[order.size()];
            int checked = 1;
            // Heap's algorithm: every permutation once
            for (int i = 0; i < order.size(); ) {
                if (c[i] < i) {
                    Collections.swap(order, i % 2 == 0 ? 0 : c[i], i);
                    assertThat(apply(order)).as("order %s", order).isEqualTo(expected);
                    checked++;
                    c[i]++;
                    i = 0;
                } else {
                    c[i] = 0;
                    i++;
                }
            }
            assertThat(checked).isEqualTo(40320);
        }

        @Test
        void duplicatesAndRedeliveriesInAnyOrderChangeNothing() {
            List<PullRequestEvent> once = fullLifecycle();
            PullRequestRecord expected = apply(once);
            List<PullRequestEvent> bag = new ArrayList<>(once);
            bag.addAll(fullLifecycle()); // every event delivered again (equal versions)
            bag.addAll(fullLifecycle().subList(2, 5)); // some a third time
            Random rnd = new Random(42);
            for (int i = 0; i < 200; i++) {
                Collections.shuffle(bag, rnd);
                assertThat(apply(bag)).isEqualTo(expected);
            }
        }

        @Test
        void aChildBeforeItsOpenedEventIsKeptAndCountsOnceItArrives() {
            List<PullRequestEvent> children = new ArrayList<>(fullLifecycle().subList(1, 10));
            assertThat(apply(children)).as("not published without the opened event").isNull();

            children.add(opened().get());
            assertThat(apply(children)).isEqualTo(apply(fullLifecycle()));
        }

        @Test
        void childTimestampsBeforeTheOpenedOneGiveNegativeDurations() {
            PullRequestRecord r = apply(List.of(opened().get(), child("pull_request-assigned", "a", OPENED - 90_000).get()));
            assertThat(r.assignedAt).isEqualTo(OPENED - 90_000);
            assertThat(r.assignedInSeconds).isEqualTo(-90L);
        }
    }

    @Nested
    class Undo {
        @Test
        void aDeletedEventIsUndone() {
            List<PullRequestEvent> versions = new ArrayList<>(fullLifecycle());
            PullRequestEvent merged = versions.get(7);
            versions.add(child("pull_request-merged", PR + "-7", MERGED).sameEventAs(merged)
                    .version(UPDATED + 1000, 950).removed().get());

            PullRequestRecord r = apply(versions);
            assertThat(r.mergedAt).isNull();
            assertThat(r.mergedInSeconds).isNull();
            assertThat(r.resolvedAt).as("now resolved by the close").isEqualTo(CLOSED);
            assertThat(r.resolvedInSeconds).isEqualTo(23 * 3600L);
            assertThat(r.snapshotId).as("a removed event's update does not count").isEqualTo(t("2024-05-02T10:00:00Z"));

            // the tombstone first, the insert (an older version) late: still deleted
            Collections.reverse(versions);
            assertThat(apply(versions)).isEqualTo(r);
        }

        @Test
        void aHeldEventCountsAsRemovedAndComesBackWhenPublishedAgain() {
            List<PullRequestEvent> versions = new ArrayList<>(fullLifecycle());
            PullRequestEvent review = versions.get(4);
            versions.add(child("pull_request-reviewed", PR + "-4", REVIEWED).review("CHANGES_REQUESTED")
                    .sameEventAs(review).version(UPDATED, 960).removed().get());
            assertThat(apply(versions).reviewedAt).as("the approval is the only review left").isEqualTo(APPROVED);

            versions.add(child("pull_request-reviewed", PR + "-4", REVIEWED).review("CHANGES_REQUESTED")
                    .sameEventAs(review).version(UPDATED, 970).get());
            PullRequestRecord back = apply(versions);
            assertThat(back.reviewedAt).isEqualTo(REVIEWED);
            assertThat(back.sameResultAs(apply(fullLifecycle()))).isTrue();
        }

        @Test
        void aCorrectedEventReplacesItsOlderVersionWhateverTheArrivalOrder() {
            PullRequestEvent original = child("pull_request-assigned", "a", ASSIGNED).get();
            PullRequestEvent corrected = child("pull_request-assigned", "a", ASSIGNED + 600_000).sameEventAs(original)
                    .version(UPDATED, 990).get();
            PullRequestEvent open = opened().get();

            for (List<PullRequestEvent> order : List.of(List.of(open, original, corrected), List.of(corrected, original, open))) {
                PullRequestRecord r = apply(order);
                assertThat(r.assignedAt).isEqualTo(ASSIGNED + 600_000);
                assertThat(r.assignedInSeconds).isEqualTo(900L);
                assertThat(r.snapshotId).isEqualTo(t("2024-05-02T10:00:00Z"));
            }
        }

        @Test
        void removingTheOpenedEventUnpublishesThePullRequest() {
            List<PullRequestEvent> versions = new ArrayList<>(fullLifecycle());
            versions.add(opened().sameEventAs(versions.get(0)).version(UPDATED, 999).removed().get());
            assertThat(apply(versions)).isNull();
        }

        @Test
        void theRuleSkipsRemovedEventsItIsGiven() {
            List<PullRequestEvent> events = new ArrayList<>(fullLifecycle());
            events.add(child("pull_request-assigned", "gone", OPENED).removed().get());
            assertThat(PullRequestRule.apply(PR, events)).isEqualTo(apply(fullLifecycle()));
        }
    }

    @Nested
    class Durations {
        @Test
        void eachTimestampIsTruncatedToWholeSecondsBeforeSubtracting() {
            long opened = t("2024-05-01T10:00:00.900Z");
            assertThat(PullRequestRule.secondsSinceOpened(opened, t("2024-05-01T10:00:01.100Z"))).isEqualTo(1L);
            assertThat(PullRequestRule.secondsSinceOpened(opened, t("2024-05-01T10:00:00.999Z"))).isEqualTo(0L);
            assertThat(PullRequestRule.secondsSinceOpened(t("2024-05-01T10:00:00.100Z"), t("2024-05-01T10:00:00.900Z")))
                    .isEqualTo(0L);
            assertThat(PullRequestRule.secondsSinceOpened(opened, t("2024-05-01T09:59:59.999Z"))).isEqualTo(-1L);
            assertThat(PullRequestRule.secondsSinceOpened(opened, t("2024-06-01T10:00:00Z"))).isEqualTo(31 * 86_400L);
            assertThat(PullRequestRule.secondsSinceOpened(opened, null)).isNull();
        }

        @Test
        void beforeTheEpochSecondsAreFloored() {
            assertThat(PullRequestRule.secondsSinceOpened(-1L, 0L)).isEqualTo(1L);
            assertThat(PullRequestRule.secondsSinceOpened(-1000L, -1L)).isEqualTo(0L);
        }
    }

    private static String nullable(Object o) {
        return String.valueOf(o);
    }
}
