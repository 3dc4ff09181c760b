package io.lambdasuite.udfs.cdc;

/**
 * Thrown by the parser for a message that cannot be used; carries a stable reason code for the dead-letter
 * output and its counters. Stack traces are not filled: bad input is expected, not exceptional.
 */
public final class BadMessage extends Exception {
    /** Stable reason codes, as written to the dead-letter output and used as metric names. */
    public enum Reason {
        MALFORMED_JSON("malformed-json"),
        INVALID_UTF8("invalid-utf8"),
        NOT_AN_OBJECT("not-an-object"),
        MISSING_RECORD("missing-record"),
        MISSING_METADATA("missing-metadata"),
        UNKNOWN_ACTION("unknown-action"),
        UNKNOWN_TABLE("unknown-table"),
        MISSING_FIELD("missing-required-field"),
        WRONG_TYPE("wrong-type"),
        INVALID_TIMESTAMP("invalid-timestamp"),
        TOAST_IN_KEY("unchanged-toast-in-key"),
        OVERSIZED("oversized");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public BadMessage(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
