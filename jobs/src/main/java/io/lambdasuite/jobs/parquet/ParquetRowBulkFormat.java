package io.lambdasuite.jobs.parquet;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;

/**
 * A {@link BulkFormat} reading Parquet files written through a {@link ParquetSchema} back into the POJO type,
 * for {@code FileSource.forBulkFileFormat}. Splittable by row group: a split reads the row groups whose
 * midpoint lies in its byte range. Positions are (row group index in the file, records read in it).
 */
final class ParquetRowBulkFormat<T> implements BulkFormat<T, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    /** Records per batch handed to the source (never more than a row group). */
    static final int DEFAULT_BATCH_SIZE = 2048;

    private final Class<T> type;
    private final ParquetSchema<T> schema;
    private final int batchSize;

    ParquetRowBulkFormat(Class<T> type, ParquetSchema<T> schema, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.type = type;
        this.schema = schema;
        this.batchSize = batchSize;
        // fail fast on a type the materializer cannot build
        ParquetRowMaterializer.settableFields(type);
    }

    @Override
    public Reader<T> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, null);
    }

    @Override
    public Reader<T> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, split.getReaderPosition().orElse(null));
    }

    private Reader<T> open(FileSourceSplit split, CheckpointedPosition position) throws IOException {
        Path path = split.path();
        FileSystem fs = path.getFileSystem();
        long size = split.fileSize() >= 0 ? split.fileSize() : fs.getFileStatus(path).getLen();
        FSDataInputStream in = fs.open(path);
        try {
            ParquetRowFileReader<T> file = new ParquetRowFileReader<>(new ParquetInputFile(in, size), type, schema,
                    split.offset(), split.offset() + split.length(), position);
            return new SplitReader<>(file, in, batchSize);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }

    private static final class SplitReader<T> implements Reader<T> {
        private final ParquetRowFileReader<T> file;
        private final FSDataInputStream in;
        private final int batchSize;

        SplitReader(ParquetRowFileReader<T> file, FSDataInputStream in, int batchSize) {
            this.file = file;
            this.in = in;
            this.batchSize = batchSize;
        }

        @Override
        @SuppressWarnings("unchecked")
        public RecordIterator<T> readBatch() throws IOException {
            // a fresh array per batch: batches may still be in flight when the next one is read
            T[] batch = (T[]) new Object[batchSize];
            int n = file.nextBatch(batch);
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<T> it = new ArrayResultIterator<>();
            it.set(batch, n, file.batchGroup(), file.batchSkip());
            return it;
        }

        @Override
        public void close() throws IOException {
            try {
                file.close();
            } finally {
                in.close();
            }
        }
    }
}
