package io.lambdasuite.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogTest {
    private static final Instant H12_10 = Instant.parse("2024-05-01T12:10:00Z");
    private static final Instant H12_12 = Instant.parse("2024-05-01T12:12:00Z");
    private static final Instant H13_10 = Instant.parse("2024-05-01T13:10:00Z");

    @TempDir Path dir;
    private JobLog log;

    @BeforeEach
    void setUp() {
        log = new JobLog(dir.toUri().toString());
    }

    private static JobRunRecord merge(RunRequest request, RunResult result) {
        return JobRunRecord.of("merge", request, request.scheduledAt(), request.scheduledAt().plusSeconds(95), result);
    }

    @Test
    void writesOneSingleLineJsonFilePerRunUnderTheJobDirectory() throws Exception {
        log.append(merge(RunRequest.scheduled(H12_10, 1), RunResult.succeeded("published 2024-05-01T12")));

        Path file = dir.resolve("merge/20240501T121000Z.json");
        assertThat(Files.readAllLines(file)).singleElement().asString()
                .startsWith("{\"job\":\"merge\",\"trigger\":\"schedule\",\"scheduledAt\":\"2024-05-01T12:10:00Z\"")
                .contains("\"durationMs\":95000", "\"outcome\":\"succeeded\"", "\"missedRuns\":0");
        try (Stream<Path> files = Files.list(dir.resolve("merge"))) {
            assertThat(files).as("no temporary file left behind").hasSize(1);
        }
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        JobRunRecord failed = merge(RunRequest.scheduled(H13_10, 2), RunResult.failed("boom"));
        JobRunRecord ok = merge(RunRequest.scheduled(H12_10, 1), RunResult.succeeded(null));
        log.append(failed);
        log.append(ok);

        assertThat(log.read("merge")).containsExactly(ok, failed);
        assertThat(log.readAll()).containsExactly(ok, failed);
        assertThat(log.read("prune")).isEmpty();
    }

    @Test
    void readLatestReadsOnlyTheLastRunsOfAJob() throws Exception {
        JobRunRecord first = merge(RunRequest.scheduled(H12_10, 1), RunResult.succeeded("first"));
        JobRunRecord second = merge(RunRequest.scheduled(H13_10, 1), RunResult.failed("second"));
        JobRunRecord onDemand = merge(RunRequest.onDemand(H13_10.plusSeconds(600)), RunResult.succeeded("third"));
        log.append(onDemand);
        log.append(first);
        log.append(second);
        log.append(JobRunRecord.of("prune", RunRequest.scheduled(H12_10, 1), H12_12, H12_12, RunResult.succeeded("")));

        assertThat(log.readLatest("merge", 2)).containsExactly(second, onDemand);
        assertThat(log.readLatest("merge", 5)).containsExactly(first, second, onDemand);
        assertThat(log.readLatest("merge", 0)).isEmpty();
        assertThat(log.jobs()).containsExactly("merge", "prune");
        assertThat(new JobLog(dir.resolve("absent").toUri().toString()).jobs()).isEmpty();
    }

    @Test
    void lastScheduledFireIgnoresOnDemandRuns() throws Exception {
        assertThat(log.lastScheduledFire("merge")).isEmpty();
        log.append(merge(RunRequest.scheduled(H12_10, 1), RunResult.failed("boom")));
        log.append(merge(RunRequest.onDemand(H13_10.plusSeconds(600)), RunResult.succeeded("ok")));

        assertThat(log.lastScheduledFire("merge")).contains(H12_10);
        assertThat(log.read("merge")).extracting(JobRunRecord::trigger)
                .containsExactly(Trigger.SCHEDULE, Trigger.ON_DEMAND);
    }

    @Test
    void readersQueryTheLogWithDuckDb() throws Exception {
        log.append(merge(RunRequest.scheduled(H12_10, 1), RunResult.succeeded("published")));
        log.append(merge(RunRequest.scheduled(H13_10, 3), RunResult.failed("boom")));
        log.append(JobRunRecord.of("prune", RunRequest.scheduled(H12_10, 1), H12_12, H12_12,
                RunResult.skipped("not run: merge failed")));

        List<String> rows = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT * FROM read_json_auto('" + dir + "/*/*.json') ORDER BY scheduledAt, job")) {
            while (rs.next()) {
                // DuckDB detects the ISO instants as timestamps, so readers can filter and group by hour.
                LocalDateTime snapshotId = rs.getObject("snapshotId", LocalDateTime.class);
                rows.add(rs.getString("job") + " " + rs.getString("outcome") + " " + rs.getInt("missedRuns") + " "
                        + snapshotId + " " + rs.getLong("durationMs") + " " + rs.getString("message"));
            }
        }
        assertThat(rows).containsExactly(
                "merge succeeded 0 2024-05-01T12:00 95000 published",
                "prune skipped 0 2024-05-01T12:00 0 not run: merge failed",
                "merge failed 3 2024-05-01T13:00 95000 boom");
    }
}
