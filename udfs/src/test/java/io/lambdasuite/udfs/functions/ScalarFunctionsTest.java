package io.lambdasuite.udfs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdasuite.udfs.rules.SnapshotIds;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.table.functions.ScalarFunction;
import org.junit.jupiter.api.Test;

/** The eval methods called directly: type adaptation and NULL handling, without a Flink planner. */
class ScalarFunctionsTest {
    private static final Instant T = Instant.parse("2024-05-01T10:15:30.123Z");
    private static final Instant SNAPSHOT = Instant.parse("2024-05-01T11:00:00Z");

    @Test
    void gitChangedLinesBucket() {
        ScalarFunctions.GitChangedLinesBucket f = new ScalarFunctions.GitChangedLinesBucket();
        assertThat(f.eval(0L)).isEmpty();
        assertThat(f.eval(9L)).isEqualTo("1-9");
        assertThat(f.eval(500L)).isEqualTo("500+");
        assertThat(f.eval(null)).isNull();
    }

    @Test
    void snapshotIdForEachTimestampType() {
        ScalarFunctions.SnapshotId f = new ScalarFunctions.SnapshotId();
        assertThat(f.eval(T)).isEqualTo(SNAPSHOT);
        assertThat(f.eval(LocalDateTime.parse("2024-05-01T10:15:30.123"))).isEqualTo(LocalDateTime.parse("2024-05-01T11:00"));
        assertThat(f.eval(T.toEpochMilli())).isEqualTo(SNAPSHOT.toEpochMilli());
        assertThat(f.eval(Instant.ofEpochMilli(-1))).isEqualTo(Instant.EPOCH);
        assertThat(f.eval((Instant) null)).isNull();
        assertThat(f.eval((LocalDateTime) null)).isNull();
        assertThat(f.eval((Long) null)).isNull();
    }

    @Test
    void snapshotPartition() {
        ScalarFunctions.SnapshotPartition f = new ScalarFunctions.SnapshotPartition();
        assertThat(f.eval(SNAPSHOT)).isEqualTo("2024-05-01T11");
        assertThat(f.eval(LocalDateTime.parse("2024-05-01T11:00"))).isEqualTo("2024-05-01T11");
        assertThat(f.eval(SNAPSHOT.toEpochMilli())).isEqualTo(SnapshotIds.partitionValue(SNAPSHOT.toEpochMilli()));
        assertThat(f.eval((Instant) null)).isNull();
    }

    @Test
    void countryCodeNeverReturnsNull() {
        ScalarFunctions.CountryCode f = new ScalarFunctions.CountryCode();
        assertThat(f.eval("Germany", null)).isEqualTo("DE");
        assertThat(f.eval(null, "Lagos, Nigeria")).isEqualTo("NG");
        assertThat(f.eval(null, null)).isEqualTo("XX");
    }

    @Test
    void memberHeldReasonTreatsAMissingMemberAsUnknown() {
        ScalarFunctions.MemberHeldReason f = new ScalarFunctions.MemberHeldReason();
        assertThat(f.eval(null, null, null, null)).isEqualTo("member-unknown");
        assertThat(f.eval(true, false, false, false)).isEqualTo("member-unknown");
        assertThat(f.eval(false, null, null, null)).isEmpty();
        assertThat(f.eval(false, true, true, true)).isEqualTo("member-bot");
        assertThat(f.eval(false, false, true, true)).isEqualTo("member-team");
        assertThat(f.eval(false, false, false, true)).isEqualTo("member-organization");
    }

    @Test
    void repositoryHeldReason() {
        ScalarFunctions.RepositoryHeldReason f = new ScalarFunctions.RepositoryHeldReason();
        assertThat(f.eval(0L, 0L)).isEqualTo("repository-unknown");
        assertThat(f.eval(null, null)).isEqualTo("repository-unknown");
        assertThat(f.eval(3L, 0L)).isEqualTo("repository-disabled");
        assertThat(f.eval(3L, 1L)).isEmpty();
        assertThat(f.eval(5_000_000_000L, 5_000_000_000L)).isEmpty();
        assertThat(f.eval("github", 0L, 0L)).isEqualTo("repository-unknown");
        assertThat(f.eval("slack", 0L, 0L)).isEmpty();
        assertThat(f.eval(null, 0L, 0L)).isEmpty();
        ScalarFunctions.RepositoryRuleApplies applies = new ScalarFunctions.RepositoryRuleApplies();
        assertThat(applies.eval("gerrit")).isTrue();
        assertThat(applies.eval("discord")).isFalse();
        assertThat(applies.eval(null)).isFalse();
    }

    @Test
    void segmentAndOverallHeldReason() {
        ScalarFunctions.SegmentHeldReason s = new ScalarFunctions.SegmentHeldReason();
        assertThat(s.eval(null, null)).isEqualTo("segment-unknown");
        assertThat(s.eval(true, "active")).isEqualTo("segment-unknown");
        assertThat(s.eval(false, "archived")).isEqualTo("segment-inactive");
        assertThat(s.eval(false, null)).isEqualTo("segment-inactive");
        assertThat(s.eval(false, "active")).isEmpty();
        ScalarFunctions.HeldReason h = new ScalarFunctions.HeldReason();
        assertThat(h.eval(null, null, null)).isEmpty();
        assertThat(h.eval("", "repository-unknown", "segment-unknown")).isEqualTo("repository-unknown");
        assertThat(h.eval(null, null, "segment-inactive")).isEqualTo("segment-inactive");
    }

    @Test
    void versionCompareReturnsASign() {
        ScalarFunctions.VersionCompare f = new ScalarFunctions.VersionCompare();
        assertThat(f.eval(T, 5L, 0, T, 5L, 0)).isZero();
        assertThat(f.eval(T, 6L, 0, T, 5L, 9)).isEqualTo(1);
        assertThat(f.eval(T, 5L, 0, T.plusMillis(1), 0L, 0)).isEqualTo(-1);
        assertThat(f.eval(LocalDateTime.parse("2024-05-01T10:00"), 1L, 2, LocalDateTime.parse("2024-05-01T10:00"), 1L, 1))
                .isEqualTo(1);
        assertThat(f.eval(10L, 1L, 1, 10L, 1L, 2)).isEqualTo(-1);
        assertThat(f.eval(T, null, 0, T, 5L, 0)).isNull();
        assertThat(f.eval((Instant) null, 5L, 0, T, 5L, 0)).isNull();
    }

    @Test
    void registerAllHandsOverEveryFunctionWithAPublicNoArgConstructor() throws Exception {
        Map<String, Class<?>> seen = new LinkedHashMap<>();
        LambdaFunctions.registerAll((name, cls) -> seen.put(name, cls));
        assertThat(seen).containsExactlyEntriesOf(LambdaFunctions.FUNCTIONS);
        assertThat(seen.keySet()).contains("GIT_CHANGED_LINES_BUCKET", "SNAPSHOT_ID", "COUNTRY_CODE",
                "MEMBER_HELD_REASON", "REPOSITORY_HELD_REASON", "SEGMENT_HELD_REASON", "HELD_REASON", "VERSION_COMPARE");
        for (Class<?> cls : seen.values()) {
            assertThat(cls.getConstructor().newInstance()).isInstanceOf(ScalarFunction.class);
        }
    }
}
