package io.lambdasuite.jobs.parquet;

import static io.lambdasuite.jobs.parquet.ParquetRowTestData.flinkPath;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.model.ActivityRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link RowParquetReaders#format} behind Flink's FileSource, on a MiniCluster in batch mode. */
class RowParquetReadFileSourceTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    @Test
    void fileSourceReadsThreeFilesBackIntoPojos() throws Exception {
        List<ActivityRow> written = new ArrayList<>();
        org.apache.flink.core.fs.Path[] paths = new org.apache.flink.core.fs.Path[3];
        for (int f = 0; f < 3; f++) {
            List<ActivityRow> rows = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                rows.add(ParquetRowTestData.activity(f * 10_000 + i));
            }
            Path file = tmp.resolve("part-" + f + ".parquet");
            if (f == 0) {
                ParquetRowTestData.writePlain(file, Schemas.ACTIVITY, rows);
            } else if (f == 1) {
                ParquetRowTestData.writeWithFileSinkFactory(file, Schemas.ACTIVITY, rows);
            } else {
                ParquetRowTestData.writeSmallRowGroups(file, Schemas.ACTIVITY, rows, 64 << 10);
            }
            written.addAll(rows);
            paths[f] = flinkPath(file);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        FileSource<ActivityRow> source = FileSource
                .forBulkFileFormat(RowParquetReaders.format(ActivityRow.class, Schemas.ACTIVITY), paths)
                .build();
        List<ActivityRow> read = env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                .executeAndCollect(10_000);

        List<String> expected = ParquetRowTestData.signatures(written);
        List<String> actual = ParquetRowTestData.signatures(read);
        Collections.sort(expected);
        Collections.sort(actual);
        assertThat(actual).hasSize(written.size()).isEqualTo(expected);
    }

    @Test
    void readingNoFilesIsAnEmptyStreamInBatchMode() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);

        List<ActivityRow> read = ParquetDatasets.read(env, "nothing", ActivityRow.class, Schemas.ACTIVITY, List.of())
                .executeAndCollect(10);

        assertThat(read).isEmpty();
    }
}
