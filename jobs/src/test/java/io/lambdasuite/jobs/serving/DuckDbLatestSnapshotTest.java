package io.lambdasuite.jobs.serving;

import static io.lambdasuite.jobs.serving.ServingTestFiles.H;
import static io.lambdasuite.jobs.serving.ServingTestFiles.S0;
import static io.lambdasuite.jobs.serving.ServingTestFiles.ids;
import static io.lambdasuite.jobs.serving.ServingTestFiles.writeActivities;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "The latest published snapshot" in DuckDB 1.4: only directories with a _manifest.json count. */
class DuckDbLatestSnapshotTest {
    /**
     * The statements for sql/duckdb (the lead moves them there). Input: {@code SET VARIABLE dataset = '<root>'}.
     * The newest {@code snapshot=*} directory that has a {@code _manifest.json}; its top-level Parquet files only
     * (held rows live under {@code _held/} and are not read).
     */
    static final String LATEST_SNAPSHOT_SQL = """
            SET VARIABLE latest_snapshot = (
                SELECT max(regexp_extract(file, 'snapshot=([^/\\\\]+)[/\\\\]_manifest\\.json$', 1))
                FROM glob(getvariable('dataset') || '/snapshot=*/_manifest.json'));
            CREATE OR REPLACE VIEW serving_latest AS
            SELECT * FROM read_parquet(
                getvariable('dataset') || '/snapshot=' || getvariable('latest_snapshot') || '/*.parquet');
            """;

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void latestQueryReturnsExactlyTheRowsOfTheNewestPublishedSnapshot() throws Exception {
        Path root = new Path(tmp.resolve("activityRelations_deduplicated_cleaned").toUri());
        SnapshotStore store = SnapshotStore.open(root);
        ServingTestFiles.publish(store, S0, 3, List.of());
        ServingTestFiles.publish(store, S0 + H, 5, List.of());
        // Invisible: a newer snapshot directory without manifest, and a staging directory with a manifest.
        writeActivities(store.snapshotDir(S0 + 2 * H), "part-0.parquet", ids("unpublished", 4));
        Staging staging = store.stage(S0 + 3 * H);
        SnapshotManifest.FileEntry f = writeActivities(staging.dataDir(), "part-0.parquet", ids("staged", 2));
        ServingTestFiles.manifest(store, S0 + 3 * H, List.of(f), List.of(), List.of())
                .write(new Path(staging.dir(), SnapshotManifest.FILE_NAME));

        try (DuckDb db = new DuckDb()) {
            db.set("dataset", ServingTestFiles.local(root).toString());
            for (String stmt : LATEST_SNAPSHOT_SQL.split(";")) {
                if (!stmt.isBlank()) {
                    db.execute(stmt);
                }
            }
            assertThat(db.query("SELECT getvariable('latest_snapshot') AS s"))
                    .containsExactly(Map.of("s", SnapshotIds.partitionValue(S0 + H)));
            List<Object> got = db.query("SELECT activityId FROM serving_latest ORDER BY activityId").stream()
                    .map(r -> r.get("activityId")).toList();
            assertThat(got).containsExactlyElementsOf(
                    ids(SnapshotIds.partitionValue(S0 + H), 5).stream().sorted().map(Object.class::cast).toList());
            assertThat(store.manifest(S0 + H).rowCount()).isEqualTo(got.size());
        }
    }
}
