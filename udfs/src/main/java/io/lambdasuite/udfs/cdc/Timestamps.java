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

    /** Epoch milliseconds of {@code text}; throws {@link DateTimeParseException} when it is not a timestamp. */
    public static long parseMillis(String text) {
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
