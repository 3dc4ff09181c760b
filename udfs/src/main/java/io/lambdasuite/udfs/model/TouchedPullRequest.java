package io.lambdasuite.udfs.model;

/**
 * The key of a pull request whose record may have changed: a row of the hidden {@code _pr_touched} dataset the
 * activities merge writes per snapshot, or the key column read alone from PR MV files. A Flink POJO.
 */
public class TouchedPullRequest {
    /** The PR key (reference-schema.md §5). */
    public String sourceId = "";

    public TouchedPullRequest() {}

    public TouchedPullRequest(String sourceId) {
        this.sourceId = sourceId;
    }
}
