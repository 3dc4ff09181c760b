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
 * Runs {@code lambda bench scaling} tiny: the report files exist, three series with inputs at 1x, 2x and 4x, and
 * every time positive with the 1x ratio exactly 1 (no timing asserted).
 */
class BenchScalingTest {
    @TempDir
    Path tmp;

    @Test
    void tinyRunTimesEveryJobAtThreeSizes() throws Exception {
        Path out = tmp.resolve("out");
        int code = Lambda.run("bench", "scaling", "--messages", "1000", "--snapshot-rows", "4000", "--delta-rows", "100",
                "--runs", "1", "--warmups", "0", "--parallelism", "1",
                "--dir", tmp.resolve("data").toString(), "--out", out.toString());
        assertThat(code).isZero();

        List<Path> reports = BenchFiles.reports(out, "scaling");
        JsonNode doc = new ObjectMapper().readTree(reports.get(1).toFile());
        JsonNode series = doc.get("series");
        assertThat(series).hasSize(3);
        long[][] sizes = {{1000, 2000, 4000}, {4000, 8000, 16000}, {100, 200, 400}};
        for (int s = 0; s < 3; s++) {
            JsonNode points = series.get(s).get("points");
            assertThat(points).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(points.get(i).get("size").asLong()).isEqualTo(sizes[s][i]);
                assertThat(points.get(i).get("seconds").get("median").asDouble()).isPositive();
            }
            assertThat(points.get(0).get("ratioTo1x").get("median").asDouble()).isEqualTo(1.0);
        }
        assertThat(Files.readString(reports.get(0))).contains("| merge vs snapshot size |", "| merge vs delta size |");
    }
}
