package io.lambdasuite.jobs.source;

import io.lambdasuite.udfs.model.RawMessage;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Reads NDJSON files of Sequin envelopes laid out as {@code <dir>/<topic>/*.ndjson}: one {@link RawMessage}
 * per line, its topic the parent directory's name, its offset the line's byte offset (the source position
 * written to the dead-letter output). Lines are kept as raw bytes, so bad UTF-8 reaches the parser and the
 * dead-letter output unchanged.
 *
 * <p>After the last line of a file the reader emits one end-of-file marker ({@link #isEndOfFile}), which the
 * job uses to tell when an incremental run has read every file (see {@code CatchUpTracker}). Positions are
 * checkpointed as (byte offset of the batch, records after it), so a restore resumes exactly.
 */
public final class NdjsonFormat implements BulkFormat<RawMessage, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    /** Lines per batch handed to the source reader. */
    private static final int BATCH = 512;

    /** Partition value marking a file source record. */
    public static final int FILE_PARTITION = -1;

    /** Partition value marking an end-of-file marker. */
    public static final int END_OF_FILE_PARTITION = -2;

    public static boolean isEndOfFile(RawMessage m) {
        return m.partition == END_OF_FILE_PARTITION;
    }

    /** The topic of a file: the name of the directory that holds it. */
    public static String topicOf(Path file) {
        Path parent = file.getParent();
        return parent == null ? "" : parent.getName();
    }

    @Override
    public Reader<RawMessage> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(split.path(), split.offset(), 0);
    }

    @Override
    public Reader<RawMessage> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        CheckpointedPosition pos = split.getReaderPosition().orElse(null);
        return pos == null
                ? createReader(config, split)
                : new LineReader(split.path(), pos.getOffset(), pos.getRecordsAfterOffset());
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawMessage> getProducedType() {
        return TypeInformation.of(RawMessage.class);
    }

    private static final class LineReader implements BulkFormat.Reader<RawMessage> {
        private final String path;
        private final String topic;
        private final FSDataInputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int bufPos;
        private int bufLen;
        /** Byte offset (in the file) of the next unread line. */
        private long offset;
        private boolean endOfFileEmitted;

        LineReader(Path file, long offset, long recordsToSkip) throws IOException {
            this.path = file.toString();
            this.topic = topicOf(file);
            this.in = file.getFileSystem().open(file);
            this.in.seek(offset);
            this.offset = offset;
            for (long i = 0; i < recordsToSkip; i++) {
                if (nextLine() == null) {
                    endOfFileEmitted = true; // the skipped record was the end-of-file marker
                    break;
                }
            }
        }

        @Override
        public BulkFormat.RecordIterator<RawMessage> readBatch() throws IOException {
            if (endOfFileEmitted) {
                return null;
            }
            RawMessage[] batch = new RawMessage[BATCH];
            long batchStart = offset;
            int n = 0;
            while (n < BATCH) {
                long lineStart = offset;
                byte[] line = nextLine();
                if (line == null) {
                    batch[n++] = new RawMessage(topic, END_OF_FILE_PARTITION, lineStart, path, null);
                    endOfFileEmitted = true;
                    break;
                }
                // Blank lines are records too (the parser skips them), so restore positions stay exact.
                batch[n++] = new RawMessage(topic, FILE_PARTITION, lineStart, path, line);
            }
            ArrayResultIterator<RawMessage> it = new ArrayResultIterator<>();
            it.set(batch, n, batchStart, 0);
            return it;
        }

        /** The next line without its terminator (a trailing '\r' is kept), or null at end of file. */
        private byte[] nextLine() throws IOException {
            byte[] acc = null;
            int accLen = 0;
            while (true) {
                if (bufPos == bufLen) {
                    bufLen = in.read(buf, 0, buf.length);
                    bufPos = 0;
                    if (bufLen <= 0) {
                        bufLen = 0;
                        if (acc == null) {
                            return null;
                        }
                        offset += accLen;
                        return Arrays.copyOf(acc, accLen); // last line without '\n'
                    }
                }
                int start = bufPos;
                while (bufPos < bufLen && buf[bufPos] != '\n') {
                    bufPos++;
                }
                int len = bufPos - start;
                if (acc == null) {
                    acc = new byte[Math.max(len, 256)];
                } else if (accLen + len > acc.length) {
                    acc = Arrays.copyOf(acc, Math.max(accLen + len, acc.length * 2));
                }
                System.arraycopy(buf, start, acc, accLen, len);
                accLen += len;
                if (bufPos < bufLen) { // found '\n'
                    bufPos++;
                    offset += accLen + 1;
                    return Arrays.copyOf(acc, accLen);
                }
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
