package io.lambdasuite.udfs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdasuite.udfs.rules.CountryCodes;
import io.lambdasuite.udfs.rules.GitChangedLines;
import io.lambdasuite.udfs.rules.PullRequestTypes;
import io.lambdasuite.udfs.rules.SnapshotIds;
import io.lambdasuite.udfs.rules.Validity;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The functions registered in a real (batch, in-process) TableEnvironment and called from SQL over VALUES: what
 * SQL returns must equal what the Java rules return for the same inputs.
 */
class LambdaFunctionsTest {
    private static TableEnvironment tEnv;

    @BeforeAll
    static void environment() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        // a session zone other than UTC: no result may depend on it
        tEnv.getConfig().set("table.local-time-zone", "Asia/Kolkata");
        tEnv.getConfig().set("parallelism.default", "1");
        LambdaFunctions.registerAll(tEnv);
    }

    private static List<Row> rows(String sql) throws Exception {
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.executeSql(sql).collect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static String literal(String s) {
        return s == null ? "CAST(NULL AS STRING)" : "'" + s.replace("'", "''") + "'";
    }

    @Test
    void everyFunctionIsRegisteredUnderItsSqlName() {
        List<String> functions = List.of(tEnv.listFunctions());
        for (String name : LambdaFunctions.FUNCTIONS.keySet()) {
            assertThat(functions).anySatisfy(f -> assertThat(f).isEqualToIgnoringCase(name));
        }
    }

    @Test
    void bucketsAndCountryCodesMatchTheJavaRules() throws Exception {
        Object[][] inputs = {
            {0L, "", "Lagos, Nigeria"},
            {1L, "DE", null},
            {9L, "de", "Paris, France"},
            {10L, "Germany", ""},
            {59L, null, "Berlin, Germany"},
            {60L, "N/A", "Niamey, Niger"},
            {99L, "Mars", "Olympus Mons"},
            {100L, "USA", null},
            {499L, null, null},
            {500L, "", "Côte d’Ivoire"},
            {123_456L, "The Netherlands", "x"},
        };
        StringBuilder values = new StringBuilder();
        for (Object[] in : inputs) {
            values.append(values.length() == 0 ? "" : ", ")
                    .append("(CAST(").append(in[0]).append(" AS BIGINT), ").append(literal((String) in[1]))
                    .append(", ").append(literal((String) in[2])).append(")");
        }
        List<Row> rows = rows("SELECT n, GIT_CHANGED_LINES_BUCKET(n), COUNTRY_CODE(country, location) FROM (VALUES "
                + values + ") AS t(n, country, location) ORDER BY n");
        assertThat(rows).hasSize(inputs.length);
        for (int i = 0; i < inputs.length; i++) {
            Row r = rows.get(i);
            Object[] in = inputs[i];
            assertThat(r.getField(0)).isEqualTo(in[0]);
            assertThat(r.getField(1)).as("bucket of %s", in[0]).isEqualTo(GitChangedLines.bucket((Long) in[0]));
            assertThat(r.getField(2)).as("country of %s / %s", in[1], in[2])
                    .isEqualTo(CountryCodes.codeOf((String) in[1], (String) in[2]));
        }
        assertThat(rows("SELECT GIT_CHANGED_LINES_BUCKET(CAST(NULL AS BIGINT)), GIT_CHANGED_LINES_BUCKET(42), "
                + "COUNTRY_CODE(CAST(NULL AS STRING), CAST(NULL AS STRING))")).containsExactly(Row.of(null, "10-59", "XX"));
    }

    @Test
    void pullRequestKeysMatchTheJavaRule() throws Exception {
        String[][] inputs = {
            {"pull_request-opened", "gh-pr-1", "x"},
            {"pull_request-merged", "gh-pr-1-9", "gh-pr-1"},
            {"patchset_approval-created", "a-1", "40001-2"},
            {"patchset-created", "40001-2", ""},
            {"issues-opened", "i-1", "i-0"},
        };
        StringBuilder values = new StringBuilder();
        for (String[] in : inputs) {
            values.append(values.length() == 0 ? "" : ", ").append("(").append(literal(in[0])).append(", ")
                    .append(literal(in[1])).append(", ").append(literal(in[2])).append(")");
        }
        List<Row> rows = rows("SELECT t, PULL_REQUEST_KEY(t, s, p) FROM (VALUES " + values + ") AS v(t, s, p)");
        List<Row> expected = new ArrayList<>();
        for (String[] in : inputs) {
            expected.add(Row.of(in[0], PullRequestTypes.key(in[0], in[1], in[2])));
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).extracting(r -> r.getField(1)).containsExactly("gh-pr-1", "gh-pr-1", "40001", "", "");
        assertThat(rows("SELECT PULL_REQUEST_KEY(CAST(NULL AS STRING), 'a', 'b')")).containsExactly(Row.of(""));
    }

    @Test
    void snapshotIdsOfInstantsAndEpochMillisMatchTheJavaRule() throws Exception {
        long[] updatedAt = {
            Instant.parse("2024-05-01T10:15:30.123Z").toEpochMilli(),
            Instant.parse("2024-05-01T10:59:59.999Z").toEpochMilli(),
            Instant.parse("2024-05-01T11:00:00Z").toEpochMilli(),
            Instant.parse("1969-12-31T23:59:59.999Z").toEpochMilli(),
        };
        StringBuilder values = new StringBuilder();
        for (long t : updatedAt) {
            values.append(values.length() == 0 ? "" : ", ").append("(CAST(").append(t).append(" AS BIGINT))");
        }
        List<Row> rows = rows("SELECT ms, SNAPSHOT_ID(TO_TIMESTAMP_LTZ(ms, 3)), SNAPSHOT_ID(ms), "
                + "SNAPSHOT_PARTITION(SNAPSHOT_ID(TO_TIMESTAMP_LTZ(ms, 3))), SNAPSHOT_PARTITION(SNAPSHOT_ID(ms)) "
                + "FROM (VALUES " + values + ") AS t(ms)");
        List<Row> expected = new ArrayList<>();
        for (long t : updatedAt) {
            long id = SnapshotIds.snapshotIdOf(t);
            expected.add(Row.of(t, Instant.ofEpochMilli(id), id, SnapshotIds.partitionValue(id),
                    SnapshotIds.partitionValue(id)));
        }
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aTimestampWithoutZoneIsReadAsUtcWhateverItsPrecisionAndTheSessionZone() throws Exception {
        // TIMESTAMP(0) and TIMESTAMP(6) must not be cast to TIMESTAMP_LTZ in the session zone (Asia/Kolkata, +05:30)
        List<Row> rows = rows("SELECT "
                + "SNAPSHOT_ID(TIMESTAMP '2024-05-01 10:15:30.123'), "
                + "SNAPSHOT_ID(TIMESTAMP '2024-05-01 10:15:30'), "
                + "SNAPSHOT_ID(CAST('2024-05-01 10:59:59.999999' AS TIMESTAMP(6))), "
                + "SNAPSHOT_PARTITION(TIMESTAMP '2024-05-01 11:00:00'), "
                + "SNAPSHOT_PARTITION(CAST('2024-05-01 11:00:00' AS TIMESTAMP(6))), "
                + "SNAPSHOT_ID(TO_TIMESTAMP_LTZ(1714558530123, 3)), "
                + "SNAPSHOT_ID(CAST(NULL AS TIMESTAMP(3))), "
                + "SNAPSHOT_ID(1000)");
        LocalDateTime eleven = LocalDateTime.parse("2024-05-01T11:00");
        assertThat(rows).containsExactly(Row.of(eleven, eleven, eleven, "2024-05-01T11", "2024-05-01T11",
                Instant.parse("2024-05-01T11:00:00Z"), null, SnapshotIds.HOUR_MS));
    }

    @Test
    void aTimeArgumentOfAnotherTypeIsRejected() {
        assertThatThrownBy(() -> rows("SELECT SNAPSHOT_ID('2024-05-01')"))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("TIMESTAMP_LTZ");
        assertThatThrownBy(() -> rows("SELECT VERSION_COMPARE(TIMESTAMP '2024-05-01 10:00:00', CAST(1 AS BIGINT), 0, "
                + "TO_TIMESTAMP_LTZ(0, 3), CAST(1 AS BIGINT), 0)"))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("same type");
    }

    @Test
    void heldReasonsFromLeftJoinShapedInputsMatchTheJavaRules() throws Exception {
        List<Row> rows = rows("SELECT "
                + "MEMBER_HELD_REASON(mDeleted, isBot, isTeam, isOrg), "
                + "REPOSITORY_HELD_REASON(platform, live, usable), "
                + "SEGMENT_HELD_REASON(sDeleted, status), "
                + "HELD_REASON(MEMBER_HELD_REASON(mDeleted, isBot, isTeam, isOrg), "
                + "  REPOSITORY_HELD_REASON(platform, live, usable), SEGMENT_HELD_REASON(sDeleted, status)), "
                + "REPOSITORY_RULE_APPLIES(platform), "
                + "REPOSITORY_HELD_REASON(live, usable) "
                + "FROM (VALUES "
                + " (FALSE, FALSE, FALSE, FALSE, 'github', CAST(1 AS BIGINT), CAST(1 AS BIGINT), FALSE, 'active'),"
                + " (CAST(NULL AS BOOLEAN), CAST(NULL AS BOOLEAN), CAST(NULL AS BOOLEAN), CAST(NULL AS BOOLEAN),"
                + "   'github', CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(NULL AS BOOLEAN), CAST(NULL AS STRING)),"
                + " (FALSE, TRUE, TRUE, FALSE, 'gitlab', CAST(2 AS BIGINT), CAST(0 AS BIGINT), FALSE, 'archived'),"
                + " (FALSE, FALSE, FALSE, TRUE, 'slack', CAST(0 AS BIGINT), CAST(0 AS BIGINT), TRUE, 'active'),"
                + " (FALSE, FALSE, FALSE, FALSE, 'git', CAST(3 AS BIGINT), CAST(0 AS BIGINT), FALSE, 'active'),"
                + " (FALSE, FALSE, FALSE, FALSE, 'discord', CAST(0 AS BIGINT), CAST(0 AS BIGINT), FALSE, 'prospect')"
                + ") AS t(mDeleted, isBot, isTeam, isOrg, platform, live, usable, sDeleted, status)");
        // batch VALUES keeps no order: compare as a multiset (every row is distinct)
        String none = "";
        assertThat(rows).containsExactlyInAnyOrder(
                Row.of(none, none, none, none, true, none),
                Row.of(Validity.MEMBER_UNKNOWN, Validity.REPOSITORY_UNKNOWN, Validity.SEGMENT_UNKNOWN,
                        Validity.MEMBER_UNKNOWN, true, Validity.REPOSITORY_UNKNOWN),
                Row.of(Validity.MEMBER_BOT, Validity.REPOSITORY_DISABLED, Validity.SEGMENT_INACTIVE,
                        Validity.MEMBER_BOT, true, Validity.REPOSITORY_DISABLED),
                Row.of(Validity.MEMBER_ORGANIZATION, none, Validity.SEGMENT_UNKNOWN, Validity.MEMBER_ORGANIZATION,
                        false, Validity.REPOSITORY_UNKNOWN),
                Row.of(none, Validity.REPOSITORY_DISABLED, none, Validity.REPOSITORY_DISABLED, true,
                        Validity.REPOSITORY_DISABLED),
                Row.of(none, none, Validity.SEGMENT_INACTIVE, Validity.SEGMENT_INACTIVE, false,
                        Validity.REPOSITORY_UNKNOWN));
    }

    @Test
    void versionCompareMatchesTheJavaRuleForEveryTimeType() throws Exception {
        List<Row> rows = rows("SELECT "
                + "VERSION_COMPARE(TO_TIMESTAMP_LTZ(1000, 3), CAST(5 AS BIGINT), 0, TO_TIMESTAMP_LTZ(1000, 3), "
                + "  CAST(5 AS BIGINT), 0), "
                + "VERSION_COMPARE(TO_TIMESTAMP_LTZ(1001, 3), CAST(1 AS BIGINT), 0, TO_TIMESTAMP_LTZ(1000, 3), "
                + "  CAST(9 AS BIGINT), 9), "
                + "VERSION_COMPARE(TIMESTAMP '2024-05-01 10:00:00', CAST(1 AS BIGINT), 0, "
                + "  CAST('2024-05-01 10:00:00' AS TIMESTAMP(3)), CAST(1 AS BIGINT), 1), "
                + "VERSION_COMPARE(CAST(1000 AS BIGINT), CAST(6 AS BIGINT), 0, 1000, CAST(5 AS BIGINT), 3), "
                + "VERSION_COMPARE(CAST(1000 AS BIGINT), CAST(NULL AS BIGINT), 0, 1000, CAST(5 AS BIGINT), 3)");
        assertThat(rows).containsExactly(Row.of(0, 1, -1, 1, null));
    }
}
