package io.lambdasuite.jobs.generate;

import java.time.LocalDate;

/**
 * Minimal, allocation-light JSON text writing for the generator's hot path. Output never contains a raw newline
 * (control characters are escaped), which keeps every envelope on one NDJSON line.
 */
final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private long cachedDay = Long.MIN_VALUE;
    private String cachedDate = "";

    /** Appends {@code "name":} (names are plain ASCII identifiers, written as is). */
    static StringBuilder name(StringBuilder sb, String name) {
        return sb.append('"').append(name).append("\":");
    }

    /** Appends a JSON string, or {@code null}. */
    static StringBuilder str(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append("null");
        }
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                sb.append(c);
            }
        }
        return sb.append('"');
    }

    /** Appends {@code "name":"value",} and friends: a field followed by a comma. */
    static StringBuilder field(StringBuilder sb, String name, String value) {
        return str(name(sb, name), value).append(',');
    }

    static StringBuilder field(StringBuilder sb, String name, long value) {
        return name(sb, name).append(value).append(',');
    }

    static StringBuilder field(StringBuilder sb, String name, boolean value) {
        return name(sb, name).append(value).append(',');
    }

    /** Appends {@code "name":"<ISO-8601 UTC with millis>",}. */
    StringBuilder tsField(StringBuilder sb, String name, long epochMillis) {
        name(sb, name);
        return iso(sb, epochMillis).append(',');
    }

    /** Appends a quoted ISO-8601 UTC timestamp with milliseconds, as Sequin writes them. */
    StringBuilder iso(StringBuilder sb, long epochMillis) {
        sb.append('"');
        dateTime(sb, epochMillis, 'T');
        return sb.append("Z\"");
    }

    /** Appends a quoted Postgres-style text timestamp: {@code "2024-04-30 22:01:02.345+00"}. */
    StringBuilder postgres(StringBuilder sb, long epochMillis) {
        sb.append('"');
        dateTime(sb, epochMillis, ' ');
        return sb.append("+00\"");
    }

    private void dateTime(StringBuilder sb, long epochMillis, char separator) {
        long day = Math.floorDiv(epochMillis, 86_400_000L);
        if (day != cachedDay) {
            cachedDay = day;
            cachedDate = LocalDate.ofEpochDay(day).toString();
        }
        int ms = (int) Math.floorMod(epochMillis, 86_400_000L);
        sb.append(cachedDate).append(separator);
        two(sb, ms / 3_600_000).append(':');
        two(sb, ms / 60_000 % 60).append(':');
        two(sb, ms / 1_000 % 60).append('.');
        int milli = ms % 1_000;
        sb.append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10)).append((char) ('0' + milli % 10));
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** {@code prefix} followed by {@code n} zero-padded to at least {@code width} digits. */
    static String id(String prefix, long n, int width) {
        String digits = Long.toString(n);
        StringBuilder sb = new StringBuilder(prefix.length() + Math.max(width, digits.length()));
        sb.append(prefix);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits).toString();
    }

    /** Removes the trailing comma left by the field writers. */
    static StringBuilder dropComma(StringBuilder sb) {
        int last = sb.length() - 1;
        if (last >= 0 && sb.charAt(last) == ',') {
            sb.setLength(last);
        }
        return sb;
    }
}
