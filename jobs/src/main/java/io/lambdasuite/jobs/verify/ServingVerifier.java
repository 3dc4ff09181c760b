package io.lambdasuite.jobs.verify;

import io.lambdasuite.jobs.common.SqlFiles;
import io.lambdasuite.udfs.rules.CountryCodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEC §9 on the serving layer, checked with DuckDB independently of the jobs: the latest published snapshot of
 * {@code activityRelations_deduplicated_cleaned} must equal what {@code sql/duckdb/expected/serving_latest.sql}
 * computes from the CDC log (newest version per key, tombstones dropped, newest dimensions joined, filters
 * applied, enrichment computed), its held rows must carry the reasons the oracle gives, and every country code
 * must be the one {@link CountryCodes} gives for the organization's country and location (the oracle leaves
 * country matching to that one rule). When {@code pull_requests_analyzed} has a published snapshot, it must equal
 * the PR rule over the same expected state ({@link PullRequestVerifier}).
 */
public final class ServingVerifier {
    /** Columns compared; the country code is checked separately. */
    static final String COLUMNS = "activityId, conversationId, createdAt, updatedAt, memberId, objectMemberId,"
            + " objectMemberUsername, organizationId, parentId, platform, segmentId, username, sourceId, \"type\","
            + " \"timestamp\", sourceParentId, channel, sentimentScore::INTEGER AS sentimentScore,"
            + " gitInsertions::BIGINT AS gitInsertions, gitDeletions::BIGINT AS gitDeletions, score::INTEGER AS score,"
            + " isContribution, pullRequestReviewState, gitChangedLines, gitChangedLinesBucket, organizationName,"
            + " commitLsn, commitIdx";

    /** What a verification found. */
    public static final class Report {
        public String snapshot;
        public long expectedRows;
        public long actualRows;
        public long expectedHeld;
        public long actualHeld;
        public final List<Map<String, Object>> missingOrDifferent = new ArrayList<>();
        public final List<Map<String, Object>> unexpected = new ArrayList<>();
        public final List<Map<String, Object>> heldDifferences = new ArrayList<>();
        public final List<String> countryCodeMismatches = new ArrayList<>();
        /** The latest pull_requests_analyzed snapshot (= the activities snapshot it was computed from); null if none. */
        public String pullRequestSnapshot;
        /** Its comparison with the PR rule over the log; null when no PR snapshot is published (not checked). */
        public PullRequestVerifier.Diff pullRequests;
        /** The segments_aggregated snapshot checked (the serving one), or null when it was not checked. */
        public String segmentAggregatesSnapshot;
        /** Why segments_aggregated was not checked (absent, or of an older snapshot); null when it was. */
        public String segmentAggregatesNote;
        public long expectedSegments;
        public long actualSegments;
        public final List<Map<String, Object>> segmentAggregateDifferences = new ArrayList<>();

        public boolean ok() {
            return snapshot != null && expectedRows == actualRows && expectedHeld == actualHeld
                    && missingOrDifferent.isEmpty() && unexpected.isEmpty() && heldDifferences.isEmpty()
                    && countryCodeMismatches.isEmpty() && (pullRequests == null || pullRequests.ok())
                    && segmentAggregateDifferences.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("snapshot %s: published rows expected %,d, found %,d; held rows expected %,d, found %,d%n",
                    snapshot, expectedRows, actualRows, expectedHeld, actualHeld));
            section(sb, "expected rows missing from the snapshot or different there", missingOrDifferent);
            section(sb, "rows in the snapshot the log does not justify", unexpected);
            section(sb, "held rows or reasons that differ", heldDifferences);
            if (!countryCodeMismatches.isEmpty()) {
                sb.append("country codes that differ:").append(System.lineSeparator());
                countryCodeMismatches.forEach(m -> sb.append("  ").append(m).append(System.lineSeparator()));
            }
            if (pullRequests == null) {
                sb.append("pull_requests_analyzed: no published snapshot, not checked").append(System.lineSeparator());
            } else {
                sb.append("pull_requests_analyzed snapshot ").append(pullRequestSnapshot);
                if (!pullRequestSnapshot.equals(snapshot)) {
                    sb.append(" (computed from an older activities snapshot than ").append(snapshot)
                            .append(": run lambda merge --dataset pull_requests)");
                }
                sb.append(": ").append(pullRequests);
            }
            if (segmentAggregatesSnapshot != null) {
                sb.append(String.format("segments_aggregated %s: segments expected %,d, found %,d%n",
                        segmentAggregatesSnapshot, expectedSegments, actualSegments));
                section(sb, "segment aggregates that differ", segmentAggregateDifferences);
            } else if (segmentAggregatesNote != null) {
                sb.append("segments_aggregated not checked: ").append(segmentAggregatesNote).append(System.lineSeparator());
            }
            sb.append(ok() ? "OK: no differences" : "DIFFERENCES FOUND");
            return sb.toString();
        }

        static void section(StringBuilder sb, String title, List<Map<String, Object>> rows) {
            if (!rows.isEmpty()) {
                sb.append(title).append(" (first ").append(rows.size()).append("):").append(System.lineSeparator());
                rows.forEach(r -> sb.append("  ").append(r).append(System.lineSeparator()));
            }
        }
    }

    private ServingVerifier() {}

    /** Compares the latest published snapshot under {@code basePath} with the CDC log under {@code logDir}. */
    public static Report verify(String logDir, String basePath, int show) throws SQLException {
        Report r = new Report();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET VARIABLE log_dir = '" + logDir.replace("'", "''") + "'");
            s.execute("SET VARIABLE base_path = '" + basePath.replace("'", "''") + "'");
            SqlFiles.run(s, "duckdb/expected/cdc_envelopes.sql");
            defineOracle(s, "duckdb/expected/serving_latest.sql");
            r.snapshot = scalarString(s, "SELECT max(regexp_extract(file, 'snapshot=([^/]+)/_manifest\\.json$', 1))"
                    + " FROM glob(getvariable('base_path') || '/activityRelations_deduplicated_cleaned/snapshot=*/_manifest.json')");
            r.expectedRows = count(s, "SELECT count(*) FROM serving_published");
            r.expectedHeld = count(s, "SELECT count(*) FROM serving_held");
            if (r.snapshot == null) {
                return r;
            }
            SqlFiles.run(s, "duckdb/serving_views.sql");
            s.execute("CREATE TEMP TABLE expected_published AS SELECT " + COLUMNS + " FROM serving_published");
            s.execute("CREATE TEMP TABLE actual_published AS SELECT " + COLUMNS + " FROM activities");
            String held = "getvariable('base_path') || '/activityRelations_deduplicated_cleaned/snapshot='"
                    + " || getvariable('serving_snapshot') || '/_held/*.parquet'";
            s.execute(count(s, "SELECT count(*) FROM glob(" + held + ")") == 0
                    ? "CREATE TEMP TABLE actual_held (activityId VARCHAR, heldReason VARCHAR)"
                    : "CREATE TEMP TABLE actual_held AS SELECT activityId, heldReason FROM read_parquet(" + held + ")");
            r.actualRows = count(s, "SELECT count(*) FROM actual_published");
            r.actualHeld = count(s, "SELECT count(*) FROM actual_held");
            r.missingOrDifferent.addAll(rows(s, "SELECT * FROM (SELECT * FROM expected_published EXCEPT ALL"
                    + " SELECT * FROM actual_published) ORDER BY activityId LIMIT " + show));
            r.unexpected.addAll(rows(s, "SELECT * FROM (SELECT * FROM actual_published EXCEPT ALL"
                    + " SELECT * FROM expected_published) ORDER BY activityId LIMIT " + show));
            r.heldDifferences.addAll(rows(s, "SELECT * FROM ((SELECT 'expected' AS side, activityId, heldReason FROM"
                    + " (SELECT activityId, heldReason FROM serving_held EXCEPT ALL SELECT * FROM actual_held))"
                    + " UNION ALL (SELECT 'found' AS side, activityId, heldReason FROM (SELECT * FROM actual_held"
                    + " EXCEPT ALL SELECT activityId, heldReason FROM serving_held))) ORDER BY activityId LIMIT " + show));
            r.pullRequestSnapshot = scalarString(s, "SELECT max(regexp_extract(file, 'snapshot=([^/]+)/_manifest\\.json$', 1))"
                    + " FROM glob(getvariable('base_path') || '/pull_requests_analyzed/snapshot=*/_manifest.json')");
            if (r.pullRequestSnapshot != null) {
                SqlFiles.run(s, "duckdb/pull_request_views.sql");
                r.pullRequests = PullRequestVerifier.compare(s, PullRequestVerifier.SERVING, show);
            }
            for (Map<String, Object> row : rows(s, "SELECT DISTINCT e.organizationCountry AS country,"
                    + " e.organizationLocation AS location, a.organizationCountryCode AS code FROM serving_published e"
                    + " JOIN activities a USING (activityId)")) {
                String expected = CountryCodes.codeOf(str(row.get("country")), str(row.get("location")));
                if (!expected.equals(row.get("code"))) {
                    r.countryCodeMismatches.add(String.format("country='%s' location='%s': expected %s, found %s",
                            row.get("country"), row.get("location"), expected, row.get("code")));
                }
            }
            verifySegmentAggregates(s, r, show);
        }
        return r;
    }

    /** Runs the statements of an oracle file that define its views, not the final query that lists them. */
    static void defineOracle(Statement s, String file) throws SQLException {
        for (String stmt : SqlFiles.statements(SqlFiles.read(file))) {
            if (!stmt.strip().toUpperCase().startsWith("SELECT")) {
                s.execute(stmt);
            }
        }
    }

    /**
     * segments_aggregated, when its latest snapshot is of the serving snapshot verified: equal, segment by segment,
     * to {@code sql/duckdb/expected/segments_aggregated.sql} (distinct contributors and organizations of the
     * expected published contributions). An absent dataset, or one of an older snapshot (aggregates not refreshed
     * yet), is reported and not checked.
     */
    private static void verifySegmentAggregates(Statement s, Report r, int show) throws SQLException {
        String latest = scalarString(s, "SELECT max(regexp_extract(file, 'snapshot=([^/]+)/_manifest\\.json$', 1))"
                + " FROM glob(getvariable('base_path') || '/segments_aggregated/snapshot=*/_manifest.json')");
        if (latest == null) {
            r.segmentAggregatesNote = "no published snapshot (lambda bootstrap segment-aggregates writes it)";
            return;
        }
        if (!latest.equals(r.snapshot)) {
            r.segmentAggregatesNote = "its latest snapshot is " + latest + ", serving's is " + r.snapshot;
            return;
        }
        r.segmentAggregatesSnapshot = latest;
        for (String stmt : SqlFiles.statements(SqlFiles.read("duckdb/expected/segments_aggregated.sql"))) {
            if (!stmt.strip().toUpperCase().startsWith("SELECT")) {
                s.execute(stmt);
            }
        }
        SqlFiles.run(s, "duckdb/segments_aggregated_view.sql");
        r.expectedSegments = count(s, "SELECT count(*) FROM expected_segments_aggregated");
        r.actualSegments = count(s, "SELECT count(*) FROM segments_aggregated");
        r.segmentAggregateDifferences.addAll(rows(s, "SELECT * FROM ((SELECT 'expected' AS side, * FROM"
                + " (SELECT * FROM expected_segments_aggregated EXCEPT ALL"
                + " SELECT segmentId, contributorCount, organizationCount FROM segments_aggregated))"
                + " UNION ALL (SELECT 'found' AS side, * FROM (SELECT segmentId, contributorCount, organizationCount"
                + " FROM segments_aggregated EXCEPT ALL SELECT * FROM expected_segments_aggregated)))"
                + " ORDER BY segmentId, side LIMIT " + show));
        if (count(s, "SELECT count(*) FROM segments_aggregated WHERE strftime(snapshotId AT TIME ZONE 'UTC',"
                + " '%Y-%m-%dT%H') <> '" + latest + "'") > 0) {
            r.segmentAggregateDifferences.add(Map.of("problem", "rows whose snapshotId is not " + latest));
        }
    }

    private static String scalarString(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<Map<String, Object>> rows(Statement s, String sql) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
