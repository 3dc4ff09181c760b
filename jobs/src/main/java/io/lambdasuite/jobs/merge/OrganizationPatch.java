package io.lambdasuite.jobs.merge;

import io.lambdasuite.jobs.parquet.FlinkOutputFile;
import io.lambdasuite.jobs.parquet.RowParquetReaders;
import io.lambdasuite.jobs.parquet.RowParquetWriters;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.BloomFilterReader;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * An organization renamed or relocated changes two columns of its activity rows and nothing else (not their
 * validity): a file whose only touch is such a change is rewritten column chunk by column chunk, every chunk
 * copied as it is except {@code organizationName} and {@code organizationCountryCode}, which are encoded
 * again from the file's own values and the organizations' current ones. No row is decoded as a whole.
 */
final class OrganizationPatch implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String ID = "organizationId";
    static final String NAME = "organizationName";
    static final String CODE = "organizationCountryCode";

    /** Current name and country code of each changed organization ({name, code}). */
    private final Map<String, String[]> organizations;

    OrganizationPatch(Map<String, String[]> organizations) {
        this.organizations = new HashMap<>(organizations);
    }

    boolean isEmpty() {
        return organizations.isEmpty();
    }

    /** Projection of the three columns the patch reads. */
    public static final class Columns {
        public String organizationId = "";
        public String organizationName = "";
        public String organizationCountryCode = "";
    }

    /** Writes the patched copy of {@code source} into {@code targetDir} (same name; overwritten on retry). */
    void patch(String source, Path targetDir) throws IOException {
        Path from = new Path(source);
        List<Columns> values = new ArrayList<>();
        RowParquetReaders.forEach(from, Columns.class, null, values::add);
        FileSystem fs = from.getFileSystem();
        long length = fs.getFileStatus(from).getLen();
        Path to = new Path(targetDir, from.getName());
        try (FSDataInputStream in = fs.open(from);
                ParquetFileReader reader = ParquetFileReader.open(new ParquetInputFile(in, length));
                SeekableInputStream raw = new ParquetInputFile(fs.open(from), length).newStream();
                FSDataOutputStream out = to.getFileSystem().create(to, FileSystem.WriteMode.OVERWRITE)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            ParquetFileWriter writer = new ParquetFileWriter(new FlinkOutputFile(out), schema, ParquetFileWriter.Mode.CREATE,
                    RowParquetWriters.ROW_GROUP_BYTES, 0, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                    ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH, true);
            writer.start();
            CodecFactory codecs = new CodecFactory(new org.apache.hadoop.conf.Configuration(),
                    ParquetProperties.DEFAULT_PAGE_SIZE);
            int row = 0;
            for (BlockMetaData block : reader.getRowGroups()) {
                int rows = Math.toIntExact(block.getRowCount());
                writer.startBlock(rows);
                BloomFilterReader blooms = reader.getBloomFilterDataReader(block);
                for (ColumnChunkMetaData c : block.getColumns()) {
                    String name = c.getPath().toDotString();
                    ColumnDescriptor descriptor = schema.getColumnDescription(c.getPath().toArray());
                    if (name.equals(NAME) || name.equals(CODE)) {
                        writeColumn(writer, codecs, c, descriptor, values.subList(row, row + rows), name.equals(NAME));
                    } else {
                        writer.appendColumnChunk(descriptor, raw, c, blooms.readBloomFilter(c),
                                reader.readColumnIndex(c), reader.readOffsetIndex(c));
                    }
                }
                writer.endBlock();
                row += rows;
            }
            writer.end(reader.getFooter().getFileMetaData().getKeyValueMetaData());
            codecs.release();
        }
    }

    private void writeColumn(ParquetFileWriter writer, CodecFactory codecs, ColumnChunkMetaData chunk,
            ColumnDescriptor descriptor, List<Columns> rows, boolean name) throws IOException {
        MessageType single = new MessageType("patch", descriptor.getPrimitiveType());
        ParquetProperties props = ParquetProperties.builder().build();
        ColumnChunkPageWriteStore pages = new ColumnChunkPageWriteStore(codecs.getCompressor(chunk.getCodec()), single,
                HeapByteBufferAllocator.getInstance(), ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH);
        ColumnWriteStore store = props.newColumnWriteStore(single, pages);
        ColumnWriter column = store.getColumnWriter(single.getColumns().get(0));
        int definition = descriptor.getMaxDefinitionLevel();
        // One byte-array Binary per distinct value: the dictionary encoder hashes and compares every value it is
        // given, which costs several times more on the ByteBuffer-backed Binary that fromString makes per row.
        Map<String, Binary> encoded = new HashMap<>();
        for (Columns r : rows) {
            String[] current = organizations.get(r.organizationId);
            String value = current == null ? (name ? r.organizationName : r.organizationCountryCode)
                    : current[name ? 0 : 1];
            Binary b = encoded.get(value);
            if (b == null) {
                b = Binary.fromConstantByteArray(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                encoded.put(value, b);
            }
            column.write(b, 0, definition);
            store.endRecord();
        }
        store.flush();
        pages.flushToFileWriter(writer);
        store.close();
    }
}
