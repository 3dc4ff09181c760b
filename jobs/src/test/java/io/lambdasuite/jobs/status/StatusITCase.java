package io.lambdasuite.jobs.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdasuite.jobs.merge.MergeJob;
import io.lambdasuite.jobs.merge.MergeOptions;
import io.lambdasuite.jobs.schedule.FakeClock;
import io.lambdasuite.jobs.schedule.JobLog;
import io.lambdasuite.jobs.schedule.JobRunRecord;
import io.lambdasuite.jobs.schedule.JobRunner;
import io.lambdasuite.jobs.schedule.RunOutcome;
import io.lambdasuite.jobs.schedule.RunRequest;
import io.lambdasuite.jobs.schedule.ScheduleCommand;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.jobs.testing.IncrementalRuns;
import io.lambdasuite.udfs.model.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lambda status} over real output: generated CDC → streaming job → a merge run through the scheduler's
 * runner (so the job log holds a real run) → a second phase streamed and not merged yet. Every figure the status
 * prints is recounted with DuckDB over the same Parquet, manifests and job log; then the exit code turns to 2 once
 * an injected clock makes serving older than {@code --max-age}.
 */
class StatusITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Instant FIRE = Instant.parse("2024-05-01T03:10:00Z");
    private static final String SNAPSHOT = "2024-05-01T03";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyFigureEqualsWhatDuckDbCountsOverTheSameOutput() throws Exception {
        CdcLogs log = CdcLogs.generate(23, 3_000, 2);
        Path in = tmp.resolve("in");
        Path base = tmp.resolve("base");
        log.writeFiles(0, in);
        String savepoint = IncrementalRuns.streamFiles(in, base, null);
        JobRunRecord run = new JobRunner(new FakeClock(FIRE), new JobLog(base.resolve("_runs/jobs").toUri().toString()))
                .run(ScheduleCommand.merge(mergeOptions(base)), RunRequest.scheduled(FIRE, 1));
        assertThat(run.outcome()).as(run.message()).isEqualTo(RunOutcome.SUCCEEDED);
        log.writeFiles(1, in);
        IncrementalRuns.streamFiles(in, base, savepoint); // leaves MV files no snapshot has consumed

        Instant now = Instant.parse("2024-05-01T04:30:00Z");
        String out = status(now, base, "--json");
        JsonNode j = JSON.readTree(out);
        assertThat(j.at("/serving/exitCode").asInt()).isZero();
        try (DuckDb db = new DuckDb()) {
            db.execute("SET TimeZone = 'UTC'");
            db.set("base_path", base.toString()).runFile("duckdb/serving_views.sql");
            JsonNode serving = dataset(j, MergeJob.SERVING);
            assertThat(serving.at("/latest/snapshot").asText()).isEqualTo(SNAPSHOT);
            assertThat(serving.at("/latest/ageMs").asLong()).isEqualTo(90 * 60_000L);
            assertThat(serving.at("/latest/rows").asLong()).isEqualTo(db.count("SELECT count(*) FROM activities"))
                    .isPositive();
            assertThat(serving.at("/latest/heldRows").asLong()).isEqualTo(db.count("SELECT count(*) FROM read_parquet('"
                    + base.resolve(MergeJob.SERVING + "/snapshot=" + SNAPSHOT + "/_held/*.parquet") + "')"));
            assertThat(serving.at("/mv/waitingRows").asLong()).isPositive();
            for (JsonNode d : j.get("datasets")) {
                String name = d.get("dataset").asText();
                Path snapshotDir = base.resolve(name + "/snapshot=" + SNAPSHOT);
                assertThat(d.at("/latest/snapshot").asText()).as(name).isEqualTo(SNAPSHOT);
                assertThat(d.at("/latest/rows").asLong()).as(name)
                        .isEqualTo(db.count("SELECT count(*) FROM read_parquet('" + snapshotDir + "/*.parquet')"));
                Map<String, Object> waiting = waitingMv(db, base.resolve(d.at("/mv/dataset").asText()),
                        snapshotDir.resolve("_manifest.json"));
                assertThat(d.at("/mv/waitingRows").asLong()).as(name).isEqualTo(waiting.get("rows"));
                assertThat(d.at("/mv/waitingFiles").asLong()).as(name).isEqualTo(waiting.get("files"));
                assertThat(d.at("/mv/oldestWaitingPartition").asText()).as(name)
                        .isEqualTo(String.valueOf(waiting.get("oldest")));
            }
            assertThat(j.get("datasets")).extracting(d -> d.get("dataset").asText()).containsExactly(MergeJob.SERVING,
                    "members", "organizations", "segments", "repositories");

            Map<String, Long> deadLetters = new LinkedHashMap<>();
            for (Map<String, Object> r : db.query("SELECT reason, count(*) AS n FROM read_parquet('"
                    + base.resolve("_dead_letters") + "/*/*.parquet') WHERE rejectedAt >= TIMESTAMPTZ '"
                    + j.at("/deadLetters/since").asText() + "' GROUP BY reason ORDER BY reason")) {
                deadLetters.put((String) r.get("reason"), ((Number) r.get("n")).longValue());
            }
            assertThat(deadLetters).isNotEmpty();
            assertThat(JSON.convertValue(j.at("/deadLetters/byReason"), Map.class)).isEqualTo(toIntegers(deadLetters));
            assertThat(j.at("/deadLetters/total").asLong())
                    .isEqualTo(deadLetters.values().stream().mapToLong(Long::longValue).sum());

            List<Map<String, Object>> runs = db.query("SELECT job, outcome, snapshotId, durationMs FROM read_json_auto('"
                    + base.resolve("_runs/jobs") + "/*/*.json')");
            assertThat(runs).singleElement().satisfies(r -> {
                JsonNode shown = j.at("/jobs/0/lastRuns/0");
                assertThat(j.at("/jobs/0/job").asText()).isEqualTo(r.get("job"));
                assertThat(shown.get("outcome").asText()).isEqualTo(r.get("outcome")).isEqualTo("succeeded");
                assertThat(shown.get("durationMs").asLong()).isEqualTo(((Number) r.get("durationMs")).longValue());
            });
        }

        String table = status(now, base);
        JsonNode serving = dataset(j, MergeJob.SERVING);
        assertThat(table).containsPattern(MergeJob.SERVING + " +" + SNAPSHOT + " +1h 30m +\\S+ +"
                + serving.at("/latest/rows").asLong() + " +" + serving.at("/latest/heldRows").asLong() + " +1 +0 +0");
        assertThat(table).containsPattern(MergeJob.SERVING + " +" + Table.ACTIVITY_RELATIONS.mvDataset() + " +"
                + serving.at("/mv/waitingFiles").asLong() + " +" + serving.at("/mv/waitingRows").asLong() + " ");
        assertThat(table).containsPattern("merge +schedule +2024-05-01T03:10:00Z +" + SNAPSHOT + " +succeeded");
        assertThat(table).contains("SERVING OK");

        StringWriter stale = new StringWriter();
        int code = StatusCommand.commandLine(new FakeClock(Instant.parse("2024-05-01T05:30:00Z")))
                .setOut(new PrintWriter(stale)).execute("--base-path", base.toString());
        assertThat(code).isEqualTo(StatusReport.EXIT_STALE);
        assertThat(stale.toString()).contains("SERVING STALE: " + MergeJob.SERVING + " " + SNAPSHOT + " is 2h 30m old");
    }

    /**
     * Rows, files and oldest partition of the MV files the manifest does not list as consumed, by DuckDB: the
     * manifest's paths are {@code file:} URIs, DuckDB's file names plain paths.
     */
    private static Map<String, Object> waitingMv(DuckDb db, Path mv, Path manifest) throws Exception {
        Map<String, Object> r = db.query("WITH consumed AS (SELECT regexp_replace(unnest(consumedMvFiles), '^file:/*',"
                + " '/') AS path FROM read_json_auto('" + manifest + "')),"
                + " waiting AS (SELECT filename, regexp_extract(filename, '/[a-z]+=([^/]+)/', 1) AS part"
                + " FROM read_parquet('" + mv + "/*/*.parquet', filename = true)"
                + " WHERE filename NOT IN (SELECT path FROM consumed))"
                + " SELECT count(*) AS rows, count(DISTINCT filename) AS files, min(part) AS oldest FROM waiting").get(0);
        r.put("rows", ((Number) r.get("rows")).longValue());
        r.put("files", ((Number) r.get("files")).longValue());
        r.put("oldest", r.get("oldest") == null ? "null" : r.get("oldest"));
        return r;
    }

    private static Configuration mergeOptions(Path base) {
        Configuration o = new Configuration();
        o.set(MergeOptions.BASE_PATH, base.toString());
        o.set(MergeOptions.PARALLELISM, 2);
        return o;
    }

    private static Map<String, Integer> toIntegers(Map<String, Long> m) {
        Map<String, Integer> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Math.toIntExact(v)));
        return out;
    }

    private static String status(Instant now, Path base, String... args) {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--base-path";
        all[1] = base.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        StatusCommand.commandLine(new FakeClock(now)).setOut(new PrintWriter(out)).execute(all);
        return out.toString();
    }

    private static JsonNode dataset(JsonNode j, String name) {
        for (JsonNode d : j.get("datasets")) {
            if (d.get("dataset").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no dataset " + name);
    }
}
