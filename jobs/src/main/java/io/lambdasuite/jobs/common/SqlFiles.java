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

    /**
     * A SQL text with each {@code ${name}} replaced by its value (the Flink SQL files' placeholders, which the
     * SQL client cannot fill itself); a placeholder left without a value is an error.
     */
    public static String substitute(String text, java.util.Map<String, String> values) {
        String out = text;
        for (java.util.Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        java.util.regex.Matcher left = java.util.regex.Pattern.compile("\\$\\{[a-z_]+}").matcher(
                out.replaceAll("(?m)--.*$", ""));
        if (left.find()) {
            throw new IllegalArgumentException("no value for " + left.group() + " in the SQL text");
        }
        return out;
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
