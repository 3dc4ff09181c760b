package io.lambdasuite.jobs.status;

import io.lambdasuite.jobs.schedule.JobRunRecord;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link StatusReport} as plain-text tables, one section per question of the troubleshooting checklist. */
public final class StatusTable {
    /** Job-log messages longer than this are cut in the table (the JSON keeps them whole). */
    private static final int MESSAGE_WIDTH = 72;

    private StatusTable() {}

    public static String render(StatusReport r) {
        StringBuilder out = new StringBuilder();
        out.append("lambda status of ").append(r.basePath()).append(" at ").append(instant(r.now())).append("\n\n");

        out.append("SNAPSHOTS (latest published per dataset; age = now - snapshot hour)\n");
        Table snapshots = new Table("dataset", "latest", "age", "published at", "rows", "held", "snapshots",
                "unpublished", "staging");
        for (StatusReport.DatasetStatus d : r.datasets()) {
            StatusReport.SnapshotStatus s = d.latest();
            snapshots.row(d.dataset(), s == null ? "none" : hour(s.snapshotId()),
                    s == null ? "-" : duration(r.age(s)), s == null ? "-" : instant(s.publishedAt()),
                    s == null ? "-" : s.rows(), s == null ? "-" : s.heldRows(), d.publishedSnapshots(),
                    d.unpublishedDirs(), d.stagingDirs());
        }
        snapshots.appendTo(out);

        out.append("\nMV WAITING TO BE MERGED (files the latest snapshot has not consumed)\n");
        Table mv = new Table("dataset", "mv dataset", "waiting files", "waiting rows", "oldest waiting",
                "waiting since", "mv files", "latest partition", "last write");
        for (StatusReport.DatasetStatus d : r.datasets()) {
            StatusReport.MvStatus m = d.mv();
            if (m != null) {
                mv.row(d.dataset(), m.dataset(), m.waitingFiles(), m.waitingRows(), hour(m.oldestWaitingPartition()),
                        instant(m.oldestWaitingWrittenAt()), m.files(), hour(m.latestPartition()),
                        instant(m.lastWrite()));
            }
        }
        mv.appendTo(out);

        out.append("\nSCHEDULED JOBS (last runs, from the job log)\n");
        if (r.jobs().isEmpty()) {
            out.append("  no run logged\n");
        } else {
            Table jobs = new Table("job", "trigger", "scheduled at", "snapshot", "outcome", "duration", "message");
            for (StatusReport.JobStatus j : r.jobs()) {
                for (JobRunRecord run : j.lastRuns()) {
                    jobs.row(j.job(), run.trigger().logValue(), instant(run.scheduledAt()),
                            hour(run.snapshotId().toEpochMilli()), run.outcome().logValue(),
                            duration(Duration.ofMillis(run.durationMs())), cut(run.message()));
                }
            }
            jobs.appendTo(out);
        }

        StatusReport.DeadLetterStatus dl = r.deadLetters();
        out.append("\nDEAD LETTERS (rejected since ").append(instant(dl.since())).append(")\n");
        if (!dl.present()) {
            out.append("  no _dead_letters dataset (none yet, or they go to a Kafka topic)\n");
        } else {
            Table reasons = new Table("reason", "count");
            for (Map.Entry<String, Long> e : dl.byReason().entrySet()) {
                reasons.row(e.getKey(), e.getValue());
            }
            reasons.row("total", dl.total());
            reasons.appendTo(out);
        }

        out.append('\n').append(verdict(r)).append('\n');
        return out.toString();
    }

    /** The last line: the health of serving, as the exit code reports it. */
    static String verdict(StatusReport r) {
        StatusReport.DatasetStatus serving = r.serving();
        StatusReport.SnapshotStatus s = serving.latest();
        return switch (r.health()) {
            case MISSING -> "SERVING MISSING: no published snapshot of " + serving.dataset() + " (exit "
                    + r.exitCode() + ")";
            case STALE, OK -> "SERVING " + r.health() + ": " + serving.dataset() + " " + hour(s.snapshotId()) + " is "
                    + duration(r.age(s)) + " old (max " + duration(r.maxAge()) + ", exit " + r.exitCode() + ")";
        };
    }

    static String hour(Long snapshotId) {
        return snapshotId == null ? "-" : SnapshotIds.partitionValue(snapshotId);
    }

    static String instant(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 850ms}, {@code 42s}, {@code 3m 04s}, {@code 1h 05m}, {@code 2d 03h}; negative with a minus. */
    static String duration(Duration d) {
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        long s = d.getSeconds();
        if (s == 0) {
            return d.toMillis() + "ms";
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm %02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format("%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format("%dd %02dh", s / 86400, s % 86400 / 3600);
    }

    private static String cut(String message) {
        if (message == null) {
            return "";
        }
        String one = message.replace('\n', ' ');
        return one.length() <= MESSAGE_WIDTH ? one : one.substring(0, MESSAGE_WIDTH - 3) + "...";
    }

    /** Left-aligned columns as wide as their widest cell, two spaces apart. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(Object... cells) {
            String[] r = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                r[i] = String.valueOf(cells[i]);
            }
            rows.add(r);
        }

        void appendTo(StringBuilder out) {
            int[] width = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < r.length; i++) {
                    line.append(r[i]);
                    if (i < r.length - 1) {
                        line.append(" ".repeat(width[i] - r[i].length() + 2));
                    }
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
    }
}
