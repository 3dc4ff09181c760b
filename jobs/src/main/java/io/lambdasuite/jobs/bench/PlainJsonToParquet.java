package io.lambdasuite.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdasuite.jobs.parquet.ParquetSchema;
import io.lambdasuite.jobs.parquet.RowParquetWriters;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.udfs.cdc.Timestamps;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.rules.GitChangedLines;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * The baseline of {@code lambda bench bootstrap}: what a plain single-threaded program does with the same messages,
 * one line at a time: Jackson parses the envelope, its record becomes the row POJO of its table, and the row is
 * written to that table's Parquet file (Snappy, {@link RowParquetWriters}, the suite's schemas). No validation beyond
 * what the mapping needs, no dedup, no joins: lines it cannot map are skipped.
 */
final class PlainJsonToParquet implements Closeable {
    /** What one pass wrote. */
    record Counts(long lines, long activities, long dimensions, long skipped) {}

    private final ObjectMapper json = new ObjectMapper();
    private final ParquetWriter<ActivityRow> activities;
    private final ParquetWriter<MemberRow> members;
    private final ParquetWriter<OrganizationRow> organizations;
    private final ParquetWriter<SegmentRow> segments;
    private final ParquetWriter<RepositoryRow> repositories;
    private long lines;
    private long activityRows;
    private long dimensionRows;
    private long skipped;

    private PlainJsonToParquet(Path out) throws IOException {
        Files.createDirectories(out);
        activities = open(out, "activityRelations", Schemas.ACTIVITY);
        members = open(out, "members", Schemas.MEMBER);
        organizations = open(out, "organizations", Schemas.ORGANIZATION);
        segments = open(out, "segments", Schemas.SEGMENT);
        repositories = open(out, "repositories", Schemas.REPOSITORY);
    }

    private static <T> ParquetWriter<T> open(Path out, String table, ParquetSchema<T> schema) throws IOException {
        return RowParquetWriters.open(new LocalOutputFile(out.resolve(table + ".parquet")), schema);
    }

    /** Converts every line of {@code files} into {@code out}, on the calling thread. */
    static Counts run(List<Path> files, Path out) throws IOException {
        PlainJsonToParquet p = new PlainJsonToParquet(out);
        try {
            for (Path f : files) {
                try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
                    // Lines as bytes (ISO-8859-1 keeps them), decoded by Jackson as UTF-8, like the job's parser.
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        p.convert(line.getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
            }
        } finally {
            p.close();
        }
        return new Counts(p.lines, p.activityRows, p.dimensionRows, p.skipped);
    }

    private void convert(byte[] line) throws IOException {
        lines++;
        JsonNode envelope;
        try {
            envelope = json.readTree(line);
        } catch (IOException e) {
            skipped++;
            return;
        }
        JsonNode record = envelope.path("record");
        JsonNode metadata = envelope.path("metadata");
        if (!record.isObject() || !metadata.isObject()) {
            skipped++;
            return;
        }
        try {
            boolean deleted = "delete".equals(envelope.path("action").asText());
            long lsn = lsn(metadata.path("commit_lsn"));
            int idx = metadata.path("commit_idx").asInt();
            switch (metadata.path("table_name").asText()) {
                case "activityRelations" -> {
                    activities.write(activity(record, deleted, lsn, idx));
                    activityRows++;
                }
                case "members" -> dimension(members, versioned(member(record), record, deleted, lsn, idx));
                case "organizations" -> dimension(organizations, versioned(organization(record), record, deleted, lsn, idx));
                case "segments" -> dimension(segments, versioned(segment(record), record, deleted, lsn, idx));
                case "repositories" -> dimension(repositories, versioned(repository(record), record, deleted, lsn, idx));
                default -> skipped++;
            }
        } catch (RuntimeException e) {
            skipped++;
        }
    }

    private <T> void dimension(ParquetWriter<T> w, T row) throws IOException {
        w.write(row);
        dimensionRows++;
    }

    private static ActivityRow activity(JsonNode r, boolean deleted, long lsn, int idx) {
        ActivityRow a = new ActivityRow();
        a.activityId = text(r, "activityId");
        a.conversationId = text(r, "conversationId");
        a.createdAt = ts(r, "createdAt");
        a.updatedAt = ts(r, "updatedAt");
        a.memberId = text(r, "memberId");
        a.objectMemberId = text(r, "objectMemberId");
        a.objectMemberUsername = text(r, "objectMemberUsername");
        a.organizationId = text(r, "organizationId");
        a.parentId = text(r, "parentId");
        a.platform = text(r, "platform");
        a.segmentId = text(r, "segmentId");
        a.username = text(r, "username");
        a.sourceId = text(r, "sourceId");
        a.type = text(r, "type");
        a.timestamp = ts(r, "timestamp");
        a.sourceParentId = text(r, "sourceParentId");
        a.channel = text(r, "channel");
        a.sentimentScore = r.path("sentimentScore").asInt(-1);
        a.gitInsertions = r.path("gitInsertions").asLong();
        a.gitDeletions = r.path("gitDeletions").asLong();
        a.score = r.path("score").asInt(-1);
        a.isContribution = r.path("isContribution").asBoolean();
        a.pullRequestReviewState = text(r, "pullRequestReviewState");
        a.commitLsn = lsn;
        a.commitIdx = idx;
        a.isDeleted = deleted;
        a.gitChangedLines = a.gitInsertions + a.gitDeletions;
        a.gitChangedLinesBucket = GitChangedLines.bucket(a.gitChangedLines);
        a.snapshotId = SnapshotIds.snapshotIdOf(a.updatedAt);
        return a;
    }

    private static MemberRow member(JsonNode r) {
        MemberRow m = new MemberRow();
        m.displayName = text(r, "displayName");
        JsonNode attributes = r.path("attributes");
        m.isBot = attributes.path("isBot").path("default").asBoolean();
        m.isTeamMember = attributes.path("isTeamMember").path("default").asBoolean();
        m.isOrganization = attributes.path("isOrganization").path("default").asBoolean();
        return m;
    }

    private static OrganizationRow organization(JsonNode r) {
        OrganizationRow o = new OrganizationRow();
        o.displayName = text(r, "displayName");
        o.country = text(r, "country");
        o.location = text(r, "location");
        return o;
    }

    private static SegmentRow segment(JsonNode r) {
        SegmentRow s = new SegmentRow();
        s.slug = text(r, "slug");
        s.name = text(r, "name");
        s.status = text(r, "status");
        s.parentId = text(r, "parentId");
        s.grandparentId = text(r, "grandparentId");
        return s;
    }

    private static RepositoryRow repository(JsonNode r) {
        RepositoryRow p = new RepositoryRow();
        p.url = text(r, "url");
        p.segmentId = text(r, "segmentId");
        p.enabled = r.path("enabled").asBoolean(true);
        p.excluded = r.path("excluded").asBoolean(false);
        p.deletedAt = r.path("deletedAt").isTextual() ? ts(r, "deletedAt") : null;
        return p;
    }

    private static <T extends DimensionRow> T versioned(T row, JsonNode r, boolean deleted,
            long lsn, int idx) {
        row.id = text(r, "id");
        row.updatedAt = ts(r, "updatedAt");
        row.commitLsn = lsn;
        row.commitIdx = idx;
        row.isDeleted = deleted;
        return row;
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static long ts(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? 0L : v.isNumber() ? v.asLong() : Timestamps.parseMillis(v.asText());
    }

    /** commit_lsn as a number, a numeric string or Postgres {@code X/Y}. */
    private static long lsn(JsonNode v) {
        if (v.isNumber()) {
            return v.asLong();
        }
        String s = v.asText();
        int slash = s.indexOf('/');
        return slash < 0 ? Long.parseLong(s.trim())
                : (Long.parseLong(s.substring(0, slash), 16) << 32) | Long.parseLong(s.substring(slash + 1), 16);
    }

    @Override
    public void close() throws IOException {
        for (ParquetWriter<?> w : List.of(activities, members, organizations, segments, repositories)) {
            w.close();
        }
    }
}
