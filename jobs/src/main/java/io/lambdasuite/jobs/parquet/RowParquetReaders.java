package io.lambdasuite.jobs.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.flink.util.CloseableIterator;

/**
 * Reads Parquet files written by {@link RowParquetWriters} back into the same POJOs, through Flink's
 * FileSystem API (local, HDFS, S3): as a {@link BulkFormat} for {@code FileSource.forBulkFileFormat}, or
 * directly for plain Java code.
 *
 * <p>Records are materialized straight into the POJO: each column sets the public field of the same name (a
 * method handle resolved once per column). Columns the POJO has no field for (e.g. the dimension schemas'
 * derived {@code snapshotId}) are not read; fields the file has no column for keep the POJO's defaults; null
 * values of optional columns leave the default too. UINT(32) columns read into long fields zero-extended.
 */
public final class RowParquetReaders {
    private RowParquetReaders() {}

    /**
     * A bulk format for Flink's FileSource. Splittable by row group (a split reads the row groups whose
     * midpoint lies in its byte range); checkpointed positions are (row group index in the file, records read
     * from that row group). Produces {@code TypeInformation.of(type)}.
     */
    public static <T> BulkFormat<T, FileSourceSplit> format(Class<T> type, ParquetSchema<T> schema) {
        return new ParquetRowBulkFormat<>(type, schema, ParquetRowBulkFormat.DEFAULT_BATCH_SIZE);
    }

    /** As {@link #format(Class, ParquetSchema)}, handing the source at most {@code batchSize} records at a time. */
    public static <T> BulkFormat<T, FileSourceSplit> format(Class<T> type, ParquetSchema<T> schema, int batchSize) {
        return new ParquetRowBulkFormat<>(type, schema, batchSize);
    }

    /** Reads a whole file into a list. */
    public static <T> List<T> readAll(Path file, Class<T> type, ParquetSchema<T> schema) throws IOException {
        List<T> out = new ArrayList<>();
        forEach(file, type, schema, out::add);
        return out;
    }

    /** Streams a file's records to {@code sink}, one new POJO per record; returns the record count. */
    public static <T> long forEach(Path file, Class<T> type, ParquetSchema<T> schema, Consumer<? super T> sink)
            throws IOException {
        long n = 0;
        try (Opened<T> r = open(file, type, schema)) {
            for (T row = r.reader.next(); row != null; row = r.reader.next()) {
                sink.accept(row);
                n++;
            }
        }
        return n;
    }

    /**
     * An iterator over a file's records, reading row group by row group; close it when done (also when not
     * exhausted). I/O errors surface as {@link UncheckedIOException}.
     */
    public static <T> CloseableIterator<T> iterate(Path file, Class<T> type, ParquetSchema<T> schema)
            throws IOException {
        Opened<T> r = open(file, type, schema);
        return new CloseableIterator<T>() {
            private T next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        next = r.reader.next();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    done = next == null;
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T row = next;
                next = null;
                return row;
            }

            @Override
            public void close() throws IOException {
                r.close();
            }
        };
    }

    private static <T> Opened<T> open(Path file, Class<T> type, ParquetSchema<T> schema) throws IOException {
        FileSystem fs = file.getFileSystem();
        long size = fs.getFileStatus(file).getLen();
        FSDataInputStream in = fs.open(file);
        try {
            return new Opened<>(in, new ParquetRowFileReader<>(new ParquetInputFile(in, size), type, schema, 0,
                    Long.MAX_VALUE, null));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static final class Opened<T> implements AutoCloseable {
        final FSDataInputStream in;
        final ParquetRowFileReader<T> reader;

        Opened(FSDataInputStream in, ParquetRowFileReader<T> reader) {
            this.in = in;
            this.reader = reader;
        }

        @Override
        public void close() throws IOException {
            try {
                reader.close();
            } finally {
                in.close();
            }
        }
    }
}
