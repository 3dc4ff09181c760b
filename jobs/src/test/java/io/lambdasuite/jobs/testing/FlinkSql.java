package io.lambdasuite.jobs.testing;

import io.lambdasuite.jobs.common.SqlFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/** Runs the {@code sql/flink} files in a batch TableEnvironment on the test's MiniCluster. */
public final class FlinkSql {
    private final StreamTableEnvironment tables;
    private final Map<String, String> values;

    /** Registers {@code flink/01_register_tables.sql} with the given placeholder values. */
    public FlinkSql(Map<String, String> values) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        this.tables = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
        tables.getConfig().set("table.local-time-zone", "UTC");
        this.values = values;
        for (String statement : SqlFiles.statements(SqlFiles.substitute(SqlFiles.read("flink/01_register_tables.sql"),
                values))) {
            tables.executeSql(statement);
        }
    }

    /** The rows of a query file under sql/flink. */
    public List<Row> query(String file) throws Exception {
        String[] statements = SqlFiles.statements(SqlFiles.substitute(SqlFiles.read("flink/" + file), values));
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> rows = tables.executeSql(statements[statements.length - 1]).collect()) {
            rows.forEachRemaining(out::add);
        }
        return out;
    }
}
