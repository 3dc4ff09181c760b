package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.model.ActivityRow;

/**
 * Key selectors of the dimension joins. A fact without a reference (empty organizationId, say) needs no
 * state, so it is keyed by a spread key instead of '' to avoid one hot key; spread keys start with a
 * character no real id has.
 */
final class JoinKeys {
    static final char SPREAD = '\u0001';
    private static final int SPREAD_KEYS = 128;

    private JoinKeys() {}

    static boolean isSpread(String key) {
        return !key.isEmpty() && key.charAt(0) == SPREAD;
    }

    private static String spread(ActivityRow r) {
        return SPREAD + Integer.toString(Math.floorMod(r.sourceId.hashCode() * 31 + r.type.hashCode(), SPREAD_KEYS));
    }

    static String member(ActivityRow r) {
        return r.memberId.isEmpty() || r.isDeleted ? spread(r) : r.memberId;
    }

    static String organization(ActivityRow r) {
        return r.organizationId.isEmpty() || r.isDeleted ? spread(r) : r.organizationId;
    }

    static String segment(ActivityRow r) {
        return r.segmentId.isEmpty() || r.isDeleted ? spread(r) : r.segmentId;
    }
}
