package io.lambdasuite.jobs.verify;

import io.lambdasuite.jobs.common.SqlFiles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PR rule checked with DuckDB independently of the jobs: a set of PR records (the latest
 * {@code pull_requests_analyzed} snapshot, or the newest record per PR of the streaming job's PR MV) must equal
 * what {@code sql/duckdb/expected/pull_requests.sql} computes from the CDC log, column by column.
 */
public final class PullRequestVerifier {
    /** Columns compared: every column of {@code pull_requests_analyzed}. */
    public static final String COLUMNS = "id, sourceId, openedAt, segmentId, channel, memberId, organizationId,"
            + " gitChangedLinesBucket, platform, assignedAt, reviewRequestedAt, reviewedAt, approvedAt, closedAt,"
            + " mergedAt, resolvedAt, assignedInSeconds, reviewRequestedInSeconds, reviewedInSeconds, closedInSeconds,"
            + " mergedInSeconds, resolvedInSeconds, numberOfPatchsets, snapshotId";

    /** The latest published snapshot of {@code pull_requests_analyzed} ({@code sql/duckdb/pull_request_views.sql}). */
    public static final String SERVING = "SELECT * FROM pull_requests";

    /** The newest record per PR of the PR MV, PRs that lost their opened event left out. */
    public static final String MV_NEWEST = "SELECT * FROM (SELECT * FROM read_parquet(getvariable('base_path')"
            + " || '/pull_request_analyzed_mv/*/*.parquet', hive_partitioning = false) QUALIFY row_number()"
            + " OVER (PARTITION BY sourceId ORDER BY commitTimestamp DESC, revision DESC) = 1) WHERE NOT isDeleted";

    /** What a comparison found. */
    public static final class Diff {
        public long expected;
        public long actual;
        public final List<Map<String, Object>> missingOrDifferent = new ArrayList<>();
        public final List<Map<String, Object>> unexpected = new ArrayList<>();

        public boolean ok() {
            return expected == actual && missingOrDifferent.isEmpty() && unexpected.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("pull requests expected %,d, found %,d%n", expected, actual));
            ServingVerifier.Report.section(sb, "expected pull requests missing or different", missingOrDifferent);
            ServingVerifier.Report.section(sb, "pull requests the log does not justify", unexpected);
            return sb.toString();
        }
    }

    private PullRequestVerifier() {}

    /**
     * Compares the rows of {@code actualSelect} (run with the variable {@code base_path} set; {@link #SERVING} also
     * needs {@code pull_request_views.sql}, which this runs) with the rule over the CDC log under {@code logDir}.
     */
    public static Diff verify(String logDir, String basePath, String actualSelect, int show) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET VARIABLE log_dir = '" + logDir.replace("'", "''") + "'");
            s.execute("SET VARIABLE base_path = '" + basePath.replace("'", "''") + "'");
            SqlFiles.run(s, "duckdb/expected/cdc_envelopes.sql");
            ServingVerifier.defineOracle(s, "duckdb/expected/serving_latest.sql");
            if (actualSelect.equals(SERVING)) {
                SqlFiles.run(s, "duckdb/pull_request_views.sql");
            }
            return compare(s, actualSelect, show);
        }
    }

    /** The comparison, on a connection where the serving oracle ({@code serving_published}) is defined. */
    static Diff compare(Statement s, String actualSelect, int show) throws SQLException {
        ServingVerifier.defineOracle(s, "duckdb/expected/pull_requests.sql");
        Diff d = new Diff();
        s.execute("CREATE OR REPLACE TEMP TABLE expected_prs AS SELECT " + COLUMNS + " FROM expected_pull_requests");
        s.execute("CREATE OR REPLACE TEMP TABLE actual_prs AS SELECT " + COLUMNS + " FROM (" + actualSelect + ")");
        d.expected = ServingVerifier.count(s, "SELECT count(*) FROM expected_prs");
        d.actual = ServingVerifier.count(s, "SELECT count(*) FROM actual_prs");
        d.missingOrDifferent.addAll(ServingVerifier.rows(s, "SELECT * FROM (SELECT * FROM expected_prs EXCEPT ALL"
                + " SELECT * FROM actual_prs) ORDER BY sourceId LIMIT " + show));
        d.unexpected.addAll(ServingVerifier.rows(s, "SELECT * FROM (SELECT * FROM actual_prs EXCEPT ALL"
                + " SELECT * FROM expected_prs) ORDER BY sourceId LIMIT " + show));
        return d;
    }
}
