package io.lambdasuite.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.common.SqlFiles;
import io.lambdasuite.udfs.rules.CountryCodes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * SPEC §9 on the serving layer: the latest published snapshot equals what {@code sql/duckdb/expected/
 * serving_latest.sql} computes independently from the CDC log (newest version per key, tombstones dropped,
 * newest dimensions joined, filters applied, enrichment computed), and its held rows carry the reasons the
 * oracle gives. The country code is checked against the Java rule, which the oracle leaves out.
 */
public final class ServingCheck {
    static final String COLUMNS = "activityId, conversationId, createdAt, updatedAt, memberId, objectMemberId,"
            + " objectMemberUsername, organizationId, parentId, platform, segmentId, username, sourceId, \"type\","
            + " \"timestamp\", sourceParentId, channel, sentimentScore::INTEGER AS sentimentScore,"
            + " gitInsertions::BIGINT AS gitInsertions, gitDeletions::BIGINT AS gitDeletions, score::INTEGER AS score,"
            + " isContribution, pullRequestReviewState, gitChangedLines, gitChangedLinesBucket, organizationName,"
            + " commitLsn, commitIdx";

    private ServingCheck() {}

    public static void assertMatches(Path logDir, Path basePath) throws SQLException {
        try (DuckDb db = new DuckDb()) {
            db.execute("SET TimeZone = 'UTC'");
            db.set("log_dir", logDir.toString()).set("base_path", basePath.toString());
            db.runFile("duckdb/expected/cdc_envelopes.sql");
            for (String stmt : SqlFiles.statements(SqlFiles.read("duckdb/expected/serving_latest.sql"))) {
                if (!stmt.strip().toUpperCase().startsWith("SELECT")) {
                    db.execute(stmt);
                }
            }
            db.runFile("duckdb/serving_views.sql");
            db.execute("CREATE TEMP TABLE expected_published AS SELECT " + COLUMNS + " FROM serving_published");
            db.execute("CREATE TEMP TABLE actual_published AS SELECT " + COLUMNS + " FROM activities");
            assertThat(db.count("SELECT count(*) FROM expected_published")).as("the log publishes rows").isPositive();
            assertThat(db.count("SELECT count(*) FROM actual_published"))
                    .isEqualTo(db.count("SELECT count(*) FROM expected_published"));
            List<Map<String, Object>> missing = db.query("SELECT * FROM (SELECT * FROM expected_published EXCEPT ALL"
                    + " SELECT * FROM actual_published) ORDER BY activityId LIMIT 10");
            List<Map<String, Object>> unexpected = db.query("SELECT * FROM (SELECT * FROM actual_published EXCEPT ALL"
                    + " SELECT * FROM expected_published) ORDER BY activityId LIMIT 10");
            assertThat(missing).as("expected published rows missing or different in the snapshot").isEmpty();
            assertThat(unexpected).as("published rows the log does not justify").isEmpty();

            db.execute("CREATE TEMP TABLE actual_held AS SELECT activityId, heldReason FROM read_parquet("
                    + "getvariable('base_path') || '/activityRelations_deduplicated_cleaned/snapshot='"
                    + " || getvariable('serving_snapshot') || '/_held/*.parquet')");
            List<Map<String, Object>> heldDiff = db.query("SELECT * FROM ((SELECT activityId, heldReason FROM"
                    + " serving_held EXCEPT ALL SELECT * FROM actual_held) UNION ALL (SELECT * FROM actual_held"
                    + " EXCEPT ALL SELECT activityId, heldReason FROM serving_held)) LIMIT 10");
            assertThat(heldDiff).as("held rows and reasons").isEmpty();

            for (Map<String, Object> r : db.query("SELECT DISTINCT e.organizationCountry AS country,"
                    + " e.organizationLocation AS location, a.organizationCountryCode AS code FROM serving_published e"
                    + " JOIN activities a USING (activityId)")) {
                assertThat(r.get("code")).as("country code of %s / %s", r.get("country"), r.get("location"))
                        .isEqualTo(CountryCodes.codeOf(str(r.get("country")), str(r.get("location"))));
            }
        }
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
