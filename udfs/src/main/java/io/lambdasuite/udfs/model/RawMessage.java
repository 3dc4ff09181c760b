package io.lambdasuite.udfs.model;

/**
 * One message as read from a source, before parsing: the bytes and where they came from. For Kafka the
 * position is topic/partition/offset; for NDJSON files the topic is the directory name, {@code file} the
 * path, and {@code offset} the byte offset of the line.
 */
public class RawMessage {
    public String topic;
    /** Kafka partition, or -1 for a file. */
    public int partition;
    /** Kafka offset, or the byte offset of the line in its file. */
    public long offset;
    /** The file path for file sources, null for Kafka. */
    public String file;
    public byte[] value;

    public RawMessage() {}

    public RawMessage(String topic, int partition, long offset, String file, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.file = file;
        this.value = value;
    }

    /** Human-readable source position, as written to the dead-letter output. */
    public String position() {
        return file != null ? file + "@" + offset : topic + "-" + partition + "@" + offset;
    }
}
