package io.lambdasuite.udfs.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static long utc(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // offsets
        "2024-05-01T10:15:30Z            | 2024-05-01T10:15:30Z",
        "2024-05-01T10:15:30z            | 2024-05-01T10:15:30Z",
        "2024-05-01T10:15:30+00          | 2024-05-01T10:15:30Z",
        "2024-05-01T10:15:30+02:00       | 2024-05-01T08:15:30Z",
        "2024-05-01T10:15:30-03:00       | 2024-05-01T13:15:30Z",
        "2024-05-01T10:15:30+0530        | 2024-05-01T04:45:30Z",
        "2024-05-01T10:15:30+05          | 2024-05-01T05:15:30Z",
        // space separator, as Postgres prints timestamptz
        "2024-05-01 10:15:30+00          | 2024-05-01T10:15:30Z",
        "2024-05-01 10:15:30.123456+00   | 2024-05-01T10:15:30.123Z",
        // no offset: UTC
        "2024-05-01T10:15:30             | 2024-05-01T10:15:30Z",
        "2024-05-01 10:15:30.5           | 2024-05-01T10:15:30.500Z",
        // seconds optional
        "2024-05-01T10:15Z               | 2024-05-01T10:15:00Z",
        // surrounding whitespace
        "'  2024-05-01T10:15:30Z '       | 2024-05-01T10:15:30Z",
        // offset crossing midnight and a leap day
        "2024-03-01T01:00:00+02:00       | 2024-02-29T23:00:00Z",
    })
    void parsesOffsetsAndSeparators(String text, String expected) {
        assertThat(Timestamps.parseMillis(text)).isEqualTo(utc(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2024-05-01T10:15:30Z,           2024-05-01T10:15:30.000Z",
        "2024-05-01T10:15:30.1Z,         2024-05-01T10:15:30.100Z",
        "2024-05-01T10:15:30.12Z,        2024-05-01T10:15:30.120Z",
        "2024-05-01T10:15:30.123Z,       2024-05-01T10:15:30.123Z",
        "2024-05-01T10:15:30.1239Z,      2024-05-01T10:15:30.123Z",
        "2024-05-01T10:15:30.12399Z,     2024-05-01T10:15:30.123Z",
        "2024-05-01T10:15:30.123999Z,    2024-05-01T10:15:30.123Z",
        "2024-05-01T10:15:30.1239999Z,   2024-05-01T10:15:30.123Z",
        "2024-05-01T10:15:30.12399999Z,  2024-05-01T10:15:30.123Z",
        "2024-05-01T10:15:30.999999999Z, 2024-05-01T10:15:30.999Z",
    })
    void zeroToNineFractionDigitsAreTruncatedToMillis(String text, String expected) {
        assertThat(Timestamps.parseMillis(text)).isEqualTo(utc(expected));
    }

    @Test
    void beforeTheEpochTruncatesTowardsThePast() {
        assertThat(Timestamps.parseMillis("1969-12-31T23:59:59.9999Z")).isEqualTo(-1L);
        assertThat(Timestamps.parseMillis("1960-01-01 00:00:00+00")).isEqualTo(utc("1960-01-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {
        "",
        "   ",
        "yesterday",
        "2024-05-01",
        "2024-05-01T",
        "2024-13-01T00:00:00Z",
        "2024-02-30T00:00:00Z",
        "2023-02-29 00:00:00+00",
        "2024-05-01T25:00:00Z",
        "2024-05-01T24:00:00Z",
        "2024-05-01T10:61:00Z",
        "2024-05-01T10:15:30.1234567890Z",
        "2024-05-01T10:15:30+25:00",
        "2024-05-01T10:15:30 UTC",
        "1714558531654",
        "2024/05/01 10:15:30",
    })
    void invalidStringsThrow(String text) {
        assertThatThrownBy(() -> Timestamps.parseMillis(text)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void formatWritesIsoUtcWithMillisAndRoundTrips() {
        long t = utc("2024-05-01T10:15:30.123Z");
        assertThat(Timestamps.format(t)).isEqualTo("2024-05-01T10:15:30.123Z");
        assertThat(Timestamps.parseMillis(Timestamps.format(t))).isEqualTo(t);
        assertThat(Timestamps.parseMillis(Timestamps.format(-1L))).isEqualTo(-1L);
    }

    /** The allocation-free path agrees with the formatter on every shape, valid or not: same value or both throw. */
    @Test
    void theCommonShapePathAgreesWithTheFormatter() {
        java.util.Random r = new java.util.Random(7);
        String[] seps = {"T", "t", " ", "x", ""};
        String[] offsets = {"", "Z", "z", "+00", "-00", "+02:00", "-03:30", "+0530", "+05", "+17:59", "+18:00",
            "+18", "+19:00", "-12:60", "+2", "+02:0", " ", "Z ", "UTC"};
        int checked = 0;
        int common = 0;
        for (int k = 0; k < 200_000; k++) {
            StringBuilder b = new StringBuilder();
            b.append(pad(r.nextInt(10) == 0 ? r.nextInt(10_000) : 1900 + r.nextInt(200), 4)).append('-')
                    .append(pad(r.nextInt(14), 2)).append('-').append(pad(r.nextInt(33), 2))
                    .append(seps[r.nextInt(10) < 7 ? 0 : r.nextInt(seps.length)])
                    .append(pad(r.nextInt(26), 2)).append(':').append(pad(r.nextInt(62), 2));
            if (r.nextInt(8) != 0) {
                b.append(':').append(pad(r.nextInt(62), 2));
            }
            if (r.nextBoolean()) {
                b.append('.');
                int digits = r.nextInt(11);
                for (int d = 0; d < digits; d++) {
                    b.append((char) ('0' + r.nextInt(10)));
                }
            }
            b.append(offsets[r.nextInt(offsets.length)]);
            if (r.nextInt(20) == 0) {
                b.setCharAt(r.nextInt(b.length()), (char) (' ' + r.nextInt(90)));
            }
            String text = b.toString();
            Long expected;
            try {
                expected = Timestamps.parseWithFormatter(text);
            } catch (DateTimeException e) {
                expected = null;
            }
            long fast = Timestamps.parseCommonShape(text);
            if (fast != Long.MIN_VALUE) {
                common++;
                assertThat(fast).as(text).isEqualTo(expected);
            }
            if (expected == null) {
                assertThatThrownBy(() -> Timestamps.parseMillis(text)).as(text).isInstanceOf(DateTimeException.class);
            } else {
                assertThat(Timestamps.parseMillis(text)).as(text).isEqualTo(expected);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(200_000);
        assertThat(common).as("strings the common path read itself").isGreaterThan(20_000);
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
