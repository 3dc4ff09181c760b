package io.lambdasuite.jobs.generate;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes messages as NDJSON files, one directory per topic: {@code <dir>/<topic>/<prefix>-<nnnnn>.ndjson}, one
 * message per {@code '\n'}-terminated line, value bytes as they are (a malformed non-UTF-8 line stays malformed), a
 * new file every {@code linesPerFile} lines of a topic.
 *
 * <p>A file is written as a hidden {@code .<name>.inprogress} and renamed when complete, so a reader that
 * monitors the directory (and, like Flink's file source, skips hidden files) never sees half a file. An existing
 * file is never overwritten: a second run next to the first needs another prefix.
 */
public final class NdjsonWriter implements Closeable {
    public static final String DEFAULT_PREFIX = "part";
    /**
     * One file per topic by default: the streaming job reads files in parallel, so only within one file is a
     * key's delivery order (which {@code unchanged_toast} resolution relies on) kept, as a Kafka partition keeps it.
     */
    public static final int DEFAULT_LINES_PER_FILE = Integer.MAX_VALUE;

    private final Path dir;
    private final String prefix;
    private final int linesPerFile;
    private final Map<String, TopicFile> files = new TreeMap<>();
    private final GenerationSummary summary = new GenerationSummary();

    public NdjsonWriter(Path dir, String prefix, int linesPerFile) {
        if (linesPerFile < 1) {
            throw new IllegalArgumentException("linesPerFile must be >= 1: " + linesPerFile);
        }
        if (prefix == null || prefix.isEmpty() || prefix.contains("/") || prefix.startsWith(".")) {
            throw new IllegalArgumentException("prefix must be a plain, non-hidden file name part: " + prefix);
        }
        this.dir = dir;
        this.prefix = prefix;
        this.linesPerFile = linesPerFile;
    }

    /** Writes every message of {@code messages} and closes the files; returns what was written. */
    public static GenerationSummary writeAll(Iterator<GeneratedMessage> messages, Path dir, String prefix,
            int linesPerFile) throws IOException {
        try (NdjsonWriter w = new NdjsonWriter(dir, prefix, linesPerFile)) {
            while (messages.hasNext()) {
                w.write(messages.next());
            }
            w.close();
            return w.summary();
        }
    }

    public void write(GeneratedMessage m) throws IOException {
        byte[] v = m.value;
        for (byte b : v) {
            if (b == '\n') {
                throw new IllegalArgumentException("message contains a newline, cannot be one NDJSON line: " + m);
            }
        }
        TopicFile f = files.get(m.topic);
        if (f == null) {
            f = new TopicFile(m.topic);
            files.put(m.topic, f);
        }
        f.write(v);
        summary.add(m);
    }

    /** Counts so far (complete after {@link #close()}). */
    public GenerationSummary summary() {
        return summary;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (TopicFile f : files.values()) {
            try {
                f.finish();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The open file of one topic. */
    private final class TopicFile {
        private final Path topicDir;
        private int index;
        private long lines;
        private OutputStream out;
        private Path inProgress;
        private Path target;

        TopicFile(String topic) throws IOException {
            this.topicDir = dir.resolve(topic);
            Files.createDirectories(topicDir);
        }

        void write(byte[] value) throws IOException {
            if (out == null) {
                String name = prefix + "-" + Json.id("", index++, 5) + ".ndjson";
                target = topicDir.resolve(name);
                if (Files.exists(target)) {
                    throw new IOException("refusing to overwrite " + target + " (use another prefix)");
                }
                inProgress = topicDir.resolve("." + name + ".inprogress");
                out = new BufferedOutputStream(Files.newOutputStream(inProgress, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16);
            }
            out.write(value);
            out.write('\n');
            if (++lines % linesPerFile == 0) {
                finish();
            }
        }

        void finish() throws IOException {
            if (out == null) {
                return;
            }
            out.close();
            out = null;
            Files.move(inProgress, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
