package io.lambdasuite.jobs.parquet;

import java.util.HashMap;
import java.util.List;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Parquet writer factories for Flink's FileSink that write POJOs through a {@link ParquetSchema}, compressed.
 * flink-parquet's own factories either default to INT96 timestamps (RowData) or set no codec (Avro), hence
 * this small builder.
 */
public final class RowParquetWriters {
    /** Snappy: cheap to write, read by every engine. */
    public static final CompressionCodecName DEFAULT_CODEC = CompressionCodecName.SNAPPY;

    /**
     * Parquet buffers a whole row group in memory before writing it out, and the streaming sinks keep one
     * writer open per partition and subtask until the next checkpoint: 32 MiB bounds that buffer (Parquet's
     * 128 MiB default let a backlog exhaust the heap) while keeping row groups large enough to scan well.
     */
    public static final long ROW_GROUP_BYTES = 32L << 20;

    /**
     * Columns whose values are (nearly) all distinct: a dictionary never pays off there, but Parquet would build
     * one per row group until it overflows, at a hash lookup per value (the top cost of writing rows in a
     * profile of the merge). Plain encoding, compressed, from the first value.
     */
    static final java.util.Set<String> UNIQUE_COLUMNS = java.util.Set.of("activityId", "sourceId", "conversationId",
            "parentId", "raw");

    private RowParquetWriters() {}

    public static <T> ParquetWriterFactory<T> factory(ParquetSchema<T> schema) {
        return factory(schema, DEFAULT_CODEC);
    }

    public static <T> ParquetWriterFactory<T> factory(ParquetSchema<T> schema, CompressionCodecName codec) {
        return new ParquetWriterFactory<>(out -> new Builder<>(out, schema)
                .withCompressionCodec(codec)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .build());
    }

    /**
     * Writers of serving snapshot files: row groups of {@code rowGroupBytes} and a Bloom filter on each of
     * {@code bloomColumns}, so that the merge can tell from a footer alone whether a file holds rows of a
     * changed dimension row (statistics give it the timestamp range).
     */
    public static <T> ParquetWriterFactory<T> servingFactory(ParquetSchema<T> schema, long rowGroupBytes,
            List<String> bloomColumns) {
        List<String> columns = List.copyOf(bloomColumns);
        return new ParquetWriterFactory<>(out -> servingBuilder(out, schema, rowGroupBytes, columns).build());
    }

    /** A plain writer with the settings of {@link #servingFactory}, for code that writes serving files itself. */
    public static <T> ParquetWriter<T> servingWriter(OutputFile out, ParquetSchema<T> schema, long rowGroupBytes,
            List<String> bloomColumns) throws java.io.IOException {
        return servingBuilder(out, schema, rowGroupBytes, bloomColumns).build();
    }

    private static <T> Builder<T> servingBuilder(OutputFile out, ParquetSchema<T> schema, long rowGroupBytes,
            List<String> bloomColumns) {
        Builder<T> b = new Builder<>(out, schema).withCompressionCodec(DEFAULT_CODEC).withRowGroupSize(rowGroupBytes);
        for (String c : bloomColumns) {
            b = b.withBloomFilterEnabled(c, true).withBloomFilterNDV(c, BLOOM_NDV);
        }
        return b;
    }

    /** Distinct values a serving row group's Bloom filter is sized for (1% false positives: about 60 KiB). */
    static final long BLOOM_NDV = 50_000;

    /** Opens a plain (non-Flink) writer, for batch code that writes one file itself. */
    public static <T> ParquetWriter<T> open(OutputFile out, ParquetSchema<T> schema) throws java.io.IOException {
        return new Builder<>(out, schema).withCompressionCodec(DEFAULT_CODEC).withRowGroupSize(ROW_GROUP_BYTES).build();
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final ParquetSchema<T> schema;

        Builder(OutputFile out, ParquetSchema<T> schema) {
            super(out);
            this.schema = schema;
            for (String column : schema.columnNames()) {
                if (UNIQUE_COLUMNS.contains(column)) {
                    withDictionaryEncoding(column, false);
                }
            }
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new SchemaWriteSupport<>(schema);
        }
    }

    private static final class SchemaWriteSupport<T> extends WriteSupport<T> {
        private final ParquetSchema<T> schema;
        private RecordConsumer consumer;

        SchemaWriteSupport(ParquetSchema<T> schema) {
            this.schema = schema;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema.messageType(), new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(T record) {
            schema.write(consumer, record);
        }
    }
}
