package io.lambdasuite.udfs.model;

import java.util.Locale;

/** The Postgres tables the suite reads, one Kafka topic (and one NDJSON directory) each, named like the table. */
public enum Table {
    ACTIVITY_RELATIONS("activityRelations"),
    MEMBERS("members"),
    ORGANIZATIONS("organizations"),
    SEGMENTS("segments"),
    REPOSITORIES("repositories");

    private final String tableName;

    Table(String tableName) {
        this.tableName = tableName;
    }

    /** The Postgres table name, which is also the default topic name. */
    public String tableName() {
        return tableName;
    }

    /** The MV dataset this table's new versions are written to. */
    public String mvDataset() {
        return this == ACTIVITY_RELATIONS ? "activityRelations_enrich_snapshot_mv" : tableName + "_mv";
    }

    /** Looks a table up by its Postgres name (case-insensitive); null when unknown. */
    public static Table byName(String name) {
        if (name == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (Table t : values()) {
            if (t.tableName.toLowerCase(Locale.ROOT).equals(lower)) {
                return t;
            }
        }
        return null;
    }
}
