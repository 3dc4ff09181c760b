package io.lambdasuite.jobs.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lambdasuite.jobs.parquet.ParquetFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The {@code _manifest.json} of a serving snapshot: its commit marker (a snapshot directory without it is not
 * published) and its bookkeeping (SPEC §4): which files hold its published and held rows, which MV files it
 * (or an earlier snapshot) consumed, and which dimension snapshots it was computed with.
 *
 * <p>File paths in {@link #files()} and {@link #heldFiles()} are relative to the snapshot directory (e.g.
 * {@code part-0.parquet}, {@code _held/part-0.parquet}). {@link #consumedMvFiles()} holds MV file paths as the
 * merge listed them ({@code FileStatus.getPath().toString()}); they are compared by their URI path only.
 *
 * @param snapshotId the snapshot id, epoch ms at the start of a UTC hour
 * @param createdAt when the manifest was written, epoch ms
 * @param dataset the dataset name, e.g. {@code activityRelations_deduplicated_cleaned}
 * @param files the published-row Parquet files
 * @param heldFiles the held-row Parquet files (hidden from readers, kept for later repair)
 * @param rowCount number of published rows (sum of {@code files[].rows})
 * @param heldCount number of held rows (sum of {@code heldFiles[].rows})
 * @param previousSnapshotId the snapshot this one was merged from, or null for an initial snapshot
 * @param consumedMvFiles MV files consumed by this snapshot or an earlier one, that still exist
 * @param consumedDimensionSnapshots dimension dataset name to the snapshot id used
 * @param properties free-form (job version, options, counters...)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SnapshotManifest(
        long snapshotId,
        long createdAt,
        String dataset,
        List<FileEntry> files,
        List<FileEntry> heldFiles,
        long rowCount,
        long heldCount,
        Long previousSnapshotId,
        List<String> consumedMvFiles,
        Map<String, Long> consumedDimensionSnapshots,
        Map<String, String> properties) {

    /** The name of the commit marker inside a snapshot directory. */
    public static final String FILE_NAME = "_manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One data file of a snapshot: path relative to the snapshot directory, row count and size in bytes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileEntry(String path, long rows, long bytes) {
        public FileEntry {
            Objects.requireNonNull(path, "path");
        }
    }

    public SnapshotManifest {
        Objects.requireNonNull(dataset, "dataset");
        files = files == null ? List.of() : List.copyOf(files);
        heldFiles = heldFiles == null ? List.of() : List.copyOf(heldFiles);
        consumedMvFiles = consumedMvFiles == null ? List.of() : List.copyOf(consumedMvFiles);
        consumedDimensionSnapshots = consumedDimensionSnapshots == null
                ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(consumedDimensionSnapshots));
        properties = properties == null
                ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /**
     * A manifest whose counts are the sums of its file entries.
     */
    public static SnapshotManifest of(
            long snapshotId,
            long createdAt,
            String dataset,
            List<FileEntry> files,
            List<FileEntry> heldFiles,
            Long previousSnapshotId,
            List<String> consumedMvFiles,
            Map<String, Long> consumedDimensionSnapshots,
            Map<String, String> properties) {
        return new SnapshotManifest(snapshotId, createdAt, dataset, files, heldFiles,
                sumRows(files), sumRows(heldFiles), previousSnapshotId, consumedMvFiles,
                consumedDimensionSnapshots, properties);
    }

    private static long sumRows(List<FileEntry> entries) {
        return entries == null ? 0 : entries.stream().mapToLong(FileEntry::rows).sum();
    }

    /**
     * The consumed-MV-file list of the next snapshot (SPEC §4, file-level bookkeeping): what the previous
     * snapshot had consumed plus what this run consumed, restricted to files that still exist (pruned files
     * drop out so the list does not grow forever). Order: previous first, then new, without duplicates.
     */
    public static List<String> nextConsumedMvFiles(
            Collection<String> previouslyConsumed, Collection<String> consumedNow, Predicate<String> stillExists) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : previouslyConsumed) {
            if (stillExists.test(p)) {
                out.add(p);
            }
        }
        out.addAll(consumedNow);
        return new ArrayList<>(out);
    }

    /**
     * The visible Parquet files directly in a staged directory, as file entries relative to the snapshot directory
     * ({@code prefix} + name, e.g. {@code _held/} for held rows), with their row counts from the footers.
     */
    public static List<FileEntry> parquetEntries(Path dir, String prefix) throws IOException {
        FileSystem fs = dir.getFileSystem();
        List<FileEntry> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus f : fs.listStatus(dir)) {
            String name = f.getPath().getName();
            if (!f.isDir() && name.endsWith(".parquet") && !SnapshotStore.hidden(name)) {
                out.add(new FileEntry(prefix + name, ParquetFiles.rowCount(f.getPath()), f.getLen()));
            }
        }
        return out;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize manifest", e);
        }
    }

    public static SnapshotManifest fromJson(String json) throws IOException {
        return JSON.readValue(json, SnapshotManifest.class);
    }

    /** Writes the manifest to {@code file} (overwriting), in one write of the whole document. */
    public void write(Path file) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(this);
        FileSystem fs = file.getFileSystem();
        try (OutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
            out.write(bytes);
        }
    }

    public static SnapshotManifest read(Path file) throws IOException {
        FileSystem fs = file.getFileSystem();
        try (FSDataInputStream in = fs.open(file)) {
            return JSON.readValue(readAll(in), SnapshotManifest.class);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toByteArray();
    }
}
