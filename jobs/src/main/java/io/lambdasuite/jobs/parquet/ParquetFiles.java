package io.lambdasuite.jobs.parquet;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.hadoop.ParquetFileReader;

/** Small facts about Parquet files read from their footers, through Flink's FileSystem. */
public final class ParquetFiles {
    private ParquetFiles() {}

    /** The number of rows of a Parquet file, from its footer. */
    public static long rowCount(Path file) throws IOException {
        FileSystem fs = file.getFileSystem();
        long length = fs.getFileStatus(file).getLen();
        try (FSDataInputStream in = fs.open(file);
                ParquetFileReader reader = ParquetFileReader.open(new ParquetInputFile(in, length))) {
            return reader.getRecordCount();
        }
    }
}
