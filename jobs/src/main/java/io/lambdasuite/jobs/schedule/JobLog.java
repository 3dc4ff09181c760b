package io.lambdasuite.jobs.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;

/**
 * The append-only log of job runs: one small JSON file per run at {@code <dir>/<job>/<scheduledAt>.json}
 * (on-demand runs: {@code <scheduledAt>.on-demand.<startedAt>.json}), written through Flink's
 * {@link FileSystem} so the same code works on local disk, HDFS and S3.
 *
 * <p>Why one file per run rather than one NDJSON file: object stores cannot append, and rewriting a growing
 * file on every run races with readers. Each file is a single JSON line, so the directory is NDJSON in
 * aggregate and readers query it with {@code SELECT * FROM read_json_auto('<dir>/*}{@code /*.json')}.
 *
 * <p>A file is written under a temporary name that the {@code *.json} glob does not match and then renamed,
 * so readers never see a half-written run. File names start with the fire time in a fixed-width, colon-free
 * UTC form, so the scheduler finds its last handled fire time from a listing, without reading files.
 */
public final class JobLog {
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_TIME_MS =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String ON_DEMAND = ".on-demand.";
    private static final String SUFFIX = ".json";
    private static final Pattern JOB_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    /** A log under {@code dir}, a Flink path string such as {@code file:///var/lambda/job-log} or {@code s3://b/log}. */
    public JobLog(String dir) {
        this.dir = new Path(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Validates a job name: it becomes a directory, so kebab-case only. */
    public static String checkJobName(String job) {
        if (job == null || !JOB_NAME.matcher(job).matches()) {
            throw new IllegalArgumentException("Job name '" + job + "' must be kebab-case ([a-z0-9][a-z0-9-]*).");
        }
        return job;
    }

    /** Writes one run's record; returns the file it went to. */
    public Path append(JobRunRecord record) throws IOException {
        Path jobDir = new Path(dir, checkJobName(record.job()));
        String name = fileName(record);
        Path target = new Path(jobDir, name);
        Path temp = new Path(jobDir, "_" + name + ".inprogress");
        FileSystem fs = dir.getFileSystem();
        fs.mkdirs(jobDir);
        try (OutputStream out = fs.create(temp, WriteMode.OVERWRITE)) {
            out.write(JSON.writeValueAsBytes(toJson(record)));
            out.write('\n');
        }
        if (fs.exists(target)) {
            fs.delete(target, false); // the same on-demand run written twice within a millisecond: keep the last
        }
        if (!fs.rename(temp, target)) {
            throw new IOException("Could not rename " + temp + " to " + target);
        }
        return target;
    }

    /** Every run of every job, ordered by scheduledAt then startedAt. */
    public List<JobRunRecord> readAll() throws IOException {
        List<JobRunRecord> all = new ArrayList<>();
        for (String job : jobs()) {
            all.addAll(read(job));
        }
        all.sort(Comparator.comparing(JobRunRecord::scheduledAt).thenComparing(JobRunRecord::startedAt));
        return all;
    }

    /** Every run of {@code job}, ordered by scheduledAt then startedAt. */
    public List<JobRunRecord> read(String job) throws IOException {
        return readLatest(job, Integer.MAX_VALUE);
    }

    /**
     * The last {@code n} runs of {@code job}, ordered by scheduledAt then startedAt. Only those files are read:
     * file names start with the fire time, so the listing orders them (the log grows by a file per run).
     */
    public List<JobRunRecord> readLatest(String job, int n) throws IOException {
        FileSystem fs = dir.getFileSystem();
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus file : list(new Path(dir, checkJobName(job)))) {
            if (isRunFile(file)) {
                files.add(file);
            }
        }
        files.sort(Comparator.comparing(f -> f.getPath().getName()));
        List<JobRunRecord> runs = new ArrayList<>();
        for (FileStatus file : files.subList(Math.max(0, files.size() - n), files.size())) {
            try (InputStream in = fs.open(file.getPath())) {
                runs.add(fromJson(JSON.readTree(in)));
            }
        }
        runs.sort(Comparator.comparing(JobRunRecord::scheduledAt).thenComparing(JobRunRecord::startedAt));
        return runs;
    }

    /** The jobs that have a run in the log, by name. */
    public List<String> jobs() throws IOException {
        List<String> jobs = new ArrayList<>();
        for (FileStatus jobDir : list(dir)) {
            String name = jobDir.getPath().getName();
            if (jobDir.isDir() && JOB_NAME.matcher(name).matches()) {
                jobs.add(name);
            }
        }
        jobs.sort(null);
        return jobs;
    }

    /**
     * The latest fire time a scheduled run of {@code job} was logged for, whatever its outcome (a failed fire
     * time is not retried: the next fire time catches up). Read from file names only.
     */
    public Optional<Instant> lastScheduledFire(String job) throws IOException {
        Instant latest = null;
        for (FileStatus file : list(new Path(dir, checkJobName(job)))) {
            String name = file.getPath().getName();
            if (isRunFile(file) && !name.contains(ON_DEMAND)) {
                Instant fire = FILE_TIME.parse(name.substring(0, name.length() - SUFFIX.length()), Instant::from);
                if (latest == null || fire.isAfter(latest)) {
                    latest = fire;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    static String fileName(JobRunRecord r) {
        String fire = FILE_TIME.format(r.scheduledAt());
        return r.trigger() == Trigger.SCHEDULE
                ? fire + SUFFIX
                : fire + ON_DEMAND + FILE_TIME_MS.format(r.startedAt()) + SUFFIX;
    }

    private static boolean isRunFile(FileStatus file) {
        String name = file.getPath().getName();
        return !file.isDir() && name.endsWith(SUFFIX) && !name.startsWith("_") && !name.startsWith(".");
    }

    private static FileStatus[] list(Path path) throws IOException {
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) {
            return new FileStatus[0];
        }
        FileStatus[] statuses = fs.listStatus(path);
        return statuses == null ? new FileStatus[0] : statuses;
    }

    private static ObjectNode toJson(JobRunRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("job", r.job());
        n.put("trigger", r.trigger().logValue());
        n.put("scheduledAt", r.scheduledAt().toString());
        n.put("snapshotId", r.snapshotId().toString());
        n.put("startedAt", r.startedAt().toString());
        n.put("finishedAt", r.finishedAt().toString());
        n.put("durationMs", r.durationMs());
        n.put("outcome", r.outcome().logValue());
        n.put("missedRuns", r.missedRuns());
        n.put("message", r.message());
        return n;
    }

    private static JobRunRecord fromJson(JsonNode n) {
        JsonNode message = n.get("message");
        return new JobRunRecord(
                n.get("job").asText(),
                Trigger.fromLogValue(n.get("trigger").asText()),
                Instant.parse(n.get("scheduledAt").asText()),
                Instant.parse(n.get("snapshotId").asText()),
                Instant.parse(n.get("startedAt").asText()),
                Instant.parse(n.get("finishedAt").asText()),
                RunOutcome.fromLogValue(n.get("outcome").asText()),
                n.get("missedRuns").asInt(),
                message == null || message.isNull() ? null : message.asText());
    }
}
