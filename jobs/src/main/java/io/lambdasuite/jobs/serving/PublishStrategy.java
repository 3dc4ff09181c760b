package io.lambdasuite.jobs.serving;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * How a snapshot becomes visible.
 *
 * <ul>
 *   <li>{@link #RENAME}: write into {@code _staging/...}, put {@code _manifest.json} in it last, then rename the
 *       staging directory to {@code snapshot=<value>} in one step. Atomic on the local file system and HDFS.
 *   <li>{@link #DIRECT}: for object stores, where a directory rename is a non-atomic copy of every object: write
 *       the files directly under {@code snapshot=<value>/} and {@code _manifest.json} last. Readers only look at
 *       directories with a manifest, and one object PUT is atomic, so they see the whole snapshot or nothing.
 * </ul>
 */
public enum PublishStrategy {
    RENAME,
    DIRECT;

    /** URI schemes of object stores whose rename is a copy (non-atomic). */
    public static final Set<String> OBJECT_STORE_SCHEMES = Set.of(
            "s3", "s3a", "s3n", "s3p", "gs", "oss", "abfs", "abfss", "wasb", "wasbs", "cos", "cosn", "obs", "tos");

    /** {@link #DIRECT} for an object store scheme, {@link #RENAME} otherwise (local, hdfs, viewfs, ...). */
    public static PublishStrategy forUri(URI uri) {
        String scheme = uri.getScheme();
        if (scheme != null && OBJECT_STORE_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            return DIRECT;
        }
        return RENAME;
    }
}
