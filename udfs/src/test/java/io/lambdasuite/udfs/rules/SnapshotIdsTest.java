package io.lambdasuite.udfs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotIdsTest {
    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // hour edges: the first and last millisecond of an hour
        "2024-05-01T10:00:00.000Z, 2024-05-01T11:00:00Z",
        "2024-05-01T10:59:59.999Z, 2024-05-01T11:00:00Z",
        "2024-05-01T11:00:00.000Z, 2024-05-01T12:00:00Z",
        // day, month and year edges
        "2024-05-01T23:30:00Z,     2024-05-02T00:00:00Z",
        "2024-12-31T23:59:59.999Z, 2025-01-01T00:00:00Z",
        "2024-02-29T23:00:00Z,     2024-03-01T00:00:00Z",
        // the epoch and before it: floor, not truncation towards zero
        "1970-01-01T00:00:00Z,     1970-01-01T01:00:00Z",
        "1969-12-31T23:59:59.999Z, 1970-01-01T00:00:00Z",
        "1969-12-31T23:00:00Z,     1970-01-01T00:00:00Z",
        "1969-12-31T22:59:59.999Z, 1969-12-31T23:00:00Z",
        "1960-06-15T12:34:56Z,     1960-06-15T13:00:00Z",
    })
    void snapshotIdIsTheStartOfTheUtcHourPlusOneHour(String updatedAt, String snapshotId) {
        assertThat(SnapshotIds.snapshotIdOf(t(updatedAt))).isEqualTo(t(snapshotId));
    }

    @Test
    void hourOfIsTheStartOfTheHour() {
        assertThat(SnapshotIds.hourOf(t("2024-05-01T10:15:30.123Z"))).isEqualTo(t("2024-05-01T10:00:00Z"));
        assertThat(SnapshotIds.hourOf(-1L)).isEqualTo(-SnapshotIds.HOUR_MS);
        assertThat(SnapshotIds.HOUR_MS).isEqualTo(3_600_000L);
    }

    @Test
    void partitionNamesAreFixedWidthWithoutColons() {
        assertThat(SnapshotIds.partitionValue(t("2024-05-01T11:00:00Z"))).isEqualTo("2024-05-01T11");
        assertThat(SnapshotIds.partitionValue(t("2024-05-01T00:00:00Z"))).isEqualTo("2024-05-01T00");
        assertThat(SnapshotIds.partitionDir(t("2024-05-01T11:00:00Z"))).isEqualTo("snapshot=2024-05-01T11");
        assertThat(SnapshotIds.partitionValue(t("1969-12-31T23:00:00Z"))).isEqualTo("1969-12-31T23");
    }

    @Test
    void partitionNamesSortInTimeOrder() {
        List<Long> ids = new ArrayList<>();
        for (long s = t("1969-12-30T00:00:00Z"); s < t("1970-01-03T00:00:00Z"); s += SnapshotIds.HOUR_MS) {
            ids.add(s);
        }
        for (long s = t("2023-12-31T20:00:00Z"); s < t("2024-01-01T05:00:00Z"); s += SnapshotIds.HOUR_MS) {
            ids.add(s);
        }
        List<String> names = new ArrayList<>();
        for (long id : ids) {
            String dir = SnapshotIds.partitionDir(id);
            assertThat(dir).doesNotContain(":").hasSize("snapshot=2024-05-01T11".length());
            names.add(dir);
        }
        assertThat(names).isSorted().doesNotHaveDuplicates();
    }
}
