package io.lambdasuite.jobs.parquet;

import static io.lambdasuite.jobs.parquet.ParquetRowTestData.flinkPath;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.model.ActivityRow;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** One rough measurement of readAll on 1M ActivityRows; run with -Dparquet.bench=true. */
@EnabledIfSystemProperty(named = "parquet.bench", matches = "true")
class RowParquetReadThroughputTest {
    @TempDir
    Path tmp;

    @Test
    void readAllMillionActivityRows() throws Exception {
        int n = 1_000_000;
        Path file = tmp.resolve("million.parquet");
        long w0 = System.nanoTime();
        try (ParquetWriter<ActivityRow> w = RowParquetWriters.open(new LocalOutputFile(file), Schemas.ACTIVITY)) {
            for (int i = 0; i < n; i++) {
                w.write(ParquetRowTestData.activity(i));
            }
        }
        long w1 = System.nanoTime();
        // warm-up on the same file, then one measured run
        RowParquetReaders.forEach(flinkPath(file), ActivityRow.class, Schemas.ACTIVITY, r -> {});
        long t0 = System.nanoTime();
        int size = RowParquetReaders.readAll(flinkPath(file), ActivityRow.class, Schemas.ACTIVITY).size();
        long t1 = System.nanoTime();
        assertThat(size).isEqualTo(n);
        System.out.printf("THROUGHPUT file=%d bytes write=%.1fs readAll=%.2fs -> %.0f rows/s%n", Files.size(file),
                (w1 - w0) / 1e9, (t1 - t0) / 1e9, n / ((t1 - t0) / 1e9));
    }
}
