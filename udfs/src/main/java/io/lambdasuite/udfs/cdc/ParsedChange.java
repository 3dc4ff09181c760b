package io.lambdasuite.udfs.cdc;

import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.DimensionRow;
import io.lambdasuite.udfs.model.Table;

/** A parsed Sequin message: exactly one of {@link #fact} or {@link #dimension} is set, per {@link #table}. */
public final class ParsedChange {
    public final Table table;
    public final Action action;
    public final ActivityRow fact;
    public final DimensionRow dimension;

    ParsedChange(Table table, Action action, ActivityRow fact, DimensionRow dimension) {
        this.table = table;
        this.action = action;
        this.fact = fact;
        this.dimension = dimension;
    }
}
