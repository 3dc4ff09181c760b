package io.lambdasuite.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdasuite.jobs.testing.CdcLogs;
import io.lambdasuite.jobs.testing.DuckDb;
import io.lambdasuite.jobs.testing.ServingCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment path end to end, with the packaged shaded jar: a standalone Flink session cluster started from
 * Flink's own classes in separate processes (deploy/standalone/config.yaml: RocksDB, exactly-once retained
 * checkpoints, the Prometheus reporter plugin), and deploy/standalone's scripts submitting to it through the
 * Flink CLI and the REST API, as on a real cluster: the streaming job (detached) over a generated CDC log in
 * NDJSON files, then {@code schedule.sh --run-now merge} as the crontab runs it (merge, then prune). The
 * published snapshot must equal the one recomputed independently from the log (SPEC §9).
 *
 * <p>Runs in the integration-test phase (failsafe), after {@code package} built the jar.
 */
class StandaloneClusterIT {
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration JOB = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    @Test
    void theScriptsRunTheShadedJarOnAStandaloneCluster() throws Exception {
        Path jar = DeployFiles.root().resolve(DeployFiles.shadedJarPath());
        assertThat(jar).as("the shaded jar (mvn package)").exists();
        CdcLogs log = CdcLogs.generate(23, 800, 1);
        Path in = tmp.resolve("in");
        log.writeFiles(0, in);
        Path base = tmp.resolve("base");

        Map<String, String> forATest = Map.of(
                "jobmanager.memory.process.size", "1024m",
                "taskmanager.memory.process.size", "1728m",
                "execution.checkpointing.dir", "file://" + tmp.resolve("checkpoints"),
                "execution.checkpointing.savepoint-dir", "file://" + tmp.resolve("savepoints"),
                // the TaskManager starts with the JobManager; retry registering every second, not every 10 s
                "cluster.registration.error-delay", "1 s");
        try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("flink"), DeployFiles.deploy("standalone"),
                forATest, STARTUP)) {
            // the streaming job, detached, as in production; over a bounded input it finishes by itself
            String submitted = script(cluster, "stream.sh", "--source", "files", "--input-dir", in.toString(),
                    "--base-path", base.toString(), "--checkpoint-interval", "1s", "--parallelism", "1");
            Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted);
            assertThat(id.find()).as(submitted).isTrue();
            String streamJob = id.group(1);
            assertThat(cluster.awaitJob(streamJob, JOB)).as(cluster::diagnostics).isEqualTo("FINISHED");
            // the cluster's config.yaml reached the job: RocksDB, exactly once, retained checkpoints
            JsonNode checkpoints = cluster.rest("/jobs/" + streamJob + "/checkpoints/config");
            assertThat(checkpoints.path("mode").asText()).isEqualTo("exactly_once");
            assertThat(checkpoints.path("state_backend").asText()).isEqualTo("EmbeddedRocksDBStateBackend");
            assertThat(checkpoints.at("/externalization/enabled").asBoolean()).isTrue();
            assertThat(checkpoints.at("/externalization/delete_on_cancellation").asBoolean()).isFalse();

            // what cron runs at 10 past the hour: merge (a Flink job, published by the client), the segment
            // aggregates (a Flink job), then prune
            String merged = script(cluster, "schedule.sh", "--run-now", "merge", "--base-path", base.toString(),
                    "--parallelism", "1");
            assertThat(merged).contains("[schedule] merge: SUCCEEDED", "[schedule] segment-aggregates: SUCCEEDED",
                    "[schedule] prune: SUCCEEDED");

            List<String> jobs = new ArrayList<>();
            for (JsonNode j : cluster.rest("/jobs/overview").path("jobs")) {
                jobs.add(j.path("name").asText().replaceAll(" \\d{4}-\\d{2}-\\d{2}T\\d{2}$", " <hour>") + ": "
                        + j.path("state").asText());
            }
            assertThat(jobs).containsExactlyInAnyOrder("lambda-stream: FINISHED", "lambda-merge <hour>: FINISHED",
                    "lambda-bootstrap segment-aggregates <hour>: FINISHED");

            // Prometheus scrapes both processes through the reporter plugin config.yaml enables
            assertThat(cluster.metrics(cluster.jobManagerMetricsPort))
                    .containsPattern("(?m)^flink_jobmanager_numRegisteredTaskManagers\\{[^}]*} 1\\.0$");
            assertThat(cluster.metrics(cluster.taskManagerMetricsPort))
                    .containsPattern("(?m)^flink_taskmanager_Status_JVM_Memory_Heap_Used\\{[^}]*} \\d");
        }
        ServingCheck.assertMatches(in, base);
        try (DuckDb db = new DuckDb()) {
            assertThat(db.query("SELECT job, outcome, \"trigger\" FROM read_json_auto('" + base.resolve("_runs/jobs")
                    + "/*/*.json') ORDER BY job")).extracting(r -> r.get("job") + ":" + r.get("outcome") + ":"
                            + r.get("trigger"))
                    .containsExactly("merge:succeeded:on-demand", "prune:succeeded:on-demand",
                            "segment-aggregates:succeeded:on-demand");
        }
    }

    /** Runs deploy/standalone/{@code name} with the cluster's Flink home; returns its output, failing on an error. */
    private static String script(StandaloneCluster cluster, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", DeployFiles.deploy("standalone/" + name).toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(cluster.home.resolve("log"), name + "-", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("FLINK_HOME", cluster.home.toString());
        Process p = pb.start();
        boolean ended = p.waitFor(JOB.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(ended && p.exitValue() == 0).as(() -> name + " " + String.join(" ", args) + " failed:\n" + output
                + "\n" + cluster.diagnostics()).isTrue();
        return output;
    }
}
