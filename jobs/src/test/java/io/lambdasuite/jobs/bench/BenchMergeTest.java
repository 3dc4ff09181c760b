package io.lambdasuite.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdasuite.jobs.Lambda;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code lambda bench merge} small: reports written, three contenders, and the data is what it claims. */
class BenchMergeTest {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void smallRunWritesReportsAndMergesTheClaimedRows() throws Exception {
        java.nio.file.Path data = tmp.resolve("data");
        java.nio.file.Path out = tmp.resolve("out");
        int code = Lambda.run("bench", "merge", "--rows", "20000", "--runs", "1", "--warmups", "0",
                "--scenario", "recent", "--dir", data.toString(), "--out", out.toString());
        assertEquals(0, code);

        List<java.nio.file.Path> reports;
        try (Stream<java.nio.file.Path> s = Files.list(out)) {
            reports = s.sorted().toList();
        }
        java.nio.file.Path json = reports.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        java.nio.file.Path md = reports.stream().filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow();
        String text = Files.readString(md);
        for (String c : MergeBench.CONTENDERS) {
            assertTrue(text.contains("| " + c + " |"), c + " missing from the Markdown report");
        }
        assertTrue(text.contains("merge/duckdb") && text.contains("merge/cp"));

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        JsonNode sc = doc.get("scenarios").get(0);
        assertEquals("recent", sc.get("scenario").asText());
        for (String c : MergeBench.CONTENDERS) {
            assertEquals(1, sc.get("seconds").get(c).get("values").size(), c);
        }
        // delta = 1% of 20,000 = 200 rows: 160 new keys and 40 updates of existing keys
        assertEquals(200, sc.get("deltaRows").asLong());
        assertEquals(160, sc.get("newKeys").asLong());
        assertEquals(40, sc.get("updates").asLong());
        assertEquals(20_160, sc.get("mergedRows").asLong());
        assertEquals(20_160, sc.get("duckdbRows").asLong());

        // the published snapshot S1 of the merge's working copy says the same
        java.nio.file.Path manifest = data.resolve("recent-20000-0.01").resolve("work-merge").resolve(MergeJob.SERVING)
                .resolve(SnapshotIds.partitionDir(MergeBenchData.S1)).resolve(SnapshotManifest.FILE_NAME);
        SnapshotManifest m = SnapshotManifest.read(new org.apache.flink.core.fs.Path(manifest.toUri()));
        assertEquals(20_160, m.rowCount());
        assertEquals(0, m.heldCount());
        assertEquals(2, m.consumedMvFiles().size());
    }
}
