package io.lambdasuite.jobs.testing;

import io.lambdasuite.jobs.common.SqlFiles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the suite's Parquet output in tests through DuckDB JDBC and the SQL files the repo ships. */
public final class DuckDb implements AutoCloseable {
    private final Connection conn;

    public DuckDb() throws SQLException {
        conn = DriverManager.getConnection("jdbc:duckdb:");
    }

    public DuckDb set(String variable, String value) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SET VARIABLE " + variable + " = '" + value.replace("'", "''") + "'");
        }
        return this;
    }

    /** Runs every statement of a file under sql/ (e.g. "duckdb/views.sql"), as packaged on the classpath. */
    public DuckDb runFile(String relative) throws SQLException {
        try (Statement s = conn.createStatement()) {
            SqlFiles.run(s, relative);
        }
        return this;
    }

    public DuckDb execute(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
        return this;
    }

    public List<Map<String, Object>> query(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    public long count(String sql) throws SQLException {
        return ((Number) query(sql).get(0).values().iterator().next()).longValue();
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
