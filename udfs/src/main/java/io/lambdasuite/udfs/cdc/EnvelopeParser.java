package io.lambdasuite.udfs.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdasuite.udfs.cdc.BadMessage.Reason;
import io.lambdasuite.udfs.model.ActivityColumns;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.Table;
import io.lambdasuite.udfs.rules.GitChangedLines;
import io.lambdasuite.udfs.rules.SnapshotIds;
import java.io.IOException;
import java.io.Serializable;
import java.time.DateTimeException;
import java.util.HashMap;

/**
 * Parses one Sequin CDC envelope (SPEC §1) into a typed row. Tolerant: unknown fields are ignored and missing
 * optional columns take their defaults (reference-schema.md §1). Strict where it matters: a missing, null or
 * mistyped required column, an unknown action or table, or {@code unchanged_toast} in a key column throws
 * {@link BadMessage} with its reason. {@code unchanged_toast} elsewhere is recorded in the row's toast mask,
 * to be filled from the row's last known version by the dedup step.
 */
public final class EnvelopeParser implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The value Sequin writes for a TOASTed column that did not change. */
    public static final String UNCHANGED_TOAST = "unchanged_toast";

    /** Default upper bound of one message, in bytes. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    private final int maxMessageBytes;
    private transient ObjectMapper mapper;

    public EnvelopeParser() {
        this(DEFAULT_MAX_MESSAGE_BYTES);
    }

    public EnvelopeParser(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            // One message is one JSON value: content after it (two envelopes glued together, a corrupt tail)
            // makes the message malformed instead of silently dropping the rest.
            mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .setNodeFactory(new PresizedNodes());
        }
        return mapper;
    }

    /**
     * Object nodes on plain hash maps sized for a record's two dozen columns: Jackson's default (an insertion-ordered
     * map of 16 buckets) grew twice per record, a few percent of the streaming job's CPU. Nothing here reads a
     * node's fields in order.
     */
    private static final class PresizedNodes extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        PresizedNodes() {
            super(false);
        }

        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new HashMap<>(64));
        }
    }

    /** Parses a message as received from Kafka or a file line. */
    public ParsedChange parse(byte[] value) throws BadMessage {
        if (value == null || value.length == 0) {
            throw new BadMessage(Reason.MALFORMED_JSON, "empty message");
        }
        if (value.length > maxMessageBytes) {
            throw new BadMessage(Reason.OVERSIZED, value.length + " bytes > limit " + maxMessageBytes);
        }
        if (!isUtf8(value)) {
            // Checked up front: Jackson's field-name cache can accept a name with a bad byte it has seen
            // before, which would make the verdict depend on earlier messages.
            throw new BadMessage(Reason.INVALID_UTF8, "message is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = mapper().readTree(value);
        } catch (JsonProcessingException e) {
            String msg = String.valueOf(e.getOriginalMessage());
            Reason reason = msg.contains("UTF-8") || msg.contains("UTF8") ? Reason.INVALID_UTF8 : Reason.MALFORMED_JSON;
            throw new BadMessage(reason, msg);
        } catch (IOException e) {
            throw new BadMessage(Reason.MALFORMED_JSON, String.valueOf(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new BadMessage(Reason.NOT_AN_OBJECT, "envelope is not a JSON object");
        }
        JsonNode metadata = root.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            throw new BadMessage(Reason.MISSING_METADATA, "metadata missing");
        }
        JsonNode tableNode = metadata.get("table_name");
        Table table = Table.byName(tableNode == null || !tableNode.isTextual() ? null : tableNode.asText());
        if (table == null) {
            throw new BadMessage(Reason.UNKNOWN_TABLE, "table_name=" + (tableNode == null ? "missing" : tableNode));
        }
        JsonNode actionNode = root.get("action");
        Action action = Action.of(actionNode == null || !actionNode.isTextual() ? null : actionNode.asText());
        if (action == null) {
            throw new BadMessage(Reason.UNKNOWN_ACTION, "action=" + (actionNode == null ? "missing" : actionNode));
        }
        JsonNode record = root.get("record");
        if (record == null || !record.isObject()) {
            throw new BadMessage(Reason.MISSING_RECORD, "record missing or not an object");
        }
        long lsn = commitLsn(metadata.get("commit_lsn"));
        int idx = (int) integer(metadata, "commit_idx", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        JsonNode ctsNode = metadata.get("commit_timestamp");
        long commitTs = ctsNode == null || ctsNode.isNull() ? 0L : timestampValue(ctsNode, "metadata.commit_timestamp");
        boolean deleted = action == Action.DELETE;

        if (table == Table.ACTIVITY_RELATIONS) {
            ActivityRow r = parseActivity(record);
            r.commitLsn = lsn;
            r.commitIdx = idx;
            r.isDeleted = deleted;
            r.commitTimestamp = commitTs == 0L ? r.updatedAt : commitTs;
            return new ParsedChange(table, action, r, null);
        }
        DimensionRow d;
        switch (table) {
            case MEMBERS:
                d = parseMember(record);
                break;
            case ORGANIZATIONS:
                d = parseOrganization(record);
                break;
            case SEGMENTS:
                d = parseSegment(record);
                break;
            case REPOSITORIES:
                d = parseRepository(record);
                break;
            default:
                throw new IllegalStateException(table.name());
        }
        d.commitLsn = lsn;
        d.commitIdx = idx;
        d.isDeleted = deleted;
        d.commitTimestamp = commitTs == 0L ? d.updatedAt : commitTs;
        return new ParsedChange(table, action, null, d);
    }

    // ------------------------------------------------------------------ tables

    private static ActivityRow parseActivity(JsonNode rec) throws BadMessage {
        ActivityRow r = new ActivityRow();
        Toast t = new Toast();
        // key columns: a toast here is bad input (mask bit 0)
        r.segmentId = requiredString(rec, "segmentId", 0, t);
        r.timestamp = requiredTimestamp(rec, "timestamp", 0, t);
        r.type = requiredString(rec, "type", 0, t);
        r.platform = requiredString(rec, "platform", 0, t);
        r.channel = optionalString(rec, "channel", 0, t);
        r.sourceId = requiredString(rec, "sourceId", 0, t);
        // version column
        r.updatedAt = requiredTimestamp(rec, "updatedAt", 0, t);
        // the rest
        r.activityId = requiredString(rec, "activityId", ActivityColumns.ACTIVITY_ID, t);
        r.createdAt = requiredTimestamp(rec, "createdAt", ActivityColumns.CREATED_AT, t);
        r.memberId = requiredString(rec, "memberId", ActivityColumns.MEMBER_ID, t);
        r.username = requiredString(rec, "username", ActivityColumns.USERNAME, t);
        r.conversationId = optionalString(rec, "conversationId", ActivityColumns.CONVERSATION_ID, t);
        r.objectMemberId = optionalString(rec, "objectMemberId", ActivityColumns.OBJECT_MEMBER_ID, t);
        r.objectMemberUsername =
                optionalString(rec, "objectMemberUsername", ActivityColumns.OBJECT_MEMBER_USERNAME, t);
        r.organizationId = optionalString(rec, "organizationId", ActivityColumns.ORGANIZATION_ID, t);
        r.parentId = optionalString(rec, "parentId", ActivityColumns.PARENT_ID, t);
        r.sourceParentId = optionalString(rec, "sourceParentId", ActivityColumns.SOURCE_PARENT_ID, t);
        r.sentimentScore = (int) optionalInteger(rec, "sentimentScore", -1, -128, 127, ActivityColumns.SENTIMENT_SCORE, t);
        r.gitInsertions = optionalInteger(rec, "gitInsertions", 0, 0, UINT32_MAX, ActivityColumns.GIT_INSERTIONS, t);
        r.gitDeletions = optionalInteger(rec, "gitDeletions", 0, 0, UINT32_MAX, ActivityColumns.GIT_DELETIONS, t);
        r.score = (int) optionalInteger(rec, "score", -1, -128, 127, ActivityColumns.SCORE, t);
        r.isContribution = optionalBoolean(rec, "isContribution", false, ActivityColumns.IS_CONTRIBUTION, t);
        r.pullRequestReviewState =
                optionalString(rec, "pullRequestReviewState", ActivityColumns.PULL_REQUEST_REVIEW_STATE, t);
        r.toastMask = t.mask;
        enrichPure(r);
        return r;
    }

    /** True when {@code bytes} is valid UTF-8; the common all-ASCII message costs one pass over the bytes. */
    static boolean isUtf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(bytes));
                    return true;
                } catch (java.nio.charset.CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The enrichment that needs no dimension: changed lines, their bucket, the snapshot id. */
    public static void enrichPure(ActivityRow r) {
        r.gitChangedLines = GitChangedLines.changedLines(r.gitInsertions, r.gitDeletions);
        r.gitChangedLinesBucket = GitChangedLines.bucket(r.gitChangedLines);
        r.snapshotId = SnapshotIds.snapshotIdOf(r.updatedAt);
    }

    private MemberRow parseMember(JsonNode rec) throws BadMessage {
        MemberRow m = new MemberRow();
        Toast t = new Toast();
        m.id = requiredString(rec, "id", 0, t);
        m.updatedAt = requiredTimestamp(rec, "updatedAt", 0, t);
        m.displayName = optionalString(rec, "displayName", MemberRow.DISPLAY_NAME, t);
        JsonNode attrs = rec.get("attributes");
        if (attrs != null && attrs.isTextual()) {
            if (UNCHANGED_TOAST.equals(attrs.asText())) {
                t.mask |= MemberRow.ATTRIBUTES;
                attrs = null;
            } else {
                try {
                    attrs = mapper().readTree(attrs.asText());
                } catch (JsonProcessingException e) {
                    throw new BadMessage(Reason.WRONG_TYPE, "attributes is not JSON");
                }
            }
        }
        if (attrs != null && !attrs.isNull() && !attrs.isObject()) {
            throw new BadMessage(Reason.WRONG_TYPE, "attributes is not an object");
        }
        m.isBot = attributeFlag(attrs, "isBot");
        m.isTeamMember = attributeFlag(attrs, "isTeamMember");
        m.isOrganization = attributeFlag(attrs, "isOrganization");
        m.toastMask = t.mask;
        return m;
    }

    /** {@code attributes.<name>.default} as a boolean; false when absent or null. */
    private static boolean attributeFlag(JsonNode attrs, String name) throws BadMessage {
        if (attrs == null || attrs.isNull()) {
            return false;
        }
        JsonNode a = attrs.get(name);
        if (a == null || a.isNull()) {
            return false;
        }
        JsonNode v = a.isObject() ? a.get("default") : a;
        return booleanValue(v, false, "attributes." + name + ".default");
    }

    private static OrganizationRow parseOrganization(JsonNode rec) throws BadMessage {
        OrganizationRow o = new OrganizationRow();
        Toast t = new Toast();
        o.id = requiredString(rec, "id", 0, t);
        o.updatedAt = requiredTimestamp(rec, "updatedAt", 0, t);
        o.displayName = optionalString(rec, "displayName", OrganizationRow.DISPLAY_NAME, t);
        o.country = optionalString(rec, "country", OrganizationRow.COUNTRY, t);
        o.location = optionalString(rec, "location", OrganizationRow.LOCATION, t);
        o.toastMask = t.mask;
        return o;
    }

    private static SegmentRow parseSegment(JsonNode rec) throws BadMessage {
        SegmentRow s = new SegmentRow();
        Toast t = new Toast();
        s.id = requiredString(rec, "id", 0, t);
        s.updatedAt = requiredTimestamp(rec, "updatedAt", 0, t);
        s.slug = optionalString(rec, "slug", SegmentRow.SLUG, t);
        s.name = optionalString(rec, "name", SegmentRow.NAME, t);
        s.status = optionalString(rec, "status", SegmentRow.STATUS, t);
        s.parentId = optionalString(rec, "parentId", SegmentRow.PARENT_ID, t);
        s.grandparentId = optionalString(rec, "grandparentId", SegmentRow.GRANDPARENT_ID, t);
        s.toastMask = t.mask;
        return s;
    }

    private static RepositoryRow parseRepository(JsonNode rec) throws BadMessage {
        RepositoryRow r = new RepositoryRow();
        Toast t = new Toast();
        r.id = requiredString(rec, "id", 0, t);
        r.updatedAt = requiredTimestamp(rec, "updatedAt", 0, t);
        r.url = optionalString(rec, "url", RepositoryRow.URL, t);
        r.segmentId = optionalString(rec, "segmentId", RepositoryRow.SEGMENT_ID, t);
        r.enabled = optionalBoolean(rec, "enabled", true, RepositoryRow.ENABLED, t);
        r.excluded = optionalBoolean(rec, "excluded", false, RepositoryRow.EXCLUDED, t);
        JsonNode del = rec.get("deletedAt");
        if (del == null || del.isNull()) {
            r.deletedAt = null;
        } else if (isToast(del)) {
            t.mask |= RepositoryRow.DELETED_AT;
        } else {
            r.deletedAt = timestampValue(del, "deletedAt");
        }
        r.toastMask = t.mask;
        return r;
    }

    // ------------------------------------------------------------------ columns

    /** Collects the toast bits of one record. */
    private static final class Toast {
        int mask;
    }

    private static boolean isToast(JsonNode n) {
        return n.isTextual() && UNCHANGED_TOAST.equals(n.asText());
    }

    /** Handles a toasted column: records its bit, or rejects it when the column may not be toasted (bit 0). */
    private static void toast(String name, int bit, Toast t) throws BadMessage {
        if (bit == 0) {
            throw new BadMessage(Reason.TOAST_IN_KEY, name);
        }
        t.mask |= bit;
    }

    private static String requiredString(JsonNode rec, String name, int toastBit, Toast t) throws BadMessage {
        JsonNode n = rec.get(name);
        if (n == null || n.isNull()) {
            throw new BadMessage(Reason.MISSING_FIELD, name);
        }
        return stringValue(n, name, toastBit, t);
    }

    private static String optionalString(JsonNode rec, String name, int toastBit, Toast t) throws BadMessage {
        JsonNode n = rec.get(name);
        if (n == null || n.isNull()) {
            return "";
        }
        return stringValue(n, name, toastBit, t);
    }

    private static String stringValue(JsonNode n, String name, int toastBit, Toast t) throws BadMessage {
        if (!n.isTextual()) {
            throw new BadMessage(Reason.WRONG_TYPE, name + " is not a string");
        }
        String s = n.asText();
        if (UNCHANGED_TOAST.equals(s)) {
            toast(name, toastBit, t);
            return "";
        }
        return s;
    }

    private static long requiredTimestamp(JsonNode rec, String name, int toastBit, Toast t) throws BadMessage {
        JsonNode n = rec.get(name);
        if (n == null || n.isNull()) {
            throw new BadMessage(Reason.MISSING_FIELD, name);
        }
        if (isToast(n)) {
            toast(name, toastBit, t);
            return 0L;
        }
        return timestampValue(n, name);
    }

    private static long timestampValue(JsonNode n, String name) throws BadMessage {
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (!n.isTextual()) {
            throw new BadMessage(Reason.INVALID_TIMESTAMP, name + " is not a timestamp");
        }
        try {
            return Timestamps.parseMillis(n.asText());
        } catch (DateTimeException e) {
            throw new BadMessage(Reason.INVALID_TIMESTAMP, name + "='" + abbreviate(n.asText()) + "'");
        }
    }

    private static long optionalInteger(JsonNode rec, String name, long dflt, long min, long max, int toastBit, Toast t)
            throws BadMessage {
        JsonNode n = rec.get(name);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (isToast(n)) {
            toast(name, toastBit, t);
            return dflt;
        }
        return integerValue(n, name, min, max);
    }

    private static long integer(JsonNode obj, String name, long dflt, long min, long max) throws BadMessage {
        JsonNode n = obj.get(name);
        return n == null || n.isNull() ? dflt : integerValue(n, name, min, max);
    }

    private static long integerValue(JsonNode n, String name, long min, long max) throws BadMessage {
        long v;
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            v = n.asLong();
        } else if (n.isNumber() && n.asDouble() == Math.rint(n.asDouble())) {
            v = (long) n.asDouble();
        } else if (n.isTextual()) {
            try {
                v = Long.parseLong(n.asText().trim());
            } catch (NumberFormatException e) {
                throw new BadMessage(Reason.WRONG_TYPE, name + " is not an integer");
            }
        } else {
            throw new BadMessage(Reason.WRONG_TYPE, name + " is not an integer");
        }
        if (v < min || v > max) {
            throw new BadMessage(Reason.WRONG_TYPE, name + "=" + v + " out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    private static boolean optionalBoolean(JsonNode rec, String name, boolean dflt, int toastBit, Toast t)
            throws BadMessage {
        JsonNode n = rec.get(name);
        if (n != null && isToast(n)) {
            toast(name, toastBit, t);
            return dflt;
        }
        return booleanValue(n, dflt, name);
    }

    private static boolean booleanValue(JsonNode n, boolean dflt, String name) throws BadMessage {
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual()) {
            String s = n.asText();
            if ("true".equalsIgnoreCase(s)) {
                return true;
            }
            if ("false".equalsIgnoreCase(s)) {
                return false;
            }
        }
        throw new BadMessage(Reason.WRONG_TYPE, name + " is not a boolean");
    }

    /**
     * Postgres LSNs arrive as an integer, a numeric string, or the {@code X/Y} hex form; all map to the same
     * 64-bit position. Missing means 0 (ordering then falls to updatedAt and commit_idx).
     */
    static long commitLsn(JsonNode n) throws BadMessage {
        if (n == null || n.isNull()) {
            return 0L;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            String s = n.asText().trim();
            try {
                int slash = s.indexOf('/');
                if (slash > 0) {
                    // Each half is a 32-bit hex number; a wider half would overflow into the other one. The high
                    // half stays below 2^31 so the position is a positive long and compares like the integer form.
                    long high = Long.parseLong(s.substring(0, slash), 16);
                    long low = Long.parseLong(s.substring(slash + 1), 16);
                    if (high >= 0 && high <= Integer.MAX_VALUE && low >= 0 && low <= UINT32_MAX) {
                        return (high << 32) | low;
                    }
                } else {
                    return Long.parseLong(s);
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new BadMessage(Reason.WRONG_TYPE, "metadata.commit_lsn is not an LSN");
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
