package io.lambdasuite.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdasuite.jobs.Lambda;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.parquet.ParquetFiles;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code lambda bench bootstrap} tiny: reports written with both contenders, and each contender did what the
 * report says (the bootstrap published the rows it reports, the loop wrote one Parquet row per activity message).
 */
class BenchBootstrapTest {
    @TempDir
    Path tmp;

    @Test
    void tinyRunWritesReportsAndBothContendersDidTheReportedWork() throws Exception {
        Path data = tmp.resolve("data");
        Path out = tmp.resolve("out");
        int code = Lambda.run("bench", "bootstrap", "--rows", "3000", "--runs", "1", "--warmups", "0",
                "--dir", data.toString(), "--out", out.toString());
        assertThat(code).isZero();

        List<Path> reports;
        try (Stream<Path> s = Files.list(out)) {
            reports = s.sorted().toList();
        }
        Path md = reports.stream().filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow();
        Path json = reports.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        String text = Files.readString(md);
        for (String c : BootstrapBench.CONTENDERS) {
            assertThat(text).contains("| " + c + " |");
        }
        assertThat(text).contains("bootstrap/plain", "pipeline", "streamState", "mergeAndPublish");

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("rows").asLong()).isEqualTo(3000);
        assertThat(doc.get("plainLoop").get("lines").asLong()).isEqualTo(3000);
        for (String c : BootstrapBench.CONTENDERS) {
            assertThat(doc.get("seconds").get(c).get("values")).hasSize(1);
            assertThat(doc.get("rowsPerSecondPerCore").get(c).get("median").asDouble()).isPositive();
        }
        assertThat(doc.get("bootstrapOverPlainPerCore").get("median").asDouble()).isPositive();

        Path work = data.resolve("bootstrap-3000-42");
        SnapshotStore serving = SnapshotStore.open(new org.apache.flink.core.fs.Path(
                work.resolve("work-bootstrap").resolve(MergeJob.SERVING).toUri()));
        SnapshotManifest m = serving.manifest(serving.latest().orElseThrow());
        assertThat(m.rowCount()).isEqualTo(doc.get("bootstrapPublishedRows").asLong()).isPositive();
        long activityRows = ParquetFiles.rowCount(new org.apache.flink.core.fs.Path(
                work.resolve("work-json-parquet").resolve("activityRelations.parquet").toUri()));
        assertThat(activityRows).isEqualTo(doc.get("plainLoop").get("activityRows").asLong()).isPositive();
    }
}
