package io.lambdasuite.jobs.generate;

import java.nio.charset.StandardCharsets;

/**
 * One generated CDC message in delivery order: the topic (the table name; malformed "unknown table" messages still
 * go to a real topic), the Kafka key (the row's primary key, UTF-8), the value (the envelope bytes, possibly
 * deliberately broken) and the commit time, used as the Kafka record timestamp.
 */
public final class GeneratedMessage {
    /** Kind of a valid message delivered for the first time. */
    public static final String VALID = "valid";
    /** Kind of a byte-identical redelivery of a valid message (same idempotency_key and version). */
    public static final String DUPLICATE = "duplicate";

    public final String topic;
    public final byte[] key;
    public final byte[] value;
    public final long commitTimestamp;
    /** {@link #VALID}, {@link #DUPLICATE}, or a {@link MalformedKind#code()}. */
    public final String kind;

    public GeneratedMessage(String topic, byte[] key, byte[] value, long commitTimestamp, String kind) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.commitTimestamp = commitTimestamp;
        this.kind = kind;
    }

    /** Whether the parser must reject this message. */
    public boolean isMalformed() {
        return !VALID.equals(kind) && !DUPLICATE.equals(kind);
    }

    /** The malformed kind, or null for valid messages and duplicates. */
    public MalformedKind malformedKind() {
        return MalformedKind.byCode(kind);
    }

    /** The same message with another kind (a redelivery shares the bytes). */
    GeneratedMessage withKind(String newKind) {
        return new GeneratedMessage(topic, key, value, commitTimestamp, newKind);
    }

    public String keyString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value decoded as UTF-8 (lossy for the invalid-utf8 kind). */
    public String valueString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return topic + "/" + keyString() + " [" + kind + ", " + value.length + " bytes]";
    }
}
