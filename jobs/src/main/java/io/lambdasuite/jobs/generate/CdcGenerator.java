package io.lambdasuite.jobs.generate;

import io.lambdasuite.jobs.generate.Rows.Fact;
import io.lambdasuite.jobs.generate.Rows.Member;
import io.lambdasuite.jobs.generate.Rows.Organization;
import io.lambdasuite.jobs.generate.Rows.Repository;
import io.lambdasuite.jobs.generate.Rows.Segment;
import io.lambdasuite.jobs.generate.Rows.Tracked;
import io.lambdasuite.udfs.model.ActivityColumns;
import io.lambdasuite.udfs.model.MemberRow;
import io.lambdasuite.udfs.model.OrganizationRow;
import io.lambdasuite.udfs.model.RepositoryRow;
import io.lambdasuite.udfs.model.SegmentRow;
import io.lambdasuite.udfs.model.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deterministic, realistic Sequin CDC stream of {@code activityRelations} and its dimension tables, produced
 * lazily in delivery order.
 *
 * <p>The generator simulates a Postgres database and its change log: a commit clock running from
 * {@link GeneratorConfig#start()} over {@link GeneratorConfig#hours()}, an LSN that strictly increases per
 * transaction, entities ({@link World}: segments, organizations, members, repositories) that exist from a backfill
 * or appear mid-stream, and activities ({@link Activities}) on code and chat platforms with full pull-request
 * lifecycles, which are then updated and deleted. It delivers that log the way a real pipeline does
 * ({@link DeliverySchedule}): mostly in commit order, but with byte-identical redeliveries, newer versions before
 * older ones, versions held back for hours, dimension rows after the facts that use them, and a share of
 * malformed messages of every {@link MalformedKind}.
 *
 * <p>Memory is bounded: only the entity tables, a window of recent activity relations ({@code recentFacts}), the
 * open pull requests and the messages held for later delivery are kept, so tens of millions of activities stream
 * through in constant space. Same config (seed included) gives a byte-identical stream.
 */
public final class CdcGenerator implements Iterator<GeneratedMessage> {
    static final String ACTIVITY_RELATIONS = Table.ACTIVITY_RELATIONS.tableName();
    static final String MEMBERS = Table.MEMBERS.tableName();
    static final String ORGANIZATIONS = Table.ORGANIZATIONS.tableName();
    static final String SEGMENTS = Table.SEGMENTS.tableName();
    static final String REPOSITORIES = Table.REPOSITORIES.tableName();

    /** Rows per transaction of the initial dimension backfill (shows commit_idx > 0). */
    private static final int BACKFILL_PAGE = 50;
    private static final long LSN_BASE = 0x16_0000_0000L;
    /** Non-key activity columns an update may send as unchanged_toast. */
    private static final int[] FACT_TOASTABLE = {
        ActivityColumns.USERNAME, ActivityColumns.OBJECT_MEMBER_USERNAME, ActivityColumns.CONVERSATION_ID,
        ActivityColumns.PARENT_ID, ActivityColumns.SOURCE_PARENT_ID, ActivityColumns.MEMBER_ID,
        ActivityColumns.ORGANIZATION_ID, ActivityColumns.CREATED_AT
    };

    private final GeneratorConfig cfg;
    /** Decides the simulated database: entities, activities, changes. */
    private final Rng rng;
    /** Decides delivery: duplicates, holds, malformed messages. */
    private final Rng deliveryRng;
    private final World world;
    private final Activities activities;
    private final DeliverySchedule delivery;
    private final Json json = new Json();
    private final RecordJson records = new RecordJson(json);
    private final StringBuilder sb = new StringBuilder(4096);
    private final StringBuilder changes = new StringBuilder(512);
    private final Base64.Encoder base64 = Base64.getEncoder();
    private final TreeMap<String, Long> traits = new TreeMap<>();

    // ---- commit clock and log position
    private final long startMs;
    private final long spanMs;
    private final long totalActivities;
    private final long backfillActivities;
    private long clock;
    private long lsn = LSN_BASE;
    private long txnTs;
    private int txnIdx;
    private long activitiesCreated;
    /** One step creates one activity (plus whatever else happens meanwhile); short holds count in steps. */
    private long step;
    private int phase;
    /** Backfill position: table (0 segments, 1 organizations, 2 members, 3 repositories) and row. */
    private int backfillTable;
    private int backfillRow;

    // ---- the recent activity relations that updates and deletes pick from, and owed changes
    private final Fact[] recent;
    private int recentSize;
    private int recentNext;
    private final PriorityQueue<FollowUp> followUps = new PriorityQueue<>(FollowUp.ORDER);
    private long followUpSeq;
    private int lateMessages;

    // ---- rows just created whose message is held: the next activities use them, so facts arrive first
    private final ArrayDeque<Member> forcedMembers = new ArrayDeque<>();
    private final ArrayDeque<Repository> forcedRepos = new ArrayDeque<>();
    private final Set<String> heldTables = new HashSet<>();
    private final Set<String> toastedTables = new HashSet<>();
    private int dimensionChanges;

    // ---- malformed messages
    private final double malformedPerValid;
    private final MalformedKind[] kinds;
    private int kindCursor;
    private int pendingMalformed;
    private int oversized;

    public CdcGenerator(GeneratorConfig cfg) {
        this.cfg = cfg;
        Rng root = new Rng(cfg.seed());
        this.rng = root.fork();
        this.deliveryRng = root.fork();
        this.world = new World(cfg, rng);
        this.activities = new Activities(cfg, rng, world);
        this.delivery = new DeliverySchedule(deliveryRng, cfg.duplicateShare(), cfg.lateBufferLimit(), traits);
        this.startMs = cfg.start().toEpochMilli();
        this.spanMs = cfg.spanMillis();
        this.clock = startMs;
        this.totalActivities = cfg.activities();
        this.backfillActivities = Math.round(totalActivities * cfg.readShare());
        double s = cfg.malformedShare();
        this.malformedPerValid = s * (1 + cfg.duplicateShare()) / (1 - s);
        this.kinds = cfg.malformedKinds().toArray(new MalformedKind[0]);
        Arrays.sort(kinds);
        this.recent = new Fact[cfg.recentFacts()];
    }

    public GeneratorConfig config() {
        return cfg;
    }

    /**
     * Counts of what the stream contains so far, by trait: actions ({@code read}, {@code insert}, {@code update},
     * {@code delete}), delivery traits ({@code duplicate}, {@code late}, {@code out-of-order},
     * {@code fact-before-dimension}), {@code toast}, {@code malformed}, and the dimension changes (e.g.
     * {@code member-became-bot}).
     */
    public Map<String, Long> traits() {
        return Collections.unmodifiableMap(new TreeMap<>(traits));
    }

    @Override
    public boolean hasNext() {
        fill();
        return !delivery.isEmpty();
    }

    @Override
    public GeneratedMessage next() {
        fill();
        GeneratedMessage m = delivery.poll();
        if (m == null) {
            throw new NoSuchElementException();
        }
        return m;
    }

    private void fill() {
        while (delivery.isEmpty() && phase < 4) {
            advance();
        }
    }

    /** One unit of work: the backfill, one step, one owed change at the end, or one held message flushed. */
    private void advance() {
        switch (phase) {
            case 0:
                if (!backfillPage()) {
                    phase = 1;
                }
                emitPendingMalformed();
                break;
            case 1:
                if (activitiesCreated < totalActivities) {
                    step++;
                    delivery.releaseDue(step, clock);
                    generateStep();
                    emitPendingMalformed();
                } else {
                    phase = 2;
                }
                break;
            case 2:
                // changes still owed to rows with a late version: commit them before the buffers are flushed
                if (!followUps.isEmpty()) {
                    runFollowUp(followUps.poll());
                    emitPendingMalformed();
                } else {
                    phase = 3;
                }
                break;
            case 3:
                if (!delivery.releaseNext(step)) {
                    phase = 4;
                }
                break;
            default:
                break;
        }
    }

    // ================================================================== the simulated database

    /** Commit clock target for the current progress: activities spread evenly over the span. */
    private long targetClock() {
        if (totalActivities == 0) {
            return startMs;
        }
        return startMs + (long) ((double) spanMs * activitiesCreated / totalActivities);
    }

    /** Starts a transaction: a new LSN and a commit time that never goes back. */
    private void beginTxn() {
        long stepMs = totalActivities == 0 ? 0 : spanMs / Math.max(1, totalActivities);
        clock = Math.max(clock, targetClock());
        txnTs = clock;
        if (stepMs >= 6) {
            clock += rng.nextLong(stepMs / 6); // commits within a step spread a little
        }
        lsn += 8 * rng.between(6, 600);
        txnIdx = 0;
    }

    private void generateStep() {
        boolean backfill = activitiesCreated < backfillActivities;
        if (!backfill) {
            grow();
        }
        beginTxn();
        Fact f = activities.create(forcedMembers.poll(), forcedRepos.poll(), backfill, txnTs, activitiesCreated,
                backfillActivities);
        activitiesCreated++;
        remember(f);
        GeneratedMessage m = factMessage(f, backfill ? "read" : "insert", null, 0);
        trait(backfill ? "read" : "insert");
        if (backfill) {
            delivery.deliver(m, step);
            return;
        }
        // the first activity of a row just created is delivered plainly, so it does arrive before that row
        deliverFactChange(f, m, !activities.lastWasForced());
        while (!followUps.isEmpty() && followUps.peek().due <= step) {
            runFollowUp(followUps.poll());
        }
        if (rng.chance(cfg.updateShare())) {
            Fact u = pickRecent();
            if (u != null) {
                updateFact(u, true);
            }
        }
        if (rng.chance(cfg.deleteShare())) {
            Fact d = pickRecent();
            if (d != null) {
                deleteFact(d);
            }
        }
        if (rng.chance(cfg.dimensionUpdateShare())) {
            dimensionChange();
        }
    }

    private void runFollowUp(FollowUp f) {
        if (f.fact.deleted) {
            return;
        }
        if (f.delete) {
            deleteFact(f.fact);
        } else {
            updateFact(f.fact, false);
        }
    }

    // ---------------------------------------------------------------- backfill and growth of dimensions

    /**
     * The rows that exist before the start, as Sequin's backfill sends them: "read", a page of rows per
     * transaction; segments, then organizations, members and repositories. One page per call (so a large backfill
     * is never all in memory as messages); false when done.
     */
    private boolean backfillPage() {
        if (backfillTable == 0 && backfillRow == 0) {
            world.createInitial();
        }
        int[] counts = {world.segments.length, world.orgsCreated, world.membersCreated, world.reposCreated};
        while (backfillTable < counts.length && backfillRow >= counts[backfillTable]) {
            backfillTable++;
            backfillRow = 0;
        }
        if (backfillTable == counts.length) {
            return false;
        }
        beginTxn();
        int end = Math.min(counts[backfillTable], backfillRow + BACKFILL_PAGE);
        for (; backfillRow < end; backfillRow++) {
            int i = backfillRow;
            GeneratedMessage m = backfillTable == 0 ? segmentMessage(world.segments[i], "read", null, 0)
                    : backfillTable == 1 ? organizationMessage(world.orgs[i], "read", null, 0)
                    : backfillTable == 2 ? memberMessage(world.members[i], "read", null, 0)
                    : repositoryMessage(world.repos[i], "read", null, 0);
            delivery.deliver(m, step);
            trait("read");
        }
        return true;
    }

    /** Creates the members, organizations and repositories due at this point of the stream. */
    private void grow() {
        long live = totalActivities - backfillActivities;
        double progress = live <= 0 ? 1 : (double) (activitiesCreated - backfillActivities + 1) / live;
        int orgTarget = world.orgsInitial + (int) ((world.orgs.length - world.orgsInitial) * progress);
        while (world.orgsCreated < Math.min(orgTarget, world.orgs.length)) {
            beginTxn();
            Organization o = world.addOrganization(txnTs);
            announce(o, organizationMessage(o, "insert", null, 0));
            if (world.membersCreated < world.members.length) {
                // the organization's first member joins in the same transaction
                createMember(world.orgsCreated - 1);
            }
        }
        int memberTarget = world.membersInitial + (int) ((world.members.length - world.membersInitial) * progress);
        while (world.membersCreated < Math.min(memberTarget, world.members.length)) {
            beginTxn();
            createMember(-2);
        }
        int repoTarget = world.reposInitial + (int) ((world.repos.length - world.reposInitial) * progress);
        while (world.reposCreated < Math.min(repoTarget, world.repos.length)) {
            beginTxn();
            Repository r = world.addRepository(txnTs);
            if (announce(r, repositoryMessage(r, "insert", null, 0))) {
                forcedRepos.add(r);
            }
        }
    }

    private void createMember(int org) {
        Member m = world.addMember(txnTs, org);
        boolean held = announce(m, memberMessage(m, "insert", null, 0));
        if (held || org >= 0) {
            forcedMembers.add(m);
        }
    }

    /**
     * Delivers a new dimension row, or holds it so that the first facts using it arrive first: always the first
     * row of each table created mid-stream (so even a short stream has the case), then a share of them.
     */
    private boolean announce(Tracked entity, GeneratedMessage m) {
        trait("dimension-insert");
        boolean first = heldTables.add(m.topic);
        if (cfg.factsBeforeDimensionShare() > 0 && first || deliveryRng.chance(cfg.factsBeforeDimensionShare())) {
            delivery.holdUntilStep(m, entity, step + 2 + deliveryRng.nextInt(16));
            trait("fact-before-dimension");
            return true;
        }
        delivery.deliver(m, step);
        return false;
    }

    // ---------------------------------------------------------------- changes of facts

    private void remember(Fact f) {
        recent[recentNext] = f;
        recentNext = (recentNext + 1) % recent.length;
        recentSize = Math.min(recentSize + 1, recent.length);
    }

    /** A live row of the recent window, or null. */
    private Fact pickRecent() {
        for (int t = 0; t < 4 && recentSize > 0; t++) {
            Fact f = recent[rng.nextInt(recentSize)];
            if (!f.deleted) {
                return f;
            }
        }
        return null;
    }

    /**
     * Commits an update of an activity relation: updatedAt moves on, one or two columns change (their old values
     * go to {@code changes}), and some unchanged non-key columns may come as unchanged_toast. {@code special}
     * allows the delivery anomalies for it.
     */
    private void updateFact(Fact f, boolean special) {
        beginTxn();
        long old = f.updatedAt;
        f.updatedAt = Math.max(txnTs, old + 1);
        changes.setLength(0);
        changes.append('{');
        json.tsField(changes, "updatedAt", old);
        int changed = 0;
        int count = 1 + rng.nextInt(2);
        for (int i = 0; i < count; i++) {
            double r = rng.nextDouble();
            if (r < 0.35) {
                Json.field(changes, "score", f.score);
                f.score = 1 + rng.nextInt(10);
            } else if (r < 0.55 && f.sentimentScore >= 0) {
                Json.field(changes, "sentimentScore", f.sentimentScore);
                f.sentimentScore = rng.nextInt(101);
            } else if (r < 0.75 && (changed & ActivityColumns.ORGANIZATION_ID) == 0) {
                // the member's affiliation was fixed: set, or cleared
                Json.field(changes, "organizationId", f.organizationId);
                Member m = world.memberById(f.memberId);
                f.organizationId = f.organizationId.isEmpty() ? world.organizationIdOf(m) : "";
                changed |= ActivityColumns.ORGANIZATION_ID;
            } else if (r < 0.85 && f.gitInsertions > 0) {
                Json.field(changes, "gitInsertions", f.gitInsertions);
                Json.field(changes, "gitDeletions", f.gitDeletions);
                f.gitInsertions += rng.nextInt(40);
                f.gitDeletions += rng.nextInt(10);
            } else if ("pull_request-reviewed".equals(f.type) && !"APPROVED".equals(f.pullRequestReviewState)
                    && (changed & ActivityColumns.PULL_REQUEST_REVIEW_STATE) == 0) {
                Json.field(changes, "pullRequestReviewState", f.pullRequestReviewState);
                f.pullRequestReviewState = "APPROVED";
                changed |= ActivityColumns.PULL_REQUEST_REVIEW_STATE;
            } else if ((changed & ActivityColumns.CONVERSATION_ID) == 0 && "message".equals(f.type)) {
                Json.field(changes, "conversationId", f.conversationId);
                f.conversationId = activities.newConversationId();
                changed |= ActivityColumns.CONVERSATION_ID;
            } else {
                Json.field(changes, "isContribution", f.isContribution);
                f.isContribution = !f.isContribution;
            }
        }
        Json.dropComma(changes).append('}');
        int toast = 0;
        if (toastNow(f, ACTIVITY_RELATIONS)) {
            int n = 1 + rng.nextInt(3);
            for (int i = 0; i < n; i++) {
                toast |= FACT_TOASTABLE[rng.nextInt(FACT_TOASTABLE.length)];
            }
            toast &= ~changed;
            if (toast == 0) {
                toast = ActivityColumns.USERNAME; // never changed by an update
            }
        }
        trait("update");
        deliverFactChange(f, factMessage(f, "update", changes, toast), special);
    }

    private void deleteFact(Fact f) {
        beginTxn();
        f.deleted = true;
        trait("delete");
        // Sequin sends the last row image of a deleted row
        delivery.deliver(factMessage(f, "delete", null, 0), step);
    }

    /**
     * Delivers a fact change, or makes it one of the delivery anomalies: out of order (its next version is
     * committed now and delivered first) or late (held for hours while the row moves on).
     */
    private void deliverFactChange(Fact f, GeneratedMessage m, boolean special) {
        if (special && deliveryRng.chance(cfg.outOfOrderShare())) {
            delivery.holdUntilStep(m, f, step + 1 + deliveryRng.nextInt(20));
            trait("out-of-order");
            updateFact(f, false);
            return;
        }
        if (special && deliveryRng.chance(cfg.lateShare())) {
            long min = cfg.lateDelayMin().toMillis();
            long max = cfg.lateDelayMax().toMillis();
            delivery.holdUntilTime(m, f, m.commitTimestamp + min + deliveryRng.nextLong(max - min + 1), step);
            trait("late");
            // the row moves on meanwhile: updated, or deleted (always the first time: a late insert after a delete)
            boolean delete = lateMessages++ == 0 || deliveryRng.chance(0.3);
            followUps.add(new FollowUp(step + 1 + deliveryRng.nextInt(20), followUpSeq++, f, delete));
            return;
        }
        delivery.deliver(m, step);
    }

    // ---------------------------------------------------------------- changes of dimensions

    /** The dimension changes, in the order of the first round (so that even a short stream has each once). */
    private static final String[] DIMENSION_CHANGES = {
        "member-became-bot", "segment-archived", "repository-disabled", "member-became-team-member",
        "member-renamed", "organization-moved", "repository-excluded", "repository-soft-deleted",
        "repository-restored", "segment-reactivated", "segment-renamed", "member-deleted", "repository-deleted"
    };
    private void dimensionChange() {
        beginTxn();
        int n = dimensionChanges++;
        int kind = n < DIMENSION_CHANGES.length ? n : nextDimensionChange();
        String name = DIMENSION_CHANGES[kind];
        GeneratedMessage m;
        switch (kind) {
            case 0:
            case 3:
                m = memberFlag(kind == 0);
                break;
            case 4:
                m = memberRenamed();
                break;
            case 5:
                m = organizationMoved();
                break;
            case 1:
            case 9:
                m = segmentStatus(kind == 1);
                break;
            case 10:
                m = segmentRenamed();
                break;
            case 11:
                m = memberDeleted();
                break;
            case 12:
                m = repositoryDeleted();
                break;
            default:
                m = repositoryChange(kind);
        }
        if (m == null) {
            return; // nothing this change applies to right now
        }
        trait(name);
        trait(kind >= 11 ? "dimension-delete" : "dimension-update");
        delivery.deliver(m, step);
    }

    /**
     * After the first round: a table in proportion to its rows (so each row changes about as often, whatever the
     * table's size), then a change of that table. Returns an index into DIMENSION_CHANGES.
     */
    private int nextDimensionChange() {
        long r = rng.nextLong(world.membersCreated + world.orgsCreated + world.leaves.length + world.reposCreated);
        double u = rng.nextDouble();
        if (r < world.membersCreated) {
            return u < 0.25 ? 0 : u < 0.4 ? 3 : u < 0.9 ? 4 : 11;
        }
        r -= world.membersCreated;
        if (r < world.orgsCreated) {
            return 5;
        }
        r -= world.orgsCreated;
        if (r < world.leaves.length) {
            return u < 0.4 ? 1 : u < 0.7 ? 9 : 10;
        }
        return u < 0.25 ? 2 : u < 0.4 ? 6 : u < 0.55 ? 7 : u < 0.85 ? 8 : 12;
    }

    /**
     * Whether this update sends unchanged columns as unchanged_toast: never while an earlier version of the row is
     * still undelivered (the consumer could not fill them in), always the first time for a table (so every table
     * that can has the case), else with {@code toastShare}.
     */
    private boolean toastNow(Tracked row, String table) {
        if (row.undelivered != 0 || cfg.toastShare() == 0) {
            return false;
        }
        boolean toast = toastedTables.add(table) || rng.chance(cfg.toastShare());
        if (toast) {
            trait("toast");
        }
        return toast;
    }

    private void startChanges() {
        changes.setLength(0);
        changes.append('{');
    }

    /** Closes the changes object with the old updatedAt and moves the row's updatedAt forward. */
    private void endChanges(Tracked row) {
        json.tsField(changes, "updatedAt", row.updatedAt);
        Json.dropComma(changes).append('}');
        row.updatedAt = Math.max(txnTs, row.updatedAt + 1);
    }

    /** A member becomes a bot, or a team member. */
    private GeneratedMessage memberFlag(boolean bot) {
        Member m = world.memberWhere(x -> bot ? !x.bot : !x.teamMember);
        if (m == null) {
            return null;
        }
        startChanges();
        Json.name(changes, "attributes");
        RecordJson.attributes(changes, m);
        endChanges(m);
        if (bot) {
            m.bot = true;
        } else {
            m.teamMember = true;
        }
        return memberMessage(m, "update", changes, toastNow(m, MEMBERS) ? MemberRow.DISPLAY_NAME : 0);
    }

    private GeneratedMessage memberRenamed() {
        Member m = world.memberWhere(x -> !x.bot);
        if (m == null) {
            return null;
        }
        startChanges();
        Json.field(changes, "displayName", m.displayName);
        endChanges(m);
        m.displayName = m.displayName + " (" + rng.pick(Vocabulary.LAST_NAMES) + ")";
        return memberMessage(m, "update", changes, toastNow(m, MEMBERS) ? MemberRow.ATTRIBUTES : 0);
    }

    private GeneratedMessage memberDeleted() {
        // the scripted accounts (the first few) stay
        Member m = world.memberWhere(x -> world.indexOf(x) >= 8);
        if (m == null) {
            return null;
        }
        m.deleted = true;
        return memberMessage(m, "delete", null, 0);
    }

    private GeneratedMessage organizationMoved() {
        Organization o = world.orgs[rng.nextInt(world.orgsCreated)];
        String[] place = rng.pick(Vocabulary.PLACES);
        if (place[0].equals(o.country) && place[1].equals(o.location)) {
            return null;
        }
        startChanges();
        Json.field(changes, "country", o.country);
        Json.field(changes, "location", o.location);
        endChanges(o);
        o.country = place[0];
        o.location = place[1];
        return organizationMessage(o, "update", changes, toastNow(o, ORGANIZATIONS) ? OrganizationRow.DISPLAY_NAME : 0);
    }

    /** Archives an active leaf segment (while at most half are archived), or reactivates an archived one. */
    private GeneratedMessage segmentStatus(boolean archive) {
        int archived = 0;
        for (int i : world.leaves) {
            archived += "active".equals(world.segments[i].status) ? 0 : 1;
        }
        if (archive && archived * 2 >= world.leaves.length) {
            return null;
        }
        Segment s = null;
        for (int t = 0; t < 16 && s == null; t++) {
            Segment c = world.leaf(rng.nextInt(world.leaves.length));
            s = "active".equals(c.status) == archive ? c : null;
        }
        if (s == null) {
            return null;
        }
        startChanges();
        Json.field(changes, "status", s.status);
        endChanges(s);
        s.status = archive ? "archived" : "active";
        return segmentMessage(s, "update", changes, toastNow(s, SEGMENTS) ? SegmentRow.NAME : 0);
    }

    private GeneratedMessage segmentRenamed() {
        Segment s = world.segments[rng.nextInt(world.segments.length)];
        startChanges();
        Json.field(changes, "name", s.name);
        endChanges(s);
        s.name = s.name + " (" + (1 + rng.nextInt(9)) + ")";
        return segmentMessage(s, "update", changes, toastNow(s, SEGMENTS) ? SegmentRow.SLUG : 0);
    }

    /** Repository switched off (disabled, excluded, soft-deleted) or back on, by DIMENSION_CHANGES index. */
    private GeneratedMessage repositoryChange(int kind) {
        String name = DIMENSION_CHANGES[kind];
        Repository r = world.repositoryWhere(x -> {
            switch (name) {
                case "repository-disabled":
                    return x.enabled;
                case "repository-excluded":
                    return !x.excluded;
                case "repository-soft-deleted":
                    return x.deletedAt == null;
                default:
                    return !x.enabled || x.excluded || x.deletedAt != null;
            }
        });
        if (r == null) {
            return null;
        }
        startChanges();
        switch (name) {
            case "repository-disabled":
                Json.field(changes, "enabled", true);
                r.enabled = false;
                break;
            case "repository-excluded":
                Json.field(changes, "excluded", false);
                r.excluded = true;
                break;
            case "repository-soft-deleted":
                Json.name(changes, "deletedAt").append("null,");
                r.deletedAt = txnTs;
                break;
            default:
                if (!r.enabled) {
                    Json.field(changes, "enabled", false);
                }
                if (r.excluded) {
                    Json.field(changes, "excluded", true);
                }
                if (r.deletedAt != null) {
                    json.tsField(changes, "deletedAt", r.deletedAt);
                }
                r.enabled = true;
                r.excluded = false;
                r.deletedAt = null;
        }
        endChanges(r);
        return repositoryMessage(r, "update", changes, toastNow(r, REPOSITORIES) ? RepositoryRow.URL : 0);
    }

    /** A repository row removed for good (a tombstone, unlike the soft delete through deletedAt). */
    private GeneratedMessage repositoryDeleted() {
        Repository r = world.repositoryWhere(x -> true);
        if (r == null) {
            return null;
        }
        r.deleted = true;
        return repositoryMessage(r, "delete", null, 0);
    }

    // ================================================================== envelopes

    private GeneratedMessage factMessage(Fact f, String action, CharSequence changed, int toast) {
        startEnvelope();
        records.fact(sb, f, toast);
        return endEnvelope(
                ACTIVITY_RELATIONS, ACTIVITY_RELATIONS, f.activityId, action, changed, GeneratedMessage.VALID);
    }

    private GeneratedMessage memberMessage(Member m, String action, CharSequence changed, int toast) {
        startEnvelope();
        records.member(sb, m, toast);
        return endEnvelope(MEMBERS, MEMBERS, m.id, action, changed, GeneratedMessage.VALID);
    }

    private GeneratedMessage organizationMessage(Organization o, String action, CharSequence changed, int toast) {
        startEnvelope();
        records.organization(sb, o, toast);
        return endEnvelope(ORGANIZATIONS, ORGANIZATIONS, o.id, action, changed, GeneratedMessage.VALID);
    }

    private GeneratedMessage segmentMessage(Segment s, String action, CharSequence changed, int toast) {
        startEnvelope();
        records.segment(sb, s, toast);
        return endEnvelope(SEGMENTS, SEGMENTS, s.id, action, changed, GeneratedMessage.VALID);
    }

    private GeneratedMessage repositoryMessage(Repository r, String action, CharSequence changed, int toast) {
        startEnvelope();
        records.repository(sb, r, toast);
        return endEnvelope(REPOSITORIES, REPOSITORIES, r.id, action, changed, GeneratedMessage.VALID);
    }

    private void startEnvelope() {
        sb.setLength(0);
        sb.append("{\"record\":");
    }

    private GeneratedMessage endEnvelope(
            String tableName, String topic, String key, String action, CharSequence changed, String kind) {
        sb.append(",\"changes\":");
        if (changed == null) {
            sb.append("null");
        } else {
            sb.append(changed);
        }
        sb.append(",\"action\":");
        Json.str(sb, action);
        sb.append(",\"metadata\":{\"table_schema\":\"public\",\"table_name\":");
        Json.str(sb, tableName);
        sb.append(",\"commit_timestamp\":");
        json.iso(sb, txnTs);
        int idx = txnIdx++;
        sb.append(",\"commit_lsn\":").append(lsn).append(",\"commit_idx\":").append(idx);
        sb.append(",\"idempotency_key\":\"")
                .append(base64.encodeToString((lsn + ":" + idx).getBytes(StandardCharsets.US_ASCII)))
                .append("\",\"transaction_annotations\":null,\"database_name\":\"crowd-web\",")
                .append("\"consumer\":{\"id\":\"6f1d2c3b-0a9e-4d8c-b7a6-5e4f3d2c1b0a\",\"name\":\"lambda-")
                .append(topic)
                .append("\",\"annotations\":null}}}");
        if (GeneratedMessage.VALID.equals(kind) && deliveryRng.chance(malformedPerValid)) {
            pendingMalformed++; // bad input comes in proportion to the good
        }
        return new GeneratedMessage(topic, key.getBytes(StandardCharsets.UTF_8),
                sb.toString().getBytes(StandardCharsets.UTF_8), txnTs, kind);
    }

    // ================================================================== malformed messages

    private void emitPendingMalformed() {
        while (pendingMalformed > 0) {
            pendingMalformed--;
            MalformedKind k = nextKind();
            if (k == null) {
                pendingMalformed = 0;
                return;
            }
            beginTxn();
            delivery.deliverOnce(malformed(k));
            trait("malformed");
        }
    }

    /** Round-robin over the configured kinds, so even a short stream has every kind. */
    private MalformedKind nextKind() {
        for (int t = 0; t < kinds.length; t++) {
            MalformedKind k = kinds[kindCursor++ % kinds.length];
            if (k != MalformedKind.OVERSIZED || oversized < cfg.maxOversized()) {
                return k;
            }
        }
        return null;
    }

    private GeneratedMessage malformed(MalformedKind k) {
        String code = k.code();
        int variant = deliveryRng.nextInt(4);
        boolean onDimension = (k == MalformedKind.TRUNCATED_JSON || k == MalformedKind.NULL_RECORD
                || k == MalformedKind.UNKNOWN_ACTION) && deliveryRng.chance(0.25);
        if (onDimension) {
            Member m = world.members[rng.nextInt(world.membersCreated)];
            startEnvelope();
            if (k == MalformedKind.NULL_RECORD) {
                sb.append("null");
            } else {
                records.member(sb, m, 0);
            }
            String action = k == MalformedKind.UNKNOWN_ACTION ? "upsert" : "update";
            GeneratedMessage msg = endEnvelope(MEMBERS, MEMBERS, m.id, action, null, code);
            return k == MalformedKind.TRUNCATED_JSON ? Corruptions.truncated(msg, deliveryRng) : msg;
        }
        Fact g = activities.ghost(txnTs);
        String table = ACTIVITY_RELATIONS;
        String action = "insert";
        CharSequence changed = null;
        switch (k) {
            case WRONG_TYPE:
                String[][] wrong = {
                    {"gitInsertions", "\"12 lines\""}, {"gitInsertions", "\"twelve\""},
                    {"sentimentScore", "\"positive\""}, {"isContribution", "\"yes\""}
                };
                records.override(wrong[variant][0], wrong[variant][1]);
                break;
            case MISSING_KEY_COLUMN:
                records.override(variant < 3 ? "segmentId" : "sourceId", null);
                break;
            case UNKNOWN_ACTION:
                action = variant < 2 ? "upsert" : variant == 2 ? "truncate" : "INSERTED";
                break;
            case UNKNOWN_TABLE:
                table = variant < 2 ? "activities" : variant == 2 ? "activityRelations_archive" : "memberIdentities";
                break;
            case INVALID_TIMESTAMP:
                String[] bad = {"\"2024-13-01T00:00:00Z\"", "\"yesterday\"", "\"2024-02-30 10:00:00+00\"", "\"\""};
                records.override("timestamp", bad[variant]);
                break;
            case TOAST_IN_KEY:
                String[] key = {"channel", "sourceId", "type", "timestamp"};
                records.override(key[variant], "\"unchanged_toast\"");
                action = "update";
                changes.setLength(0);
                changes.append('{');
                json.tsField(changes, "updatedAt", g.updatedAt - 60_000);
                Json.dropComma(changes).append('}');
                changed = changes;
                break;
            case INVALID_UTF8:
                records.override("username", "\"" + g.username + Corruptions.LATIN1_MARK + "\"");
                break;
            case OVERSIZED:
                oversized++;
                records.override("body", Corruptions.oversizedBody(deliveryRng));
                break;
            default:
                break;
        }
        startEnvelope();
        if (k == MalformedKind.NULL_RECORD) {
            sb.append("null");
        } else {
            records.fact(sb, g, 0);
        }
        GeneratedMessage msg = endEnvelope(table, ACTIVITY_RELATIONS, g.activityId, action, changed, code);
        if (k == MalformedKind.TRUNCATED_JSON) {
            return Corruptions.truncated(msg, deliveryRng);
        }
        if (k == MalformedKind.INVALID_UTF8) {
            return Corruptions.latin1(msg);
        }
        return msg;
    }

    private void trait(String name) {
        trait(name, 1);
    }

    private void trait(String name, long n) {
        traits.merge(name, n, Long::sum);
    }

    /** A change owed to a row whose earlier version is held late: makes the late version an old one. */
    private static final class FollowUp {
        static final Comparator<FollowUp> ORDER =
                Comparator.<FollowUp>comparingLong(f -> f.due).thenComparingLong(f -> f.seq);
        final long due;
        final long seq;
        final Fact fact;
        final boolean delete;

        FollowUp(long due, long seq, Fact fact, boolean delete) {
            this.due = due;
            this.seq = seq;
            this.fact = fact;
            this.delete = delete;
        }
    }
}
