package io.lambdasuite.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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

    /** The repository's {@code sql/} directory, found by walking up from the working directory. */
    public static Path sqlDir() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("sql/duckdb"))) {
                return p.resolve("sql");
            }
            p = p.getParent();
        }
        throw new IllegalStateException("sql/duckdb not found above " + Paths.get("").toAbsolutePath());
    }

    public DuckDb set(String variable, String value) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SET VARIABLE " + variable + " = '" + value.replace("'", "''") + "'");
        }
        return this;
    }

    /** Runs every statement of a file under sql/ (e.g. "duckdb/views.sql"). */
    public DuckDb runFile(String relative) throws SQLException {
        String text;
        try {
            text = Files.readString(sqlDir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Statement s = conn.createStatement()) {
            for (String stmt : text.split(";\\s*(\\n|$)")) {
                if (!stmt.replaceAll("(?m)^\\s*--.*$", "").isBlank()) {
                    s.execute(stmt);
                }
            }
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
