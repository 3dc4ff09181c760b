package io.lambdasuite.udfs.model;

/**
 * Bit positions of the {@code activityRelations} columns that can arrive as {@code unchanged_toast}, used in
 * {@link ActivityRow#toastMask}. Key columns and updatedAt are not here: a toast there is bad input.
 */
public final class ActivityColumns {
    public static final int ACTIVITY_ID = 1;
    public static final int CONVERSATION_ID = 1 << 1;
    public static final int CREATED_AT = 1 << 2;
    public static final int MEMBER_ID = 1 << 3;
    public static final int OBJECT_MEMBER_ID = 1 << 4;
    public static final int OBJECT_MEMBER_USERNAME = 1 << 5;
    public static final int ORGANIZATION_ID = 1 << 6;
    public static final int PARENT_ID = 1 << 7;
    public static final int USERNAME = 1 << 8;
    public static final int SOURCE_PARENT_ID = 1 << 9;
    public static final int SENTIMENT_SCORE = 1 << 10;
    public static final int GIT_INSERTIONS = 1 << 11;
    public static final int GIT_DELETIONS = 1 << 12;
    public static final int SCORE = 1 << 13;
    public static final int IS_CONTRIBUTION = 1 << 14;
    public static final int PULL_REQUEST_REVIEW_STATE = 1 << 15;

    private ActivityColumns() {}

    /**
     * Fills every toasted column of {@code row} from {@code previous}, the last known version of the same row,
     * and clears the mask. Returns false (leaving defaults in place) when there is no previous version.
     */
    public static boolean resolveToast(ActivityRow row, ActivityRow previous) {
        int m = row.toastMask;
        if (m == 0) {
            return true;
        }
        row.toastMask = 0;
        if (previous == null) {
            return false;
        }
        if ((m & ACTIVITY_ID) != 0) row.activityId = previous.activityId;
        if ((m & CONVERSATION_ID) != 0) row.conversationId = previous.conversationId;
        if ((m & CREATED_AT) != 0) row.createdAt = previous.createdAt;
        if ((m & MEMBER_ID) != 0) row.memberId = previous.memberId;
        if ((m & OBJECT_MEMBER_ID) != 0) row.objectMemberId = previous.objectMemberId;
        if ((m & OBJECT_MEMBER_USERNAME) != 0) row.objectMemberUsername = previous.objectMemberUsername;
        if ((m & ORGANIZATION_ID) != 0) row.organizationId = previous.organizationId;
        if ((m & PARENT_ID) != 0) row.parentId = previous.parentId;
        if ((m & USERNAME) != 0) row.username = previous.username;
        if ((m & SOURCE_PARENT_ID) != 0) row.sourceParentId = previous.sourceParentId;
        if ((m & SENTIMENT_SCORE) != 0) row.sentimentScore = previous.sentimentScore;
        if ((m & GIT_INSERTIONS) != 0) row.gitInsertions = previous.gitInsertions;
        if ((m & GIT_DELETIONS) != 0) row.gitDeletions = previous.gitDeletions;
        if ((m & SCORE) != 0) row.score = previous.score;
        if ((m & IS_CONTRIBUTION) != 0) row.isContribution = previous.isContribution;
        if ((m & PULL_REQUEST_REVIEW_STATE) != 0) row.pullRequestReviewState = previous.pullRequestReviewState;
        return true;
    }
}
