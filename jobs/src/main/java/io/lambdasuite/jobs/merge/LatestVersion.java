package io.lambdasuite.jobs.merge;

import io.lambdasuite.udfs.model.Versioned;
import io.lambdasuite.udfs.rules.VersionOrder;
import org.apache.flink.api.common.functions.ReduceFunction;

/** Keeps the newer of two versions of one row by the version rule of SPEC §2 (ties keep either: duplicates). */
public final class LatestVersion<T extends Versioned> implements ReduceFunction<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public T reduce(T a, T b) {
        return VersionOrder.compare(b, a) > 0 ? b : a;
    }
}
