package io.lambdasuite.jobs.stream;

import static io.lambdasuite.jobs.testing.Envelopes.activity;
import static io.lambdasuite.jobs.testing.Envelopes.envelope;
import static io.lambdasuite.jobs.testing.Envelopes.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.jobs.verify.PullRequestVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The production graph over a small hand-written CDC log in NDJSON files, bounded, parallelism 2. */
class StreamJobFilesITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    private void write(Path dir, String topic, String... lines) throws Exception {
        Files.createDirectories(dir.resolve(topic));
        Files.write(dir.resolve(topic).resolve("part-00000.ndjson"), List.of(lines));
    }

    /** Members m1 (a person) and bot, organization o1, active segment s1, the GitHub repository of s1. */
    private void writeDimensions(Path in) throws Exception {
        write(in, "members",
                envelope("members", "insert", row("id", "m1", "displayName", "Alice", "updatedAt", "2024-05-01T08:00:00Z",
                        "attributes", row("isBot", row("default", false)))),
                envelope("members", "insert", row("id", "bot", "displayName", "Bot", "updatedAt", "2024-05-01T08:00:00Z",
                        "attributes", row("isBot", row("default", true)))));
        write(in, "organizations",
                envelope("organizations", "insert", row("id", "o1", "displayName", "Acme", "country", "Germany",
                        "location", "", "updatedAt", "2024-05-01T08:00:00Z")));
        write(in, "segments",
                envelope("segments", "insert", row("id", "s1", "slug", "s1", "name", "S1", "status", "active",
                        "updatedAt", "2024-05-01T08:00:00Z")));
        write(in, "repositories",
                envelope("repositories", "insert", row("id", "r1", "url", "https://GitHub.com/acme/widgets",
                        "segmentId", "s1", "enabled", true, "excluded", false, "deletedAt", null,
                        "updatedAt", "2024-05-01T08:00:00Z")));
    }

    private void runBounded(Path in, Path out) throws Exception {
        Configuration o = new Configuration();
        o.set(StreamOptions.SOURCE, StreamOptions.SourceKind.FILES);
        o.set(StreamOptions.INPUT_DIR, in.toString());
        o.set(StreamOptions.BASE_PATH, out.toString());
        o.set(StreamOptions.PARALLELISM, 2);
        StreamJob.run(o, msg -> {});
    }

    @Test
    void enrichesFiltersAndDeduplicatesIntoParquet() throws Exception {
        Path in = tmp.resolve("in");
        writeDimensions(in);
        write(in, "activityRelations",
                envelope("activityRelations", "insert", activity("a1")),
                envelope("activityRelations", "update", activity("a1", "updatedAt", "2024-05-01T11:30:00Z", "gitInsertions", 100)),
                envelope("activityRelations", "update", activity("a1", "updatedAt", "2024-05-01T10:30:00Z")), // stale
                envelope("activityRelations", "insert", activity("a2", "memberId", "bot")),
                envelope("activityRelations", "insert", activity("a3", "platform", "discord", "channel", "general")),
                envelope("activityRelations", "insert", activity("a4")),
                envelope("activityRelations", "delete", activity("a4", "updatedAt", "2024-05-01T12:00:00Z")),
                envelope("activityRelations", "insert", activity("a5", "memberId", "ghost")),
                "{\"record\": {\"activityId\": ", // truncated
                envelope("nope", "insert", activity("a6")));

        runBounded(in, tmp.resolve("out"));

        try (DuckDb db = new DuckDb()) {
            db.set("base_path", tmp.resolve("out").toString()).runFile("duckdb/views.sql");
            List<Map<String, Object>> rows = db.query(
                    "SELECT activityId, heldReason, isDeleted, gitChangedLines, gitChangedLinesBucket, organizationName,"
                            + " organizationCountryCode, strftime(snapshotId, '%H') AS snap"
                            + " FROM activity_mv_latest ORDER BY activityId");
            assertThat(rows).extracting(r -> r.get("activityId") + "|" + r.get("heldReason") + "|" + r.get("isDeleted")
                            + "|" + r.get("gitChangedLines") + "|" + r.get("gitChangedLinesBucket") + "|"
                            + r.get("organizationName") + "|" + r.get("snap"))
                    .containsExactly(
                            "a1||false|105|100-499|Acme|12",
                            "a2|member-bot|false|15|10-59|Acme|11",
                            "a3||false|15|10-59|Acme|11",
                            "a4||true|15|10-59||13",
                            "a5|member-unknown|false|15|10-59|Acme|11");
            // every version newer than the one before it is in the MV: a1 twice, a4 insert + tombstone
            assertThat(db.count("SELECT count(*) FROM activity_mv")).isEqualTo(7);
            assertThat(db.query("SELECT reason FROM read_parquet('" + tmp.resolve("out") + "/_dead_letters/*/*.parquet') ORDER BY reason"))
                    .extracting(r -> r.get("reason")).containsExactly("malformed-json", "unknown-table");
            assertThat(db.count("SELECT count(*) FROM read_parquet('" + tmp.resolve("out")
                    + "/members_mv/*/*.parquet')")).isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM read_parquet('" + tmp.resolve("out")
                    + "/repositories_mv/*/*.parquet')")).isEqualTo(1);
        }
    }

    /** A PR event: a child names its PR in sourceParentId, an opened event is its own sourceId. */
    private static Map<String, Object> pr(String activityId, String type, String sourceId, String parent,
            String timestamp, Object... kv) {
        Map<String, Object> r = activity(activityId, "type", type, "sourceId", sourceId, "sourceParentId", parent,
                "timestamp", timestamp);
        for (int i = 0; i < kv.length; i += 2) {
            r.put((String) kv[i], kv[i + 1]);
        }
        return r;
    }

    private static String insert(Map<String, Object> record) {
        return envelope("activityRelations", "insert", record);
    }

    @Test
    void theNewestPullRequestRecordPerPrEqualsTheRuleOverTheLog() throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        writeDimensions(in);
        write(in, "activityRelations",
                // gh-pr-1: a review before the opened event, every role, two opened events (the earlier one wins)
                insert(pr("p1-rev", "pull_request-reviewed", "gh-pr-1-r", "gh-pr-1", "2024-05-01T09:40:00.700Z",
                        "pullRequestReviewState", "APPROVED")),
                insert(pr("p1-open", "pull_request-opened", "gh-pr-1", "", "2024-05-01T09:00:00.300Z", "gitInsertions", 300)),
                insert(pr("p1-open-again", "pull_request-opened", "gh-pr-1", "", "2024-05-01T09:05:00Z", "memberId", "m1")),
                insert(pr("p1-asg", "pull_request-assigned", "gh-pr-1-a", "gh-pr-1", "2024-05-01T09:10:00Z")),
                insert(pr("p1-rr", "pull_request-review-requested", "gh-pr-1-q", "gh-pr-1", "2024-05-01T09:20:00Z")),
                insert(pr("p1-mrg", "pull_request-merged", "gh-pr-1-m", "gh-pr-1", "2024-05-01T09:50:00Z",
                        "updatedAt", "2024-05-01T11:15:00Z")),
                insert(pr("p1-cls", "pull_request-closed", "gh-pr-1-c", "gh-pr-1", "2024-05-01T09:50:01Z")),
                // gl-mr-1: a review by a bot (held: not counted), a merge that is deleted again
                insert(pr("p2-open", "merge_request-opened", "gl-mr-1", "", "2024-05-01T08:00:00Z")),
                insert(pr("p2-rev", "merge_request-review-changes-requested", "gl-mr-1-r", "gl-mr-1",
                        "2024-05-01T08:10:00Z", "memberId", "bot")),
                insert(pr("p2-apr", "merge_request-review-approved", "gl-mr-1-a", "gl-mr-1", "2024-05-01T08:20:00Z")),
                insert(pr("p2-mrg", "merge_request-merged", "gl-mr-1-m", "gl-mr-1", "2024-05-01T08:30:00Z")),
                envelope("activityRelations", "delete", pr("p2-mrg", "merge_request-merged", "gl-mr-1-m", "gl-mr-1",
                        "2024-05-01T08:30:00Z", "updatedAt", "2024-05-01T12:00:00Z")),
                // 40001: a Gerrit change with patchsets (one updated) and an approval of patchset 2
                insert(pr("p3-open", "changeset-created", "40001", "", "2024-05-01T07:00:00Z")),
                insert(pr("p3-ps1", "patchset-created", "40001-1", "40001", "2024-05-01T07:00:00Z")),
                insert(pr("p3-ps2", "patchset-created", "40001-2", "40001", "2024-05-01T07:30:00Z")),
                envelope("activityRelations", "update", pr("p3-ps2", "patchset-created", "40001-2", "40001",
                        "2024-05-01T07:30:00Z", "updatedAt", "2024-05-01T10:30:00Z", "gitInsertions", 70)),
                insert(pr("p3-apr", "patchset_approval-created", "40001-2-v", "40001-2", "2024-05-01T07:45:00Z")),
                insert(pr("p3-abn", "changeset-abandoned", "40001-x", "40001", "2024-05-01T08:00:00Z")),
                // gh-pr-2: children only, never published; gh-pr-3: opened, then deleted
                insert(pr("p4-asg", "pull_request-assigned", "gh-pr-2-a", "gh-pr-2", "2024-05-01T09:00:00Z")),
                insert(pr("p5-open", "pull_request-opened", "gh-pr-3", "", "2024-05-01T09:00:00Z")),
                envelope("activityRelations", "delete", pr("p5-open", "pull_request-opened", "gh-pr-3", "",
                        "2024-05-01T09:00:00Z", "updatedAt", "2024-05-01T10:30:00Z")),
                // no PR key: ignored
                insert(pr("p6", "pull_request-merged", "gh-pr-x", "", "2024-05-01T09:00:00Z")));
        runBounded(in, out);

        PullRequestVerifier.Diff diff = PullRequestVerifier.verify(in.toString(), out.toString(),
                PullRequestVerifier.MV_NEWEST, 20);
        assertThat(diff.ok()).as(diff.toString()).isTrue();
        assertThat(diff.expected).isEqualTo(3);
        try (DuckDb db = new DuckDb()) {
            db.set("base_path", out.toString());
            List<Map<String, Object>> newest = db.query("SELECT sourceId, isDeleted, mergedAt IS NULL AS unmerged,"
                    + " numberOfPatchsets, id FROM (" + PullRequestVerifier.MV_NEWEST.replace(" WHERE NOT isDeleted", "")
                    + ") ORDER BY sourceId");
            // gh-pr-3 is either retracted or never published: its tombstone may overtake the insert, which waits
            // in the member join until m1's row (read in parallel) arrives, and then is an older version
            assertThat(newest).filteredOn(r -> !"gh-pr-3".equals(r.get("sourceId")))
                    .extracting(r -> r.get("sourceId") + "|" + r.get("isDeleted") + "|" + r.get("unmerged")
                            + "|" + r.get("numberOfPatchsets") + "|" + r.get("id"))
                    .containsExactly("40001|false|true|2|p3-open", "gh-pr-1|false|false|null|p1-open",
                            "gl-mr-1|false|true|null|p2-open");
            assertThat(newest).filteredOn(r -> "gh-pr-3".equals(r.get("sourceId")))
                    .allSatisfy(r -> assertThat(r.get("isDeleted")).isEqualTo(true));
        }
    }
}
