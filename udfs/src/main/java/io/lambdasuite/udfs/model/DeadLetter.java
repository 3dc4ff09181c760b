package io.lambdasuite.udfs.model;

/** A message the suite could not use, with where it came from and why (SPEC §3). */
public class DeadLetter {
    public String topic = "";
    public int partition;
    public long offset;
    /** The file path for file sources, '' for Kafka. */
    public String file = "";
    /** Short, stable reason code, see {@link io.lambdasuite.udfs.cdc.BadMessage.Reason}. */
    public String reason = "";
    /** A human-readable detail (field name, parser message). */
    public String detail = "";
    /** The raw message bytes as received (possibly not UTF-8). */
    public byte[] raw;
    /** When the job rejected it (epoch ms, processing time). */
    public long rejectedAt;

    public DeadLetter() {}
}
