package io.lambdasuite.jobs.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The repository's {@code sql/} files, packaged on the classpath under {@code sql/}, so the jobs run the same
 * statements the tests run and users read.
 */
public final class SqlFiles {
    private SqlFiles() {}

    /** The text of a file under sql/, e.g. {@code duckdb/views.sql}. */
    public static String read(String relative) {
        try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream("sql/" + relative)) {
            if (in == null) {
                throw new IllegalStateException("sql/" + relative + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of a SQL text, split on ';' at line ends, comments-only parts dropped. */
    public static String[] statements(String text) {
        return java.util.Arrays.stream(text.split(";\\s*(\\n|$)"))
                .filter(s -> !s.replaceAll("(?m)^\\s*--.*$", "").isBlank())
                .toArray(String[]::new);
    }

    /** Runs every statement of a file. */
    public static void run(Statement s, String relative) throws SQLException {
        for (String stmt : statements(read(relative))) {
            s.execute(stmt);
        }
    }
}
