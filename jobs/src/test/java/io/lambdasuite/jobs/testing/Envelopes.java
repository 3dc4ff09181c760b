package io.lambdasuite.jobs.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds Sequin envelopes for tests, one JSON line each, with named defaults. */
public final class Envelopes {
    private static long lsn = 1000;

    private Envelopes() {}

    /** A complete activityRelations record with sensible defaults; override with {@code kv} pairs. */
    public static Map<String, Object> activity(String activityId, Object... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("activityId", activityId);
        r.put("conversationId", "");
        r.put("createdAt", "2024-05-01T10:00:00.000Z");
        r.put("updatedAt", "2024-05-01T10:00:00.000Z");
        r.put("memberId", "m1");
        r.put("objectMemberId", "");
        r.put("objectMemberUsername", "");
        r.put("organizationId", "o1");
        r.put("parentId", "");
        r.put("platform", "github");
        r.put("segmentId", "s1");
        r.put("username", "alice");
        r.put("sourceId", "src-" + activityId);
        r.put("type", "authored-commit");
        r.put("timestamp", "2024-05-01T09:00:00.000Z");
        r.put("sourceParentId", "");
        r.put("channel", "https://github.com/acme/widgets");
        r.put("sentimentScore", 50);
        r.put("gitInsertions", 10);
        r.put("gitDeletions", 5);
        r.put("score", 3);
        r.put("isContribution", true);
        r.put("pullRequestReviewState", "");
        put(r, kv);
        return r;
    }

    public static Map<String, Object> row(Object... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        put(r, kv);
        return r;
    }

    private static void put(Map<String, Object> r, Object... kv) {
        for (int i = 0; i < kv.length; i += 2) {
            r.put((String) kv[i], kv[i + 1]);
        }
    }

    /** One envelope; commit_lsn increases with every call unless given. */
    public static String envelope(String table, String action, Map<String, Object> record, Long commitLsn) {
        long l = commitLsn != null ? commitLsn : ++lsn;
        Object updatedAt = record.getOrDefault("updatedAt", "2024-05-01T10:00:00.000Z");
        return "{\"record\":" + json(record) + ",\"changes\":null,\"action\":\"" + action + "\",\"metadata\":{"
                + "\"table_schema\":\"public\",\"table_name\":\"" + table + "\",\"commit_timestamp\":\"" + updatedAt
                + "\",\"commit_lsn\":" + l + ",\"commit_idx\":0,\"idempotency_key\":\"k" + l + "\"}}";
    }

    public static String envelope(String table, String action, Map<String, Object> record) {
        return envelope(table, action, record, null);
    }

    static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "\"" + ((String) v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v instanceof Map) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                sb.append(sb.length() == 1 ? "" : ",").append(json(e.getKey().toString())).append(':').append(json(e.getValue()));
            }
            return sb.append('}').toString();
        }
        return String.valueOf(v);
    }
}
