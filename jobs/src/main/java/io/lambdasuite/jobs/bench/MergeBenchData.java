package io.lambdasuite.jobs.bench;

import io.lambdasuite.jobs.merge.CarryOver;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.parquet.ParquetSchema;
import io.lambdasuite.jobs.parquet.RowParquetWriters;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.serving.Staging;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.Table;
import io.lambdasuite.udfs.rules.CountryCodes;
import io.lambdasuite.udfs.rules.GitChangedLines;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Builds the data of {@code lambda bench merge} with direct Parquet writes (no Flink job): a published serving
 * snapshot S0 of {@code rows} valid activities sorted by timestamp in one-row-group files,
 * current dimension tables for S0 holding every id the rows use (all valid), and the delta for S1 = S0 + 1h in
 * the activity MV dataset: {@code deltaShare * rows} rows, 80% new keys and 20% updates of existing keys (the
 * most recent 5% of timestamps, or uniform over all keys), plus a few member and organization versions that
 * change names and countries but not validity.
 */
public final class MergeBenchData {
    /** S0: a fixed past hour, so runs are reproducible. */
    public static final long S0 = SnapshotIds.hourOf(java.time.Instant.parse("2026-01-05T10:00:00Z").toEpochMilli());
    public static final long S1 = S0 + SnapshotIds.HOUR_MS;
    /** Activity timestamps span two years before S0. */
    static final long SPAN_MS = 2L * 365 * 24 * SnapshotIds.HOUR_MS;
    static final int DELTA_FILES = 2;
    static final int REPOS_PER_SEGMENT = 4;
    static final double NEW_SHARE = 0.8;
    static final double RECENT_SHARE = 0.05;
    static final int CHANGED_MEMBERS = 5;
    static final int CHANGED_ORGANIZATIONS = 3;
    private static final String[] COUNTRIES = {"Germany", "France", "United States", "Japan", "Brazil", "India"};

    public enum Scenario { RECENT, UNIFORM }

    /** What was built: the row counts the merge must reproduce. */
    public record Built(long rows, long deltaRows, long newKeys, long updates, List<String> snapshotFiles,
            List<String> deltaFiles) {
        public long expectedMergedRows() {
            return rows + newKeys;
        }
    }

    final long rows;
    final int segments;
    final int members;
    final int organizations;
    final Scenario scenario;
    final long deltaRows;
    final long newKeys;
    final long updates;
    private final long t0 = S0 - 2 * SnapshotIds.HOUR_MS - SPAN_MS;
    private long[] ts;

    public MergeBenchData(long rows, double deltaShare, Scenario scenario) {
        this.rows = rows;
        this.scenario = scenario;
        this.segments = (int) Math.max(1, Math.min(200, rows / 1000));
        this.members = (int) Math.max(10, Math.min(200_000, rows / 50));
        this.organizations = Math.max(5, members / 10);
        this.deltaRows = Math.round(rows * deltaShare);
        this.newKeys = Math.round(deltaRows * NEW_SHARE);
        this.updates = deltaRows - newKeys;
    }

    static String segmentId(int s) {
        return String.format("seg-%05d", s);
    }

    static String memberId(int m) {
        return String.format("mem-%07d", m);
    }

    static String organizationId(int o) {
        return String.format("org-%06d", o);
    }

    static String repoUrl(int s, int k) {
        return "https://github.com/project" + s + "/repo" + k;
    }

    static String organizationName(int o, int version) {
        return (version == 0 ? "Organization " : "Renamed organization ") + o;
    }

    static String country(int o, int version) {
        return COUNTRIES[(o + version) % COUNTRIES.length];
    }

    /**
     * Builds everything under {@code base} (which must be empty or absent). {@code sameSnapshot}, if not null,
     * is the base directory of another scenario with the same row count: its snapshot and dimension tables
     * (identical by construction) are copied instead of written again.
     */
    public Built build(java.nio.file.Path base, java.nio.file.Path sameSnapshot) throws Exception {
        Files.createDirectories(base);
        timestamps();
        if (sameSnapshot != null) {
            for (String d : List.of(MergeJob.SERVING, Table.MEMBERS.tableName(), Table.ORGANIZATIONS.tableName(),
                    Table.SEGMENTS.tableName(), Table.REPOSITORIES.tableName())) {
                MergeBench.copyTree(sameSnapshot.resolve(d), base.resolve(d));
            }
        } else {
            writeSnapshot(base);
            writeDimensions(base);
        }
        List<String> snapshot = snapshotFiles(base);
        List<String> delta = writeDelta(base);
        writeDimensionChanges(base);
        ts = null;
        return new Built(rows, deltaRows, newKeys, updates, snapshot, delta);
    }

    /** The Parquet files of the published snapshot S0 under a base directory. */
    static List<String> snapshotFiles(java.nio.file.Path base) throws IOException {
        try (var files = Files.list(snapshotDir(base))) {
            return files.map(java.nio.file.Path::toString).filter(f -> f.endsWith(".parquet")).sorted().toList();
        }
    }

    /** The directory of the published snapshot S0 under a base directory. */
    public static java.nio.file.Path snapshotDir(java.nio.file.Path base) {
        return base.resolve(MergeJob.SERVING).resolve(SnapshotIds.partitionDir(S0));
    }

    /** Per segment (contiguous index ranges), sorted uniform timestamps over the span. */
    private void timestamps() {
        ts = new long[(int) rows];
        SplittableRandom r = new SplittableRandom(42);
        for (int s = 0; s < segments; s++) {
            int from = segmentStart(s);
            int to = segmentStart(s + 1);
            for (int i = from; i < to; i++) {
                ts[i] = t0 + r.nextLong(SPAN_MS);
            }
            Arrays.sort(ts, from, to);
        }
    }

    private int segmentStart(int s) {
        return (int) (rows * s / segments);
    }

    private int segmentOf(int i) {
        int s = (int) ((long) i * segments / rows);
        while (s + 1 < segments && segmentStart(s + 1) <= i) s++;
        while (s > 0 && segmentStart(s) > i) s--;
        return s;
    }

    /** The snapshot row of index i (deterministic: an update regenerates the same key). */
    ActivityRow baseRow(int i) {
        return row(new SplittableRandom(0x9E3779B97F4A7C15L * (i + 1)), segmentOf(i), ts[i], "a" + i,
                ts[i] + 1000, 1_000_000L + i, S0);
    }

    private ActivityRow row(SplittableRandom r, int s, long timestamp, String sourceId, long updatedAt, long lsn,
            long snapshotId) {
        ActivityRow a = new ActivityRow();
        a.activityId = new UUID(r.nextLong(), r.nextLong()).toString();
        a.segmentId = segmentId(s);
        a.timestamp = timestamp;
        a.createdAt = timestamp;
        a.updatedAt = updatedAt;
        a.sourceId = sourceId;
        int m = r.nextInt(members);
        a.memberId = memberId(m);
        a.username = "user" + m;
        int p = r.nextInt(100);
        if (p < 45) {
            a.platform = "github";
            String[] types = {"pull_request-opened", "pull_request-comment", "issues-opened", "issue-comment", "star"};
            a.type = types[r.nextInt(types.length)];
            a.channel = repoUrl(s, r.nextInt(REPOS_PER_SEGMENT));
            a.isContribution = !"star".equals(a.type);
            if (a.type.endsWith("comment")) {
                a.parentId = new UUID(r.nextLong(), r.nextLong()).toString();
                a.sourceParentId = "p" + r.nextInt(1_000_000);
                a.conversationId = new UUID(r.nextLong(), r.nextLong()).toString();
            }
        } else if (p < 60) {
            a.platform = "git";
            a.type = "authored-commit";
            a.channel = repoUrl(s, r.nextInt(REPOS_PER_SEGMENT));
            a.isContribution = true;
            a.gitInsertions = r.nextInt(500);
            a.gitDeletions = r.nextInt(200);
        } else {
            a.platform = p < 80 ? "discord" : "slack";
            a.type = "message";
            a.channel = r.nextBoolean() ? "#general" : "#dev";
            a.sentimentScore = r.nextInt(100);
        }
        a.score = r.nextInt(10);
        if (r.nextInt(10) < 7) {
            int o = r.nextInt(organizations);
            a.organizationId = organizationId(o);
            a.organizationName = organizationName(o, 0);
            a.organizationCountryCode = CountryCodes.codeOf(country(o, 0), "");
        }
        a.gitChangedLines = GitChangedLines.changedLines(a.gitInsertions, a.gitDeletions);
        a.gitChangedLinesBucket = GitChangedLines.bucket(a.gitChangedLines);
        a.commitLsn = lsn;
        a.snapshotId = snapshotId;
        return a;
    }

    /**
     * Writes S0 the way {@code lambda merge} writes a snapshot: sorted by timestamp, one row group per file, Bloom
     * filters on the dimension references, so that the merge of S1 meets the layout it keeps itself.
     */
    private void writeSnapshot(java.nio.file.Path base) throws Exception {
        SnapshotStore store = SnapshotStore.open(new Path(base.resolve(MergeJob.SERVING).toUri()));
        Staging staging = store.stage(S0);
        java.nio.file.Path dir = java.nio.file.Path.of(staging.dataDir().toUri());
        int[] order = timestampOrder();
        int writers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int from = (int) ((long) order.length * w / writers);
                int to = (int) ((long) order.length * (w + 1) / writers);
                String prefix = "part-" + w;
                futures.add(pool.submit(() -> {
                    try (RollingFiles out = new RollingFiles(dir, prefix)) {
                        for (int k = from; k < to; k++) {
                            out.write(baseRow(order[k]));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        publish(store, staging, S0);
    }

    /** Row indexes by ascending timestamp. */
    private int[] timestampOrder() {
        long[] packed = new long[(int) rows];
        for (int i = 0; i < rows; i++) {
            packed[i] = ((ts[i] - t0) << 24) | i; // span < 2^36 ms, rows < 2^24
        }
        Arrays.sort(packed);
        int[] order = new int[packed.length];
        for (int k = 0; k < packed.length; k++) {
            order[k] = (int) (packed[k] & ((1 << 24) - 1));
        }
        return order;
    }

    /** Serving-layout Parquet files in a local directory, a new file after each row group. */
    private static final class RollingFiles implements AutoCloseable {
        private final java.nio.file.Path dir;
        private final String prefix;
        private int next;
        private ParquetWriter<ActivityRow> writer;
        private org.apache.parquet.io.PositionOutputStream stream;

        RollingFiles(java.nio.file.Path dir, String prefix) {
            this.dir = dir;
            this.prefix = prefix;
        }

        void write(ActivityRow r) throws IOException {
            if (writer != null && stream.getPos() > 4) { // a row group is out: roll, as the merge's sink does
                writer.close();
                writer = null;
            }
            if (writer == null) {
                LocalOutputFile file = new LocalOutputFile(dir.resolve(prefix + "-" + next++ + ".parquet"));
                writer = RowParquetWriters.servingWriter(new org.apache.parquet.io.OutputFile() {
                    @Override
                    public org.apache.parquet.io.PositionOutputStream create(long blockSizeHint) throws IOException {
                        stream = file.create(blockSizeHint);
                        return stream;
                    }

                    @Override
                    public org.apache.parquet.io.PositionOutputStream createOrOverwrite(long blockSizeHint)
                            throws IOException {
                        stream = file.createOrOverwrite(blockSizeHint);
                        return stream;
                    }

                    @Override
                    public boolean supportsBlockSize() {
                        return false;
                    }

                    @Override
                    public long defaultBlockSize() {
                        return 0;
                    }
                }, Schemas.ACTIVITY, RowParquetWriters.ROW_GROUP_BYTES, CarryOver.BLOOM_COLUMNS);
            }
            writer.write(r);
        }

        @Override
        public void close() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }
    }

    private static void publish(SnapshotStore store, Staging staging, long s) throws IOException {
        List<SnapshotManifest.FileEntry> entries = SnapshotManifest.parquetEntries(staging.dataDir(), "");
        SnapshotManifest m = SnapshotManifest.of(s, s, store.dataset(), entries, List.of(), null, List.of(),
                Map.of(), Map.of("generatedBy", "lambda bench merge"));
        store.publish(staging, m);
    }

    private <T> void writeTable(java.nio.file.Path base, Table table, ParquetSchema<T> schema, List<T> rowsOf)
            throws IOException {
        SnapshotStore store = SnapshotStore.open(new Path(base.resolve(table.tableName()).toUri()));
        Staging staging = store.stage(S0);
        java.nio.file.Path file = java.nio.file.Path.of(staging.dataDir().toUri()).resolve("part-0.parquet");
        try (ParquetWriter<T> w = RowParquetWriters.open(new LocalOutputFile(file), schema)) {
            for (T t : rowsOf) {
                w.write(t);
            }
        }
        publish(store, staging, S0);
    }

    private static <T extends io.lambdasuite.udfs.model.DimensionRow> T versioned(T row, String id, long updatedAt,
            long lsn) {
        row.id = id;
        row.updatedAt = updatedAt;
        row.commitTimestamp = updatedAt;
        row.commitLsn = lsn;
        return row;
    }

    private MemberRow member(int m, int version) {
        long at = version == 0 ? t0 : S0 + 60_000L * (m % 50 + 1);
        MemberRow r = versioned(new MemberRow(), memberId(m), at, version == 0 ? m : 2_000_000_000L + m);
        r.displayName = (version == 0 ? "Member " : "Renamed member ") + m;
        return r;
    }

    private OrganizationRow organization(int o, int version) {
        long at = version == 0 ? t0 : S0 + 60_000L * (o % 50 + 1);
        OrganizationRow r = versioned(new OrganizationRow(), organizationId(o), at,
                version == 0 ? o : 2_000_000_000L + o);
        r.displayName = organizationName(o, version);
        r.country = country(o, version);
        return r;
    }

    private void writeDimensions(java.nio.file.Path base) throws IOException {
        List<MemberRow> ms = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            ms.add(member(m, 0));
        }
        writeTable(base, Table.MEMBERS, Schemas.MEMBER, ms);
        List<OrganizationRow> os = new ArrayList<>();
        for (int o = 0; o < organizations; o++) {
            os.add(organization(o, 0));
        }
        writeTable(base, Table.ORGANIZATIONS, Schemas.ORGANIZATION, os);
        List<SegmentRow> ss = new ArrayList<>();
        List<RepositoryRow> rs = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            SegmentRow seg = versioned(new SegmentRow(), segmentId(s), t0, s);
            seg.slug = "project-" + s;
            seg.name = "Project " + s;
            seg.status = "active";
            ss.add(seg);
            for (int k = 0; k < REPOS_PER_SEGMENT; k++) {
                RepositoryRow repo = versioned(new RepositoryRow(), "repo-" + s + "-" + k, t0, s * 100L + k);
                repo.url = repoUrl(s, k);
                repo.segmentId = segmentId(s);
                rs.add(repo);
            }
        }
        writeTable(base, Table.SEGMENTS, Schemas.SEGMENT, ss);
        writeTable(base, Table.REPOSITORIES, Schemas.REPOSITORY, rs);
    }

    /** A few ordinary members and organizations renamed / moved: validity unchanged. */
    private void writeDimensionChanges(java.nio.file.Path base) throws IOException {
        List<MemberRow> ms = new ArrayList<>();
        for (int k = 0; k < Math.min(CHANGED_MEMBERS, members); k++) {
            ms.add(member(k * (members / CHANGED_MEMBERS), 1));
        }
        writeMv(base, Table.MEMBERS, "committed", Schemas.MEMBER, ms);
        List<OrganizationRow> os = new ArrayList<>();
        for (int k = 0; k < Math.min(CHANGED_ORGANIZATIONS, organizations); k++) {
            os.add(organization(k * (organizations / CHANGED_ORGANIZATIONS), 1));
        }
        writeMv(base, Table.ORGANIZATIONS, "committed", Schemas.ORGANIZATION, os);
    }

    private static <T> void writeMv(java.nio.file.Path base, Table table, String key, ParquetSchema<T> schema,
            List<T> rowsOf) throws IOException {
        java.nio.file.Path dir = base.resolve(table.mvDataset()).resolve(key + "=" + SnapshotIds.partitionValue(S0));
        Files.createDirectories(dir);
        try (ParquetWriter<T> w = RowParquetWriters.open(new LocalOutputFile(dir.resolve("part-0.parquet")), schema)) {
            for (T t : rowsOf) {
                w.write(t);
            }
        }
    }

    /** Indexes of distinct existing keys to update. */
    int[] updateIndexes() {
        SplittableRandom r = new SplittableRandom(7);
        int[] out = new int[(int) updates];
        if (scenario == Scenario.UNIFORM) {
            BitSet taken = new BitSet((int) rows);
            for (int k = 0; k < out.length; ) {
                int i = r.nextInt((int) rows);
                if (!taken.get(i)) {
                    taken.set(i);
                    out[k++] = i;
                }
            }
            return out;
        }
        // The most recent 5% of timestamps: the cut-off is the 95th percentile (all timestamps sorted).
        long[] sorted = ts.clone();
        Arrays.sort(sorted);
        long cutoff = sorted[(int) Math.min(rows - 1, Math.floor(rows * (1 - RECENT_SHARE)))];
        int[] candidates = new int[(int) rows];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            if (ts[i] >= cutoff) {
                candidates[n++] = i;
            }
        }
        for (int k = 0; k < out.length; k++) { // partial Fisher-Yates
            int j = k + r.nextInt(n - k);
            int tmp = candidates[k];
            candidates[k] = candidates[j];
            candidates[j] = tmp;
            out[k] = candidates[k];
        }
        return out;
    }

    private List<String> writeDelta(java.nio.file.Path base) throws IOException {
        List<ActivityRow> delta = new ArrayList<>((int) deltaRows);
        SplittableRandom r = new SplittableRandom(11);
        long lsn = 10_000_000_000L;
        for (int i : updateIndexes()) {
            ActivityRow a = baseRow(i);
            a.updatedAt = S0 + r.nextLong(SnapshotIds.HOUR_MS);
            a.commitLsn = lsn++;
            a.score = (a.score + 1) % 10;
            a.pullRequestReviewState = "APPROVED";
            a.snapshotId = S1;
            delta.add(a);
        }
        for (int k = 0; k < newKeys; k++) {
            long timestamp = S0 - r.nextLong(2 * SnapshotIds.HOUR_MS) + r.nextLong(SnapshotIds.HOUR_MS);
            ActivityRow a = row(new SplittableRandom(0xC2B2AE3D27D4EB4FL * (k + 1)), r.nextInt(segments), timestamp,
                    "n" + k, S0 + r.nextLong(SnapshotIds.HOUR_MS), lsn++, S1);
            delta.add(a);
        }
        // Streaming sinks write in arrival order: interleave updates and new rows.
        java.util.Collections.shuffle(delta, new java.util.Random(13));
        java.nio.file.Path dir = base.resolve(Table.ACTIVITY_RELATIONS.mvDataset())
                .resolve(SnapshotIds.partitionDir(S1));
        Files.createDirectories(dir);
        List<String> out = new ArrayList<>();
        for (int f = 0; f < DELTA_FILES; f++) {
            java.nio.file.Path file = dir.resolve("part-" + f + ".parquet");
            try (ParquetWriter<ActivityRow> w = RowParquetWriters.open(new LocalOutputFile(file), Schemas.ACTIVITY)) {
                for (int k = (int) ((long) delta.size() * f / DELTA_FILES);
                        k < (long) delta.size() * (f + 1) / DELTA_FILES; k++) {
                    w.write(delta.get(k));
                }
            }
            out.add(file.toString());
        }
        return out;
    }
}
