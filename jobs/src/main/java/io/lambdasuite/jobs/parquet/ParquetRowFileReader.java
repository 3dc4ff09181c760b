package io.lambdasuite.jobs.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the row groups of one Parquet file (or of the part of it a split owns) into POJOs, row group by row
 * group, and knows its position as (row group index in the file, records read in that row group): the
 * {@link CheckpointedPosition} of Flink's file source.
 *
 * <p>A split owns the row groups whose midpoint lies in [start, end), the rule Parquet's own input formats use,
 * so every row group is read by exactly one split whichever way the file is cut.
 */
final class ParquetRowFileReader<T> implements Closeable {
    private final ParquetFileReader reader;
    private final ParquetRowMaterializer<T> materializer;
    private final MessageColumnIO columnIO;
    /** Indexes (in the file) of the row groups this reader reads, ascending. */
    private final int[] groups;
    private final long[] groupRows;

    /** Position in {@link #groups} of the current row group; -1 before the first. */
    private int groupCursor = -1;
    private RecordReader<T> records;
    /** Records read (or skipped) from the current row group. */
    private long readInGroup;

    ParquetRowFileReader(InputFile file, Class<T> type, ParquetSchema<T> schema, long start, long end,
            CheckpointedPosition restore) throws IOException {
        this.reader = new ParquetFileReader(file, ParquetReadOptions.builder().build());
        try {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            checkDataset(fileSchema, schema);
            MessageType requested = ParquetRowMaterializer.requestedSchema(fileSchema, type);
            reader.setRequestedSchema(requested);
            this.materializer = new ParquetRowMaterializer<>(type, requested);
            this.columnIO = new ColumnIOFactory(reader.getFooter().getFileMetaData().getCreatedBy())
                    .getColumnIO(requested, fileSchema, true);

            List<BlockMetaData> blocks = reader.getRowGroups();
            List<Integer> owned = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                BlockMetaData b = blocks.get(i);
                long mid = b.getStartingPos() + b.getCompressedSize() / 2;
                if (mid >= start && mid < end && b.getRowCount() > 0) {
                    owned.add(i);
                }
            }
            this.groups = owned.stream().mapToInt(Integer::intValue).toArray();
            this.groupRows = new long[groups.length];
            for (int i = 0; i < groups.length; i++) {
                groupRows[i] = blocks.get(groups[i]).getRowCount();
            }
            if (restore != null) {
                seek(restore);
            }
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Whether the file has at least one column of the schema: reading a file of another dataset is an error. */
    private static void checkDataset(MessageType file, ParquetSchema<?> schema) throws IOException {
        if (schema == null) {
            return;
        }
        for (String c : schema.columnNames()) {
            if (file.containsField(c)) {
                return;
            }
        }
        throw new IOException("Parquet file schema " + file + " has none of the columns " + schema.columnNames());
    }

    /** Moves to a checkpointed position: row group index in the file, then records to skip in it. */
    private void seek(CheckpointedPosition position) throws IOException {
        long skip = position.getRecordsAfterOffset();
        if (position.getOffset() != CheckpointedPosition.NO_OFFSET) {
            int target = (int) position.getOffset();
            int cursor = 0;
            while (cursor < groups.length && groups[cursor] < target) {
                cursor++;
            }
            if (cursor < groups.length && groups[cursor] != target) {
                skip = 0; // the group is gone (empty): continue with the next one
            }
            groupCursor = cursor - 1;
        }
        // no offset: skip records counted from the start of the split
        while (skip > 0) {
            if (records == null || readInGroup == groupRows[groupCursor]) {
                if (!advanceGroup()) {
                    return;
                }
            }
            long n = Math.min(skip, groupRows[groupCursor] - readInGroup);
            for (long i = 0; i < n; i++) {
                records.read();
            }
            readInGroup += n;
            skip -= n;
        }
    }

    /** Opens the next owned row group; false at the end. */
    private boolean advanceGroup() throws IOException {
        groupCursor++;
        if (groupCursor >= groups.length) {
            records = null;
            return false;
        }
        PageReadStore pages = reader.readRowGroup(groups[groupCursor]);
        records = columnIO.getRecordReader(pages, materializer);
        readInGroup = 0;
        return true;
    }

    /** Ensures a current row group with records left; false at the end of the split. */
    private boolean ensureRecords() throws IOException {
        while (records == null || readInGroup >= groupRows[groupCursor]) {
            if (groupCursor + 1 >= groups.length) {
                records = null;
                groupCursor = groups.length;
                return false;
            }
            if (!advanceGroup()) {
                return false;
            }
        }
        return true;
    }

    /** The next record, or null at the end. */
    T next() throws IOException {
        if (!ensureRecords()) {
            return null;
        }
        T row = records.read();
        readInGroup++;
        return row;
    }

    /**
     * Fills {@code into} with up to its length records of one row group. Returns the count (0 at the end);
     * {@link #batchGroup()} and {@link #batchSkip()} describe where the batch starts.
     */
    int nextBatch(Object[] into) throws IOException {
        if (!ensureRecords()) {
            return 0;
        }
        batchGroup = groups[groupCursor];
        batchSkip = readInGroup;
        int n = (int) Math.min(into.length, groupRows[groupCursor] - readInGroup);
        for (int i = 0; i < n; i++) {
            into[i] = records.read();
        }
        readInGroup += n;
        return n;
    }

    private long batchGroup;
    private long batchSkip;

    /** Row group index (in the file) of the last batch. */
    long batchGroup() {
        return batchGroup;
    }

    /** Records of that row group before the last batch. */
    long batchSkip() {
        return batchSkip;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
