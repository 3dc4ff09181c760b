package io.lambdasuite.udfs.cdc;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Parses the timestamps Postgres and Sequin write into epoch milliseconds UTC: ISO-8601 with 'T' or a space,
 * 0-9 fraction digits (truncated to milliseconds), an offset such as {@code Z}, {@code +00}, {@code +02:00},
 * or none (read as UTC, as Postgres {@code timestamp without time zone} columns are stored in UTC here).
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter()
            // STRICT: an impossible date or time (2024-02-30, 24:00) is invalid, not silently moved to another one
            .withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {}

    /** What {@link #parseCommonShape} returns for text it leaves to the formatter. */
    private static final long NOT_COMMON = Long.MIN_VALUE;

    /** Epoch milliseconds of {@code text}; throws {@link DateTimeParseException} when it is not a timestamp. */
    public static long parseMillis(String text) {
        long common = parseCommonShape(text);
        return common != NOT_COMMON ? common : parseWithFormatter(text);
    }

    /**
     * The shapes CDC writes almost always ({@code yyyy-MM-dd[T ]HH:mm:ss[.f{1,9}][Z|±HH|±HH:MM]}), read without
     * allocating: a sixth of the streaming job's time went to the general formatter. Anything else, any invalid
     * field included, is left to {@link #parseWithFormatter}, which decides (a test holds the two equal).
     */
    static long parseCommonShape(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return NOT_COMMON;
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != 't' && sep != ' ') {
            return NOT_COMMON;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_COMMON;
        }
        int i = 19;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return NOT_COMMON;
            }
            for (int k = count; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds = 0;
        if (i < n) {
            char c = s.charAt(i);
            if ((c == 'Z' || c == 'z') && i + 1 == n) {
                i++;
            } else if ((c == '+' || c == '-') && (n - i == 3 || (n - i == 6 && s.charAt(i + 3) == ':'))) {
                int oh = digits(s, i + 1, 2);
                int om = n - i == 6 ? digits(s, i + 4, 2) : 0;
                if (oh < 0 || oh > 17 || om < 0 || om > 59) {
                    return NOT_COMMON;
                }
                offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
                i = n;
            } else {
                return NOT_COMMON;
            }
        }
        long days = epochDay(year, month, day);
        return days * 86_400_000L + hour * 3_600_000L + minute * 60_000L + second * 1_000L + millis
                - offsetSeconds * 1_000L;
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int mp = (month + 9) % 12;
        int doy = (153 * mp + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }

    /** Every shape the class accepts, through {@link java.time}. */
    static long parseWithFormatter(String text) {
        TemporalAccessor t = FORMAT.parse(text.trim());
        LocalDateTime local = LocalDateTime.of(
                t.get(ChronoField.YEAR),
                t.get(ChronoField.MONTH_OF_YEAR),
                t.get(ChronoField.DAY_OF_MONTH),
                t.get(ChronoField.HOUR_OF_DAY),
                t.get(ChronoField.MINUTE_OF_HOUR),
                t.isSupported(ChronoField.SECOND_OF_MINUTE) ? t.get(ChronoField.SECOND_OF_MINUTE) : 0,
                t.isSupported(ChronoField.NANO_OF_SECOND) ? t.get(ChronoField.NANO_OF_SECOND) : 0);
        ZoneOffset offset = t.isSupported(ChronoField.OFFSET_SECONDS)
                ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS))
                : ZoneOffset.UTC;
        return OffsetDateTime.of(local, offset).toInstant().toEpochMilli();
    }

    /** ISO-8601 UTC text with milliseconds, e.g. {@code 2024-05-01T10:00:00.123Z}, as Sequin writes them. */
    public static String format(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(java.time.Instant.ofEpochMilli(epochMillis));
    }
}
