package io.lambdasuite.jobs.verify;

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
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expected results of a CDC log (SPEC §9), computed by the DuckDB queries of {@code sql/duckdb/expected/}:
 * an oracle written independently of the Java parser and the streaming job, to compare their output against.
 *
 * <p>{@link #of(Path)} opens an in-memory DuckDB, sets {@code log_dir} (and any other variable) and loads
 * {@code cdc_envelopes.sql}, which reads every {@code <log_dir>/<topic>/*.ndjson} file once. {@link #run(String)}
 * then runs a query file by name, after the files it names in {@code -- requires: x.sql} lines, and returns its
 * rows. Values are as DuckDB JDBC returns them, except timestamps, which come back as {@link java.time.Instant}.
 */
public final class ExpectedResults implements AutoCloseable {
    /** The directory of the expected-result queries, relative to the repository root. */
    public static final String SQL_DIR = "sql/duckdb/expected";

    /** The base file every query requires: parses the log into temp tables and views. */
    public static final String BASE = "cdc_envelopes.sql";

    private static final Pattern REQUIRES = Pattern.compile("(?m)^--\\s*requires:\\s*(\\S+)\\s*$");

    private final Connection conn;
    private final Path sqlDir;
    private final Set<String> loaded = new LinkedHashSet<>();

    private ExpectedResults(Connection conn, Path sqlDir) {
        this.conn = conn;
        this.sqlDir = sqlDir;
    }

    /** Opens the oracle on the NDJSON log under {@code logDir}. */
    public static ExpectedResults of(Path logDir) throws SQLException {
        return of(logDir, Map.of());
    }

    /**
     * Opens the oracle on the NDJSON log under {@code logDir} with more DuckDB variables, e.g.
     * {@code max_message_bytes} (numbers are set as numbers, anything else as text).
     */
    public static ExpectedResults of(Path logDir, Map<String, ?> variables) throws SQLException {
        Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        ExpectedResults r = new ExpectedResults(conn, repoRoot().resolve(SQL_DIR));
        try {
            r.execute("SET TimeZone = 'UTC'");
            r.set("log_dir", logDir.toAbsolutePath().normalize().toString());
            for (Map.Entry<String, ?> v : variables.entrySet()) {
                r.set(v.getKey(), v.getValue());
            }
            r.load(BASE);
        } catch (SQLException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** The repository root: the first directory above the working directory that holds {@code sql/duckdb}. */
    public static Path repoRoot() {
        Path start = Paths.get("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sql/duckdb"))) {
                return p;
            }
        }
        throw new IllegalStateException("no sql/duckdb directory above " + start);
    }

    /** Runs a query file of {@code sql/duckdb/expected/} (e.g. {@code "mv_latest.sql"}) and returns its rows. */
    public List<Map<String, Object>> run(String sqlFile) throws SQLException {
        String text = read(sqlFile);
        requireAll(text);
        return rows(text);
    }

    /** Runs ad-hoc SQL over the tables and views of {@code cdc_envelopes.sql} (e.g. {@code cdc_rejected}). */
    public List<Map<String, Object>> query(String sql) throws SQLException {
        return rows(sql);
    }

    /** The number of lines the job must dead-letter: the sum of {@code dead_letters.sql}. */
    public long deadLetterTotal() throws SQLException {
        long total = 0;
        for (Map<String, Object> row : run("dead_letters.sql")) {
            total += ((Number) row.get("lines")).longValue();
        }
        return total;
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }

    // ------------------------------------------------------------------ internals

    private void set(String name, Object value) throws SQLException {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a variable name: " + name);
        }
        String literal = value instanceof Number ? value.toString() : "'" + String.valueOf(value).replace("'", "''") + "'";
        execute("SET VARIABLE " + name + " = " + literal);
    }

    /** Runs a file's statements once per connection, after the files it requires. */
    private void load(String sqlFile) throws SQLException {
        if (loaded.contains(sqlFile)) {
            return;
        }
        String text = read(sqlFile);
        requireAll(text);
        execute(text);
        loaded.add(sqlFile);
    }

    private void requireAll(String text) throws SQLException {
        Matcher m = REQUIRES.matcher(text);
        while (m.find()) {
            load(m.group(1));
        }
    }

    private String read(String sqlFile) {
        try {
            return Files.readString(sqlDir.resolve(sqlFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sqlDir.resolve(sqlFile), e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    /** Executes {@code sql} (DuckDB runs every statement of it) and returns the rows of the last one. */
    private List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = conn.createStatement()) {
            if (!s.execute(sql)) {
                return rows;
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), normalize(rs.getObject(i)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Object normalize(Object v) {
        if (v instanceof OffsetDateTime) {
            return ((OffsetDateTime) v).toInstant();
        }
        // TIMESTAMP without time zone: UTC by the suite's convention, whatever the JVM's zone
        if (v instanceof Timestamp) {
            return ((Timestamp) v).toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (v instanceof LocalDateTime) {
            return ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
        }
        return v;
    }
}
