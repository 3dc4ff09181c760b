package io.lambdasuite.udfs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class ActivityColumnsTest {
    private static ActivityRow previous() {
        ActivityRow p = new ActivityRow();
        p.activityId = "a-prev";
        p.conversationId = "conv-prev";
        p.createdAt = 1_000L;
        p.memberId = "m-prev";
        p.objectMemberId = "om-prev";
        p.objectMemberUsername = "omu-prev";
        p.organizationId = "org-prev";
        p.parentId = "parent-prev";
        p.username = "user-prev";
        p.sourceParentId = "sp-prev";
        p.sentimentScore = 55;
        p.gitInsertions = 11;
        p.gitDeletions = 22;
        p.score = 7;
        p.isContribution = true;
        p.pullRequestReviewState = "APPROVED";
        return p;
    }

    /** A new version as the parser leaves it: toasted columns at their defaults, the rest new. */
    private static ActivityRow current(int mask) {
        ActivityRow r = new ActivityRow();
        r.activityId = "a-new";
        r.memberId = "m-new";
        r.username = "user-new";
        r.gitInsertions = 1;
        r.toastMask = mask;
        return r;
    }

    @Test
    void everyToastedColumnIsFilledFromThePreviousVersionAndTheMaskCleared() {
        int all = 0;
        for (int bit : bits()) {
            all |= bit;
        }
        ActivityRow r = current(all);
        ActivityRow p = previous();
        assertThat(ActivityColumns.resolveToast(r, p)).isTrue();
        assertThat(r.toastMask).isZero();
        assertThat(r.activityId).isEqualTo(p.activityId);
        assertThat(r.conversationId).isEqualTo(p.conversationId);
        assertThat(r.createdAt).isEqualTo(p.createdAt);
        assertThat(r.memberId).isEqualTo(p.memberId);
        assertThat(r.objectMemberId).isEqualTo(p.objectMemberId);
        assertThat(r.objectMemberUsername).isEqualTo(p.objectMemberUsername);
        assertThat(r.organizationId).isEqualTo(p.organizationId);
        assertThat(r.parentId).isEqualTo(p.parentId);
        assertThat(r.username).isEqualTo(p.username);
        assertThat(r.sourceParentId).isEqualTo(p.sourceParentId);
        assertThat(r.sentimentScore).isEqualTo(p.sentimentScore);
        assertThat(r.gitInsertions).isEqualTo(p.gitInsertions);
        assertThat(r.gitDeletions).isEqualTo(p.gitDeletions);
        assertThat(r.score).isEqualTo(p.score);
        assertThat(r.isContribution).isEqualTo(p.isContribution);
        assertThat(r.pullRequestReviewState).isEqualTo(p.pullRequestReviewState);
    }

    @Test
    void onlyTheToastedColumnsChange() {
        ActivityRow r = current(ActivityColumns.MEMBER_ID | ActivityColumns.GIT_DELETIONS);
        assertThat(ActivityColumns.resolveToast(r, previous())).isTrue();
        assertThat(r.memberId).isEqualTo("m-prev");
        assertThat(r.gitDeletions).isEqualTo(22);
        // not toasted: the new values stay
        assertThat(r.activityId).isEqualTo("a-new");
        assertThat(r.username).isEqualTo("user-new");
        assertThat(r.gitInsertions).isEqualTo(1);
        assertThat(r.conversationId).isEmpty();
        assertThat(r.sentimentScore).isEqualTo(-1);
    }

    @Test
    void eachBitFillsExactlyOneColumn() throws Exception {
        ActivityRow untouched = current(0);
        for (int bit : bits()) {
            ActivityRow r = current(bit);
            ActivityColumns.resolveToast(r, previous());
            int changed = 0;
            for (Field f : ActivityRow.class.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.getName().equals("toastMask")
                        && !Objects.equals(f.get(r), f.get(untouched))) {
                    changed++;
                }
            }
            assertThat(changed).as("columns filled by bit " + bit).isEqualTo(1);
        }
    }

    @Test
    void noMaskNeedsNoPreviousVersion() {
        ActivityRow r = current(0);
        assertThat(ActivityColumns.resolveToast(r, null)).isTrue();
        assertThat(r.memberId).isEqualTo("m-new");
    }

    @Test
    void withoutAPreviousVersionTheDefaultsStayAndItSaysSo() {
        ActivityRow r = current(ActivityColumns.CONVERSATION_ID | ActivityColumns.SCORE);
        assertThat(ActivityColumns.resolveToast(r, null)).isFalse();
        assertThat(r.toastMask).isZero();
        assertThat(r.conversationId).isEmpty();
        assertThat(r.score).isEqualTo(-1);
    }

    @Test
    void bitsAreDistinctSingleBits() {
        int seen = 0;
        List<Integer> bits = bits();
        assertThat(bits).hasSize(16);
        for (int bit : bits) {
            assertThat(Integer.bitCount(bit)).isEqualTo(1);
            assertThat(seen & bit).isZero();
            seen |= bit;
        }
    }

    private static List<Integer> bits() {
        List<Integer> out = new ArrayList<>();
        for (Field f : ActivityColumns.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    out.add(f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }
}
