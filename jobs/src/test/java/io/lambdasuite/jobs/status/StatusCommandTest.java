package io.lambdasuite.jobs.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdasuite.jobs.Lambda;
import io.lambdasuite.jobs.parquet.ParquetSchema;
import io.lambdasuite.jobs.parquet.RowParquetWriters;
import io.lambdasuite.jobs.parquet.Schemas;
import io.lambdasuite.jobs.schedule.FakeClock;
import io.lambdasuite.jobs.schedule.JobLog;
import io.lambdasuite.jobs.schedule.JobRunRecord;
import io.lambdasuite.jobs.schedule.RunRequest;
import io.lambdasuite.jobs.schedule.RunResult;
import io.lambdasuite.jobs.serving.SnapshotManifest;
import io.lambdasuite.jobs.serving.SnapshotStore;
import io.lambdasuite.jobs.serving.Staging;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DeadLetter;
import io.lambdasuite.udfs.model.MemberRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lambda status} over a small hand-built base path whose every figure is known: a serving snapshot with a
 * consumed and two waiting MV files, a dimension MV nothing consumed yet, another snapshot dataset, a job log and
 * dead letters inside and outside the window; then the exit codes with an injected clock.
 */
class StatusCommandTest {
    private static final Instant H10 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant H11 = Instant.parse("2024-05-01T11:00:00Z");
    private static final Instant H12 = Instant.parse("2024-05-01T12:00:00Z");
    /** Serving 11 is 1h40m old: fresh under the default 2 h. */
    private static final Instant NOW = Instant.parse("2024-05-01T12:40:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path base;

    private Path mv;

    @BeforeEach
    void buildBasePath() throws IOException {
        mv = base.resolve("activityRelations_enrich_snapshot_mv");
        Path consumed = activities(mv.resolve("snapshot=2024-05-01T11/part-a.parquet"), 3, H11.plusSeconds(60));
        activities(mv.resolve("snapshot=2024-05-01T12/part-b.parquet"), 2, H11.plusSeconds(1800));
        activities(mv.resolve("snapshot=2024-05-01T12/part-c.parquet"), 4, H12.plusSeconds(600));
        activities(mv.resolve("snapshot=2024-05-01T12/.part-d.parquet.inprogress.1"), 9, H12.plusSeconds(700));
        publish("activityRelations_deduplicated_cleaned", H11, 5, 1, List.of(consumed.toString()));

        write(base.resolve("members_mv/committed=2024-05-01T10/part-m.parquet"), Schemas.MEMBER, 2, i -> {
            MemberRow m = new MemberRow();
            m.id = "m" + i;
            return m;
        }, H10.plusSeconds(120));
        publish("pull_requests_analyzed", H11, 7, 0, List.of());

        JobLog log = new JobLog(base.resolve("_runs/jobs").toUri().toString());
        log.append(JobRunRecord.of("merge", RunRequest.scheduled(H11.plusSeconds(600), 1), H11.plusSeconds(600),
                H11.plusSeconds(663), RunResult.succeeded("2024-05-01T11 published: 5 rows")));
        log.append(JobRunRecord.of("merge", RunRequest.scheduled(H12.plusSeconds(600), 1), H12.plusSeconds(600),
                H12.plusSeconds(605), RunResult.failed("java.io.IOException: disk full")));
        log.append(JobRunRecord.of("prune", RunRequest.scheduled(H11.plusSeconds(600), 1), H11.plusSeconds(663),
                H11.plusSeconds(664), RunResult.succeeded("removed 0 snapshots")));

        Instant h12 = H12;
        write(base.resolve("_dead_letters/rejected=2024-05-01T12/part-0.parquet"), Schemas.DEAD_LETTER, 3, i -> {
            DeadLetter d = new DeadLetter();
            d.reason = i < 2 ? "malformed-json" : "oversized";
            d.rejectedAt = h12.plusSeconds(60L * i).toEpochMilli();
            d.raw = new byte[] {'{'};
            return d;
        }, H12);
        write(base.resolve("_dead_letters/rejected=2024-04-30T09/part-0.parquet"), Schemas.DEAD_LETTER, 1, i -> {
            DeadLetter d = new DeadLetter();
            d.reason = "wrong-type";
            d.rejectedAt = Instant.parse("2024-04-30T09:00:00Z").toEpochMilli();
            return d;
        }, H12);
    }

    @Test
    void reportsEveryFigureOfTheChecklistAsJson() throws Exception {
        Result r = status(NOW, "--json");
        assertThat(r.exitCode).isZero();
        JsonNode j = JSON.readTree(r.out);
        assertThat(j.at("/serving/status").asText()).isEqualTo("ok");
        assertThat(j.at("/serving/ageMs").asLong()).isEqualTo(Duration.ofMinutes(100).toMillis());

        JsonNode serving = dataset(j, "activityRelations_deduplicated_cleaned");
        assertThat(serving.at("/kind").asText()).isEqualTo("serving");
        assertThat(serving.at("/latest/snapshot").asText()).isEqualTo("2024-05-01T11");
        assertThat(serving.at("/latest/rows").asLong()).isEqualTo(5);
        assertThat(serving.at("/latest/heldRows").asLong()).isEqualTo(1);
        assertThat(serving.at("/publishedSnapshots").asInt()).isEqualTo(1);
        assertThat(serving.at("/mv/files").asInt()).as("the in-progress file is not counted").isEqualTo(3);
        assertThat(serving.at("/mv/waitingFiles").asInt()).isEqualTo(2);
        assertThat(serving.at("/mv/waitingRows").asLong()).isEqualTo(6);
        assertThat(serving.at("/mv/oldestWaitingPartition").asText()).isEqualTo("2024-05-01T12");
        assertThat(serving.at("/mv/oldestWaitingWrittenAt").asText()).isEqualTo("2024-05-01T11:30:00Z");
        assertThat(serving.at("/mv/latestPartition").asText()).isEqualTo("2024-05-01T12");
        assertThat(serving.at("/mv/lastWrite").asText()).isEqualTo("2024-05-01T12:10:00Z");

        JsonNode members = dataset(j, "members");
        assertThat(members.at("/kind").asText()).isEqualTo("dimension");
        assertThat(members.get("latest").isNull()).isTrue();
        assertThat(members.at("/mv/waitingRows").asLong()).as("nothing consumed: every row waits").isEqualTo(2);
        assertThat(members.at("/mv/oldestWaitingPartition").asText()).isEqualTo("2024-05-01T10");
        assertThat(dataset(j, "organizations").at("/mv/files").asInt()).isZero();

        JsonNode prs = dataset(j, "pull_requests_analyzed");
        assertThat(prs.at("/kind").asText()).isEqualTo("other");
        assertThat(prs.at("/latest/rows").asLong()).isEqualTo(7);
        assertThat(prs.get("mv").isNull()).isTrue();
        assertThat(j.get("datasets")).extracting(n -> n.get("dataset").asText())
                .as("MV and underscore directories are not snapshot datasets")
                .doesNotContain("activityRelations_enrich_snapshot_mv", "members_mv", "_dead_letters", "_runs");

        JsonNode merge = job(j, "merge");
        assertThat(merge.get("lastRuns")).extracting(n -> n.get("snapshot").asText() + " " + n.get("outcome").asText()
                + " " + n.get("durationMs").asLong()).containsExactly("2024-05-01T11 succeeded 63000",
                        "2024-05-01T12 failed 5000");
        assertThat(job(j, "prune").get("lastRuns")).hasSize(1);

        assertThat(j.at("/deadLetters/since").asText()).isEqualTo("2024-04-30T12:40:00Z");
        assertThat(j.at("/deadLetters/total").asLong()).isEqualTo(3);
        assertThat(j.at("/deadLetters/byReason").toString()).isEqualTo("{\"malformed-json\":2,\"oversized\":1}");
    }

    @Test
    void printsTheSameFiguresAsTables() throws Exception {
        Result r = status(NOW, "--runs", "1");
        assertThat(r.exitCode).isZero();
        assertThat(r.out).containsPattern(
                "activityRelations_deduplicated_cleaned +2024-05-01T11 +1h 40m +2024-05-01T11:10:00Z +5 +1 +1 +0 +0");
        assertThat(r.out).containsPattern("members +none +-");
        assertThat(r.out).containsPattern("activityRelations_deduplicated_cleaned +activityRelations_enrich_snapshot_mv"
                + " +2 +6 +2024-05-01T12 +2024-05-01T11:30:00Z +3 +2024-05-01T12 +2024-05-01T12:10:00Z");
        assertThat(r.out).containsPattern("merge +schedule +2024-05-01T12:10:00Z +2024-05-01T12 +failed +5s"
                + " +java.io.IOException: disk full");
        assertThat(r.out).as("--runs 1 shows the last run only").doesNotContain("5 rows");
        assertThat(r.out).containsPattern("malformed-json +2\n +oversized +1\n +total +3\n");
        assertThat(r.out).contains("SERVING OK: activityRelations_deduplicated_cleaned 2024-05-01T11 is 1h 40m old"
                + " (max 2h 00m, exit 0)");
    }

    @Test
    void exitsWith2WhenServingIsOlderThanMaxAge() throws Exception {
        Result stale = status(H11.plus(Duration.ofMinutes(121)));
        assertThat(stale.exitCode).isEqualTo(StatusReport.EXIT_STALE).isEqualTo(2);
        assertThat(stale.out).contains("SERVING STALE: activityRelations_deduplicated_cleaned 2024-05-01T11 is"
                + " 2h 01m old (max 2h 00m, exit 2)");
        assertThat(status(H11.plus(Duration.ofMinutes(121)), "--max-age", "3h").exitCode).isZero();
        assertThat(status(H11.plus(Duration.ofMinutes(120))).exitCode).as("exactly max-age is fresh").isZero();
        Result json = status(H11.plus(Duration.ofHours(5)), "--json");
        assertThat(json.exitCode).isEqualTo(2);
        assertThat(JSON.readTree(json.out).at("/serving/status").asText()).isEqualTo("stale");
    }

    @Test
    void exitsWith2WhenNoServingSnapshotIsPublished(@TempDir Path empty) throws Exception {
        Result r = status(NOW, empty, "--json");
        assertThat(r.exitCode).isEqualTo(2);
        JsonNode j = JSON.readTree(r.out);
        assertThat(j.at("/serving/status").asText()).isEqualTo("missing");
        assertThat(j.at("/deadLetters/present").asBoolean()).isFalse();
        assertThat(status(NOW, empty).out).contains("SERVING MISSING: no published snapshot of"
                + " activityRelations_deduplicated_cleaned (exit 2)");
    }

    @Test
    void aBadCommandLineIsNotMistakenForStaleServing() {
        assertThat(Lambda.run("status", "--base-path", base.toString(), "--max-age", "soon"))
                .isEqualTo(StatusReport.EXIT_USAGE);
        assertThat(Lambda.run("status", "--base-path", base.toString(), "--runs", "-1"))
                .isEqualTo(StatusReport.EXIT_USAGE);
    }

    @Test
    void isRegisteredInTheDispatcher() {
        assertThat(Lambda.commandLine().getSubcommands()).containsKey("status");
    }

    // ------------------------------------------------------------------ helpers

    private record Result(int exitCode, String out) {}

    private Result status(Instant now, String... args) {
        return status(now, base, args);
    }

    private static Result status(Instant now, Path basePath, String... args) {
        StringWriter out = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--base-path", basePath.toString()));
        all.addAll(List.of(args));
        int code = StatusCommand.commandLine(new FakeClock(now)).setOut(new PrintWriter(out))
                .execute(all.toArray(new String[0]));
        return new Result(code, out.toString());
    }

    private static JsonNode dataset(JsonNode j, String name) {
        for (JsonNode d : j.get("datasets")) {
            if (d.get("dataset").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no dataset " + name + " in " + j);
    }

    private static JsonNode job(JsonNode j, String name) {
        for (JsonNode d : j.get("jobs")) {
            if (d.get("job").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no job " + name + " in " + j);
    }

    private static Path activities(Path file, int rows, Instant modified) throws IOException {
        return write(file, Schemas.ACTIVITY, rows, i -> {
            ActivityRow r = new ActivityRow();
            r.activityId = file.getFileName() + "-" + i;
            return r;
        }, modified);
    }

    private static <T> Path write(Path file, ParquetSchema<T> schema, int rows, IntFunction<T> row, Instant modified)
            throws IOException {
        Files.createDirectories(file.getParent());
        try (ParquetWriter<T> w = RowParquetWriters.open(new LocalOutputFile(file), schema)) {
            for (int i = 0; i < rows; i++) {
                w.write(row.apply(i));
            }
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** Publishes snapshot {@code id} of {@code dataset} with {@code rows} published and {@code held} held rows. */
    private void publish(String dataset, Instant id, int rows, int held, List<String> consumedMv) throws IOException {
        SnapshotStore store = SnapshotStore.open(new org.apache.flink.core.fs.Path(base.resolve(dataset).toUri()));
        Staging st = store.stage(id.toEpochMilli());
        Path dir = Path.of(st.dataDir().toUri());
        activities(dir.resolve("part-0.parquet"), rows, id);
        List<SnapshotManifest.FileEntry> heldFiles = new ArrayList<>();
        if (held > 0) {
            activities(dir.resolve(Staging.heldRelative("part-0.parquet")), held, id);
            heldFiles.add(new SnapshotManifest.FileEntry(Staging.heldRelative("part-0.parquet"), held, 0));
        }
        store.publish(st, SnapshotManifest.of(id.toEpochMilli(), id.plusSeconds(600).toEpochMilli(), dataset,
                List.of(new SnapshotManifest.FileEntry("part-0.parquet", rows, 0)), heldFiles, null, consumedMv,
                Map.of(), Map.of()));
    }
}
