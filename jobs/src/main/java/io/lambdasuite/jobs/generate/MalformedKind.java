package io.lambdasuite.jobs.generate;

import io.lambdasuite.udfs.cdc.BadMessage.Reason;

/**
 * The kinds of bad input the generator mixes into a stream, each with the dead-letter reason the parser must give
 * it. The {@link #code()} is the {@link GeneratedMessage#kind} of such a message.
 */
public enum MalformedKind {
    /** The envelope cut off mid-way (no newline inside, so an NDJSON line stays one line). */
    TRUNCATED_JSON("truncated-json", Reason.MALFORMED_JSON),
    /** A non-numeric string where a number belongs ({@code gitInsertions}, {@code sentimentScore}, ...). */
    WRONG_TYPE("wrong-type", Reason.WRONG_TYPE),
    /** A required key column absent from the record (mostly {@code segmentId}). */
    MISSING_KEY_COLUMN("missing-key-column", Reason.MISSING_FIELD),
    /** An {@code action} Sequin does not define. */
    UNKNOWN_ACTION("unknown-action", Reason.UNKNOWN_ACTION),
    /** A {@code metadata.table_name} the suite does not read, sent to a real topic. */
    UNKNOWN_TABLE("unknown-table", Reason.UNKNOWN_TABLE),
    /** {@code "record": null}. */
    NULL_RECORD("null-record", Reason.MISSING_RECORD),
    /** A {@code timestamp} that is not a timestamp. */
    INVALID_TIMESTAMP("invalid-timestamp", Reason.INVALID_TIMESTAMP),
    /** {@code unchanged_toast} in a dedup-key column of an update. */
    TOAST_IN_KEY("toast-in-key", Reason.TOAST_IN_KEY),
    /** Latin-1 bytes inside a string value: not UTF-8. */
    INVALID_UTF8("invalid-utf8", Reason.INVALID_UTF8),
    /** A record with a column of more than 1 MiB. */
    OVERSIZED("oversized", Reason.OVERSIZED);

    private final String code;
    private final Reason expectedReason;

    MalformedKind(String code, Reason expectedReason) {
        this.code = code;
        this.expectedReason = expectedReason;
    }

    /** Stable name, used as {@link GeneratedMessage#kind} and in summaries. */
    public String code() {
        return code;
    }

    /** The reason {@code EnvelopeParser} rejects this kind with. */
    public Reason expectedReason() {
        return expectedReason;
    }

    /** The kind with this code, or null. */
    public static MalformedKind byCode(String code) {
        for (MalformedKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        return null;
    }
}
