package io.lambdasuite.jobs.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The hand-written CDC log {@code src/test/resources/verify/cdc-log} (every line described in
 * {@code verify/README.md}: accepted scenarios, and one rejected line per kind of bad input), and how the job
 * cuts NDJSON files into messages.
 */
public final class CdcFixture {
    /** The fixture on the test classpath. */
    public static final String RESOURCE = "verify/cdc-log";
    /** The file {@link #copyTo} adds, so that no 1 MiB file sits in the repository. */
    public static final String OVERSIZED_FILE = "activityRelations/part-2-oversized.ndjson";
    public static final int ONE_MIB = 1 << 20;

    /** How many lines of one topic the job must reject for one reason. */
    public record Rejected(String topic, String reason, long lines) {}

    /**
     * Every rejected line of the fixture with {@link #OVERSIZED_FILE}, by topic and reason, sorted so (the lines
     * are described in {@code verify/README.md}). Every {@code BadMessage.Reason} is there at least once.
     */
    public static final List<Rejected> REJECTED = List.of(
            new Rejected("activityRelations", "invalid-timestamp", 3), // commit_timestamp, timestamp 02-30, updatedAt
            new Rejected("activityRelations", "invalid-utf8", 1), // Latin-1 byte in a string
            new Rejected("activityRelations", "malformed-json", 3), // truncated, trailing comma, two envelopes
            new Rejected("activityRelations", "missing-metadata", 1),
            new Rejected("activityRelations", "missing-record", 1), // "record": null
            new Rejected("activityRelations", "missing-required-field", 3), // segmentId absent, sourceId null, memberId
            new Rejected("activityRelations", "not-an-object", 1),
            new Rejected("activityRelations", "oversized", 1), // > 1 MiB
            new Rejected("activityRelations", "unchanged-toast-in-key", 2), // channel, updatedAt
            new Rejected("activityRelations", "unknown-action", 1), // upsert
            new Rejected("activityRelations", "unknown-table", 1), // users
            new Rejected("activityRelations", "wrong-type", 7), // lsn, idx 1.5, segmentId 42, "many", 300, "yes", -1
            new Rejected("members", "wrong-type", 1), // attributes 5
            new Rejected("organizations", "missing-required-field", 1), // no id
            new Rejected("repositories", "invalid-timestamp", 1), // deletedAt "someday"
            new Rejected("repositories", "wrong-type", 1), // enabled "maybe"
            new Rejected("segments", "unchanged-toast-in-key", 1)); // updatedAt

    /** The sum of {@link #REJECTED}. */
    public static final long REJECTED_TOTAL = 30;

    private CdcFixture() {}

    /** Copies the fixture's NDJSON files under {@code target}, plus {@link #OVERSIZED_FILE}. */
    public static void copyTo(Path target) throws IOException {
        URL url = CdcFixture.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            throw new IllegalStateException(RESOURCE + " is not on the test classpath");
        }
        Path source;
        try {
            source = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".ndjson")).collect(Collectors.toList())) {
                Path dest = target.resolve(source.relativize(p).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(p, dest);
            }
        }
        Files.write(target.resolve(OVERSIZED_FILE), oversizedLine());
    }

    /** A valid activity envelope (key src-big) made larger than 1 MiB by an unknown column. */
    public static byte[] oversizedLine() {
        String record = "{\"activityId\":\"act-big\",\"createdAt\":\"2024-05-01T09:00:00Z\","
                + "\"updatedAt\":\"2024-05-01T10:00:00Z\",\"memberId\":\"mem-1\",\"platform\":\"github\","
                + "\"segmentId\":\"seg-1\",\"username\":\"ada\",\"sourceId\":\"src-big\",\"type\":\"issues-opened\","
                + "\"timestamp\":\"2024-05-01T09:00:00Z\",\"body\":\"" + "x".repeat(ONE_MIB) + "\"}";
        String envelope = "{\"record\":" + record + ",\"changes\":null,\"action\":\"insert\",\"metadata\":"
                + "{\"table_name\":\"activityRelations\",\"commit_lsn\":1000,\"commit_idx\":0}}\n";
        return envelope.getBytes(StandardCharsets.UTF_8);
    }

    /** Lines as NdjsonFormat cuts them: on '\n', a trailing '\r' kept, the last line without '\n' included. */
    public static List<byte[]> splitLines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return lines;
    }

    /** A line of spaces, tabs and '\r' only is no message (ParseEnvelopes). */
    public static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
