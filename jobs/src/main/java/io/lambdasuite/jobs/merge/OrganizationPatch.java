package io.lambdasuite.jobs.merge;

import io.lambdasuite.jobs.parquet.FlinkOutputFile;
import io.lambdasuite.jobs.parquet.RowParquetReaders;
import io.lambdasuite.jobs.parquet.RowParquetWriters;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
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
        FileSystem fs = from.getFileSystem();
        long length = fs.getFileStatus(from).getLen();
        Path to = new Path(targetDir, from.getName());
        try (FSDataInputStream in = fs.open(from);
                ParquetFileReader reader = ParquetFileReader.open(new ParquetInputFile(in, length));
                ParquetFileReader columns = ParquetFileReader.open(new ParquetInputFile(fs.open(from), length));
                SeekableInputStream raw = new ParquetInputFile(fs.open(from), length).newStream();
                FSDataOutputStream out = to.getFileSystem().create(to, FileSystem.WriteMode.OVERWRITE)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageType projection = new MessageType("patch", schema.getType(ID), schema.getType(NAME),
                    schema.getType(CODE));
            columns.setRequestedSchema(projection);
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            ParquetFileWriter writer = new ParquetFileWriter(new FlinkOutputFile(out), schema, ParquetFileWriter.Mode.CREATE,
                    RowParquetWriters.ROW_GROUP_BYTES, 0, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                    ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH, true);
            writer.start();
            CodecFactory codecs = new CodecFactory(new org.apache.hadoop.conf.Configuration(),
                    ParquetProperties.DEFAULT_PAGE_SIZE);
            List<Columns> values = null; // every row's three values, read only for a row group off the fast path
            int row = 0;
            for (BlockMetaData block : reader.getRowGroups()) {
                int rows = Math.toIntExact(block.getRowCount());
                PageReadStore pages = columns.readNextRowGroup();
                DictionaryPatch fast = DictionaryPatch.of(block, pages, projection, createdBy, organizations);
                writer.startBlock(rows);
                BloomFilterReader blooms = reader.getBloomFilterDataReader(block);
                for (ColumnChunkMetaData c : block.getColumns()) {
                    String name = c.getPath().toDotString();
                    ColumnDescriptor descriptor = schema.getColumnDescription(c.getPath().toArray());
                    boolean patched = name.equals(NAME) || name.equals(CODE);
                    if (patched && fast != null && fast.changesAny()) {
                        fast.write(writer, codecs, c, descriptor, name.equals(NAME));
                    } else if (patched && fast == null) {
                        if (values == null) {
                            values = new ArrayList<>();
                            RowParquetReaders.forEach(from, Columns.class, null, values::add);
                        }
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

    /**
     * The patch of one row group whose three columns are dictionary-encoded throughout (what our writers produce
     * while a dictionary fits its page): the new name and code of a changed organization are added to the
     * column's dictionary, and the rows of that organization point at them; no value is hashed or decoded
     * beyond the dictionaries, the rest is integer work on the pages' dictionary ids.
     */
    static final class DictionaryPatch {
        /** Rows per data page written. */
        private static final int PAGE_ROWS = 20_000;

        private final int[] organizationEntry;
        private final String[][] changes;
        /** The two columns' dictionaries and ids; null when no row of the row group has a changed organization. */
        private final Column name;
        private final Column code;

        private record Column(Dictionary dictionary, int[] ids, Encoding dataEncoding, Encoding dictionaryEncoding) {}

        private DictionaryPatch(int[] organizationEntry, String[][] changes, Column name, Column code) {
            this.organizationEntry = organizationEntry;
            this.changes = changes;
            this.name = name;
            this.code = code;
        }

        /** The patch of a row group, or null when one of its three columns is not dictionary-only. */
        static DictionaryPatch of(BlockMetaData block, PageReadStore pages, MessageType projection, String createdBy,
                Map<String, String[]> organizations) {
            ColumnChunkMetaData idChunk = chunk(block, ID);
            ColumnChunkMetaData nameChunk = chunk(block, NAME);
            ColumnChunkMetaData codeChunk = chunk(block, CODE);
            if (!dictionaryOnly(idChunk) || !dictionaryOnly(nameChunk) || !dictionaryOnly(codeChunk)) {
                return null;
            }
            int rows = Math.toIntExact(block.getRowCount());
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new IgnoringConverter(), projection, createdBy);
            Column id = read(pages, store, projection, ID, idChunk, rows);
            String[][] changes = new String[id.dictionary().getMaxId() + 1][];
            for (int e = 0; e < changes.length; e++) {
                changes[e] = organizations.get(id.dictionary().decodeToBinary(e).toStringUsingUTF8());
            }
            for (int e : id.ids()) {
                if (changes[e] != null) {
                    return new DictionaryPatch(id.ids(), changes, read(pages, store, projection, NAME, nameChunk, rows),
                            read(pages, store, projection, CODE, codeChunk, rows));
                }
            }
            return new DictionaryPatch(id.ids(), changes, null, null); // the chunks are copied as they are
        }

        boolean changesAny() {
            return name != null;
        }

        private static ColumnChunkMetaData chunk(BlockMetaData block, String column) {
            for (ColumnChunkMetaData c : block.getColumns()) {
                if (c.getPath().toDotString().equals(column)) {
                    return c;
                }
            }
            throw new IllegalStateException("no column " + column + " in a serving file");
        }

        private static boolean dictionaryOnly(ColumnChunkMetaData c) {
            EncodingStats stats = c.getEncodingStats();
            return stats != null && stats.hasDictionaryPages() && !stats.hasNonDictionaryEncodedPages()
                    && stats.getDataEncodings().size() == 1 && stats.getDictionaryEncodings().size() == 1
                    && c.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY;
        }

        private static Column read(PageReadStore pages, ColumnReadStoreImpl store, MessageType projection, String column,
                ColumnChunkMetaData chunk, int rows) {
            ColumnDescriptor d = projection.getColumnDescription(new String[] {column});
            Dictionary dictionary;
            try {
                DictionaryPage page = pages.getPageReader(d).readDictionaryPage();
                dictionary = page.getEncoding().initDictionary(d, page);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ColumnReader r = store.getColumnReader(d);
            int[] ids = new int[rows];
            for (int i = 0; i < rows; i++) {
                ids[i] = r.getCurrentValueDictionaryID();
                r.consume();
            }
            EncodingStats stats = chunk.getEncodingStats();
            return new Column(dictionary, ids, stats.getDataEncodings().iterator().next(),
                    stats.getDictionaryEncodings().iterator().next());
        }

        /** Writes the patched name (or country code) column chunk: the dictionary grown, the ids remapped. */
        void write(ParquetFileWriter writer, CodecFactory codecs, ColumnChunkMetaData chunk, ColumnDescriptor d,
                boolean isName) throws IOException {
            Column c = isName ? name : code;
            List<Binary> entries = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            for (int e = 0; e <= c.dictionary().getMaxId(); e++) {
                Binary v = c.dictionary().decodeToBinary(e);
                entries.add(v);
                index.putIfAbsent(v.toStringUsingUTF8(), e);
            }
            int[] target = new int[changes.length];
            for (int e = 0; e < changes.length; e++) {
                if (changes[e] != null) {
                    String v = changes[e][isName ? 0 : 1];
                    target[e] = index.computeIfAbsent(v, k -> {
                        entries.add(Binary.fromConstantByteArray(k.getBytes(StandardCharsets.UTF_8)));
                        return entries.size() - 1;
                    });
                }
            }
            int rows = organizationEntry.length;
            int bitWidth = Math.max(1, BytesUtils.getWidthFromMaxInt(entries.size() - 1));
            CompressionCodecFactory.BytesInputCompressor compressor = codecs.getCompressor(chunk.getCodec());

            java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
            for (Binary v : entries) {
                BytesUtils.writeIntLittleEndian(plain, v.length());
                v.writeTo(plain);
            }
            BytesInput dictionaryBytes = BytesInput.from(plain.toByteArray());
            writer.startColumn(d, rows, chunk.getCodec());
            writer.writeDictionaryPage(new DictionaryPage(BytesInput.copy(compressor.compress(dictionaryBytes)),
                    Math.toIntExact(dictionaryBytes.size()), entries.size(), c.dictionaryEncoding()));
            for (int start = 0; start < rows; start += PAGE_ROWS) {
                int end = Math.min(rows, start + PAGE_ROWS);
                boolean[] seen = new boolean[entries.size()];
                Statistics<?> stats = Statistics.createStats(d.getPrimitiveType());
                try (RunLengthBitPackingHybridEncoder encoder = new RunLengthBitPackingHybridEncoder(bitWidth,
                        64 << 10, ParquetProperties.DEFAULT_PAGE_SIZE, HeapByteBufferAllocator.getInstance())) {
                    for (int i = start; i < end; i++) {
                        int e = organizationEntry[i];
                        int id = changes[e] != null ? target[e] : c.ids()[i];
                        encoder.writeInt(id);
                        if (!seen[id]) {
                            seen[id] = true;
                            ((Statistics) stats).updateStats(entries.get(id));
                        }
                    }
                    BytesInput page = BytesInput.concat(BytesInput.from(new byte[] {(byte) bitWidth}),
                            encoder.toBytes());
                    writer.writeDataPage(end - start, Math.toIntExact(page.size()),
                            BytesInput.copy(compressor.compress(page)), stats, end - start, Encoding.BIT_PACKED,
                            Encoding.BIT_PACKED, c.dataEncoding());
                }
            }
            writer.endColumn();
        }
    }

    /** A record converter that converts nothing: the patch reads dictionary ids, never values. */
    private static final class IgnoringConverter extends GroupConverter {
        @Override
        public Converter getConverter(int fieldIndex) {
            return new PrimitiveConverter() {
                @Override
                public boolean hasDictionarySupport() {
                    return true; // the reader then hands out dictionary ids instead of decoding values
                }

                @Override
                public void setDictionary(Dictionary dictionary) {}
            };
        }

        @Override
        public void start() {}

        @Override
        public void end() {}
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
