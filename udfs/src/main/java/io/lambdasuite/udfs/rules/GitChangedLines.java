package io.lambdasuite.udfs.rules;

/** gitChangedLines and its bucket (reference-schema.md §2). */
public final class GitChangedLines {
    private GitChangedLines() {}

    public static long changedLines(long insertions, long deletions) {
        return insertions + deletions;
    }

    /** '' for 0 (or less), then '1-9', '10-59', '60-99', '100-499', '500+'. */
    public static String bucket(long changedLines) {
        if (changedLines <= 0) {
            return "";
        }
        if (changedLines < 10) {
            return "1-9";
        }
        if (changedLines < 60) {
            return "10-59";
        }
        if (changedLines < 100) {
            return "60-99";
        }
        if (changedLines < 500) {
            return "100-499";
        }
        return "500+";
    }
}
