package io.lambdasuite.udfs.rules;

import static io.lambdasuite.udfs.rules.PullRequestTypes.Role.APPROVED;
import static io.lambdasuite.udfs.rules.PullRequestTypes.Role.ASSIGNED;
import static io.lambdasuite.udfs.rules.PullRequestTypes.Role.CLOSED;
import static io.lambdasuite.udfs.rules.PullRequestTypes.Role.MERGED;
import static io.lambdasuite.udfs.rules.PullRequestTypes.Role.OPENED;
import static io.lambdasuite.udfs.rules.PullRequestTypes.Role.PATCHSET;
import static io.lambdasuite.udfs.rules.PullRequestTypes.Role.REVIEWED;
import static io.lambdasuite.udfs.rules.PullRequestTypes.Role.REVIEW_REQUESTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.rules.PullRequestTypes.Role;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The role table and the PR key of reference-schema.md §5. */
class PullRequestTypesTest {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "pull_request-opened                    |                   | OPENED",
        "merge_request-opened                   |                   | OPENED",
        "changeset-created                      |                   | OPENED",
        "pull_request-assigned                  |                   | ASSIGNED",
        "merge_request-assigned                 |                   | ASSIGNED",
        "pull_request-review-requested          |                   | REVIEW_REQUESTED",
        "merge_request-review-requested         |                   | REVIEW_REQUESTED",
        "pull_request-reviewed                  | CHANGES_REQUESTED | REVIEWED",
        "pull_request-reviewed                  | COMMENTED         | REVIEWED",
        "pull_request-reviewed                  | APPROVED          | REVIEWED APPROVED",
        "merge_request-review-changes-requested |                   | REVIEWED",
        "merge_request-review-approved          |                   | APPROVED",
        "patchset_approval-created              |                   | REVIEWED APPROVED",
        "pull_request-closed                    |                   | CLOSED",
        "merge_request-closed                   |                   | CLOSED",
        "changeset-closed                       |                   | CLOSED",
        "changeset-abandoned                    |                   | CLOSED",
        "pull_request-merged                    |                   | MERGED",
        "merge_request-merged                   |                   | MERGED",
        "changeset-merged                       |                   | MERGED",
        "patchset-created                       |                   | PATCHSET",
    })
    void everyPullRequestTypeHasItsRoles(String type, String reviewState, String roles) {
        Set<Role> expected = EnumSet.noneOf(Role.class);
        for (String r : roles.split(" ")) {
            expected.add(Role.valueOf(r));
        }
        assertThat(PullRequestTypes.roles(type, reviewState == null ? "" : reviewState)).isEqualTo(expected);
        assertThat(PullRequestTypes.isPullRequestType(type)).isTrue();
    }

    @Test
    void theTableHasNoOtherTypes() {
        assertThat(PullRequestTypes.types()).hasSize(19);
        assertThat(PullRequestTypes.roles("issues-opened", "")).isEmpty();
        assertThat(PullRequestTypes.roles("pull_request-comment", "APPROVED")).isEmpty();
        assertThat(PullRequestTypes.isPullRequestType("authored-commit")).isFalse();
        assertThat(PullRequestTypes.isPullRequestType("pull_request-approved")).as("not a type of the table").isFalse();
    }

    @Test
    void closedAndMergedResolve() {
        assertThat(PullRequestTypes.resolves(EnumSet.of(CLOSED))).isTrue();
        assertThat(PullRequestTypes.resolves(EnumSet.of(MERGED))).isTrue();
        assertThat(PullRequestTypes.resolves(EnumSet.of(OPENED, ASSIGNED, REVIEW_REQUESTED, REVIEWED, APPROVED,
                PATCHSET))).isFalse();
    }

    @ParameterizedTest(name = "{0} sourceId={1} sourceParentId={2} -> ''{3}''")
    @CsvSource(delimiter = '|', value = {
        // the opened event defines the PR with its own sourceId, whatever its parent
        "pull_request-opened       | gh-pr-1001   | ignored        | gh-pr-1001",
        "merge_request-opened      | gl-mr-501    |                | gl-mr-501",
        "changeset-created         | 40001        |                | 40001",
        // children name their PR in sourceParentId
        "pull_request-reviewed     | gh-pr-1001-7 | gh-pr-1001     | gh-pr-1001",
        "patchset-created          | 40001-2      | 40001          | 40001",
        "changeset-merged          | 40001-9      | 40001          | 40001",
        // a Gerrit approval names its patchset: the PR is the part before the first '-'
        "patchset_approval-created | a-1          | 40001-2        | 40001",
        "patchset_approval-created | a-2          | 40001-2-x      | 40001",
        "patchset_approval-created | a-3          | 40001          | 40001",
        // no key: ignored (and counted) by the jobs
        "pull_request-opened       |              | gh-pr-1001     | ''",
        "pull_request-merged       | gh-pr-1001-1 |                | ''",
        "patchset_approval-created | a-4          | -2             | ''",
        "issues-opened             | i-1          | i-0            | ''",
    })
    void theKeyOfAnEvent(String type, String sourceId, String sourceParentId, String key) {
        assertThat(PullRequestTypes.key(type, nz(sourceId), nz(sourceParentId))).isEqualTo(nz(key));
    }

    @Test
    void nullColumnsGiveNoKey() {
        assertThat(PullRequestTypes.key("pull_request-opened", null, "x")).isEmpty();
        assertThat(PullRequestTypes.key("pull_request-merged", "x", null)).isEmpty();
    }

    private static String nz(String s) {
        return s == null || s.equals("''") ? "" : s;
    }
}
