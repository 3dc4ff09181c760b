package io.lambdasuite.jobs.stream;

import io.lambdasuite.udfs.cdc.EnvelopeParser;
import io.lambdasuite.udfs.model.ActivityColumns;
import io.lambdasuite.udfs.model.ActivityRow;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Builders of the rows the streaming operators see (as {@link EnvelopeParser} would produce them), with named
 * instants so scenarios read as a timeline. Every build returns a fresh object: operators keep rows in heap
 * state by reference, so a test never reuses an instance it has already sent.
 */
public final class TestRows {
    public static final long AT_08_00 = at("2024-05-01T08:00:00Z");
    public static final long AT_09_00 = at("2024-05-01T09:00:00Z");
    public static final long AT_10_00 = at("2024-05-01T10:00:00Z");
    public static final long AT_10_30 = at("2024-05-01T10:30:00Z");
    public static final long AT_11_00 = at("2024-05-01T11:00:00Z");
    public static final long AT_12_00 = at("2024-05-01T12:00:00Z");
    public static final long AT_13_00 = at("2024-05-01T13:00:00Z");

    /** The channel of the default fact: a GitHub repository URL. */
    public static final String WIDGETS = "https://github.com/acme/widgets";

    private TestRows() {}

    public static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    public static FactBuilder fact(String activityId) {
        return new FactBuilder(activityId);
    }

    public static MemberBuilder member(String id) {
        return new MemberBuilder(id);
    }

    public static OrganizationBuilder organization(String id) {
        return new OrganizationBuilder(id);
    }

    public static SegmentBuilder segment(String id) {
        return new SegmentBuilder(id);
    }

    public static RepositoryBuilder repository(String id) {
        return new RepositoryBuilder(id);
    }

    /**
     * An activity relation by member m1 of organization o1 in segment s1: a GitHub commit to {@link #WIDGETS}
     * that happened at 09:00 and was written (version triple) at 10:00, lsn 100, idx 0. Its dedup key depends
     * on the activity id only, so all versions built from one id are versions of one row.
     */
    public static final class FactBuilder {
        private final ActivityRow r = new ActivityRow();

        private FactBuilder(String activityId) {
            r.activityId = activityId;
            r.createdAt = AT_09_00;
            r.memberId = "m1";
            r.organizationId = "o1";
            r.platform = "github";
            r.segmentId = "s1";
            r.username = "alice";
            r.sourceId = "src-" + activityId;
            r.type = "authored-commit";
            r.timestamp = AT_09_00;
            r.channel = WIDGETS;
            r.sentimentScore = 50;
            r.gitInsertions = 10;
            r.gitDeletions = 5;
            r.score = 3;
            r.isContribution = true;
            version(AT_10_00, 100, 0);
        }

        /** The version triple; the commit time (event time) follows updatedAt. */
        public FactBuilder version(long updatedAt, long lsn, int idx) {
            r.updatedAt = updatedAt;
            r.commitTimestamp = updatedAt;
            r.commitLsn = lsn;
            r.commitIdx = idx;
            return this;
        }

        public FactBuilder updatedAt(long updatedAt) {
            return version(updatedAt, r.commitLsn, r.commitIdx);
        }

        public FactBuilder commitTimestamp(long t) {
            r.commitTimestamp = t;
            return this;
        }

        public FactBuilder deleted() {
            r.isDeleted = true;
            return this;
        }

        public FactBuilder member(String memberId) {
            r.memberId = memberId;
            return this;
        }

        public FactBuilder organization(String organizationId) {
            r.organizationId = organizationId;
            return this;
        }

        public FactBuilder segment(String segmentId) {
            r.segmentId = segmentId;
            return this;
        }

        public FactBuilder platform(String platform, String channel) {
            r.platform = platform;
            r.channel = channel;
            return this;
        }

        public FactBuilder git(long insertions, long deletions) {
            r.gitInsertions = insertions;
            r.gitDeletions = deletions;
            return this;
        }

        /**
         * Marks columns as {@code unchanged_toast}, with the parser's default in their place (only the columns
         * the tests toast are reset; others keep their value, which the filter must overwrite anyway).
         */
        public FactBuilder toast(int mask) {
            r.toastMask |= mask;
            if ((mask & ActivityColumns.GIT_INSERTIONS) != 0) r.gitInsertions = 0;
            if ((mask & ActivityColumns.GIT_DELETIONS) != 0) r.gitDeletions = 0;
            if ((mask & ActivityColumns.USERNAME) != 0) r.username = "";
            if ((mask & ActivityColumns.PULL_REQUEST_REVIEW_STATE) != 0) r.pullRequestReviewState = "";
            if ((mask & ActivityColumns.SENTIMENT_SCORE) != 0) r.sentimentScore = -1;
            if ((mask & ActivityColumns.CREATED_AT) != 0) r.createdAt = 0;
            return this;
        }

        public FactBuilder with(Consumer<ActivityRow> change) {
            change.accept(r);
            return this;
        }

        /** A fresh row, with the dimension-free enrichment the parser applies (changed lines, snapshot id). */
        public ActivityRow build() {
            ActivityRow out = r.copy();
            EnvelopeParser.enrichPure(out);
            return out;
        }
    }

    /** A human member, version (updatedAt 08:00, lsn 10, idx 0). */
    public static final class MemberBuilder {
        private final MemberRow m = new MemberRow();

        private MemberBuilder(String id) {
            m.id = id;
            m.displayName = "Member " + id;
            version(AT_08_00, 10, 0);
        }

        public MemberBuilder version(long updatedAt, long lsn, int idx) {
            m.updatedAt = updatedAt;
            m.commitTimestamp = updatedAt;
            m.commitLsn = lsn;
            m.commitIdx = idx;
            return this;
        }

        public MemberBuilder bot() {
            m.isBot = true;
            return this;
        }

        public MemberBuilder teamMember() {
            m.isTeamMember = true;
            return this;
        }

        public MemberBuilder organizationAccount() {
            m.isOrganization = true;
            return this;
        }

        public MemberBuilder deleted() {
            m.isDeleted = true;
            return this;
        }

        public MemberBuilder with(Consumer<MemberRow> change) {
            change.accept(m);
            return this;
        }

        public MemberRow build() {
            MemberRow out = new MemberRow();
            out.id = m.id;
            out.displayName = m.displayName;
            out.isBot = m.isBot;
            out.isTeamMember = m.isTeamMember;
            out.isOrganization = m.isOrganization;
            out.updatedAt = m.updatedAt;
            out.commitLsn = m.commitLsn;
            out.commitIdx = m.commitIdx;
            out.isDeleted = m.isDeleted;
            out.commitTimestamp = m.commitTimestamp;
            out.toastMask = m.toastMask;
            return out;
        }
    }

    /** Organization "Acme" in Germany, version (08:00, lsn 10, idx 0). */
    public static final class OrganizationBuilder {
        private final OrganizationRow o = new OrganizationRow();

        private OrganizationBuilder(String id) {
            o.id = id;
            o.displayName = "Acme";
            o.country = "Germany";
            version(AT_08_00, 10, 0);
        }

        public OrganizationBuilder version(long updatedAt, long lsn, int idx) {
            o.updatedAt = updatedAt;
            o.commitTimestamp = updatedAt;
            o.commitLsn = lsn;
            o.commitIdx = idx;
            return this;
        }

        public OrganizationBuilder named(String displayName) {
            o.displayName = displayName;
            return this;
        }

        public OrganizationBuilder in(String country, String location) {
            o.country = country;
            o.location = location;
            return this;
        }

        public OrganizationBuilder deleted() {
            o.isDeleted = true;
            return this;
        }

        public OrganizationRow build() {
            OrganizationRow out = new OrganizationRow();
            out.id = o.id;
            out.displayName = o.displayName;
            out.country = o.country;
            out.location = o.location;
            out.countryCode = o.countryCode;
            out.updatedAt = o.updatedAt;
            out.commitLsn = o.commitLsn;
            out.commitIdx = o.commitIdx;
            out.isDeleted = o.isDeleted;
            out.commitTimestamp = o.commitTimestamp;
            out.toastMask = o.toastMask;
            return out;
        }
    }

    /** An active segment, version (08:00, lsn 10, idx 0). */
    public static final class SegmentBuilder {
        private final SegmentRow s = new SegmentRow();

        private SegmentBuilder(String id) {
            s.id = id;
            s.slug = id;
            s.name = "Segment " + id;
            s.status = "active";
            version(AT_08_00, 10, 0);
        }

        public SegmentBuilder version(long updatedAt, long lsn, int idx) {
            s.updatedAt = updatedAt;
            s.commitTimestamp = updatedAt;
            s.commitLsn = lsn;
            s.commitIdx = idx;
            return this;
        }

        public SegmentBuilder status(String status) {
            s.status = status;
            return this;
        }

        public SegmentBuilder deleted() {
            s.isDeleted = true;
            return this;
        }

        public SegmentRow build() {
            SegmentRow out = new SegmentRow();
            out.id = s.id;
            out.slug = s.slug;
            out.name = s.name;
            out.status = s.status;
            out.parentId = s.parentId;
            out.grandparentId = s.grandparentId;
            out.updatedAt = s.updatedAt;
            out.commitLsn = s.commitLsn;
            out.commitIdx = s.commitIdx;
            out.isDeleted = s.isDeleted;
            out.commitTimestamp = s.commitTimestamp;
            out.toastMask = s.toastMask;
            return out;
        }
    }

    /** An enabled repository of segment s1 at {@link #WIDGETS}, version (08:00, lsn 10, idx 0). */
    public static final class RepositoryBuilder {
        private final RepositoryRow r = new RepositoryRow();

        private RepositoryBuilder(String id) {
            r.id = id;
            r.url = WIDGETS;
            r.segmentId = "s1";
            version(AT_08_00, 10, 0);
        }

        public RepositoryBuilder version(long updatedAt, long lsn, int idx) {
            r.updatedAt = updatedAt;
            r.commitTimestamp = updatedAt;
            r.commitLsn = lsn;
            r.commitIdx = idx;
            return this;
        }

        public RepositoryBuilder url(String url) {
            r.url = url;
            return this;
        }

        public RepositoryBuilder segment(String segmentId) {
            r.segmentId = segmentId;
            return this;
        }

        public RepositoryBuilder disabled() {
            r.enabled = false;
            return this;
        }

        public RepositoryBuilder excluded() {
            r.excluded = true;
            return this;
        }

        public RepositoryBuilder softDeletedAt(long deletedAt) {
            r.deletedAt = deletedAt;
            return this;
        }

        public RepositoryBuilder deleted() {
            r.isDeleted = true;
            return this;
        }

        public RepositoryBuilder toast(int mask) {
            r.toastMask |= mask;
            if ((mask & RepositoryRow.URL) != 0) r.url = "";
            if ((mask & RepositoryRow.SEGMENT_ID) != 0) r.segmentId = "";
            return this;
        }

        public RepositoryRow build() {
            RepositoryRow out = new RepositoryRow();
            out.id = r.id;
            out.url = r.url;
            out.segmentId = r.segmentId;
            out.enabled = r.enabled;
            out.excluded = r.excluded;
            out.deletedAt = r.deletedAt;
            out.updatedAt = r.updatedAt;
            out.commitLsn = r.commitLsn;
            out.commitIdx = r.commitIdx;
            out.isDeleted = r.isDeleted;
            out.commitTimestamp = r.commitTimestamp;
            out.toastMask = r.toastMask;
            return out;
        }
    }
}
