package io.lambdasuite.udfs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.SegmentRow;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidityTest {
    private static MemberRow member(boolean bot, boolean team, boolean organization) {
        MemberRow m = new MemberRow();
        m.id = "m1";
        m.isBot = bot;
        m.isTeamMember = team;
        m.isOrganization = organization;
        return m;
    }

    private static SegmentRow segment(String status) {
        SegmentRow s = new SegmentRow();
        s.id = "s1";
        s.status = status;
        return s;
    }

    @Nested
    class Member {
        @Test
        void aPlainMemberPasses() {
            assertThat(Validity.memberReason(member(false, false, false))).isEmpty();
        }

        @Test
        void anUnknownOrDeletedMemberIsUnknown() {
            MemberRow deleted = member(false, false, false);
            deleted.isDeleted = true;
            assertThat(Validity.memberReason((MemberRow) null)).isEqualTo(Validity.MEMBER_UNKNOWN);
            assertThat(Validity.memberReason(deleted)).isEqualTo(Validity.MEMBER_UNKNOWN);
        }

        @Test
        void eachFlagHasItsReason() {
            assertThat(Validity.memberReason(member(true, false, false))).isEqualTo("member-bot");
            assertThat(Validity.memberReason(member(false, true, false))).isEqualTo("member-team");
            assertThat(Validity.memberReason(member(false, false, true))).isEqualTo("member-organization");
        }

        @Test
        void flagsAreCheckedBotThenTeamThenOrganization() {
            assertThat(Validity.memberReason(true, true, true)).isEqualTo(Validity.MEMBER_BOT);
            assertThat(Validity.memberReason(false, true, true)).isEqualTo(Validity.MEMBER_TEAM);
            assertThat(Validity.memberReason(false, false, true)).isEqualTo(Validity.MEMBER_ORGANIZATION);
        }
    }

    @Nested
    class Repository {
        @ParameterizedTest
        @ValueSource(strings = {"git", "gerrit", "github", "gitlab"})
        void appliesToCodeHostingPlatforms(String platform) {
            assertThat(Validity.repositoryRuleApplies(platform)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"discord", "slack", "linkedin", "", "GitHub"})
        void otherPlatformsSkipIt(String platform) {
            assertThat(Validity.repositoryRuleApplies(platform)).isFalse();
        }

        @Test
        void reasonFromLiveAndUsableCounts() {
            assertThat(Validity.repositoryReason(0, 0)).isEqualTo("repository-unknown");
            assertThat(Validity.repositoryReason(2, 0)).isEqualTo("repository-disabled");
            assertThat(Validity.repositoryReason(2, 1)).isEmpty();
            assertThat(Validity.repositoryReason(1, 1)).isEmpty();
        }

        @Test
        void urlsCompareIgnoringCase() {
            assertThat(Validity.normalizeUrl("https://GitHub.com/Octo/Hello"))
                    .isEqualTo(Validity.normalizeUrl("https://github.com/octo/hello"));
        }
    }

    @Nested
    class Segment {
        @Test
        void anActiveSegmentPasses() {
            assertThat(Validity.segmentReason(segment("active"))).isEmpty();
        }

        @Test
        void anUnknownOrDeletedSegmentIsUnknown() {
            SegmentRow deleted = segment("active");
            deleted.isDeleted = true;
            assertThat(Validity.segmentReason(null)).isEqualTo("segment-unknown");
            assertThat(Validity.segmentReason(deleted)).isEqualTo("segment-unknown");
        }

        @ParameterizedTest
        @ValueSource(strings = {"archived", "formation", "prospect", "", "ACTIVE"})
        void anyOtherStatusIsInactive(String status) {
            assertThat(Validity.segmentReason(segment(status))).isEqualTo("segment-inactive");
        }
    }

    @Nested
    class HeldReason {
        @Test
        void allPassingIsPublished() {
            assertThat(Validity.heldReason("", "", "")).isEmpty();
        }

        @Test
        void theFirstFailingRuleWinsInTheOrderMemberRepositorySegment() {
            assertThat(Validity.heldReason("member-bot", "repository-unknown", "segment-inactive"))
                    .isEqualTo("member-bot");
            assertThat(Validity.heldReason("", "repository-unknown", "segment-inactive"))
                    .isEqualTo("repository-unknown");
            assertThat(Validity.heldReason("", "", "segment-inactive")).isEqualTo("segment-inactive");
            assertThat(Validity.heldReason("member-unknown", "", "segment-unknown")).isEqualTo("member-unknown");
            assertThat(Validity.heldReason("", "repository-disabled", "")).isEqualTo("repository-disabled");
        }

        @Test
        void everyReasonIsOneOfTheDocumentedCodes() {
            assertThat(new String[] {Validity.MEMBER_UNKNOWN, Validity.MEMBER_BOT, Validity.MEMBER_TEAM,
                Validity.MEMBER_ORGANIZATION, Validity.REPOSITORY_UNKNOWN, Validity.REPOSITORY_DISABLED,
                Validity.SEGMENT_UNKNOWN, Validity.SEGMENT_INACTIVE})
                    .containsExactly("member-unknown", "member-bot", "member-team", "member-organization",
                            "repository-unknown", "repository-disabled", "segment-unknown", "segment-inactive");
        }
    }
}
