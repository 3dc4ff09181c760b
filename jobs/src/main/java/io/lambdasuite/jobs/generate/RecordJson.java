package io.lambdasuite.jobs.generate;

import io.lambdasuite.jobs.generate.Rows.Fact;
import io.lambdasuite.jobs.generate.Rows.Member;
import io.lambdasuite.jobs.generate.Rows.Organization;
import io.lambdasuite.jobs.generate.Rows.Repository;
import io.lambdasuite.jobs.generate.Rows.Segment;
import io.lambdasuite.udfs.cdc.EnvelopeParser;
import io.lambdasuite.udfs.model.ActivityColumns;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;

/**
 * Writes the {@code record} object of each table as Sequin sends it: every column of the row (unknown ones
 * included), with {@code unchanged_toast} for the columns in a toast mask (bits as defined by the udfs row
 * classes), and, for malformed messages, one column replaced by raw JSON or left out.
 */
final class RecordJson {
    static final String TENANT_ID = "875c38bd-2b1b-4e91-ad07-0cfbabb4c49f";
    private static final String TOAST = EnvelopeParser.UNCHANGED_TOAST;

    private final Json json;
    private String overrideColumn;
    private String overrideRaw;

    RecordJson(Json json) {
        this.json = json;
    }

    /** Makes the next record written replace {@code column} by {@code raw} JSON, or drop it when raw is null. */
    void override(String column, String raw) {
        overrideColumn = column;
        overrideRaw = raw;
    }

    private boolean overridden(StringBuilder sb, String column) {
        if (overrideColumn == null || !overrideColumn.equals(column)) {
            return false;
        }
        if (overrideRaw != null) {
            Json.name(sb, column).append(overrideRaw).append(',');
        }
        return true;
    }

    private void text(StringBuilder sb, String column, String value, int toastMask, int bit, boolean nullForEmpty) {
        if (overridden(sb, column)) {
            return;
        }
        if ((toastMask & bit) != 0) {
            Json.field(sb, column, TOAST);
        } else {
            Json.field(sb, column, nullForEmpty && value.isEmpty() ? null : value);
        }
    }

    private void time(StringBuilder sb, String column, long value, int toastMask, int bit) {
        if (overridden(sb, column)) {
            return;
        }
        if ((toastMask & bit) != 0) {
            Json.field(sb, column, TOAST);
        } else {
            json.tsField(sb, column, value);
        }
    }

    private void number(StringBuilder sb, String column, long value) {
        if (!overridden(sb, column)) {
            Json.field(sb, column, value);
        }
    }

    private void bool(StringBuilder sb, String column, boolean value) {
        if (!overridden(sb, column)) {
            Json.field(sb, column, value);
        }
    }

    /** An {@code activityRelations} record; key columns are never toasted here. */
    void fact(StringBuilder sb, Fact f, int toastMask) {
        boolean n = f.nullForEmpty;
        sb.append('{');
        text(sb, "activityId", f.activityId, toastMask, ActivityColumns.ACTIVITY_ID, false);
        text(sb, "conversationId", f.conversationId, toastMask, ActivityColumns.CONVERSATION_ID, n);
        time(sb, "createdAt", f.createdAt, toastMask, ActivityColumns.CREATED_AT);
        time(sb, "updatedAt", f.updatedAt, 0, 0);
        text(sb, "memberId", f.memberId, toastMask, ActivityColumns.MEMBER_ID, false);
        text(sb, "objectMemberId", f.objectMemberId, toastMask, ActivityColumns.OBJECT_MEMBER_ID, n);
        text(sb, "objectMemberUsername", f.objectMemberUsername, toastMask, ActivityColumns.OBJECT_MEMBER_USERNAME, n);
        text(sb, "organizationId", f.organizationId, toastMask, ActivityColumns.ORGANIZATION_ID, n);
        text(sb, "parentId", f.parentId, toastMask, ActivityColumns.PARENT_ID, n);
        text(sb, "platform", f.platform, 0, 0, false);
        text(sb, "segmentId", f.segmentId, 0, 0, false);
        text(sb, "username", f.username, toastMask, ActivityColumns.USERNAME, false);
        text(sb, "sourceId", f.sourceId, 0, 0, false);
        text(sb, "type", f.type, 0, 0, false);
        if (!overridden(sb, "timestamp")) {
            Json.name(sb, "timestamp");
            (f.postgresTimestamp ? json.postgres(sb, f.timestamp) : json.iso(sb, f.timestamp)).append(',');
        }
        text(sb, "sourceParentId", f.sourceParentId, toastMask, ActivityColumns.SOURCE_PARENT_ID, n);
        text(sb, "channel", f.channel, 0, 0, false);
        number(sb, "sentimentScore", f.sentimentScore);
        number(sb, "gitInsertions", f.gitInsertions);
        number(sb, "gitDeletions", f.gitDeletions);
        number(sb, "score", f.score);
        bool(sb, "isContribution", f.isContribution);
        text(sb, "pullRequestReviewState", f.pullRequestReviewState, toastMask,
                ActivityColumns.PULL_REQUEST_REVIEW_STATE, n);
        // columns the suite does not use, as the real table has them
        Json.field(sb, "tenantId", TENANT_ID);
        if (!overridden(sb, "importHash")) {
            Json.field(sb, "importHash", f.importHash);
        }
        Json.name(sb, "createdById").append("null,");
        if ("body".equals(overrideColumn) && overrideRaw != null) {
            Json.name(sb, "body").append(overrideRaw).append(',');
        }
        Json.dropComma(sb).append('}');
        override(null, null);
    }

    void member(StringBuilder sb, Member m, int toastMask) {
        sb.append('{');
        Json.field(sb, "id", m.id);
        if ((toastMask & MemberRow.DISPLAY_NAME) != 0) {
            Json.field(sb, "displayName", TOAST);
        } else {
            Json.field(sb, "displayName", m.displayName);
        }
        Json.name(sb, "attributes");
        if ((toastMask & MemberRow.ATTRIBUTES) != 0) {
            Json.str(sb, TOAST).append(',');
        } else {
            attributes(sb, m);
        }
        json.tsField(sb, "joinedAt", m.joinedAt);
        json.tsField(sb, "createdAt", m.createdAt);
        json.tsField(sb, "updatedAt", m.updatedAt);
        Json.field(sb, "tenantId", TENANT_ID);
        Json.field(sb, "score", m.score);
        Json.name(sb, "reach").append("{\"total\":").append(m.score * 7L).append("},");
        Json.name(sb, "emails").append("[\"").append(m.username.replace("[bot]", "")).append("@example.org\"],");
        Json.field(sb, "manuallyCreated", false);
        Json.dropComma(sb).append('}');
    }

    /** The member's {@code attributes} object followed by a comma. */
    static void attributes(StringBuilder sb, Member m) {
        sb.append('{');
        flag(sb, "isBot", m.bot, m.explicitFlags);
        flag(sb, "isTeamMember", m.teamMember, m.explicitFlags);
        flag(sb, "isOrganization", m.organizationAccount, m.explicitFlags);
        if (!m.bio.isEmpty()) {
            Json.name(sb, "bio").append("{\"default\":");
            Json.str(sb, m.bio).append(",\"github\":");
            Json.str(sb, m.bio).append("},");
        }
        if (!m.location.isEmpty()) {
            Json.name(sb, "location").append("{\"default\":");
            Json.str(sb, m.location).append("},");
        }
        Json.dropComma(sb).append("},");
    }

    private static void flag(StringBuilder sb, String name, boolean value, boolean explicit) {
        if (value) {
            Json.name(sb, name).append("{\"default\":true,\"custom\":true},");
        } else if (explicit) {
            Json.name(sb, name).append("{\"default\":false},");
        }
    }

    void organization(StringBuilder sb, Organization o, int toastMask) {
        sb.append('{');
        Json.field(sb, "id", o.id);
        Json.field(sb, "displayName", (toastMask & OrganizationRow.DISPLAY_NAME) != 0 ? TOAST : o.displayName);
        Json.field(sb, "country", (toastMask & OrganizationRow.COUNTRY) != 0 ? TOAST : o.country);
        Json.field(sb, "location", (toastMask & OrganizationRow.LOCATION) != 0 ? TOAST : o.location);
        Json.field(sb, "website", o.website);
        Json.name(sb, "employees").append(o.employees > 0 ? Integer.toString(o.employees) : "null").append(',');
        json.tsField(sb, "createdAt", o.createdAt);
        json.tsField(sb, "updatedAt", o.updatedAt);
        Json.field(sb, "tenantId", TENANT_ID);
        Json.dropComma(sb).append('}');
    }

    void segment(StringBuilder sb, Segment s, int toastMask) {
        sb.append('{');
        Json.field(sb, "id", s.id);
        Json.field(sb, "slug", (toastMask & SegmentRow.SLUG) != 0 ? TOAST : s.slug);
        Json.field(sb, "name", (toastMask & SegmentRow.NAME) != 0 ? TOAST : s.name);
        Json.field(sb, "status", s.status);
        Json.field(sb, "parentId", s.parentId);
        Json.field(sb, "grandparentId", s.grandparentId);
        Json.field(sb, "description", (toastMask & SegmentRow.NAME) != 0 ? TOAST : "The " + s.name + " project");
        Json.name(sb, "sourceId").append("null,");
        json.tsField(sb, "createdAt", s.createdAt);
        json.tsField(sb, "updatedAt", s.updatedAt);
        Json.field(sb, "tenantId", TENANT_ID);
        Json.dropComma(sb).append('}');
    }

    void repository(StringBuilder sb, Repository r, int toastMask) {
        sb.append('{');
        Json.field(sb, "id", r.id);
        Json.field(sb, "url", (toastMask & RepositoryRow.URL) != 0 ? TOAST : r.url);
        Json.field(sb, "segmentId", r.segmentId);
        Json.field(sb, "platform", r.host);
        Json.field(sb, "enabled", r.enabled);
        Json.field(sb, "excluded", r.excluded);
        Json.name(sb, "deletedAt");
        if (r.deletedAt == null) {
            sb.append("null,");
        } else {
            json.iso(sb, r.deletedAt).append(',');
        }
        Json.name(sb, "forkedFrom").append("null,");
        json.tsField(sb, "createdAt", r.createdAt);
        json.tsField(sb, "updatedAt", r.updatedAt);
        Json.dropComma(sb).append('}');
    }
}
