package io.lambdasuite.jobs.testing;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * SPEC §9 restricted to the MV layer: the newest version per dedup key in the MV Parquet the job wrote equals
 * the newest version computed independently from the CDC log by {@code sql/duckdb/expected/mv_latest.sql},
 * column by column (source columns, version triple, tombstone flag, and the enrichment that needs no
 * dimension). Also: no (key, version) is written twice (exactly once), and the dead letters match.
 */
public final class MvCheck {
    /** Columns compared; the dimension-derived ones (held reason, organization) are checked by the merge. */
    static final String COLUMNS = "activityId, conversationId, createdAt, updatedAt, memberId, objectMemberId,"
            + " objectMemberUsername, organizationId, parentId, platform, segmentId, username, sourceId, \"type\","
            + " \"timestamp\", sourceParentId, channel, sentimentScore::INTEGER AS sentimentScore,"
            + " gitInsertions::BIGINT AS gitInsertions, gitDeletions::BIGINT AS gitDeletions, score::INTEGER AS score,"
            + " isContribution, pullRequestReviewState, gitChangedLines, gitChangedLinesBucket, snapshotId, commitLsn,"
            + " commitIdx, isDeleted";

    public final long expectedKeys;
    public final long actualKeys;
    public final List<Map<String, Object>> missingOrDifferent;
    public final List<Map<String, Object>> unexpected;
    public final long duplicateVersions;
    public final long expectedDeadLetters;
    public final long actualDeadLetters;

    private MvCheck(DuckDb db) throws SQLException {
        expectedKeys = db.count("SELECT count(*) FROM expected_mv");
        actualKeys = db.count("SELECT count(*) FROM actual_mv");
        missingOrDifferent = db.query("SELECT * FROM (SELECT * FROM expected_mv EXCEPT ALL SELECT * FROM actual_mv)"
                + " ORDER BY segmentId, \"timestamp\", \"type\", sourceId LIMIT 20");
        unexpected = db.query("SELECT * FROM (SELECT * FROM actual_mv EXCEPT ALL SELECT * FROM expected_mv)"
                + " ORDER BY segmentId, \"timestamp\", \"type\", sourceId LIMIT 20");
        duplicateVersions = db.count("SELECT count(*) FROM (SELECT 1 FROM activity_mv GROUP BY segmentId, \"timestamp\","
                + " \"type\", platform, channel, sourceId, updatedAt, commitLsn, commitIdx HAVING count(*) > 1)");
        expectedDeadLetters = db.count("SELECT count(*) FROM cdc_rejected");
        actualDeadLetters = db.count("SELECT count(*) FROM read_parquet(getvariable('base_path')"
                + " || '/_dead_letters/*/*.parquet')");
    }

    /** Compares the MV under {@code basePath} with the CDC log under {@code logDir}. */
    public static MvCheck of(Path logDir, Path basePath) throws SQLException {
        try (DuckDb db = new DuckDb()) {
            db.execute("SET TimeZone = 'UTC'");
            db.set("log_dir", logDir.toString()).set("base_path", basePath.toString());
            db.runFile("duckdb/expected/cdc_envelopes.sql").runFile("duckdb/views.sql");
            db.execute("CREATE TEMP TABLE expected_mv AS SELECT " + COLUMNS + " FROM ("
                    + io.lambdasuite.jobs.common.SqlFiles.read("duckdb/expected/mv_latest.sql")
                            .replaceAll(";\\s*$", "") + ")");
            db.execute("CREATE TEMP TABLE actual_mv AS SELECT " + COLUMNS + " FROM activity_mv_latest");
            return new MvCheck(db);
        }
    }

    @Override
    public String toString() {
        return "MvCheck{expectedKeys=" + expectedKeys + ", actualKeys=" + actualKeys + ", duplicateVersions="
                + duplicateVersions + ", deadLetters=" + actualDeadLetters + "/" + expectedDeadLetters
                + ",\n  missing or different: " + missingOrDifferent + ",\n  unexpected: " + unexpected + "}";
    }
}
