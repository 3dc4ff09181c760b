package io.lambdasuite.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdasuite.jobs.Lambda;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code lambda bench streaming} tiny: the three report files exist, every message was read by the loop,
 * the job published facts and the same dead letters, and the figures are positive (no timing asserted).
 */
class BenchStreamingTest {
    @TempDir
    Path tmp;

    @Test
    void tinyRunWritesReportsWithSaneFigures() throws Exception {
        Path out = tmp.resolve("out");
        int code = Lambda.run("bench", "streaming", "--messages", "3000", "--runs", "1", "--warmups", "0",
                "--parallelism", "2", "--dir", tmp.resolve("data").toString(), "--out", out.toString());
        assertThat(code).isZero();

        List<Path> reports = BenchFiles.reports(out, "streaming");
        JsonNode doc = new ObjectMapper().readTree(reports.get(1).toFile());
        assertThat(doc.get("messages").asLong()).isEqualTo(3000);
        JsonNode loop = doc.get("loop");
        assertThat(loop.get("facts").asLong() + loop.get("dimensions").asLong() + loop.get("deadLetters").asLong())
                .isEqualTo(3000);
        assertThat(loop.get("deadLetters").asLong()).isPositive(); // the generator sends malformed messages
        JsonNode job = doc.get("published").get("stream-p2");
        assertThat(job.get("deadLetters").asLong()).isEqualTo(loop.get("deadLetters").asLong());
        assertThat(job.get("mvRows").asLong()).isPositive().isLessThanOrEqualTo(loop.get("facts").asLong());
        assertThat(job.get("pullRequestRows").asLong()).isPositive();

        for (String c : List.of("loop", "stream-p2")) {
            JsonNode k = doc.get("contenders").get(c);
            assertThat(k.get("rowsPerSecond").get("values")).hasSize(1);
            assertThat(k.get("rowsPerSecond").get("median").asDouble()).isPositive();
            assertThat(k.get("rowsPerCpuSecond").get("median").asDouble()).isPositive();
        }
        JsonNode ratio = doc.get("contenders").get("stream-p2").get("wallVsLoop");
        assertThat(ratio.get("median").asDouble()).isPositive();
        assertThat(ratio.get("goal").asDouble()).isEqualTo(1.0);
        assertThat(ratio.has("met")).isTrue();

        String md = Files.readString(reports.get(0));
        assertThat(md).contains("| loop |", "| stream-p2 |", "stream-p2 wall rows/s", "![chart](" + reports.get(2).getFileName());
        BufferedImage png = ImageIO.read(reports.get(2).toFile());
        assertThat(png.getWidth()).isPositive();
    }
}
