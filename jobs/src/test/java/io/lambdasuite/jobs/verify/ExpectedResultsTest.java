package io.lambdasuite.jobs.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.Lambda;
import io.lambdasuite.jobs.testing.CdcFixture;
import io.lambdasuite.udfs.cdc.BadMessage;
import io.lambdasuite.udfs.cdc.EnvelopeParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expected-result queries of {@code sql/duckdb/expected/} on a hand-written CDC log
 * ({@code src/test/resources/verify/cdc-log}), checked row by row. The log's lines are commented in the scenario
 * names below: {@code activityRelations/part-0.ndjson} holds the valid scenarios (keys src-1 .. src-7),
 * {@code part-1.ndjson} one rejected line per kind (key src-bad), and each dimension topic a few rows plus a bad one.
 * An oversized line (key src-big) is added at run time, so that no 1 MiB file sits in the repository.
 */
class ExpectedResultsTest {
    private static final int ONE_MIB = CdcFixture.ONE_MIB;

    @TempDir
    static Path logDir;

    private static ExpectedResults expected;

    @BeforeAll
    static void openOracle() throws Exception {
        CdcFixture.copyTo(logDir);
        expected = ExpectedResults.of(logDir);
    }

    @AfterAll
    static void closeOracle() throws Exception {
        if (expected != null) {
            expected.close();
        }
    }

    // ------------------------------------------------------------------ activity versions (SPEC §2)

    @Test
    void newestVersionWinsByUpdatedAtThenCommitLsnThenCommitIdxWhateverTheArrivalOrder() throws Exception {
        // src-1 arrives as v2 (10:30, lsn 200), v4 (10:30, lsn "0/12C" = 300, idx 1), v1 (10:00, lsn 100),
        // v3 (10:30, lsn "300", idx 0): v4 wins although it is neither the first nor the last line
        assertThat(mvRow("src-1"))
                .containsEntry("username", "ada-v4")
                .containsEntry("updatedAt", at("10:30:00"))
                .containsEntry("commitLsn", 300L)
                .containsEntry("commitIdx", 1);
        assertThat(versions("src-1"))
                .extracting(v -> v.get("username") + "@" + v.get("commitLsn") + "/" + v.get("commitIdx"))
                .containsExactly("ada-v1@100/0", "ada-v2@200/0", "ada-v3@300/0", "ada-v4@300/1");
    }

    @Test
    void anExactDuplicateIsOneVersion() throws Exception {
        assertThat(versions("src-2")).singleElement().satisfies(v -> assertThat(v)
                .containsEntry("copies", 2L)
                .containsEntry("sourceOffset", offsetOfLine("activityRelations/part-0.ndjson", 5)));
    }

    @Test
    void aDeleteLeavesATombstoneThatALateOlderVersionDoesNotReplace() throws Exception {
        // src-3: insert (10:00, lsn 400), delete (11:00, lsn 500), then a late update (10:30, lsn 450)
        assertThat(mvRow("src-3"))
                .containsEntry("isDeleted", true)
                .containsEntry("updatedAt", at("11:00:00"))
                .containsEntry("commitLsn", 500L)
                .containsEntry("snapshotId", at("12:00:00"));
        assertThat(versions("src-3")).extracting(v -> v.get("isDeleted")).containsExactly(false, false, true);
        assertThat(versions("src-3")).extracting(v -> v.get("action")).containsExactly("insert", "update", "delete");
    }

    @Test
    void unchangedToastTakesTheValueOfThePreviousVersionInVersionOrder() throws Exception {
        // src-4: v2 (10:10) arrives before v1 (10:00) and toasts memberId, organizationId, gitInsertions,
        // isContribution, pullRequestReviewState; v3 (10:20) toasts memberId, gitDeletions, sentimentScore,
        // pullRequestReviewState again, so those come through v2 from v1
        List<Map<String, Object>> v = versions("src-4");
        assertThat(v).extracting(r -> r.get("username")).containsExactly("grace", "grace-v2", "grace-v3");
        assertThat(v.get(1))
                .containsEntry("memberId", "mem-4")
                .containsEntry("organizationId", "org-1")
                .containsEntry("gitInsertions", 40L)
                .containsEntry("isContribution", true)
                .containsEntry("pullRequestReviewState", "APPROVED")
                .containsEntry("sentimentScore", 70);
        assertThat(mvRow("src-4"))
                .containsEntry("memberId", "mem-4")
                .containsEntry("organizationId", "org-2")
                .containsEntry("gitInsertions", 41L)
                .containsEntry("gitDeletions", 2L)
                .containsEntry("gitChangedLines", 43L)
                .containsEntry("gitChangedLinesBucket", "10-59")
                .containsEntry("sentimentScore", 70)
                .containsEntry("isContribution", false)
                .containsEntry("pullRequestReviewState", "APPROVED");
    }

    @Test
    void unchangedToastWithoutAnEarlierVersionKeepsTheDefaults() throws Exception {
        assertThat(mvRow("src-5"))
                .containsEntry("username", "")
                .containsEntry("memberId", "")
                .containsEntry("createdAt", Instant.EPOCH)
                .containsEntry("gitInsertions", 0L)
                .containsEntry("score", -1)
                .containsEntry("isContribution", false)
                .containsEntry("gitChangedLines", 7L)
                .containsEntry("gitChangedLinesBucket", "1-9");
    }

    @Test
    void unknownFieldsAreIgnoredAndOtherSpellingsAccepted() throws Exception {
        // src-6: unknown fields at every level, optional columns missing, action READ, table ActivityRelations,
        // no commit_lsn, commit_idx "2", createdAt as epoch ms, updatedAt with a space, micros and +02:00,
        // sentimentScore "5", gitInsertions 12.0, score null, isContribution "TRUE", a CRLF line end;
        // src-7: a byte order mark before the envelope
        assertThat(mvRow("src-6"))
                .containsEntry("channel", "")
                .containsEntry("conversationId", "")
                .containsEntry("createdAt", at("09:00:00"))
                .containsEntry("updatedAt", Instant.parse("2024-05-01T10:15:30.123Z"))
                .containsEntry("commitLsn", 0L)
                .containsEntry("commitIdx", 2)
                .containsEntry("sentimentScore", 5)
                .containsEntry("gitInsertions", 12L)
                .containsEntry("score", -1)
                .containsEntry("isContribution", true);
        assertThat(mvRow("src-7")).containsEntry("username", "zo\u00eb");
    }

    @Test
    void mvLatestIsExactlyTheNewestVersionOfEveryKey() throws Exception {
        assertThat(expected.run("mv_latest.sql")).containsExactly(
                mv("src-3", "act-3", "type", "authored-commit", "platform", "git", "updatedAt", at("11:00:00"),
                        "commitLsn", 500L, "isDeleted", true, "snapshotId", at("12:00:00")),
                mv("src-4", "act-4", "type", "issue-comment", "updatedAt", at("10:20:00"), "commitLsn", 620L,
                        "username", "grace-v3", "memberId", "mem-4", "organizationId", "org-2", "sentimentScore", 70,
                        "gitInsertions", 41L, "gitDeletions", 2L, "isContribution", false,
                        "pullRequestReviewState", "APPROVED", "gitChangedLines", 43L, "gitChangedLinesBucket", "10-59"),
                mv("src-1", "act-1", "updatedAt", at("10:30:00"), "commitLsn", 300L, "commitIdx", 1,
                        "username", "ada-v4", "gitInsertions", 12L, "gitDeletions", 3L, "gitChangedLines", 15L,
                        "gitChangedLinesBucket", "10-59"),
                mv("src-5", "act-5", "type", "message", "platform", "discord", "channel", "general",
                        "createdAt", Instant.EPOCH, "commitLsn", 700L, "username", "", "memberId", "",
                        "gitDeletions", 7L, "score", -1, "isContribution", false, "gitChangedLines", 7L,
                        "gitChangedLinesBucket", "1-9"),
                mv("src-6", "act-6", "type", "message", "platform", "slack", "channel", "",
                        "updatedAt", Instant.parse("2024-05-01T10:15:30.123Z"), "commitLsn", 0L, "commitIdx", 2,
                        "sentimentScore", 5, "gitInsertions", 12L, "score", -1, "gitChangedLines", 12L,
                        "gitChangedLinesBucket", "10-59"),
                mv("src-2", "act-2", "type", "pull_request-opened", "commitLsn", 150L, "gitInsertions", 250L,
                        "gitDeletions", 250L, "gitChangedLines", 500L, "gitChangedLinesBucket", "500+"),
                mv("src-7", "act-7", "type", "star", "username", "zo\u00eb", "commitLsn", 800L));
        assertThat(expected.run("activity_versions.sql")).hasSize(14);
    }

    // ------------------------------------------------------------------ bad input (SPEC §3)

    @Test
    void everyMalformedLineIsRejectedWithTheParsersReason() throws Exception {
        assertThat(expected.run("dead_letters.sql")).containsExactlyElementsOf(CdcFixture.REJECTED.stream()
                .map(r -> dead(r.topic(), r.reason(), r.lines())).toList());
        assertThat(expected.deadLetterTotal()).isEqualTo(CdcFixture.REJECTED_TOTAL);
        assertThat(expected.run("mv_latest.sql"))
                .extracting(r -> r.get("sourceId"))
                .doesNotContain("src-bad", "src-big");
    }

    @Test
    void deadLetterLinesCarryFileAndByteOffset() throws Exception {
        List<Map<String, Object>> lines = expected.run("dead_letter_lines.sql");
        assertThat(lines).hasSize(30);
        String part1 = logDir.resolve("activityRelations/part-1.ndjson").toString();
        assertThat(lines).filteredOn(l -> part1.equals(l.get("file")) && Long.valueOf(2).equals(l.get("lineNo")))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .containsEntry("reason", "invalid-utf8")
                        .containsEntry("byteOffset", offsetOfLine("activityRelations/part-1.ndjson", 2)));
        assertThat(lines).filteredOn(l -> "oversized".equals(l.get("reason")))
                .singleElement()
                .satisfies(l -> assertThat((Long) l.get("nbytes")).isGreaterThan(ONE_MIB));
    }

    @Test
    void theSizeLimitIsTheJobsOption() throws Exception {
        try (ExpectedResults larger = ExpectedResults.of(logDir, Map.of("max_message_bytes", 2 * ONE_MIB))) {
            assertThat(larger.run("mv_latest.sql")).extracting(r -> r.get("sourceId")).contains("src-big");
            assertThat(larger.deadLetterTotal()).isEqualTo(29);
        }
    }

    /**
     * The oracle is written independently of {@link EnvelopeParser}; here both judge every line of the fixture:
     * the same lines must be accepted, the others rejected for the same reason.
     */
    @Test
    void agreesWithTheEnvelopeParserOnEveryLine() throws Exception {
        assertThat(verdictsOf(expected)).isEqualTo(parserVerdicts(logDir));
    }

    /** The same on a log of {@code lambda generate}, with every kind of malformed message it makes. */
    @Test
    void agreesWithTheEnvelopeParserOnAGeneratedLog(@TempDir Path generated) throws Exception {
        assertThat(Lambda.run("generate", "--out-dir", generated.toString(), "--seed", "11", "--activities", "1500",
                "--malformed-share", "0.05", "--max-oversized", "1")).isZero();
        try (ExpectedResults oracle = ExpectedResults.of(generated)) {
            Map<String, String> byOracle = verdictsOf(oracle);
            assertThat(byOracle.values()).contains("accepted", "invalid-utf8", "oversized");
            assertThat(byOracle).isEqualTo(parserVerdicts(generated));
        }
    }

    // ------------------------------------------------------------------ dimensions

    @Test
    void membersLatest() throws Exception {
        assertThat(expected.run("members_latest.sql")).containsExactly(
                // attributes toasted in the update: the flags of the insert stay
                member("mem-1", "Ada L.", false, true, false, "10:05:00", 20L, false),
                // attributes as JSON text
                member("mem-2", "dependabot", true, false, false, "10:00:00", 11L, false),
                member("mem-3", "Gone", false, false, false, "10:30:00", 30L, true),
                // "isOrganization": {"default": "TRUE"}, "isBot": null
                member("mem-4", "Acme Inc", false, false, true, "10:00:00", 13L, false),
                // displayName toasted with no earlier version, no attributes
                member("mem-5", "", false, false, false, "10:00:00", 14L, false));
    }

    @Test
    void organizationsLatest() throws Exception {
        assertThat(expected.run("organizations_latest.sql")).containsExactly(
                row("id", "org-1", "displayName", "Acme GmbH", "country", "Germany", "location", "Berlin",
                        "updatedAt", at("10:05:00"), "commitLsn", 20L, "commitIdx", 0, "isDeleted", false,
                        "snapshotId", at("11:00:00")),
                row("id", "org-2", "displayName", "Initech", "country", "", "location", "Austin, Texas",
                        "updatedAt", at("10:40:00"), "commitLsn", 40L, "commitIdx", 0, "isDeleted", true,
                        "snapshotId", at("11:00:00")));
    }

    @Test
    void segmentsLatest() throws Exception {
        assertThat(expected.run("segments_latest.sql")).containsExactly(
                row("id", "seg-1", "slug", "acme", "name", "Acme", "status", "active", "parentId", "p-1",
                        "grandparentId", "g-1", "updatedAt", at("10:00:00"), "commitLsn", 10L, "commitIdx", 0,
                        "isDeleted", false, "snapshotId", at("11:00:00")),
                // archived at 10:00, active at 11:00; the 10:30 version arrives last and changes nothing
                row("id", "seg-2", "slug", "initech", "name", "Initech", "status", "active", "parentId", "p-1",
                        "grandparentId", "g-1", "updatedAt", at("11:00:00"), "commitLsn", 30L, "commitIdx", 0,
                        "isDeleted", false, "snapshotId", at("12:00:00")),
                // a delete with no earlier version is a tombstone too
                row("id", "seg-3", "slug", "old", "name", "Old", "status", "archived", "parentId", "",
                        "grandparentId", "", "updatedAt", at("10:00:00"), "commitLsn", 12L, "commitIdx", 0,
                        "isDeleted", true, "snapshotId", at("11:00:00")));
    }

    @Test
    void repositoriesLatest() throws Exception {
        assertThat(expected.run("repositories_latest.sql")).containsExactly(
                // enabled and excluded absent: true and false
                repository("repo-1", "https://github.com/acme/app", "seg-1", true, false, null, "10:00:00", 10L),
                // "false" and "TRUE" as text
                repository("repo-2", "https://github.com/acme/old", "seg-1", false, true, null, "10:00:00", 11L),
                // deletedAt toasted in the update: the insert's value stays
                repository("repo-3", "https://github.com/acme/gone2", "seg-1", true, false,
                        Instant.parse("2024-05-01T09:30:00Z"), "10:10:00", 22L),
                // found in the segments directory: metadata.table_name decides the table
                repository("repo-4", "https://github.com/acme/lib", "seg-2", true, false, null, "10:00:00", 14L));
    }

    @Test
    void findsTheRepositoryRoot() {
        assertThat(ExpectedResults.repoRoot().resolve(ExpectedResults.SQL_DIR).resolve(ExpectedResults.BASE))
                .isRegularFile();
    }

    // ------------------------------------------------------------------ helpers

    private static Instant at(String time) {
        return Instant.parse("2024-05-01T" + time + "Z");
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** An mv_latest row: the fixture's defaults for an activity, then {@code overrides}. */
    private static Map<String, Object> mv(String sourceId, String activityId, Object... overrides) {
        Map<String, Object> m = row(
                "activityId", activityId,
                "conversationId", "",
                "createdAt", at("09:00:00"),
                "updatedAt", at("10:00:00"),
                "memberId", "mem-1",
                "objectMemberId", "",
                "objectMemberUsername", "",
                "organizationId", "org-1",
                "parentId", "",
                "platform", "github",
                "segmentId", "seg-1",
                "username", "ada",
                "sourceId", sourceId,
                "type", "issues-opened",
                "timestamp", at("09:00:00"),
                "sourceParentId", "",
                "channel", "https://github.com/acme/app",
                "sentimentScore", 50,
                "gitInsertions", 0L,
                "gitDeletions", 0L,
                "score", 2,
                "isContribution", true,
                "pullRequestReviewState", "",
                "gitChangedLines", 0L,
                "gitChangedLinesBucket", "",
                "snapshotId", at("11:00:00"),
                "commitLsn", 0L,
                "commitIdx", 0,
                "isDeleted", false);
        for (int i = 0; i < overrides.length; i += 2) {
            assertThat(m).containsKey((String) overrides[i]);
            m.put((String) overrides[i], overrides[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> member(String id, String displayName, boolean isBot, boolean isTeamMember,
            boolean isOrganization, String updatedAt, long lsn, boolean isDeleted) {
        return row("id", id, "displayName", displayName, "isBot", isBot, "isTeamMember", isTeamMember,
                "isOrganization", isOrganization, "updatedAt", at(updatedAt), "commitLsn", lsn, "commitIdx", 0,
                "isDeleted", isDeleted, "snapshotId", at("11:00:00"));
    }

    private static Map<String, Object> repository(String id, String url, String segmentId, boolean enabled,
            boolean excluded, Instant deletedAt, String updatedAt, long lsn) {
        return row("id", id, "url", url, "segmentId", segmentId, "enabled", enabled, "excluded", excluded,
                "deletedAt", deletedAt, "updatedAt", at(updatedAt), "commitLsn", lsn, "commitIdx", 0,
                "isDeleted", false, "snapshotId", at("11:00:00"));
    }

    private static Map<String, Object> dead(String topic, String reason, long lines) {
        return row("topic", topic, "reason", reason, "lines", lines);
    }

    private static Map<String, Object> mvRow(String sourceId) throws Exception {
        List<Map<String, Object>> rows = expected.run("mv_latest.sql").stream()
                .filter(r -> sourceId.equals(r.get("sourceId")))
                .collect(Collectors.toList());
        assertThat(rows).as("mv_latest rows of " + sourceId).hasSize(1);
        return rows.get(0);
    }

    /** The versions of a key in version order. */
    private static List<Map<String, Object>> versions(String sourceId) throws Exception {
        return expected.run("activity_versions.sql").stream()
                .filter(r -> sourceId.equals(r.get("sourceId")))
                .collect(Collectors.toList());
    }

    /** Accepted, or the reason of the rejection, per file#lineNo of the non-blank lines, by the oracle. */
    private static Map<String, String> verdictsOf(ExpectedResults oracle) throws Exception {
        Map<String, String> byOracle = new TreeMap<>();
        for (Map<String, Object> r : oracle.query(
                "SELECT l.file, l.lineNo, coalesce(r.reason, 'accepted') AS verdict FROM cdc_lines l "
                        + "LEFT JOIN cdc_rejected r USING (file, lineNo) WHERE NOT l.blank")) {
            byOracle.put(r.get("file") + "#" + r.get("lineNo"), (String) r.get("verdict"));
        }
        return byOracle;
    }

    /** The same by {@link EnvelopeParser}, reading the files as the job does. */
    private static Map<String, String> parserVerdicts(Path dir) throws IOException {
        Map<String, String> byParser = new TreeMap<>();
        EnvelopeParser parser = new EnvelopeParser();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).collect(Collectors.toList())) {
                List<byte[]> lines = CdcFixture.splitLines(Files.readAllBytes(f));
                for (int i = 0; i < lines.size(); i++) {
                    if (CdcFixture.isBlank(lines.get(i))) {
                        continue;
                    }
                    String verdict;
                    try {
                        parser.parse(lines.get(i));
                        verdict = "accepted";
                    } catch (BadMessage e) {
                        verdict = e.reason().code();
                    }
                    byParser.put(f.toAbsolutePath().normalize() + "#" + (i + 1), verdict);
                }
            }
        }
        return byParser;
    }

    /** Byte offset of line {@code lineNo} (1-based) of a log file, as the job's NdjsonFormat counts it. */
    private static long offsetOfLine(String file, int lineNo) throws IOException {
        List<byte[]> lines = CdcFixture.splitLines(Files.readAllBytes(logDir.resolve(file)));
        long offset = 0;
        for (int i = 0; i < lineNo - 1; i++) {
            offset += lines.get(i).length + 1;
        }
        return offset;
    }
}
