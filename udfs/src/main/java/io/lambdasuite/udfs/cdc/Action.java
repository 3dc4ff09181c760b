package io.lambdasuite.udfs.cdc;

import java.util.Locale;

/** Sequin's change actions. {@code read} is a backfill row carrying current state, handled like an insert. */
public enum Action {
    INSERT,
    UPDATE,
    DELETE,
    READ;

    /** Parses an action case-insensitively; null when unknown. */
    public static Action of(String s) {
        if (s == null) {
            return null;
        }
        switch (s.toLowerCase(Locale.ROOT)) {
            case "insert":
                return INSERT;
            case "update":
                return UPDATE;
            case "delete":
                return DELETE;
            case "read":
                return READ;
            default:
                return null;
        }
    }
}
