package io.lambdasuite.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdasuite.jobs.Lambda;
import io.lambdasuite.jobs.stream.Uids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code lambda bench state} tiny with both backends: the report files exist, keys and pull requests were
 * counted, and the dedup and PR operators' state sizes were found in the checkpoint and are plausible per key.
 */
class BenchStateTest {
    @TempDir
    Path tmp;

    @Test
    void tinyRunMeasuresDedupAndPullRequestStateOfBothBackends() throws Exception {
        Path out = tmp.resolve("out");
        int code = Lambda.run("bench", "state", "--keys", "2000", "--parallelism", "1",
                "--dir", tmp.resolve("data").toString(), "--out", out.toString());
        assertThat(code).isZero();

        List<Path> reports = BenchFiles.reports(out, "state");
        JsonNode doc = new ObjectMapper().readTree(reports.get(1).toFile());
        assertThat(doc.get("dedupKeys").asLong()).isBetween(1000L, 4000L);
        assertThat(doc.get("pullRequests").asLong()).isPositive();
        assertThat(doc.get("backends")).hasSize(2);
        for (JsonNode b : doc.get("backends")) {
            JsonNode ops = b.get("bytesByOperator");
            assertThat(ops.get(Uids.DEDUP).asLong()).as(b.get("backend").asText()).isPositive();
            assertThat(ops.get(Uids.PULL_REQUEST_LIFECYCLE).asLong()).isPositive();
            // a dedup entry holds one activity row: more than its key, far less than a page
            assertThat(b.get("bytesPerDedupKey").asDouble()).isBetween(50.0, 5000.0);
            assertThat(b.get("totalBytes").asLong()).isLessThanOrEqualTo(b.get("filesBytes").asLong() + 1);
        }
        assertThat(Files.readString(reports.get(0))).contains("| rocksdb |", "| hashmap |", Uids.DEDUP);
    }
}
