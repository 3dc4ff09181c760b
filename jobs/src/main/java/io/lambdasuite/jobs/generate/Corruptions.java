package io.lambdasuite.jobs.generate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-level damage for malformed messages: what JSON writing alone cannot produce. */
final class Corruptions {
    /** Written into a string value, then replaced by a Latin-1 byte. */
    static final String LATIN1_MARK = "@@LATIN1@@";

    private Corruptions() {}

    /**
     * Replaces {@link #LATIN1_MARK} by "é" in Latin-1 (0xE9 'e'): 0xE9 opens a 3-byte UTF-8 sequence that the ASCII
     * byte after it breaks, so the value is not UTF-8 (as when a client sends its platform encoding).
     */
    static GeneratedMessage latin1(GeneratedMessage m) {
        byte[] v = m.value;
        byte[] mark = LATIN1_MARK.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(v, mark);
        byte[] out = new byte[v.length - mark.length + 2];
        System.arraycopy(v, 0, out, 0, at);
        out[at] = (byte) 0xE9;
        out[at + 1] = 'e';
        System.arraycopy(v, at + mark.length, out, at + 2, v.length - at - mark.length);
        return new GeneratedMessage(m.topic, m.key, out, m.commitTimestamp, m.kind);
    }

    /** Cuts the envelope at a character boundary somewhere inside; a prefix of a JSON object never parses. */
    static GeneratedMessage truncated(GeneratedMessage m, Rng rng) {
        byte[] v = m.value;
        int cut = 1 + rng.nextInt(v.length - 2);
        while (cut > 1 && (v[cut] & 0xC0) == 0x80) {
            cut--; // do not split a multi-byte character: the reason must be the JSON, not the encoding
        }
        return new GeneratedMessage(m.topic, m.key, Arrays.copyOf(v, cut), m.commitTimestamp, m.kind);
    }

    /** A JSON string of a little more than 1 MiB: a log pasted into an issue body. */
    static String oversizedBody(Rng rng) {
        String line = "ERROR [main] io.example.Worker - request failed, retrying (attempt 3 of 5) ";
        int size = (1 << 20) + 1 + rng.nextInt(4096);
        StringBuilder b = new StringBuilder(size + 2);
        b.append('"');
        while (b.length() <= size) {
            b.append(line);
        }
        return b.append('"').toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found");
    }
}
