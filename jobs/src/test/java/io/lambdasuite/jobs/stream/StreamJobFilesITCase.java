package io.lambdasuite.jobs.stream;

import static io.lambdasuite.jobs.testing.Envelopes.activity;
import static io.lambdasuite.jobs.testing.Envelopes.envelope;
import static io.lambdasuite.jobs.testing.Envelopes.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.testing.DuckDb;
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

    @Test
    void enrichesFiltersAndDeduplicatesIntoParquet() throws Exception {
        Path in = tmp.resolve("in");
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

        Configuration o = new Configuration();
        o.set(StreamOptions.SOURCE, StreamOptions.SourceKind.FILES);
        o.set(StreamOptions.INPUT_DIR, in.toString());
        o.set(StreamOptions.BASE_PATH, tmp.resolve("out").toString());
        o.set(StreamOptions.PARALLELISM, 2);
        StreamJob.run(o, msg -> {});

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
}
