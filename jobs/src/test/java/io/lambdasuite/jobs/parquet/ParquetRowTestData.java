package io.lambdasuite.jobs.parquet;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;

/** Rows with every schema column populated (edge values included) and ways to write them. */
final class ParquetRowTestData {
    private ParquetRowTestData() {}

    static final long T0 = 1_714_554_930_123L; // 2024-05-01T09:15:30.123Z

    /** Only the columns of {@link Schemas#ACTIVITY} are set; in-flight fields keep their defaults. */
    static ActivityRow activity(int i) {
        ActivityRow r = new ActivityRow();
        r.activityId = "act-" + i;
        r.conversationId = i % 3 == 0 ? "" : "conv-" + (i % 7);
        r.createdAt = T0 + i;
        r.updatedAt = T0 + 2L * i;
        r.memberId = "mem-" + (i % 11);
        r.objectMemberId = i % 2 == 0 ? "" : "obj-" + i;
        r.objectMemberUsername = "Zoë 李 🚀 " + i;
        r.organizationId = "org-" + (i % 5);
        r.parentId = "";
        r.platform = i % 2 == 0 ? "github" : "gitlab";
        r.segmentId = "seg-" + (i % 4);
        r.username = "user" + i;
        r.sourceId = "src-" + i;
        r.type = "pull_request-opened";
        r.timestamp = T0 - 1000L * i;
        r.sourceParentId = "parent/" + i;
        r.channel = "https://github.com/x/y";
        r.sentimentScore = i % 3 == 0 ? -128 : (i % 3 == 1 ? 127 : i % 100);
        r.gitInsertions = i % 2 == 0 ? 4_000_000_000L : i;
        r.gitDeletions = i % 5 == 0 ? 4_294_967_295L : 0;
        r.score = i % 2 == 0 ? -128 : 127;
        r.isContribution = i % 2 == 1;
        r.pullRequestReviewState = i % 4 == 0 ? "APPROVED" : "";
        r.gitChangedLines = r.gitInsertions + r.gitDeletions;
        r.gitChangedLinesBucket = "1001+";
        r.organizationName = "Ünïcödé GmbH";
        r.organizationCountryCode = i % 2 == 0 ? "DE" : "XX";
        r.snapshotId = 1_714_557_600_000L;
        r.commitLsn = Long.MAX_VALUE - i;
        r.commitIdx = Integer.MAX_VALUE - i;
        r.isDeleted = i % 7 == 0;
        r.heldReason = i % 9 == 0 ? "member_is_bot" : "";
        return r;
    }

    private static <R extends io.lambdasuite.udfs.model.DimensionRow> R versioned(R r, int i) {
        r.id = "id-" + i;
        r.updatedAt = T0 + i;
        r.commitTimestamp = T0 + i + 500;
        r.commitLsn = i == 0 ? Long.MIN_VALUE : 1000L + i;
        r.commitIdx = i == 0 ? Integer.MIN_VALUE : i;
        r.isDeleted = i % 2 == 0;
        return r;
    }

    static MemberRow member(int i) {
        MemberRow r = versioned(new MemberRow(), i);
        r.displayName = i % 2 == 0 ? "" : "Jöhn Dœ 山田 " + i;
        r.isBot = i % 2 == 0;
        r.isTeamMember = i % 3 == 0;
        r.isOrganization = i % 5 == 0;
        return r;
    }

    static OrganizationRow organization(int i) {
        OrganizationRow r = versioned(new OrganizationRow(), i);
        r.displayName = "Org ✓ " + i;
        r.country = i % 2 == 0 ? "" : "Deutschland";
        r.location = "Zürich";
        return r;
    }

    static SegmentRow segment(int i) {
        SegmentRow r = versioned(new SegmentRow(), i);
        r.slug = "slug-" + i;
        r.name = "Név " + i;
        r.status = i % 2 == 0 ? "active" : "";
        r.parentId = "p" + i;
        r.grandparentId = "";
        return r;
    }

    static RepositoryRow repository(int i) {
        RepositoryRow r = versioned(new RepositoryRow(), i);
        r.url = "https://github.com/ü/" + i;
        r.segmentId = "seg-" + i;
        r.enabled = i % 2 == 1;
        r.excluded = i % 3 == 0;
        r.deletedAt = i % 2 == 0 ? null : Long.valueOf(T0 + 7 * i);
        return r;
    }

    static DeadLetter deadLetter(int i) {
        DeadLetter r = new DeadLetter();
        r.topic = i % 2 == 0 ? "" : "cdc.activityRelations";
        r.partition = i % 2 == 0 ? Integer.MIN_VALUE : i;
        r.offset = i % 2 == 0 ? Long.MAX_VALUE : -1;
        r.file = "";
        r.reason = "bad_json";
        r.detail = "unexpected 'ß' at " + i;
        r.raw = i % 3 == 0 ? null : (i % 3 == 1 ? new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28, (byte) i} : new byte[0]);
        r.rejectedAt = T0 + i;
        return r;
    }

    static <T> void writePlain(java.nio.file.Path file, ParquetSchema<T> schema, List<T> rows) throws IOException {
        try (ParquetWriter<T> w = RowParquetWriters.open(new LocalOutputFile(file), schema)) {
            for (T r : rows) {
                w.write(r);
            }
        }
    }

    static <T> void writeWithFileSinkFactory(java.nio.file.Path file, ParquetSchema<T> schema, List<T> rows)
            throws IOException {
        org.apache.flink.core.fs.Path target = new org.apache.flink.core.fs.Path(file.toUri());
        try (FSDataOutputStream out = FileSystem.getLocalFileSystem().create(target, FileSystem.WriteMode.NO_OVERWRITE)) {
            BulkWriter<T> w = RowParquetWriters.factory(schema).create(out);
            for (T r : rows) {
                w.addElement(r);
            }
            w.finish();
        }
    }

    /** Writes with tiny row groups, so a file has many (the suite's writers use 32 MiB). */
    static <T> void writeSmallRowGroups(java.nio.file.Path file, ParquetSchema<T> schema, List<T> rows, long rowGroupBytes)
            throws IOException {
        try (ParquetWriter<T> w = new SmallGroups<>(new LocalOutputFile(file), schema)
                .withRowGroupSize(rowGroupBytes)
                .withPageSize(4096)
                .withPageRowCountLimit(100)
                .build()) {
            for (T r : rows) {
                w.write(r);
            }
        }
    }

    /**
     * Every public instance field's value (arrays by content) as one string: a linear-time equality for long
     * lists (AssertJ's recursive element comparator is quadratic).
     */
    static String signature(Object row) {
        StringBuilder sb = new StringBuilder(row.getClass().getSimpleName()).append('{');
        for (java.lang.reflect.Field f : row.getClass().getFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                Object v = f.get(row);
                sb.append(f.getName()).append('=')
                        .append(v instanceof byte[] ? java.util.Arrays.toString((byte[]) v) : String.valueOf(v)).append(',');
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.append('}').toString();
    }

    static List<String> signatures(List<?> rows) {
        List<String> out = new java.util.ArrayList<>(rows.size());
        for (Object r : rows) {
            out.add(signature(r));
        }
        return out;
    }

    static org.apache.flink.core.fs.Path flinkPath(java.nio.file.Path p) {
        return new org.apache.flink.core.fs.Path(p.toUri());
    }

    private static final class SmallGroups<T> extends ParquetWriter.Builder<T, SmallGroups<T>> {
        private final ParquetSchema<T> schema;

        SmallGroups(OutputFile out, ParquetSchema<T> schema) {
            super(out);
            this.schema = schema;
        }

        @Override
        protected SmallGroups<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new WriteSupport<T>() {
                private RecordConsumer consumer;

                @Override
                public WriteContext init(Configuration configuration) {
                    return new WriteContext(schema.messageType(), new HashMap<>());
                }

                @Override
                public void prepareForWrite(RecordConsumer recordConsumer) {
                    consumer = recordConsumer;
                }

                @Override
                public void write(T record) {
                    schema.write(consumer, record);
                }
            };
        }
    }
}
