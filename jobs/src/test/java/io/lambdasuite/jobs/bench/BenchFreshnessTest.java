package io.lambdasuite.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdasuite.jobs.Lambda;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code lambda bench freshness} tiny: the report files exist, fact versions sent were found in published MV
 * files, and the percentiles are ordered and positive (no timing asserted).
 */
class BenchFreshnessTest {
    @TempDir
    Path tmp;

    @Test
    void tinyRunFindsSentFactsInPublishedFiles() throws Exception {
        Path out = tmp.resolve("out");
        int code = Lambda.run("bench", "freshness", "--rate", "300", "--duration", "20s", "--warmup", "4s",
                "--checkpoint-interval", "2s", "--dir", tmp.resolve("data").toString(), "--out", out.toString());
        assertThat(code).isZero();

        List<Path> reports = BenchFiles.reports(out, "freshness");
        JsonNode doc = new ObjectMapper().readTree(reports.get(1).toFile());
        assertThat(doc.get("checkpointIntervalMs").asLong()).isEqualTo(2000);
        long measured = doc.get("factVersionsMeasured").asLong();
        long seen = doc.get("factVersionsSeen").asLong();
        assertThat(measured).isPositive();
        assertThat(seen).isPositive().isLessThanOrEqualTo(measured);
        JsonNode lat = doc.get("latencyIntervals");
        assertThat(lat.get("p50").asDouble()).isPositive().isLessThanOrEqualTo(lat.get("p99").asDouble());
        assertThat(lat.get("p99").asDouble()).isLessThanOrEqualTo(lat.get("max").asDouble());
        assertThat(doc.get("goal").get("p99Intervals").asDouble()).isEqualTo(2.0);
        assertThat(Files.readString(reports.get(0))).contains("| p99 |", "![chart](");
    }
}
