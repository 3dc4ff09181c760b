package io.lambdasuite.jobs.parquet;

import static io.lambdasuite.jobs.parquet.ParquetRowTestData.flinkPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.ActivityRowTypeInfo;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.util.CloseableIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by {@link RowParquetWriters} read back into the same POJOs by {@link RowParquetReaders}. */
class RowParquetReadersTest {
    @TempDir
    Path tmp;

    private <T> void roundTrip(String name, ParquetSchema<T> schema, Class<T> type, IntFunction<T> row, int n)
            throws IOException {
        List<T> rows = IntStream.range(0, n).mapToObj(row).collect(java.util.stream.Collectors.toList());
        Path plain = tmp.resolve(name + ".parquet");
        ParquetRowTestData.writePlain(plain, schema, rows);
        assertThat(RowParquetReaders.readAll(flinkPath(plain), type, schema))
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(rows);
        Path sink = tmp.resolve(name + "-sink.parquet");
        ParquetRowTestData.writeWithFileSinkFactory(sink, schema, rows);
        List<T> back = RowParquetReaders.readAll(flinkPath(sink), type, schema);
        assertThat(back).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(back.get(i)).usingRecursiveComparison().isEqualTo(rows.get(i));
        }
    }

    @Test
    void activityRoundTrip() throws IOException {
        roundTrip("activity", Schemas.ACTIVITY, ActivityRow.class, ParquetRowTestData::activity, 50);
    }

    @Test
    void activityEdgeValuesReadBackExactly() throws IOException {
        ActivityRow r = ParquetRowTestData.activity(0);
        r.gitInsertions = 4_000_000_000L;
        r.gitDeletions = 4_294_967_295L;
        r.sentimentScore = -128;
        r.score = 127;
        Path file = tmp.resolve("edge.parquet");
        ParquetRowTestData.writePlain(file, Schemas.ACTIVITY, List.of(r));
        ActivityRow back = RowParquetReaders.readAll(flinkPath(file), ActivityRow.class, Schemas.ACTIVITY).get(0);
        assertThat(back.gitInsertions).isEqualTo(4_000_000_000L);
        assertThat(back.gitDeletions).isEqualTo(4_294_967_295L);
        assertThat(back.sentimentScore).isEqualTo(-128);
        assertThat(back.score).isEqualTo(127);
        assertThat(back.objectMemberUsername).isEqualTo("Zoë 李 🚀 0");
        assertThat(back.conversationId).isEmpty();
    }

    @Test
    void memberRoundTrip() throws IOException {
        roundTrip("member", Schemas.MEMBER, MemberRow.class, ParquetRowTestData::member, 20);
    }

    @Test
    void organizationRoundTrip() throws IOException {
        roundTrip("organization", Schemas.ORGANIZATION, OrganizationRow.class, ParquetRowTestData::organization, 20);
    }

    @Test
    void segmentRoundTrip() throws IOException {
        roundTrip("segment", Schemas.SEGMENT, SegmentRow.class, ParquetRowTestData::segment, 20);
    }

    @Test
    void repositoryRoundTripKeepsNullAndSetDeletedAt() throws IOException {
        roundTrip("repository", Schemas.REPOSITORY, RepositoryRow.class, ParquetRowTestData::repository, 20);
        List<RepositoryRow> back = RowParquetReaders.readAll(
                flinkPath(tmp.resolve("repository.parquet")), RepositoryRow.class, Schemas.REPOSITORY);
        assertThat(back.get(0).deletedAt).isNull();
        assertThat(back.get(1).deletedAt).isEqualTo(ParquetRowTestData.T0 + 7);
    }

    @Test
    void deadLetterRoundTripKeepsRawBytes() throws IOException {
        roundTrip("deadLetter", Schemas.DEAD_LETTER, DeadLetter.class, ParquetRowTestData::deadLetter, 12);
        List<DeadLetter> back = RowParquetReaders.readAll(
                flinkPath(tmp.resolve("deadLetter.parquet")), DeadLetter.class, Schemas.DEAD_LETTER);
        assertThat(back.get(0).raw).isNull();
        assertThat(back.get(1).raw).containsExactly((byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28, 1);
        assertThat(back.get(2).raw).isEmpty();
    }

    @Test
    void iterateAndForEachStreamTheSameRows() throws Exception {
        List<ActivityRow> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(ParquetRowTestData.activity(i));
        }
        Path file = tmp.resolve("stream.parquet");
        ParquetRowTestData.writeSmallRowGroups(file, Schemas.ACTIVITY, rows, 64 << 10);
        List<ActivityRow> viaIterator = new ArrayList<>();
        try (CloseableIterator<ActivityRow> it = RowParquetReaders.iterate(flinkPath(file), ActivityRow.class, Schemas.ACTIVITY)) {
            it.forEachRemaining(viaIterator::add);
        }
        List<ActivityRow> viaConsumer = new ArrayList<>();
        long n = RowParquetReaders.forEach(flinkPath(file), ActivityRow.class, Schemas.ACTIVITY, viaConsumer::add);
        assertThat(n).isEqualTo(rows.size());
        assertThat(ParquetRowTestData.signatures(viaIterator)).isEqualTo(ParquetRowTestData.signatures(rows));
        assertThat(ParquetRowTestData.signatures(viaConsumer)).isEqualTo(ParquetRowTestData.signatures(rows));
    }

    @Test
    void columnsMissingFromTheFileKeepPojoDefaults() throws IOException {
        ParquetSchema<ActivityRow> old = ParquetSchema.<ActivityRow>builder("activityRelation")
                .string("activityId", r -> r.activityId)
                .uint32("gitInsertions", r -> r.gitInsertions)
                .string("notAField", r -> "ignored")
                .build();
        Path file = tmp.resolve("old.parquet");
        ParquetRowTestData.writePlain(file, old, List.of(ParquetRowTestData.activity(2)));
        ActivityRow back = RowParquetReaders.readAll(flinkPath(file), ActivityRow.class, Schemas.ACTIVITY).get(0);
        ActivityRow expected = new ActivityRow();
        expected.activityId = "act-2";
        expected.gitInsertions = 4_000_000_000L;
        assertThat(back).usingRecursiveComparison().isEqualTo(expected);
        assertThat(back.organizationCountryCode).isEqualTo("XX");
        assertThat(back.sentimentScore).isEqualTo(-1);
    }

    @Test
    void incompatibleColumnTypeIsAnError() throws IOException {
        ParquetSchema<ActivityRow> wrong = ParquetSchema.<ActivityRow>builder("activityRelation")
                .string("activityId", r -> r.activityId)
                .string("createdAt", r -> "yesterday")
                .build();
        Path file = tmp.resolve("wrong.parquet");
        ParquetRowTestData.writePlain(file, wrong, List.of(ParquetRowTestData.activity(1)));
        assertThatThrownBy(() -> RowParquetReaders.readAll(flinkPath(file), ActivityRow.class, Schemas.ACTIVITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("createdAt");
    }

    @Test
    void fileOfAnotherDatasetIsAnError() throws IOException {
        Path file = tmp.resolve("members.parquet");
        ParquetRowTestData.writePlain(file, Schemas.MEMBER, List.of(ParquetRowTestData.member(1)));
        assertThatThrownBy(() -> RowParquetReaders.readAll(flinkPath(file), DeadLetter.class, Schemas.DEAD_LETTER))
                .isInstanceOf(IOException.class);
    }

    @Test
    void formatProducesTheRowsTypeAndIsSplittable() {
        BulkFormat<ActivityRow, FileSourceSplit> format = RowParquetReaders.format(ActivityRow.class, Schemas.ACTIVITY);
        assertThat(format.getProducedType()).isEqualTo(TypeInformation.of(ActivityRow.class));
        assertThat(format.getProducedType()).isInstanceOf(ActivityRowTypeInfo.class);
        BulkFormat<MemberRow, FileSourceSplit> members = RowParquetReaders.format(MemberRow.class, Schemas.MEMBER);
        assertThat(members.getProducedType()).isInstanceOf(PojoTypeInfo.class);
        assertThat(format.isSplittable()).isTrue();
    }

    /** Reads a split to the end, with the positions the reader reports. */
    private static List<RecordAndPosition<ActivityRow>> drain(BulkFormat.Reader<ActivityRow> reader) throws IOException {
        List<RecordAndPosition<ActivityRow>> out = new ArrayList<>();
        try (reader) {
            for (BulkFormat.RecordIterator<ActivityRow> batch = reader.readBatch(); batch != null; batch = reader.readBatch()) {
                for (RecordAndPosition<ActivityRow> r = batch.next(); r != null; r = batch.next()) {
                    out.add(new RecordAndPosition<>(r.getRecord(), r.getOffset(), r.getRecordSkipCount()));
                }
                batch.releaseBatch();
            }
        }
        return out;
    }

    private static List<ActivityRow> records(List<RecordAndPosition<ActivityRow>> in) {
        List<ActivityRow> out = new ArrayList<>();
        for (RecordAndPosition<ActivityRow> r : in) {
            out.add(r.getRecord());
        }
        return out;
    }

    private static FileSourceSplit split(Path file, long offset, long length, CheckpointedPosition position) throws IOException {
        long size = Files.size(file);
        return new FileSourceSplit("s", flinkPath(file), offset, length, 0L, size, new String[0], position);
    }

    @Test
    void restoreFromEveryCheckpointedPositionYieldsExactlyTheRemainingRows() throws IOException {
        List<ActivityRow> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            rows.add(ParquetRowTestData.activity(i));
        }
        Path file = tmp.resolve("restore.parquet");
        ParquetRowTestData.writeSmallRowGroups(file, Schemas.ACTIVITY, rows, 64 << 10);
        int groups;
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            groups = r.getRowGroups().size();
        }
        assertThat(groups).as("row groups").isGreaterThan(2);

        BulkFormat<ActivityRow, FileSourceSplit> format = RowParquetReaders.format(ActivityRow.class, Schemas.ACTIVITY, 100);
        long size = Files.size(file);
        List<RecordAndPosition<ActivityRow>> all = drain(format.createReader(new Configuration(), split(file, 0, size, null)));
        assertThat(ParquetRowTestData.signatures(records(all))).isEqualTo(ParquetRowTestData.signatures(rows));

        // every position a checkpoint could have taken (after record i), plus a few around row group edges
        for (int i = 0; i < all.size(); i += 97) {
            checkRestore(format, file, size, all, i);
        }
        checkRestore(format, file, size, all, all.size() - 1);
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).getOffset() != all.get(i - 1).getOffset()) {
                checkRestore(format, file, size, all, i - 1); // position at the very end of a row group
                checkRestore(format, file, size, all, i);
            }
        }
        // a position counted from the start of the split (no offset)
        List<RecordAndPosition<ActivityRow>> rest = drain(format.restoreReader(new Configuration(),
                split(file, 0, size, new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 1234))));
        assertThat(ParquetRowTestData.signatures(records(rest)))
                .isEqualTo(ParquetRowTestData.signatures(rows.subList(1234, rows.size())));
    }

    private static void checkRestore(BulkFormat<ActivityRow, FileSourceSplit> format, Path file, long size,
            List<RecordAndPosition<ActivityRow>> all, int after) throws IOException {
        RecordAndPosition<ActivityRow> at = all.get(after);
        CheckpointedPosition pos = new CheckpointedPosition(at.getOffset(), at.getRecordSkipCount());
        List<RecordAndPosition<ActivityRow>> rest = drain(format.restoreReader(new Configuration(), split(file, 0, size, pos)));
        assertThat(rest).as("restored after record %d at %s", after, pos).hasSize(all.size() - after - 1);
        for (int j = 0; j < rest.size(); j++) {
            RecordAndPosition<ActivityRow> expected = all.get(after + 1 + j);
            assertThat(ParquetRowTestData.signature(rest.get(j).getRecord()))
                    .isEqualTo(ParquetRowTestData.signature(expected.getRecord()));
            assertThat(rest.get(j).getOffset()).isEqualTo(expected.getOffset());
            assertThat(rest.get(j).getRecordSkipCount()).isEqualTo(expected.getRecordSkipCount());
        }
    }

    @Test
    void byteRangeSplitsReadEveryRowGroupExactlyOnce() throws IOException {
        List<ActivityRow> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            rows.add(ParquetRowTestData.activity(i));
        }
        Path file = tmp.resolve("split.parquet");
        ParquetRowTestData.writeSmallRowGroups(file, Schemas.ACTIVITY, rows, 64 << 10);
        long size = Files.size(file);
        BulkFormat<ActivityRow, FileSourceSplit> format = RowParquetReaders.format(ActivityRow.class, Schemas.ACTIVITY);
        for (int parts : new int[] {1, 2, 3, 7, 50}) {
            List<ActivityRow> union = new ArrayList<>();
            long step = (size + parts - 1) / parts;
            for (long off = 0; off < size; off += step) {
                long len = Math.min(step, size - off);
                for (RecordAndPosition<ActivityRow> r : drain(format.createReader(new Configuration(), split(file, off, len, null)))) {
                    union.add(r.getRecord());
                }
            }
            assertThat(ParquetRowTestData.signatures(union)).as("%d splits", parts)
                    .isEqualTo(ParquetRowTestData.signatures(rows));
        }
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            long total = 0;
            for (BlockMetaData b : r.getRowGroups()) {
                total += b.getRowCount();
            }
            assertThat(total).isEqualTo(rows.size());
        }
    }
}
