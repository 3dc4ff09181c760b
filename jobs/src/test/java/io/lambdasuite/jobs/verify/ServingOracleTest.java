package io.lambdasuite.jobs.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.rules.CountryCodes;
import java.net.URL;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sql/duckdb/expected/serving_latest.sql}, the oracle of SPEC §9 for the serving layer, on a hand-written CDC
 * log ({@code src/test/resources/verify/serving-log}, described in its README.md): the exact rows of
 * {@code serving_published} and {@code serving_held}.
 *
 * <p>All activities are at timestamp 2024-05-01 09:00, updated at 10:00, in {@code seg-1} (active), on github,
 * channel {@code https://github.com/acme/app} (repository {@code repo-app} spells it {@code https://GitHub.com/Acme/App}),
 * by {@code mem-ok}, for {@code org-1} (newest version: "Acme GmbH", country '', location "Munich, Germany"), unless
 * said otherwise.
 */
class ServingOracleTest {
    private static final String FIXTURE = "verify/serving-log";
    private static final String REPO = "https://github.com/acme/";

    private static ExpectedResults expected;

    @BeforeAll
    static void openOracle() throws Exception {
        URL url = ServingOracleTest.class.getClassLoader().getResource(FIXTURE);
        assertThat(url).as(FIXTURE + " on the test classpath").isNotNull();
        expected = ExpectedResults.of(Path.of(url.toURI()));
        // creates the views serving_published and serving_held that the tests query
        expected.run("serving_latest.sql");
    }

    @AfterAll
    static void closeOracle() throws Exception {
        if (expected != null) {
            expected.close();
        }
    }

    @Test
    void publishedRowsAreTheNewestLiveValidVersionOfEveryKeyWithTheirEnrichment() throws Exception {
        assertThat(expected.run("serving_latest.sql")).containsExactly(
                // gerrit: two repositories at the URL, one disabled, one usable
                row("src-24", 340L, "type", "changeset-created", "platform", "gerrit", "channel", REPO + "dual"),
                // the newest version (11:20, arriving first) wins; its own snapshotId; 40 + 30 changed lines;
                // the newest organization version (also arriving first) gives name, country and location
                row("src-01", 500L, "updatedAt", at("11:20:00"), "username", "user-01-v2", "gitInsertions", 40L,
                        "gitDeletions", 30L, "gitChangedLines", 70L, "gitChangedLinesBucket", "60-99",
                        "snapshotId", at("12:00:00")),
                // organizationId '': no organization
                row("src-17", 270L, "organizationId", "", "gitInsertions", 600L, "gitChangedLines", 600L,
                        "gitChangedLinesBucket", "500+", "organizationName", "", "organizationLocation", ""),
                // the organization's newest version is a tombstone: no organization, the row is still published
                row("src-18", 280L, "organizationId", "org-gone", "gitInsertions", 100L, "gitChangedLines", 100L,
                        "gitChangedLinesBucket", "100-499", "organizationName", "", "organizationLocation", ""),
                // gitlab, channel in upper case: the repository matches ignoring case
                row("src-06", 160L, "type", "merge_request-opened", "platform", "gitlab",
                        "channel", "HTTPS://GITHUB.COM/ACME/APP"),
                // discord needs no repository
                row("src-11", 210L, "type", "message", "platform", "discord", "channel", "general",
                        "gitDeletions", 7L, "gitChangedLines", 7L, "gitChangedLinesBucket", "1-9"),
                // slack, an organization that is not in the log
                row("src-19", 290L, "type", "message", "platform", "slack", "channel", "random",
                        "organizationId", "org-nowhere", "organizationName", "", "organizationLocation", ""));
    }

    @Test
    void heldRowsCarryTheirFirstFailingReason() throws Exception {
        assertThat(expected.query("SELECT * FROM serving_held ORDER BY sourceId")).containsExactly(
                held("src-02", 120L, "member-bot", "memberId", "mem-bot"),
                held("src-03", 130L, "member-team", "memberId", "mem-team"),
                held("src-04", 140L, "member-organization", "memberId", "mem-org"),
                held("src-05", 150L, "member-unknown", "memberId", "mem-nobody"),
                held("src-07", 170L, "repository-disabled", "channel", REPO + "disabled"),
                held("src-08", 180L, "repository-disabled", "channel", REPO + "excluded"),
                // deletedAt set (a soft delete): the repository exists but is not usable
                held("src-09", 190L, "repository-disabled", "channel", REPO + "softdel"),
                held("src-10", 200L, "repository-unknown", "channel", REPO + "none"),
                held("src-12", 220L, "segment-inactive", "type", "message", "platform", "discord",
                        "channel", "general", "segmentId", "seg-arch"),
                held("src-13", 230L, "segment-unknown", "type", "message", "platform", "discord",
                        "channel", "general", "segmentId", "seg-missing"),
                // the member became a bot at 11:00 (that version arrives before the 10:00 insert)
                held("src-14", 240L, "member-bot", "memberId", "mem-later-bot"),
                // the member's newest version is a tombstone
                held("src-15", 250L, "member-unknown", "memberId", "mem-gone"),
                // bot, no repository, no segment: the member rule comes first
                held("src-20", 300L, "member-bot", "memberId", "mem-bot", "channel", REPO + "none",
                        "segmentId", "seg-missing"),
                // git, no repository, no segment: the repository rule comes before the segment rule
                held("src-21", 310L, "repository-unknown", "type", "authored-commit", "platform", "git",
                        "channel", REPO + "none", "segmentId", "seg-missing"),
                // a repository with that URL exists, in another segment
                held("src-22", 320L, "repository-unknown", "channel", REPO + "other"),
                // the only repository with that URL is a tombstone
                held("src-23", 330L, "repository-unknown", "channel", REPO + "tomb"),
                // repository usable, segment archived by its newest version
                held("src-25", 350L, "segment-inactive", "channel", REPO + "arch", "segmentId", "seg-arch"),
                // the segment's newest version is a tombstone
                held("src-26", 360L, "segment-unknown", "type", "message", "platform", "discord",
                        "channel", "general", "segmentId", "seg-gone"));
    }

    @Test
    void publishedAndHeldSplitTheLiveKeysOfTheMvAndDeletedKeysAreAbsent() throws Exception {
        Set<String> live = expected.run("mv_latest.sql").stream()
                .filter(r -> !(Boolean) r.get("isDeleted"))
                .map(r -> (String) r.get("sourceId"))
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> published = sourceIds(expected.query("SELECT sourceId FROM serving_published"));
        List<String> held = sourceIds(expected.query("SELECT sourceId FROM serving_held"));
        assertThat(published).doesNotHaveDuplicates().doesNotContainAnyElementsOf(held);
        assertThat(held).doesNotHaveDuplicates();
        Set<String> all = new TreeSet<>(published);
        all.addAll(held);
        assertThat(all).isEqualTo(live).hasSize(25).doesNotContain("src-16");
        assertThat(expected.query("SELECT count(*) AS n FROM activity_versions WHERE sourceId = 'src-16'"))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("n", 2L));
    }

    @Test
    void theCountryCodeIsLeftToTheJavaMatcher() throws Exception {
        Map<String, String> codes = expected.query("SELECT * FROM serving_published").stream()
                .collect(Collectors.toMap(r -> (String) r.get("sourceId"), r -> CountryCodes.codeOf(
                        (String) r.get("organizationCountry"), (String) r.get("organizationLocation"))));
        assertThat(codes).containsEntry("src-01", "DE").containsEntry("src-17", "XX").containsEntry("src-18", "XX")
                .containsEntry("src-19", "XX");
    }

    // ------------------------------------------------------------------ helpers

    private static Instant at(String time) {
        return Instant.parse("2024-05-01T" + time + "Z");
    }

    private static List<String> sourceIds(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> (String) r.get("sourceId")).collect(Collectors.toList());
    }

    /** A serving_published row: the fixture's defaults, then {@code overrides}. */
    private static Map<String, Object> row(String sourceId, long commitLsn, Object... overrides) {
        String n = sourceId.substring("src-".length());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activityId", "act-" + n);
        m.put("conversationId", "");
        m.put("createdAt", at("09:00:00"));
        m.put("updatedAt", at("10:00:00"));
        m.put("memberId", "mem-ok");
        m.put("objectMemberId", "");
        m.put("objectMemberUsername", "");
        m.put("organizationId", "org-1");
        m.put("parentId", "");
        m.put("platform", "github");
        m.put("segmentId", "seg-1");
        m.put("username", "user-" + n);
        m.put("sourceId", sourceId);
        m.put("type", "issues-opened");
        m.put("timestamp", at("09:00:00"));
        m.put("sourceParentId", "");
        m.put("channel", REPO + "app");
        m.put("sentimentScore", 50);
        m.put("gitInsertions", 0L);
        m.put("gitDeletions", 0L);
        m.put("score", 2);
        m.put("isContribution", true);
        m.put("pullRequestReviewState", "");
        m.put("gitChangedLines", 0L);
        m.put("gitChangedLinesBucket", "");
        m.put("organizationName", "Acme GmbH");
        m.put("organizationCountry", "");
        m.put("organizationLocation", "Munich, Germany");
        m.put("snapshotId", at("11:00:00"));
        m.put("commitLsn", commitLsn);
        m.put("commitIdx", 0);
        for (int i = 0; i < overrides.length; i += 2) {
            assertThat(m).containsKey((String) overrides[i]);
            m.put((String) overrides[i], overrides[i + 1]);
        }
        return m;
    }

    /** A serving_held row: {@link #row} plus its heldReason. */
    private static Map<String, Object> held(String sourceId, long commitLsn, String reason, Object... overrides) {
        Map<String, Object> m = row(sourceId, commitLsn, overrides);
        m.put("heldReason", reason);
        return m;
    }
}
