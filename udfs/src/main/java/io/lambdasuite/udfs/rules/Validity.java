package io.lambdasuite.udfs.rules;

import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.SegmentRow;
import java.util.Locale;

/**
 * The validity filters of reference-schema.md §3. Each returns '' when the rule passes, else the reason a row
 * is held. Evaluated against the current dimension versions, so later dimension changes can flip them.
 */
public final class Validity {
    public static final String MEMBER_UNKNOWN = "member-unknown";
    public static final String MEMBER_BOT = "member-bot";
    public static final String MEMBER_TEAM = "member-team";
    public static final String MEMBER_ORGANIZATION = "member-organization";
    public static final String REPOSITORY_UNKNOWN = "repository-unknown";
    public static final String REPOSITORY_DISABLED = "repository-disabled";
    public static final String SEGMENT_UNKNOWN = "segment-unknown";
    public static final String SEGMENT_INACTIVE = "segment-inactive";

    private Validity() {}

    /** Rule 1: the member exists and is not a bot, team member or organization account. */
    public static String memberReason(MemberRow member) {
        if (member == null || member.isDeleted) {
            return MEMBER_UNKNOWN;
        }
        return memberReason(member.isBot, member.isTeamMember, member.isOrganization);
    }

    public static String memberReason(boolean isBot, boolean isTeamMember, boolean isOrganization) {
        if (isBot) {
            return MEMBER_BOT;
        }
        if (isTeamMember) {
            return MEMBER_TEAM;
        }
        return isOrganization ? MEMBER_ORGANIZATION : "";
    }

    /** Rule 2 applies only to these code-hosting platforms. */
    public static boolean repositoryRuleApplies(String platform) {
        switch (platform) {
            case "git":
            case "gerrit":
            case "github":
            case "gitlab":
                return true;
            default:
                return false;
        }
    }

    /**
     * Rule 2 given what is known at (url, segment): {@code liveRepositories} repositories exist there (not
     * tombstoned), of which {@code usableRepositories} are enabled, not excluded and not soft-deleted.
     */
    public static String repositoryReason(int liveRepositories, int usableRepositories) {
        if (liveRepositories == 0) {
            return REPOSITORY_UNKNOWN;
        }
        return usableRepositories == 0 ? REPOSITORY_DISABLED : "";
    }

    /** Rule 3 (ours): the segment exists and is active. */
    public static String segmentReason(SegmentRow segment) {
        if (segment == null || segment.isDeleted) {
            return SEGMENT_UNKNOWN;
        }
        return segmentStatusReason(segment.status);
    }

    /** Rule 3 for a segment known to exist: its status must be {@code active}. */
    public static String segmentStatusReason(String status) {
        return "active".equals(status) ? "" : SEGMENT_INACTIVE;
    }

    /** The first failing rule in the order member, repository, segment; '' when all pass. */
    public static String heldReason(String memberReason, String repositoryReason, String segmentReason) {
        if (!memberReason.isEmpty()) {
            return memberReason;
        }
        return !repositoryReason.isEmpty() ? repositoryReason : segmentReason;
    }

    /** How a repository URL and an activity channel are compared: ignoring case. */
    public static String normalizeUrl(String url) {
        return url.toLowerCase(Locale.ROOT);
    }
}
