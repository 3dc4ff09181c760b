package io.lambdasuite.jobs.generate;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What a writer wrote: messages and bytes per topic, per kind, and malformed messages per kind. */
public final class GenerationSummary {
    private final TreeMap<String, Long> perTopic = new TreeMap<>();
    private final TreeMap<String, Long> byKind = new TreeMap<>();
    private final TreeMap<String, Long> malformedByKind = new TreeMap<>();
    private long messages;
    private long bytes;

    /** Counts one written message. */
    public void add(GeneratedMessage m) {
        messages++;
        bytes += m.value.length;
        perTopic.merge(m.topic, 1L, Long::sum);
        byKind.merge(m.kind, 1L, Long::sum);
        if (m.isMalformed()) {
            malformedByKind.merge(m.kind, 1L, Long::sum);
        }
    }

    public long messages() {
        return messages;
    }

    public long bytes() {
        return bytes;
    }

    public Map<String, Long> messagesPerTopic() {
        return Collections.unmodifiableMap(perTopic);
    }

    /** Counts by {@link GeneratedMessage#kind}: valid, duplicate and each malformed kind. */
    public Map<String, Long> messagesByKind() {
        return Collections.unmodifiableMap(byKind);
    }

    public Map<String, Long> malformedByKind() {
        return Collections.unmodifiableMap(malformedByKind);
    }

    public long malformed() {
        return malformedByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    public long duplicates() {
        return byKind.getOrDefault(GeneratedMessage.DUPLICATE, 0L);
    }

    /** A few human-readable lines: totals, per topic, malformed by kind. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("messages: %,d (%,d bytes), duplicates: %,d, malformed: %,d%n",
                messages, bytes, duplicates(), malformed()));
        b.append("per topic:").append(System.lineSeparator());
        perTopic.forEach((t, n) -> b.append(String.format("  %-20s %,12d%n", t, n)));
        if (!malformedByKind.isEmpty()) {
            b.append("malformed by kind:").append(System.lineSeparator());
            malformedByKind.forEach((k, n) -> b.append(String.format("  %-20s %,12d%n", k, n)));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "GenerationSummary{messages=" + messages + ", perTopic=" + perTopic + ", malformedByKind="
                + malformedByKind + "}";
    }
}
