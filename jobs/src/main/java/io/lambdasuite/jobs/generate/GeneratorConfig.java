package io.lambdasuite.jobs.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Everything that shapes a generated CDC stream. Immutable; build one with {@link #builder()} or change a copy
 * with {@link #toBuilder()}. Same config (seed included) gives a byte-identical stream.
 *
 * <p>Shares named {@code ...Share} are probabilities: per message for {@code malformedShare},
 * {@code duplicateShare}, {@code lateShare} and {@code outOfOrderShare}; per generated activity for
 * {@code updateShare}, {@code deleteShare} and {@code dimensionUpdateShare}; per entity for the member flags. Entity
 * counts left at 0 are derived from {@code activities}.
 */
public final class GeneratorConfig {
    /** The default first commit instant. */
    public static final Instant DEFAULT_START = Instant.parse("2024-05-01T00:00:00Z");

    private final long seed;
    private final long activities;
    private final Instant start;
    private final double hours;
    private final double malformedShare;
    private final Set<MalformedKind> malformedKinds;
    private final int maxOversized;
    private final double duplicateShare;
    private final double lateShare;
    private final Duration lateDelayMin;
    private final Duration lateDelayMax;
    private final double outOfOrderShare;
    private final double updateShare;
    private final double deleteShare;
    private final double readShare;
    private final double toastShare;
    private final double botShare;
    private final double teamMemberShare;
    private final double organizationAccountShare;
    private final double dimensionUpdateShare;
    private final double factsBeforeDimensionShare;
    private final double unknownRepositoryShare;
    private final int members;
    private final int organizations;
    private final int segments;
    private final int repositories;
    private final int recentFacts;
    private final int lateBufferLimit;

    private GeneratorConfig(Builder b) {
        seed = b.seed;
        activities = b.activities;
        start = b.start;
        hours = b.hours;
        malformedShare = b.malformedShare;
        malformedKinds = Collections.unmodifiableSet(EnumSet.copyOf(b.malformedKinds));
        maxOversized = b.maxOversized;
        duplicateShare = b.duplicateShare;
        lateShare = b.lateShare;
        lateDelayMin = b.lateDelayMin;
        lateDelayMax = b.lateDelayMax;
        outOfOrderShare = b.outOfOrderShare;
        updateShare = b.updateShare;
        deleteShare = b.deleteShare;
        readShare = b.readShare;
        toastShare = b.toastShare;
        botShare = b.botShare;
        teamMemberShare = b.teamMemberShare;
        organizationAccountShare = b.organizationAccountShare;
        dimensionUpdateShare = b.dimensionUpdateShare;
        factsBeforeDimensionShare = b.factsBeforeDimensionShare;
        unknownRepositoryShare = b.unknownRepositoryShare;
        members = b.members;
        organizations = b.organizations;
        segments = b.segments;
        repositories = b.repositories;
        recentFacts = b.recentFacts;
        lateBufferLimit = b.lateBufferLimit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: seed 42, 10 000 activities over 2 hours from 2024-05-01T00:00:00Z, 1% malformed. */
    public static GeneratorConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.seed = seed;
        b.activities = activities;
        b.start = start;
        b.hours = hours;
        b.malformedShare = malformedShare;
        b.malformedKinds = EnumSet.copyOf(malformedKinds);
        b.maxOversized = maxOversized;
        b.duplicateShare = duplicateShare;
        b.lateShare = lateShare;
        b.lateDelayMin = lateDelayMin;
        b.lateDelayMax = lateDelayMax;
        b.outOfOrderShare = outOfOrderShare;
        b.updateShare = updateShare;
        b.deleteShare = deleteShare;
        b.readShare = readShare;
        b.toastShare = toastShare;
        b.botShare = botShare;
        b.teamMemberShare = teamMemberShare;
        b.organizationAccountShare = organizationAccountShare;
        b.dimensionUpdateShare = dimensionUpdateShare;
        b.factsBeforeDimensionShare = factsBeforeDimensionShare;
        b.unknownRepositoryShare = unknownRepositoryShare;
        b.members = members;
        b.organizations = organizations;
        b.segments = segments;
        b.repositories = repositories;
        b.recentFacts = recentFacts;
        b.lateBufferLimit = lateBufferLimit;
        return b;
    }

    // ------------------------------------------------------------------ values

    /** Seed of every random choice. */
    public long seed() {
        return seed;
    }

    /** Distinct activity relations created (backfill reads included); updates and deletes come on top. */
    public long activities() {
        return activities;
    }

    /** commit_timestamp of the first change. */
    public Instant start() {
        return start;
    }

    /** Span of the simulated commit clock, in hours. */
    public double hours() {
        return hours;
    }

    public long spanMillis() {
        return Math.max(1L, Math.round(hours * 3_600_000d));
    }

    /** Share of all messages that are malformed, spread round-robin over {@link #malformedKinds()}. */
    public double malformedShare() {
        return malformedShare;
    }

    public Set<MalformedKind> malformedKinds() {
        return malformedKinds;
    }

    /** Cap on oversized (over 1 MiB) messages in one stream, so large runs stay a sane size on disk. */
    public int maxOversized() {
        return maxOversized;
    }

    /** Share of valid messages delivered a second time, byte-identical, a little later. */
    public double duplicateShare() {
        return duplicateShare;
    }

    /** Share of fact messages held back for {@code lateDelayMin..lateDelayMax} of simulated time. */
    public double lateShare() {
        return lateShare;
    }

    public Duration lateDelayMin() {
        return lateDelayMin;
    }

    public Duration lateDelayMax() {
        return lateDelayMax;
    }

    /** Share of fact changes whose next version is committed at once and delivered before them. */
    public double outOfOrderShare() {
        return outOfOrderShare;
    }

    /** Probability, per generated activity, that a recent activity relation is updated. */
    public double updateShare() {
        return updateShare;
    }

    /** Probability, per generated activity, that a recent activity relation is deleted. */
    public double deleteShare() {
        return deleteShare;
    }

    /** Share of activities delivered first as a {@code read} backfill (older rows, current state). */
    public double readShare() {
        return readShare;
    }

    /** Share of updates that send some unchanged non-key columns as {@code unchanged_toast} (when allowed). */
    public double toastShare() {
        return toastShare;
    }

    public double botShare() {
        return botShare;
    }

    public double teamMemberShare() {
        return teamMemberShare;
    }

    public double organizationAccountShare() {
        return organizationAccountShare;
    }

    /** Probability, per generated activity, of a dimension change (member becomes a bot, repo disabled, ...). */
    public double dimensionUpdateShare() {
        return dimensionUpdateShare;
    }

    /** Share of members, organizations and repositories created mid-stream whose row arrives after their first fact. */
    public double factsBeforeDimensionShare() {
        return factsBeforeDimensionShare;
    }

    /** Share of code-platform activities whose channel has no repository row. */
    public double unknownRepositoryShare() {
        return unknownRepositoryShare;
    }

    /** Size of the window of recent activity relations that updates and deletes pick from (bounds memory). */
    public int recentFacts() {
        return recentFacts;
    }

    /** Most late messages held at once; beyond it the oldest is released early (bounds memory). */
    public int lateBufferLimit() {
        return lateBufferLimit;
    }

    /** Members: as set, else activities / 20 within [50, 200 000]. */
    public int members() {
        return members > 0 ? members : (int) clamp(activities / 20, 50, 200_000);
    }

    /** Organizations: as set, else members / 8 within [8, 25 000]. */
    public int organizations() {
        return organizations > 0 ? organizations : (int) clamp(members() / 8, 8, 25_000);
    }

    /** Leaf segments (subprojects) that activities belong to: as set, else activities / 2 000 within [4, 400]. */
    public int segments() {
        return segments > 0 ? segments : (int) clamp(activities / 2_000, 4, 400);
    }

    /** Repositories: as set, else 8 per leaf segment within [12, 5 000]. */
    public int repositories() {
        return repositories > 0 ? repositories : (int) clamp(segments() * 8L, 12, 5_000);
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    @Override
    public String toString() {
        return "GeneratorConfig{seed=" + seed + ", activities=" + activities + ", start=" + start + ", hours=" + hours
                + ", malformedShare=" + malformedShare + ", duplicateShare=" + duplicateShare + ", lateShare="
                + lateShare + ", outOfOrderShare=" + outOfOrderShare + ", updateShare=" + updateShare
                + ", deleteShare=" + deleteShare + ", readShare=" + readShare + ", members=" + members()
                + ", organizations=" + organizations() + ", segments=" + segments() + ", repositories="
                + repositories() + "}";
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private long seed = 42L;
        private long activities = 10_000L;
        private Instant start = DEFAULT_START;
        private double hours = 2.0;
        private double malformedShare = 0.01;
        private Set<MalformedKind> malformedKinds = EnumSet.allOf(MalformedKind.class);
        private int maxOversized = 20;
        private double duplicateShare = 0.01;
        private double lateShare = 0.002;
        private Duration lateDelayMin = Duration.ofHours(1);
        private Duration lateDelayMax = Duration.ofHours(3);
        private double outOfOrderShare = 0.005;
        private double updateShare = 0.10;
        private double deleteShare = 0.01;
        private double readShare = 0.05;
        private double toastShare = 0.25;
        private double botShare = 0.05;
        private double teamMemberShare = 0.03;
        private double organizationAccountShare = 0.01;
        private double dimensionUpdateShare = 0.002;
        private double factsBeforeDimensionShare = 0.25;
        private double unknownRepositoryShare = 0.01;
        private int members;
        private int organizations;
        private int segments;
        private int repositories;
        private int recentFacts = 20_000;
        private int lateBufferLimit = 100_000;

        private Builder() {}

        public Builder seed(long v) { seed = v; return this; }
        public Builder activities(long v) { activities = v; return this; }
        public Builder start(Instant v) { start = v; return this; }
        public Builder hours(double v) { hours = v; return this; }
        public Builder malformedShare(double v) { malformedShare = v; return this; }
        public Builder malformedKinds(Set<MalformedKind> v) { malformedKinds = EnumSet.copyOf(v); return this; }
        public Builder maxOversized(int v) { maxOversized = v; return this; }
        public Builder duplicateShare(double v) { duplicateShare = v; return this; }
        public Builder lateShare(double v) { lateShare = v; return this; }
        public Builder lateDelay(Duration min, Duration max) { lateDelayMin = min; lateDelayMax = max; return this; }
        public Builder outOfOrderShare(double v) { outOfOrderShare = v; return this; }
        public Builder updateShare(double v) { updateShare = v; return this; }
        public Builder deleteShare(double v) { deleteShare = v; return this; }
        public Builder readShare(double v) { readShare = v; return this; }
        public Builder toastShare(double v) { toastShare = v; return this; }
        public Builder botShare(double v) { botShare = v; return this; }
        public Builder teamMemberShare(double v) { teamMemberShare = v; return this; }
        public Builder organizationAccountShare(double v) { organizationAccountShare = v; return this; }
        public Builder dimensionUpdateShare(double v) { dimensionUpdateShare = v; return this; }
        public Builder factsBeforeDimensionShare(double v) { factsBeforeDimensionShare = v; return this; }
        public Builder unknownRepositoryShare(double v) { unknownRepositoryShare = v; return this; }
        public Builder members(int v) { members = v; return this; }
        public Builder organizations(int v) { organizations = v; return this; }
        public Builder segments(int v) { segments = v; return this; }
        public Builder repositories(int v) { repositories = v; return this; }
        public Builder recentFacts(int v) { recentFacts = v; return this; }
        public Builder lateBufferLimit(int v) { lateBufferLimit = v; return this; }

        /** Validates and builds; throws {@link IllegalArgumentException} naming the offending option. */
        public GeneratorConfig build() {
            require(activities >= 0, "activities must be >= 0");
            require(start != null, "start must be set");
            require(hours > 0 && hours <= 24 * 366, "hours must be in (0, 8784]");
            share("malformedShare", malformedShare, true);
            share("duplicateShare", duplicateShare, true);
            share("lateShare", lateShare, true);
            share("outOfOrderShare", outOfOrderShare, true);
            share("updateShare", updateShare, false);
            share("deleteShare", deleteShare, false);
            share("readShare", readShare, false);
            share("toastShare", toastShare, false);
            share("botShare", botShare, false);
            share("teamMemberShare", teamMemberShare, false);
            share("organizationAccountShare", organizationAccountShare, false);
            share("dimensionUpdateShare", dimensionUpdateShare, false);
            share("factsBeforeDimensionShare", factsBeforeDimensionShare, false);
            share("unknownRepositoryShare", unknownRepositoryShare, false);
            require(malformedKinds != null && (malformedShare == 0 || !malformedKinds.isEmpty()),
                    "malformedKinds must not be empty when malformedShare > 0");
            require(maxOversized >= 0, "maxOversized must be >= 0");
            require(lateDelayMin != null && lateDelayMax != null && !lateDelayMin.isNegative()
                    && lateDelayMax.compareTo(lateDelayMin) >= 0, "lateDelay: need 0 <= min <= max");
            require(members >= 0 && organizations >= 0 && segments >= 0 && repositories >= 0,
                    "entity counts must be >= 0 (0 = derived)");
            require(recentFacts >= 1, "recentFacts must be >= 1");
            require(lateBufferLimit >= 1, "lateBufferLimit must be >= 1");
            return new GeneratorConfig(this);
        }

        private static void share(String name, double v, boolean belowOne) {
            require(v >= 0 && (belowOne ? v < 1 : v <= 1),
                    name + " must be in [0, " + (belowOne ? "1)" : "1]") + ": " + v);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
