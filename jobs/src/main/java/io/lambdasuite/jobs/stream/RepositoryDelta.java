package io.lambdasuite.jobs.stream;

/**
 * A change in how many repositories exist, and how many are usable, at one (segmentId, url): what the
 * segment join needs of the repositories table (rule 2 of reference-schema.md §3) without keying it by id.
 */
public class RepositoryDelta {
    public String segmentId = "";
    /** The repository URL, normalized as activities' channels are compared (lower case). */
    public String url = "";
    public int liveDelta;
    public int usableDelta;

    public RepositoryDelta() {}

    RepositoryDelta(String segmentId, String url, int liveDelta, int usableDelta) {
        this.segmentId = segmentId;
        this.url = url;
        this.liveDelta = liveDelta;
        this.usableDelta = usableDelta;
    }
}
