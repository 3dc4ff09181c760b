package io.lambdasuite.jobs.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.parquet.ParquetSchema;
import io.lambdasuite.jobs.parquet.RowParquetWriters;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.rules.Validity;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The carry-over decision on real Parquet files: footer statistics, Bloom filters, dimension effects. */
class CarryOverTest {
    @TempDir
    Path tmp;

    @Test
    void aFileIsCopiedOnlyWhenNoDeltaTimestampFallsInItsRangeAndNoChangedIdIsInItsBloomFilters() throws IOException {
        String file = activities("old.parquet", 1_000, 2_000, "m1", "o1");
        Set<String> none = Set.of();
        assertThat(read(file, touched(new long[] {500, 2_500}, none, none, none))).isFalse();
        assertThat(read(file, touched(new long[] {500, 1_500}, none, none, none))).as("in range").isTrue();
        assertThat(read(file, touched(new long[] {2_000}, none, none, none))).as("range is inclusive").isTrue();
        assertThat(read(file, touched(new long[0], Set.of("m9"), Set.of("o9"), Set.of("s9")))).isFalse();
        assertThat(read(file, touched(new long[0], Set.of("m1"), none, none))).as("member in file").isTrue();
        assertThat(read(file, touched(new long[0], none, Set.of("o1"), none))).as("organization").isTrue();
        assertThat(read(file, touched(new long[0], none, none, Set.of("s1")))).as("segment").isTrue();
        assertThat(read(file, Touched.everything())).isTrue();
        assertThat(CarryOver.decide(new org.apache.flink.core.fs.Path(file), touched(new long[0], none, none, none),
                Long.MAX_VALUE)).as("small files are compacted").isEqualTo(CarryOver.Action.READ);
        assertThat(CarryOver.decide(new org.apache.flink.core.fs.Path(file), touched(new long[0], none, Set.of("o1"),
                none), 0)).as("only an organization changed").isEqualTo(CarryOver.Action.PATCH);
        assertThat(CarryOver.decide(new org.apache.flink.core.fs.Path(file), touched(new long[0], Set.of("m1"),
                Set.of("o1"), none), 0)).as("and a member").isEqualTo(CarryOver.Action.READ);
    }

    @Test
    void filesWithoutBloomFiltersAreReadWhenADimensionChanged() throws IOException {
        String file = tmp.resolve("plain.parquet").toString();
        try (ParquetWriter<ActivityRow> w = RowParquetWriters.open(new LocalOutputFile(Path.of(file)), Schemas.ACTIVITY)) {
            w.write(activity(1_000, "m1", "o1"));
        }
        assertThat(read(file, touched(new long[] {5}, Set.of(), Set.of(), Set.of()))).isFalse();
        assertThat(read(file, touched(new long[0], Set.of("m9"), Set.of(), Set.of()))).isTrue();
    }

    @Test
    void onlyVersionsThatChangeWhatRowsTakeFromADimensionCountAsChanged() throws IOException {
        String current = write("members-current.parquet", Schemas.MEMBER,
                List.of(member("m1", 10, false, "Ann"), member("m2", 10, false, "Bob"), member("m3", 10, false, "Cy")));
        String fresh = write("members-new.parquet", Schemas.MEMBER, List.of(
                member("m1", 20, false, "Ann Renamed"), // rename: rows take nothing from the name
                member("m2", 20, true, "Bob"), // now a bot: its rows leave serving
                member("m3", 5, true, "Cy"), // stale version: ignored
                member("m4", 20, false, "Dee"))); // new member: rows held as member-unknown get published
        assertThat(CarryOver.changedIds(new CarryOver.Dimension<>(MemberRow.class, Schemas.MEMBER, List.of(fresh),
                List.of(current)), Validity::memberReason)).containsOnlyKeys("m2", "m4");

        String orgs = write("orgs-current.parquet", Schemas.ORGANIZATION, List.of(org("o1", 10, "Acme", "Germany"),
                org("o2", 10, "Beta", "France")));
        String orgsNew = write("orgs-new.parquet", Schemas.ORGANIZATION, List.of(org("o1", 20, "Acme", "DE"),
                org("o2", 20, "Beta Inc", "France")));
        assertThat(CarryOver.changedIds(new CarryOver.Dimension<>(OrganizationRow.class, Schemas.ORGANIZATION,
                List.of(orgsNew), List.of(orgs)), CarryOver::organizationEffect))
                .as("same country code, new name").containsOnlyKeys("o2");
    }

    /**
     * Both ways of patching: by dictionary (the organization columns dictionary-encoded throughout, as our
     * writers leave them) and by re-encoding the values (a name column that outgrew its dictionary: a thousand
     * distinct long names of o2's rows).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "distinct names of o2: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aPatchedFileDiffersOnlyInTheOrganizationColumnsOfChangedOrganizations(boolean distinctNames) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in-" + distinctNames));
        Path file = dir.resolve("part-0.parquet");
        List<ActivityRow> rows = new java.util.ArrayList<>();
        try (ParquetWriter<ActivityRow> w = RowParquetWriters.servingWriter(new LocalOutputFile(file), Schemas.ACTIVITY,
                distinctNames ? 8 << 20 : 16 << 10, CarryOver.BLOOM_COLUMNS)) { // else small row groups: several per file
            for (int i = 0; i < 3_000; i++) {
                ActivityRow a = activity(i, "m" + (i % 7), i % 3 == 0 ? "o1" : "o2");
                a.organizationName = i % 3 == 0 ? "Old One" : distinctNames ? "Two " + i + "-" + "x".repeat(600) : "Two";
                a.organizationCountryCode = "DE";
                a.activityId = "act-" + i;
                rows.add(a);
                w.write(a);
            }
        }
        assertThat(nameColumnDictionaryOnly(file)).as("the input's name column is dictionary-encoded throughout")
                .isEqualTo(!distinctNames);
        Path out = Files.createDirectories(tmp.resolve("out-" + distinctNames));
        new OrganizationPatch(Map.of("o1", new String[] {"New One", "FR"}))
                .patch(file.toString(), new org.apache.flink.core.fs.Path(out.toUri()));
        List<ActivityRow> patched = io.lambdasuite.jobs.parquet.RowParquetReaders.readAll(
                new org.apache.flink.core.fs.Path(out.resolve("part-0.parquet").toUri()), ActivityRow.class, Schemas.ACTIVITY);
        assertThat(patched).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            ActivityRow expected = rows.get(i);
            if (expected.organizationId.equals("o1")) {
                expected.organizationName = "New One";
                expected.organizationCountryCode = "FR";
            }
            assertThat(patched.get(i)).usingRecursiveComparison().isEqualTo(expected);
        }
        assertThat(nameColumnDictionaryOnly(out.resolve("part-0.parquet")))
                .as("a patch by dictionary leaves a dictionary, for the next one").isEqualTo(!distinctNames);
        try (io.lambdasuite.jobs.testing.DuckDb db = new io.lambdasuite.jobs.testing.DuckDb()) {
            String f = "read_parquet('" + out.resolve("part-0.parquet") + "')";
            assertThat(db.count("SELECT count(*) FROM " + f + " WHERE organizationName = 'New One'")).isEqualTo(1_000);
            assertThat(db.count("SELECT count(*) FROM " + f + " WHERE organizationId = 'o2' AND organizationName LIKE 'Two%'"
                    + " AND organizationCountryCode = 'DE'")).isEqualTo(2_000);
            assertThat(db.count("SELECT count(*) FROM " + f + " WHERE organizationCountryCode = 'FR'")).isEqualTo(1_000);
        }
        assertThat(CarryOver.decide(new org.apache.flink.core.fs.Path(out.resolve("part-0.parquet").toUri()),
                touched(new long[0], Set.of("m3"), Set.of(), Set.of()), 0))
                .as("the patched file keeps its dictionaries / Bloom filters").isEqualTo(CarryOver.Action.READ);
        assertThat(CarryOver.decide(new org.apache.flink.core.fs.Path(out.resolve("part-0.parquet").toUri()),
                touched(new long[] {99_999}, Set.of("m99"), Set.of(), Set.of()), 0)).isEqualTo(CarryOver.Action.COPY);
    }

    private static boolean nameColumnDictionaryOnly(Path file) throws IOException {
        try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            return r.getRowGroups().stream().flatMap(b -> b.getColumns().stream())
                    .filter(c -> c.getPath().toDotString().equals("organizationName"))
                    .allMatch(c -> !c.getEncodingStats().hasNonDictionaryEncodedPages());
        }
    }

    private static boolean read(String file, Touched t) throws IOException {
        return CarryOver.decide(new org.apache.flink.core.fs.Path(file), t, 0) != CarryOver.Action.COPY;
    }

    private static Touched touched(long[] timestamps, Set<String> members, Set<String> organizations,
            Set<String> segments) {
        return Touched.of(timestamps, members, organizations, segments, new OrganizationPatch(Map.of()));
    }

    private String activities(String name, long from, long to, String member, String org) throws IOException {
        Path p = tmp.resolve(name);
        try (ParquetWriter<ActivityRow> w = RowParquetWriters.servingWriter(new LocalOutputFile(p), Schemas.ACTIVITY,
                1 << 20, CarryOver.BLOOM_COLUMNS)) {
            for (long t = from; t <= to; t += 100) {
                w.write(activity(t, member, org));
            }
        }
        return p.toString();
    }

    private static ActivityRow activity(long timestamp, String member, String org) {
        ActivityRow a = new ActivityRow();
        a.timestamp = timestamp;
        a.memberId = member;
        a.organizationId = org;
        a.segmentId = "s1";
        a.sourceId = "x" + timestamp;
        return a;
    }

    private <T> String write(String name, ParquetSchema<T> schema, List<T> rows) throws IOException {
        Path p = tmp.resolve(name);
        try (ParquetWriter<T> w = RowParquetWriters.open(new LocalOutputFile(p), schema)) {
            for (T r : rows) {
                w.write(r);
            }
        }
        return p.toString();
    }

    private static MemberRow member(String id, long updatedAt, boolean bot, String name) {
        MemberRow m = new MemberRow();
        m.id = id;
        m.updatedAt = updatedAt;
        m.isBot = bot;
        m.displayName = name;
        return m;
    }

    private static OrganizationRow org(String id, long updatedAt, String name, String country) {
        OrganizationRow o = new OrganizationRow();
        o.id = id;
        o.updatedAt = updatedAt;
        o.displayName = name;
        o.country = country;
        return o;
    }
}
