package io.lambdasuite.jobs.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdasuite.jobs.schedule.JobRunRecord;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.time.Instant;
import java.util.Locale;

/**
 * {@link StatusReport} as one JSON document for scripts and alerting. Field names are a stable interface
 * (README); times are ISO-8601 UTC instants, snapshot hours {@code yyyy-MM-ddTHH} with their epoch ms beside
 * them, durations in milliseconds; what does not exist is {@code null}.
 */
public final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {}

    public static String render(StatusReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", r.now().toString());
        root.put("basePath", r.basePath());

        StatusReport.DatasetStatus serving = r.serving();
        ObjectNode health = root.putObject("serving");
        health.put("dataset", serving.dataset());
        health.put("status", r.health().name().toLowerCase(Locale.ROOT));
        health.put("exitCode", r.exitCode());
        health.put("maxAgeMs", r.maxAge().toMillis());
        if (serving.latest() == null) {
            health.putNull("ageMs");
        } else {
            health.put("ageMs", r.age(serving.latest()).toMillis());
        }

        ArrayNode datasets = root.putArray("datasets");
        for (StatusReport.DatasetStatus d : r.datasets()) {
            ObjectNode n = datasets.addObject();
            n.put("dataset", d.dataset());
            n.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
            StatusReport.SnapshotStatus s = d.latest();
            ObjectNode latest = s == null ? null : JSON.createObjectNode();
            if (s != null) {
                latest.put("snapshot", SnapshotIds.partitionValue(s.snapshotId()));
                latest.put("snapshotId", s.snapshotId());
                latest.put("ageMs", r.age(s).toMillis());
                latest.put("publishedAt", s.publishedAt().toString());
                latest.put("rows", s.rows());
                latest.put("heldRows", s.heldRows());
            }
            n.set("latest", latest);
            n.put("publishedSnapshots", d.publishedSnapshots());
            putHour(n, "oldestSnapshot", d.oldestSnapshotId());
            n.put("unpublishedDirs", d.unpublishedDirs());
            n.put("stagingDirs", d.stagingDirs());
            StatusReport.MvStatus m = d.mv();
            if (m == null) {
                n.putNull("mv");
            } else {
                ObjectNode mv = n.putObject("mv");
                mv.put("dataset", m.dataset());
                mv.put("files", m.files());
                putHour(mv, "latestPartition", m.latestPartition());
                putInstant(mv, "lastWrite", m.lastWrite());
                mv.put("waitingFiles", m.waitingFiles());
                mv.put("waitingRows", m.waitingRows());
                putHour(mv, "oldestWaitingPartition", m.oldestWaitingPartition());
                putInstant(mv, "oldestWaitingWrittenAt", m.oldestWaitingWrittenAt());
            }
        }

        ArrayNode jobs = root.putArray("jobs");
        for (StatusReport.JobStatus j : r.jobs()) {
            ObjectNode n = jobs.addObject();
            n.put("job", j.job());
            ArrayNode runs = n.putArray("lastRuns");
            for (JobRunRecord run : j.lastRuns()) {
                ObjectNode o = runs.addObject();
                o.put("trigger", run.trigger().logValue());
                o.put("scheduledAt", run.scheduledAt().toString());
                o.put("snapshot", SnapshotIds.partitionValue(run.snapshotId().toEpochMilli()));
                o.put("startedAt", run.startedAt().toString());
                o.put("finishedAt", run.finishedAt().toString());
                o.put("durationMs", run.durationMs());
                o.put("outcome", run.outcome().logValue());
                o.put("message", run.message());
            }
        }

        StatusReport.DeadLetterStatus dl = r.deadLetters();
        ObjectNode dead = root.putObject("deadLetters");
        dead.put("since", dl.since().toString());
        dead.put("present", dl.present());
        dead.put("total", dl.total());
        ObjectNode byReason = dead.putObject("byReason");
        dl.byReason().forEach(byReason::put);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the status as JSON", e);
        }
    }

    /** {@code <name>} as {@code yyyy-MM-ddTHH} and {@code <name>Id} as epoch ms, or both null. */
    private static void putHour(ObjectNode n, String name, Long snapshotId) {
        if (snapshotId == null) {
            n.putNull(name);
            n.putNull(name + "Id");
        } else {
            n.put(name, SnapshotIds.partitionValue(snapshotId));
            n.put(name + "Id", snapshotId);
        }
    }

    private static void putInstant(ObjectNode n, String name, Instant t) {
        if (t == null) {
            n.putNull(name);
        } else {
            n.put(name, t.toString());
        }
    }
}
