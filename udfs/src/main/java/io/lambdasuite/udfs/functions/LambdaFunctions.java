package io.lambdasuite.udfs.functions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.UserDefinedFunction;

/**
 * The SQL names of the suite's functions ({@link ScalarFunctions}) and one call that registers them all, so every
 * SQL or Table API job sees the same functions under the same names:
 *
 * <pre>{@code
 * TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
 * LambdaFunctions.registerAll(tEnv);
 * tEnv.sqlQuery("SELECT COUNTRY_CODE(country, location) FROM organizations");
 * }</pre>
 *
 * They are registered as temporary system functions: visible from every catalog and database, without a prefix.
 */
public final class LambdaFunctions {
    /** SQL name to implementation, in registration order. */
    public static final Map<String, Class<? extends UserDefinedFunction>> FUNCTIONS = functions();

    private LambdaFunctions() {}

    private static Map<String, Class<? extends UserDefinedFunction>> functions() {
        Map<String, Class<? extends UserDefinedFunction>> f = new LinkedHashMap<>();
        f.put("GIT_CHANGED_LINES_BUCKET", ScalarFunctions.GitChangedLinesBucket.class);
        f.put("SNAPSHOT_ID", ScalarFunctions.SnapshotId.class);
        f.put("SNAPSHOT_PARTITION", ScalarFunctions.SnapshotPartition.class);
        f.put("COUNTRY_CODE", ScalarFunctions.CountryCode.class);
        f.put("MEMBER_HELD_REASON", ScalarFunctions.MemberHeldReason.class);
        f.put("REPOSITORY_RULE_APPLIES", ScalarFunctions.RepositoryRuleApplies.class);
        f.put("REPOSITORY_HELD_REASON", ScalarFunctions.RepositoryHeldReason.class);
        f.put("SEGMENT_HELD_REASON", ScalarFunctions.SegmentHeldReason.class);
        f.put("HELD_REASON", ScalarFunctions.HeldReason.class);
        f.put("VERSION_COMPARE", ScalarFunctions.VersionCompare.class);
        f.put("PULL_REQUEST_KEY", ScalarFunctions.PullRequestKey.class);
        return Collections.unmodifiableMap(f);
    }

    /** Registers every function as a temporary system function of {@code tEnv}. */
    public static void registerAll(TableEnvironment tEnv) {
        registerAll(tEnv::createTemporarySystemFunction);
    }

    /** Hands every (SQL name, implementation) pair to {@code register}, for environments other than a TableEnvironment. */
    public static void registerAll(BiConsumer<String, Class<? extends UserDefinedFunction>> register) {
        FUNCTIONS.forEach(register);
    }
}
