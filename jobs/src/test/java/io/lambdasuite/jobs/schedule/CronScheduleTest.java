package io.lambdasuite.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
    private static final CronSchedule HOURLY_AT_10 = CronSchedule.parse("10 * * * *");

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    private static List<Instant> nextFires(CronSchedule cron, Instant from, int n) {
        List<Instant> fires = new ArrayList<>();
        Instant t = from;
        for (int i = 0; i < n; i++) {
            t = cron.next(t).orElseThrow();
            fires.add(t);
        }
        return fires;
    }

    @Test
    void defaultMergeScheduleFiresAtMinute10AcrossHourDayMonthAndYearBoundaries() {
        assertThat(nextFires(HOURLY_AT_10, at("2024-12-31T22:30:00Z"), 3)).containsExactly(
                at("2024-12-31T23:10:00Z"), at("2025-01-01T00:10:00Z"), at("2025-01-01T01:10:00Z"));
    }

    @Test
    void nextIsStrictlyAfterAFireTime() {
        assertThat(HOURLY_AT_10.next(at("2024-05-01T12:10:00Z"))).contains(at("2024-05-01T13:10:00Z"));
        assertThat(HOURLY_AT_10.next(at("2024-05-01T12:09:59.999Z"))).contains(at("2024-05-01T12:10:00Z"));
    }

    @Test
    void previousIsStrictlyBeforeAndCrossesMidnight() {
        assertThat(HOURLY_AT_10.previous(at("2024-05-01T12:10:00Z"))).contains(at("2024-05-01T11:10:00Z"));
        assertThat(HOURLY_AT_10.previous(at("2024-05-01T12:15:00Z"))).contains(at("2024-05-01T12:10:00Z"));
        assertThat(HOURLY_AT_10.previous(at("2024-05-02T00:05:00Z"))).contains(at("2024-05-01T23:10:00Z"));
    }

    @Test
    void evaluatesInUtcWhateverTheDefaultZone() {
        CronSchedule daily = CronSchedule.parse("30 2 * * *");
        assertThat(daily.next(at("2024-03-31T00:00:00Z"))).contains(at("2024-03-31T02:30:00Z"));
        assertThat(daily.toString()).isEqualTo("30 2 * * * (UTC)");
    }

    @Test
    void firesBetweenCountsAndKeepsTheLatest() {
        assertThat(HOURLY_AT_10.firesBetween(at("2024-05-01T09:10:00Z"), at("2024-05-01T12:30:00Z")))
                .contains(new CronSchedule.DueFires(at("2024-05-01T12:10:00Z"), 3));
        assertThat(HOURLY_AT_10.firesBetween(at("2024-05-01T09:10:00Z"), at("2024-05-01T10:10:00Z")))
                .contains(new CronSchedule.DueFires(at("2024-05-01T10:10:00Z"), 1));
        assertThat(HOURLY_AT_10.firesBetween(at("2024-05-01T09:10:00Z"), at("2024-05-01T10:09:59Z"))).isEmpty();
    }

    @Test
    void parsesOtherUnixForms() {
        assertThat(CronSchedule.parse(" */15 * * * 1-5 ").expression()).isEqualTo("*/15 * * * 1-5");
        assertThat(CronSchedule.parse("*/15 * * * 1-5").next(at("2024-05-04T10:00:00Z"))) // a Saturday
                .contains(at("2024-05-06T00:00:00Z"));
    }

    @Test
    void rejectsAnInvalidExpressionNamingIt() {
        assertThatThrownBy(() -> CronSchedule.parse("10 * * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid cron expression '10 * * *'")
                .hasMessageContaining("5 UNIX cron fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *"))
                .hasMessageContaining("Invalid cron expression '61 * * * *'");
        assertThatThrownBy(() -> CronSchedule.parse("0 10 * * * ?")) // Quartz, 6 fields
                .hasMessageContaining("Invalid cron expression '0 10 * * * ?'");
        assertThatThrownBy(() -> CronSchedule.parse(" "))
                .hasMessageContaining("Invalid cron expression ' ': it is empty");
    }
}
