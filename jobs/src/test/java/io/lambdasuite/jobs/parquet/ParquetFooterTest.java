package io.lambdasuite.jobs.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What readers see of the files the suite writes (SPEC §8, reference-schema.md §4): the footer's column order,
 * timestamp annotations and codec, and the values as DuckDB reads them.
 */
class ParquetFooterTest {
    private static final Instant CREATED = Instant.parse("2024-05-01T09:15:30.123Z");
    private static final Instant UPDATED = Instant.parse("2024-05-01T10:45:00.456Z");
    private static final Instant HAPPENED = Instant.parse("2024-05-01T08:59:59.999Z");
    /** Start of the hour after UPDATED: 11:00. */
    private static final Instant SNAPSHOT = Instant.parse("2024-05-01T11:00:00Z");
    /** Larger than Integer.MAX_VALUE: a uint32 column must not read it back negative. */
    private static final long MANY_INSERTIONS = 4_000_000_000L;

    /** reference-schema.md §4: all of §1, then §2, then commitLsn, commitIdx, isDeleted, heldReason. */
    private static final List<String> ACTIVITY_COLUMNS = List.of(
            "activityId", "conversationId", "createdAt", "updatedAt", "memberId", "objectMemberId",
            "objectMemberUsername", "organizationId", "parentId", "platform", "segmentId", "username", "sourceId",
            "type", "timestamp", "sourceParentId", "channel", "sentimentScore", "gitInsertions", "gitDeletions",
            "score", "isContribution", "pullRequestReviewState",
            "gitChangedLines", "gitChangedLinesBucket", "organizationName", "organizationCountryCode", "snapshotId",
            "commitLsn", "commitIdx", "isDeleted", "heldReason");
    private static final List<String> ACTIVITY_TIMESTAMPS = List.of("createdAt", "updatedAt", "timestamp", "snapshotId");

    @TempDir
    Path tmp;

    /** The two ways rows reach a file: the plain writer of batch code and the FileSink's bulk writer factory. */
    enum Writer {
        PLAIN {
            @Override
            <T> void write(Path file, ParquetSchema<T> schema, List<T> rows) throws IOException {
                try (ParquetWriter<T> w = RowParquetWriters.open(new LocalOutputFile(file), schema)) {
                    for (T r : rows) {
                        w.write(r);
                    }
                }
            }
        },
        FILE_SINK_FACTORY {
            @Override
            <T> void write(Path file, ParquetSchema<T> schema, List<T> rows) throws IOException {
                org.apache.flink.core.fs.Path target = new org.apache.flink.core.fs.Path(file.toUri());
                try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(target, FileSystem.WriteMode.NO_OVERWRITE)) {
                    BulkWriter<T> w = RowParquetWriters.factory(schema).create(out);
                    for (T r : rows) {
                        w.addElement(r);
                    }
                    w.finish();
                }
            }
        };

        abstract <T> void write(Path file, ParquetSchema<T> schema, List<T> rows) throws IOException;
    }

    private static ActivityRow activity(String activityId, int score) {
        ActivityRow r = new ActivityRow();
        r.activityId = activityId;
        r.createdAt = CREATED.toEpochMilli();
        r.updatedAt = UPDATED.toEpochMilli();
        r.timestamp = HAPPENED.toEpochMilli();
        r.memberId = "m1";
        r.platform = "github";
        r.segmentId = "s1";
        r.username = "alice";
        r.sourceId = "src-" + activityId;
        r.type = "authored-commit";
        r.channel = "https://github.com/acme/widgets";
        r.sentimentScore = -1;
        r.score = score;
        r.gitInsertions = MANY_INSERTIONS;
        r.gitDeletions = 7;
        r.gitChangedLines = MANY_INSERTIONS + 7;
        r.gitChangedLinesBucket = "500+";
        r.organizationName = "Acme";
        r.organizationCountryCode = "DE";
        r.snapshotId = SnapshotIds.snapshotIdOf(r.updatedAt);
        r.commitLsn = 123_456_789_012L;
        r.commitIdx = 2;
        return r;
    }

    private static List<ActivityRow> threeActivities() {
        return List.of(activity("a1", 127), activity("a2", -128), activity("a3", 0));
    }

    private static ParquetMetadata footer(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter();
        }
    }

    private static List<String> names(MessageType schema) {
        List<String> names = new ArrayList<>();
        for (Type t : schema.getFields()) {
            names.add(t.getName());
        }
        return names;
    }

    private static void assertTimestampMillisUtc(PrimitiveType t) {
        assertThat(t.getPrimitiveTypeName()).as(t.getName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(t.getLogicalTypeAnnotation()).as(t.getName()).isInstanceOf(TimestampLogicalTypeAnnotation.class);
        TimestampLogicalTypeAnnotation ts = (TimestampLogicalTypeAnnotation) t.getLogicalTypeAnnotation();
        assertThat(ts.isAdjustedToUTC()).as("%s is UTC-adjusted", t.getName()).isTrue();
        assertThat(ts.getUnit()).as(t.getName()).isEqualTo(LogicalTypeAnnotation.TimeUnit.MILLIS);
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void theActivityFooterHasTheReferenceColumnsInOrder(Writer writer) throws Exception {
        Path file = tmp.resolve("activities.parquet");
        writer.write(file, Schemas.ACTIVITY, threeActivities());

        MessageType schema = footer(file).getFileMetaData().getSchema();

        assertThat(names(schema)).containsExactlyElementsOf(ACTIVITY_COLUMNS);
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void everyTimestampColumnIsInt64MillisUtcAndNothingElseIs(Writer writer) throws Exception {
        Path file = tmp.resolve("activities.parquet");
        writer.write(file, Schemas.ACTIVITY, threeActivities());

        MessageType schema = footer(file).getFileMetaData().getSchema();

        for (Type t : schema.getFields()) {
            PrimitiveType p = t.asPrimitiveType();
            assertThat(p.getPrimitiveTypeName()).as("no INT96 timestamps").isNotEqualTo(PrimitiveTypeName.INT96);
            if (ACTIVITY_TIMESTAMPS.contains(t.getName())) {
                assertTimestampMillisUtc(p);
            } else {
                assertThat(p.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation)
                        .as("%s is not a timestamp", t.getName()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void smallIntegersCarryTheirWidthAndSignedness(Writer writer) throws Exception {
        Path file = tmp.resolve("activities.parquet");
        writer.write(file, Schemas.ACTIVITY, threeActivities());

        MessageType schema = footer(file).getFileMetaData().getSchema();

        for (String int8 : List.of("sentimentScore", "score")) {
            IntLogicalTypeAnnotation a = (IntLogicalTypeAnnotation) schema.getType(int8).getLogicalTypeAnnotation();
            assertThat(a.getBitWidth()).isEqualTo(8);
            assertThat(a.isSigned()).isTrue();
        }
        for (String uint32 : List.of("gitInsertions", "gitDeletions")) {
            IntLogicalTypeAnnotation a = (IntLogicalTypeAnnotation) schema.getType(uint32).getLogicalTypeAnnotation();
            assertThat(a.getBitWidth()).isEqualTo(32);
            assertThat(a.isSigned()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void everyColumnChunkIsSnappyCompressed(Writer writer) throws Exception {
        Path file = tmp.resolve("activities.parquet");
        writer.write(file, Schemas.ACTIVITY, threeActivities());

        ParquetMetadata footer = footer(file);

        assertThat(footer.getBlocks()).isNotEmpty();
        long rows = 0;
        for (BlockMetaData block : footer.getBlocks()) {
            rows += block.getRowCount();
            assertThat(block.getColumns()).hasSize(ACTIVITY_COLUMNS.size());
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                assertThat(chunk.getCodec()).as(chunk.getPath().toDotString()).isEqualTo(CompressionCodecName.SNAPPY);
            }
        }
        assertThat(rows).isEqualTo(3);
    }

    @Test
    void everySchemaAnnotatesItsTimestampsAsMillisUtc() {
        List<ParquetSchema<?>> all = List.of(Schemas.ACTIVITY, Schemas.MEMBER, Schemas.ORGANIZATION, Schemas.SEGMENT,
                Schemas.REPOSITORY, Schemas.DEAD_LETTER);
        for (ParquetSchema<?> s : all) {
            for (Type t : s.messageType().getFields()) {
                PrimitiveType p = t.asPrimitiveType();
                assertThat(p.getPrimitiveTypeName()).isNotEqualTo(PrimitiveTypeName.INT96);
                if (p.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation) {
                    assertTimestampMillisUtc(p);
                }
            }
            assertThat(s.messageType().containsField("snapshotId") || s == Schemas.DEAD_LETTER)
                    .as("%s has a snapshotId", s.messageType().getName()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void duckDbReadsTheSameInstantsAndIntegers(Writer writer) throws Exception {
        Path file = tmp.resolve("activities.parquet");
        writer.write(file, Schemas.ACTIVITY, threeActivities());

        try (DuckDb db = new DuckDb()) {
            String from = " FROM read_parquet('" + file.toString().replace("'", "''") + "')";
            Map<String, Object> types = db.query("SELECT typeof(createdAt) AS createdAt, typeof(snapshotId) AS snapshotId,"
                    + " typeof(gitInsertions) AS gitInsertions, typeof(score) AS score,"
                    + " typeof(gitChangedLines) AS gitChangedLines" + from + " LIMIT 1").get(0);
            assertThat(types).containsEntry("createdAt", "TIMESTAMP WITH TIME ZONE")
                    .containsEntry("snapshotId", "TIMESTAMP WITH TIME ZONE")
                    .containsEntry("gitInsertions", "UINTEGER")
                    .containsEntry("score", "TINYINT")
                    .containsEntry("gitChangedLines", "BIGINT");

            List<Map<String, Object>> rows = db.query("SELECT activityId, createdAt, updatedAt, \"timestamp\", snapshotId,"
                    + " epoch_ms(updatedAt) AS updatedMs, gitInsertions::BIGINT AS gitInsertions,"
                    + " sentimentScore::INTEGER AS sentimentScore, score::INTEGER AS score,"
                    + " gitChangedLines, commitLsn" + from + " ORDER BY activityId");

            assertThat(rows).extracting(r -> r.get("activityId")).containsExactly("a1", "a2", "a3");
            Map<String, Object> a1 = rows.get(0);
            assertThat(instant(a1.get("createdAt"))).isEqualTo(CREATED);
            assertThat(instant(a1.get("updatedAt"))).isEqualTo(UPDATED);
            assertThat(instant(a1.get("timestamp"))).isEqualTo(HAPPENED);
            assertThat(instant(a1.get("snapshotId"))).isEqualTo(SNAPSHOT);
            assertThat(((Number) a1.get("updatedMs")).longValue()).isEqualTo(UPDATED.toEpochMilli());
            assertThat(((Number) a1.get("gitInsertions")).longValue()).isEqualTo(MANY_INSERTIONS);
            assertThat(((Number) a1.get("gitChangedLines")).longValue()).isEqualTo(MANY_INSERTIONS + 7);
            assertThat(((Number) a1.get("commitLsn")).longValue()).isEqualTo(123_456_789_012L);
            assertThat(rows).extracting(r -> ((Number) r.get("sentimentScore")).intValue()).containsOnly(-1);
            assertThat(rows).extracting(r -> ((Number) r.get("score")).intValue()).containsExactly(127, -128, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Writer.class)
    void anOptionalTimestampReadsAsNullOrAsTheInstant(Writer writer) throws Exception {
        RepositoryRow live = new RepositoryRow();
        live.id = "r1";
        live.updatedAt = UPDATED.toEpochMilli();
        RepositoryRow softDeleted = new RepositoryRow();
        softDeleted.id = "r2";
        softDeleted.updatedAt = UPDATED.toEpochMilli();
        softDeleted.deletedAt = CREATED.toEpochMilli();
        Path file = tmp.resolve("repositories.parquet");
        writer.write(file, Schemas.REPOSITORY, List.of(live, softDeleted));

        assertTimestampMillisUtc(footer(file).getFileMetaData().getSchema().getType("deletedAt").asPrimitiveType());
        try (DuckDb db = new DuckDb()) {
            List<Map<String, Object>> rows = db.query("SELECT id, deletedAt, snapshotId FROM read_parquet('" + file
                    + "') ORDER BY id");
            assertThat(rows.get(0).get("deletedAt")).isNull();
            assertThat(instant(rows.get(1).get("deletedAt"))).isEqualTo(CREATED);
            assertThat(instant(rows.get(1).get("snapshotId"))).isEqualTo(SNAPSHOT);
        }
    }

    @Test
    void aFileSinkPartFileIsComplete() throws Exception {
        Path file = tmp.resolve("part.parquet");
        Writer.FILE_SINK_FACTORY.write(file, Schemas.ACTIVITY, threeActivities());

        // a finished bulk writer leaves a complete file: the footer's magic bytes end it
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, bytes.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(footer(file).getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum()).isEqualTo(3);
    }

    private static Instant instant(Object jdbcValue) {
        if (jdbcValue instanceof OffsetDateTime) {
            return ((OffsetDateTime) jdbcValue).toInstant();
        }
        if (jdbcValue instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) jdbcValue).toInstant();
        }
        throw new AssertionError("not a timestamp with time zone: " + jdbcValue + " ("
                + (jdbcValue == null ? "null" : jdbcValue.getClass()) + ")");
    }
}
