package io.lambdasuite.jobs.merge;

import io.lambdasuite.jobs.parquet.ParquetSchema;
import io.lambdasuite.jobs.parquet.RowParquetReaders;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.rules.CountryCodes;
import io.lambdasuite.udfs.rules.Validity;
import io.lambdasuite.udfs.rules.VersionOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetInputFile;
import org.apache.flink.util.function.SupplierWithException;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.DictionaryPageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.BloomFilterReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;

/**
 * Decides, before the merge job starts, which files of the previous snapshot the job copies as they are and
 * which it reads (SPEC §4 only needs the rows a delta key supersedes or a changed dimension touches to go
 * through the keyed steps). The decision needs the delta's timestamps and the changed dimension ids, read
 * through column projection, and each old file's footer: the timestamp statistics of its row groups and the
 * Bloom filters of its memberId, organizationId and segmentId columns.
 */
public final class CarryOver {
    /** Serving files' columns with a Bloom filter: the dimension references. */
    public static final List<String> BLOOM_COLUMNS = List.of("memberId", "organizationId", "segmentId");

    /**
     * Above this many distinct delta timestamps or changed dimension ids the merge stops tracking them (they
     * travel inside the job graph) and sends every old row through the keyed steps.
     */
    static final int MAX_TRACKED = 500_000;

    /** Which old files to copy and which to read. */
    record Plan(Touched touched, List<String> copy, List<String> patch, List<String> read) {}

    /** Projection of the delta's timestamp column. */
    public static final class TimestampColumn {
        public long timestamp;
    }

    /** Projection of a repository's id and segment. */
    public static final class RepositorySegment {
        public String id = "";
        public String segmentId = "";
    }

    private CarryOver() {}

    /**
     * What the new MV files can change: their timestamps, and the ids of the members, organizations and
     * segments whose new version changes what an activity row takes from them (a member's validity, an
     * organization's name and country code, a segment's status: a renamed member changes no row); a
     * repository version touches its segment, and the segment its previous version belonged to.
     * {@code current*} are the files of the current tables before this merge.
     */
    static Touched touched(List<String> newFacts, Dimension<MemberRow> members, Dimension<OrganizationRow> organizations,
            Dimension<SegmentRow> segments, List<String> newRepositories, List<String> currentRepositories)
            throws IOException {
        // the four reads are independent: the planning (client side, before the job) runs them side by side
        CompletableFuture<List<Long>> deltaTimestamps = async(() -> {
            List<Long> t = new ArrayList<>();
            for (String f : newFacts) {
                RowParquetReaders.forEach(new Path(f), TimestampColumn.class, null, r -> t.add(r.timestamp));
            }
            return t;
        });
        CompletableFuture<Map<String, MemberRow>> memberChanges =
                async(() -> changedIds(members, m -> Validity.memberReason(m)));
        CompletableFuture<Map<String, OrganizationRow>> organizationChanges =
                async(() -> changedIds(organizations, CarryOver::organizationEffect));
        CompletableFuture<Map<String, SegmentRow>> segmentChanges =
                async(() -> changedIds(segments, Validity::segmentReason));
        List<Long> timestamps = join(deltaTimestamps);
        Set<String> changedMembers = join(memberChanges).keySet();
        Map<String, OrganizationRow> changedOrganizations = join(organizationChanges);
        Set<String> changedSegments = new HashSet<>(join(segmentChanges).keySet());
        Set<String> repositories = new HashSet<>();
        for (String f : newRepositories) {
            RowParquetReaders.forEach(new Path(f), RepositorySegment.class, null, r -> {
                repositories.add(r.id);
                changedSegments.add(r.segmentId);
            });
        }
        if (!repositories.isEmpty()) {
            for (String f : currentRepositories) {
                RowParquetReaders.forEach(new Path(f), RepositorySegment.class, null, r -> {
                    if (repositories.contains(r.id)) {
                        changedSegments.add(r.segmentId);
                    }
                });
            }
        }
        if (timestamps.size() > MAX_TRACKED
                || changedMembers.size() + changedOrganizations.size() + changedSegments.size() > MAX_TRACKED) {
            return Touched.everything();
        }
        Map<String, String[]> patch = new HashMap<>();
        changedOrganizations.forEach((id, o) -> patch.put(id, organizationEffect(o).split("\u0000", -1)));
        return Touched.of(timestamps.stream().mapToLong(Long::longValue).toArray(), changedMembers,
                changedOrganizations.keySet(), changedSegments, new OrganizationPatch(patch));
    }

    /** A read of the planning, on the common pool. */
    private static <T> CompletableFuture<T> async(SupplierWithException<T, IOException> read) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return read.get();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The result of {@link #async}, its I/O failure thrown as such. */
    private static <T> T join(CompletableFuture<T> f) throws IOException {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    /** What an activity row takes from its organization: name and country code (OrganizationJoin's rule). */
    static String organizationEffect(OrganizationRow o) {
        return o == null || o.isDeleted ? "\u0000" + CountryCodes.UNKNOWN
                : o.displayName + "\u0000" + CountryCodes.codeOf(o.country, o.location);
    }

    /** A dimension's new MV files and current table files before the merge. */
    record Dimension<T extends DimensionRow>(Class<T> type, ParquetSchema<T> schema, List<String> newFiles,
            List<String> currentFiles) {}

    /**
     * Ids whose newest version after the merge shows activity rows something else than the current version
     * before it ({@code effect} of null = the row does not exist).
     */
    static <T extends DimensionRow> Map<String, T> changedIds(Dimension<T> d, Function<T, String> effect)
            throws IOException {
        Map<String, T> newest = new HashMap<>();
        for (String f : d.newFiles()) {
            RowParquetReaders.forEach(new Path(f), d.type(), d.schema(), r -> newest.merge(r.id, r, CarryOver::newer));
        }
        if (newest.isEmpty()) {
            return Map.of();
        }
        Map<String, T> before = new HashMap<>();
        for (String f : d.currentFiles()) {
            RowParquetReaders.forEach(new Path(f), d.type(), d.schema(), r -> {
                if (newest.containsKey(r.id)) {
                    before.merge(r.id, r, CarryOver::newer);
                }
            });
        }
        Map<String, T> changed = new HashMap<>();
        for (Map.Entry<String, T> e : newest.entrySet()) {
            T old = before.get(e.getKey());
            T after = old == null ? e.getValue() : newer(old, e.getValue());
            if (!effect.apply(old).equals(effect.apply(after))) {
                changed.put(e.getKey(), after);
            }
        }
        return changed;
    }

    private static <T extends DimensionRow> T newer(T a, T b) {
        return VersionOrder.compare(b, a) > 0 ? b : a;
    }

    /** What the merge does with one old file. */
    enum Action { COPY, PATCH, READ }

    /** Splits the previous snapshot's published files into copied, patched and read ones; held files are read. */
    static Plan plan(Touched touched, List<String> published, List<String> held, long compactBelowBytes)
            throws IOException {
        List<String> copy = new ArrayList<>();
        List<String> patch = new ArrayList<>();
        List<String> read = new ArrayList<>(held);
        // one footer (and its Bloom filters or dictionaries) per file, read side by side, decided in file order
        List<CompletableFuture<Action>> actions = new ArrayList<>();
        for (String f : published) {
            actions.add(async(() -> decide(new Path(f), touched, compactBelowBytes)));
        }
        for (int i = 0; i < published.size(); i++) {
            String f = published.get(i);
            switch (join(actions.get(i))) {
                case COPY -> copy.add(f);
                case PATCH -> patch.add(f);
                default -> read.add(f);
            }
        }
        return new Plan(touched, copy, patch, read);
    }

    /**
     * From the footer alone: COPY when no row of the file can be superseded or need new dimensions, PATCH when
     * the only possible change is an organization's name or country code, else READ.
     */
    static Action decide(Path file, Touched touched, long compactBelowBytes) throws IOException {
        if (touched.everythingTouched()) {
            return Action.READ;
        }
        FileSystem fs = file.getFileSystem();
        long length = fs.getFileStatus(file).getLen();
        if (length < compactBelowBytes) {
            return Action.READ;
        }
        try (FSDataInputStream in = fs.open(file);
                ParquetFileReader reader = ParquetFileReader.open(new ParquetInputFile(in, length))) {
            Action action = Action.COPY;
            for (BlockMetaData block : reader.getRowGroups()) {
                if (blockMayBeTouched(reader, block, touched, Map.of("memberId", touched.members(),
                        "segmentId", touched.segments()))) {
                    return Action.READ;
                }
                if (action == Action.COPY && blockMayBeTouched(reader, block, touched,
                        Map.of("organizationId", touched.organizations()))) {
                    action = Action.PATCH;
                }
            }
            return action;
        }
    }

    private static boolean blockMayBeTouched(ParquetFileReader reader, BlockMetaData block, Touched touched,
            Map<String, Set<String>> references) throws IOException {
        ColumnChunkMetaData ts = column(block, "timestamp");
        if (ts == null) {
            return true;
        }
        Statistics<?> stats = ts.getStatistics();
        if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()
                || touched.timestampIn((Long) stats.genericGetMin(), (Long) stats.genericGetMax())) {
            return true;
        }
        BloomFilterReader blooms = null;
        for (Map.Entry<String, Set<String>> ref : references.entrySet()) {
            if (ref.getValue().isEmpty()) {
                continue;
            }
            ColumnChunkMetaData c = column(block, ref.getKey());
            if (c == null) {
                return true;
            }
            if (blooms == null) {
                blooms = reader.getBloomFilterDataReader(block);
            }
            BloomFilter bloom = blooms.readBloomFilter(c);
            if (bloom != null) {
                for (String id : ref.getValue()) {
                    if (bloom.findHash(bloom.hash(Binary.fromString(id)))) {
                        return true;
                    }
                }
            } else if (!dictionaryExcludes(reader, block, c, ref.getValue())) {
                return true; // no Bloom filter and no complete dictionary: no way to tell without reading it
            }
        }
        return false;
    }

    /**
     * Parquet writes no Bloom filter for a column chunk whose pages are all dictionary-encoded (the dictionary
     * says the same, exactly): true when the chunk has such a dictionary and it holds none of {@code ids}.
     */
    private static boolean dictionaryExcludes(ParquetFileReader reader, BlockMetaData block, ColumnChunkMetaData c,
            Set<String> ids) throws IOException {
        EncodingStats stats = c.getEncodingStats();
        if (stats == null || !stats.hasDictionaryPages() || stats.hasNonDictionaryEncodedPages()) {
            return false;
        }
        ColumnDescriptor descriptor = reader.getFileMetaData().getSchema().getColumnDescription(c.getPath().toArray());
        DictionaryPageReadStore dictionaries = reader.getDictionaryReader(block);
        DictionaryPage page = dictionaries.readDictionaryPage(descriptor);
        if (page == null) {
            return false;
        }
        Dictionary dictionary = page.getEncoding().initDictionary(descriptor, page);
        for (int i = 0; i <= dictionary.getMaxId(); i++) {
            if (ids.contains(dictionary.decodeToBinary(i).toStringUsingUTF8())) {
                return false;
            }
        }
        return true;
    }

    private static ColumnChunkMetaData column(BlockMetaData block, String name) {
        for (ColumnChunkMetaData c : block.getColumns()) {
            if (c.getPath().size() == 1 && c.getPath().toArray()[0].equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The copy of one old file into the new snapshot's directory (overwritten when a failed task retries). */
    static void copy(String source, Path targetDir) throws IOException {
        Path from = new Path(source);
        FileSystem fs = from.getFileSystem();
        Path to = new Path(targetDir, from.getName());
        FileSystem target = to.getFileSystem();
        try (FSDataInputStream in = fs.open(from);
                var out = target.create(to, FileSystem.WriteMode.OVERWRITE)) {
            in.transferTo(out);
        }
    }
}
