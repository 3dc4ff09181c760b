package io.lambdasuite.udfs.rules;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which activity types belong to pull requests, the role each plays in a PR's lifecycle, and the PR key an event
 * belongs to (reference-schema.md §5). Merge requests (GitLab) and changesets (Gerrit) are pull requests too.
 */
public final class PullRequestTypes {
    /** A type's part in the lifecycle; a type can have several (a Gerrit approval is a review and an approval). */
    public enum Role {
        /** Defines the PR: its key is the event's own sourceId. */
        OPENED,
        ASSIGNED,
        REVIEW_REQUESTED,
        REVIEWED,
        APPROVED,
        CLOSED,
        MERGED,
        PATCHSET
    }

    /** The review state that makes a {@code pull_request-reviewed} event an approval too. */
    public static final String APPROVED_STATE = "APPROVED";

    /** Approvals are keyed by their patchset ({@code <change>-<patchset>}); the PR key is the part before the '-'. */
    public static final String PATCHSET_APPROVAL = "patchset_approval-created";

    private static final Map<String, Set<Role>> ROLES = Map.ofEntries(
            Map.entry("pull_request-opened", EnumSet.of(Role.OPENED)),
            Map.entry("merge_request-opened", EnumSet.of(Role.OPENED)),
            Map.entry("changeset-created", EnumSet.of(Role.OPENED)),
            Map.entry("pull_request-assigned", EnumSet.of(Role.ASSIGNED)),
            Map.entry("merge_request-assigned", EnumSet.of(Role.ASSIGNED)),
            Map.entry("pull_request-review-requested", EnumSet.of(Role.REVIEW_REQUESTED)),
            Map.entry("merge_request-review-requested", EnumSet.of(Role.REVIEW_REQUESTED)),
            // approved as well when its review state is APPROVED: see roles(type, reviewState)
            Map.entry("pull_request-reviewed", EnumSet.of(Role.REVIEWED)),
            Map.entry("merge_request-review-changes-requested", EnumSet.of(Role.REVIEWED)),
            Map.entry(PATCHSET_APPROVAL, EnumSet.of(Role.REVIEWED, Role.APPROVED)),
            Map.entry("merge_request-review-approved", EnumSet.of(Role.APPROVED)),
            Map.entry("pull_request-closed", EnumSet.of(Role.CLOSED)),
            Map.entry("merge_request-closed", EnumSet.of(Role.CLOSED)),
            Map.entry("changeset-closed", EnumSet.of(Role.CLOSED)),
            Map.entry("changeset-abandoned", EnumSet.of(Role.CLOSED)),
            Map.entry("pull_request-merged", EnumSet.of(Role.MERGED)),
            Map.entry("merge_request-merged", EnumSet.of(Role.MERGED)),
            Map.entry("changeset-merged", EnumSet.of(Role.MERGED)),
            Map.entry("patchset-created", EnumSet.of(Role.PATCHSET)));

    private PullRequestTypes() {}

    /** Every PR-related activity type. */
    public static Set<String> types() {
        return ROLES.keySet();
    }

    public static boolean isPullRequestType(String type) {
        return ROLES.containsKey(type);
    }

    /** The roles of an event of {@code type}; empty for a type that is not PR-related. */
    public static Set<Role> roles(String type, String pullRequestReviewState) {
        Set<Role> roles = ROLES.get(type);
        if (roles == null) {
            return EnumSet.noneOf(Role.class);
        }
        if ("pull_request-reviewed".equals(type) && APPROVED_STATE.equals(pullRequestReviewState)) {
            EnumSet<Role> withApproval = EnumSet.copyOf(roles);
            withApproval.add(Role.APPROVED);
            return withApproval;
        }
        return roles;
    }

    /** True for the closed and merged roles: the PR is resolved once it has an event of either. */
    public static boolean resolves(Set<Role> roles) {
        return roles.contains(Role.CLOSED) || roles.contains(Role.MERGED);
    }

    /**
     * The key of the PR an event belongs to: an opened event's own {@code sourceId}; a child event's
     * {@code sourceParentId}; for {@code patchset_approval-created} the part of {@code sourceParentId} before the
     * first '-'. '' for a type that is not PR-related, and whenever that value is empty (such events are ignored
     * and counted by the jobs).
     */
    public static String key(String type, String sourceId, String sourceParentId) {
        Set<Role> roles = ROLES.get(type);
        if (roles == null) {
            return "";
        }
        if (roles.contains(Role.OPENED)) {
            return sourceId == null ? "" : sourceId;
        }
        if (sourceParentId == null) {
            return "";
        }
        if (PATCHSET_APPROVAL.equals(type)) {
            int dash = sourceParentId.indexOf('-');
            return dash < 0 ? sourceParentId : sourceParentId.substring(0, dash);
        }
        return sourceParentId;
    }
}
