package io.lambdasuite.udfs.rules;

import io.lambdasuite.udfs.model.PullRequestEvent;
import io.lambdasuite.udfs.model.PullRequestRecord;
import io.lambdasuite.udfs.rules.PullRequestTypes.Role;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The PR rule (SPEC §6, reference-schema.md §5), used by every job: a PR record is a function of the <em>set</em>
 * of its current events (the latest version of each, live and published). Each lifecycle timestamp is the
 * earliest timestamp among the events of that role; the attributes come from the opened event (the earliest by
 * timestamp if several); durations are whole unix seconds of a lifecycle timestamp minus whole unix seconds of
 * openedAt. Because it only looks at the set, any arrival order, duplicate or redelivery gives the same record,
 * and removing or correcting an event undoes what it contributed (the original kept the first value ever seen).
 */
public final class PullRequestRule {
    /**
     * Which opened event defines the PR when there are several: the earliest by timestamp, ties broken by
     * activityId, then by the rest of the event's identity, so the choice never depends on arrival order.
     */
    public static final Comparator<PullRequestEvent> OPENED_ORDER = Comparator
            .comparingLong((PullRequestEvent e) -> e.timestamp)
            .thenComparing(e -> e.activityId)
            .thenComparing(e -> e.eventKey);

    private PullRequestRule() {}

    /**
     * The current set of events from any bag of versions (deliveries in any order, redeliveries, corrections,
     * removals): the newest version of each event by {@link VersionOrder}, minus the events whose newest version
     * removes them.
     */
    public static Collection<PullRequestEvent> current(Iterable<PullRequestEvent> versions) {
        Map<String, PullRequestEvent> newest = new HashMap<>();
        for (PullRequestEvent v : versions) {
            newest.merge(v.eventKey, v, (a, b) -> VersionOrder.isNewer(b, a) ? b : a);
        }
        newest.values().removeIf(e -> e.removed);
        return newest.values();
    }

    /**
     * The record of PR {@code key} from its current events (removed ones are skipped), or null while no opened
     * event is among them: child events are kept by the caller and count once the opened event is known.
     */
    public static PullRequestRecord apply(String key, Iterable<PullRequestEvent> events) {
        PullRequestEvent opened = null;
        Long assigned = null;
        Long reviewRequested = null;
        Long reviewed = null;
        Long approved = null;
        Long closed = null;
        Long merged = null;
        Set<String> patchsets = new HashSet<>();
        long maxUpdatedAt = Long.MIN_VALUE;
        for (PullRequestEvent e : events) {
            if (e.removed) {
                continue;
            }
            maxUpdatedAt = Math.max(maxUpdatedAt, e.updatedAt);
            for (Role role : PullRequestTypes.roles(e.type, e.pullRequestReviewState)) {
                switch (role) {
                    case OPENED:
                        if (opened == null || OPENED_ORDER.compare(e, opened) < 0) {
                            opened = e;
                        }
                        break;
                    case ASSIGNED:
                        assigned = earliest(assigned, e.timestamp);
                        break;
                    case REVIEW_REQUESTED:
                        reviewRequested = earliest(reviewRequested, e.timestamp);
                        break;
                    case REVIEWED:
                        reviewed = earliest(reviewed, e.timestamp);
                        break;
                    case APPROVED:
                        approved = earliest(approved, e.timestamp);
                        break;
                    case CLOSED:
                        closed = earliest(closed, e.timestamp);
                        break;
                    case MERGED:
                        merged = earliest(merged, e.timestamp);
                        break;
                    case PATCHSET:
                        patchsets.add(e.sourceId);
                        break;
                    default:
                        throw new IllegalStateException("unhandled role " + role);
                }
            }
        }
        if (opened == null) {
            return null;
        }
        PullRequestRecord r = new PullRequestRecord();
        r.id = opened.activityId;
        r.sourceId = key;
        r.openedAt = opened.timestamp;
        r.segmentId = opened.segmentId;
        r.channel = opened.channel;
        r.memberId = opened.memberId;
        r.organizationId = opened.organizationId;
        r.gitChangedLinesBucket = opened.gitChangedLinesBucket;
        r.platform = opened.platform;
        r.assignedAt = assigned;
        r.reviewRequestedAt = reviewRequested;
        r.reviewedAt = reviewed;
        r.approvedAt = approved;
        r.closedAt = closed;
        r.mergedAt = merged;
        r.resolvedAt = earliest(closed, merged);
        r.assignedInSeconds = secondsSinceOpened(r.openedAt, assigned);
        r.reviewRequestedInSeconds = secondsSinceOpened(r.openedAt, reviewRequested);
        r.reviewedInSeconds = secondsSinceOpened(r.openedAt, reviewed);
        r.closedInSeconds = secondsSinceOpened(r.openedAt, closed);
        r.mergedInSeconds = secondsSinceOpened(r.openedAt, merged);
        r.resolvedInSeconds = secondsSinceOpened(r.openedAt, r.resolvedAt);
        r.numberOfPatchsets = patchsets.isEmpty() ? null : (long) patchsets.size();
        r.snapshotId = SnapshotIds.snapshotIdOf(maxUpdatedAt);
        return r;
    }

    /** True once the PR has a closed or merged event (its state may then be cleared after a while). */
    public static boolean isResolved(PullRequestRecord r) {
        return r != null && r.resolvedAt != null;
    }

    /**
     * Unix seconds of {@code at} minus unix seconds of {@code openedAt}, each truncated to whole seconds first, as
     * the original did (so 10:00:00.900 to 10:00:01.100 is 1 second); null when {@code at} is null.
     */
    public static Long secondsSinceOpened(long openedAt, Long at) {
        return at == null ? null : Math.floorDiv(at, 1000L) - Math.floorDiv(openedAt, 1000L);
    }

    private static Long earliest(Long current, long candidate) {
        return current == null || candidate < current ? candidate : current;
    }

    private static Long earliest(Long a, Long b) {
        return a == null ? b : b == null ? a : earliest(a, b.longValue());
    }
}
