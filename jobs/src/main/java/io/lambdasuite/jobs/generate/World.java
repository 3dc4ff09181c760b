package io.lambdasuite.jobs.generate;

import io.lambdasuite.jobs.generate.Rows.Member;
import io.lambdasuite.jobs.generate.Rows.Organization;
import io.lambdasuite.jobs.generate.Rows.Repository;
import io.lambdasuite.jobs.generate.Rows.Segment;
import io.lambdasuite.jobs.generate.Rows.Tracked;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The simulated database's dimension tables: the current state of every segment, organization, member and
 * repository, which exist from the backfill or are created as the stream goes on. Kept whole in memory (their size
 * is bounded by the configured counts); the generator reads and changes them directly.
 */
final class World {
    static final long DAY_MS = 86_400_000L;
    private static final String[] LEAF_SUFFIXES = {"Core", "SDK", "Docs", "Website", "Operator", "CLI"};
    /** Code hosts by repository index: mostly GitHub. */
    private static final String[] HOSTS = {"github", "github", "github", "gitlab", "gerrit"};
    static final int GITHUB = 0;
    static final int GITLAB = 1;
    static final int GERRIT = 2;

    private final GeneratorConfig cfg;
    private final Rng rng;
    private final long startMs;

    /** Project groups, then projects, then the leaf segments (subprojects) activities belong to. */
    final Segment[] segments;
    /** Indexes of the leaf segments in {@link #segments}. */
    final int[] leaves;
    final Organization[] orgs;
    int orgsCreated;
    final int orgsInitial;
    final Member[] members;
    int membersCreated;
    final int membersInitial;
    final Repository[] repos;
    int reposCreated;
    final int reposInitial;
    private final List<List<Repository>> reposByHost = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

    World(GeneratorConfig cfg, Rng rng) {
        this.cfg = cfg;
        this.rng = rng;
        this.startMs = cfg.start().toEpochMilli();
        int leafCount = cfg.segments();
        int parentCount = Math.max(1, leafCount / 3);
        int groupCount = Math.max(1, Math.min(Vocabulary.GROUPS.length, leafCount / 10 + 1));
        this.segments = new Segment[groupCount + parentCount + leafCount];
        this.leaves = new int[leafCount];
        this.orgs = new Organization[cfg.organizations()];
        this.orgsInitial = Math.max(1, (int) (orgs.length * 0.8));
        this.members = new Member[cfg.members()];
        this.membersInitial = Math.max(1, (int) (members.length * 0.8));
        this.repos = new Repository[cfg.repositories()];
        this.reposInitial = Math.max(1, (int) (repos.length * 0.9));
    }

    /** Creates what exists before the stream starts: every segment, 80% of organizations and members, 90% of repos. */
    void createInitial() {
        int leafCount = leaves.length;
        int parentCount = Math.max(1, leafCount / 3);
        int groupCount = segments.length - parentCount - leafCount;
        for (int i = 0; i < segments.length; i++) {
            segments[i] = newSegment(i, groupCount, parentCount);
            if (segments[i].leaf) {
                leaves[i - groupCount - parentCount] = i;
            }
        }
        while (orgsCreated < Math.min(orgsInitial, orgs.length)) {
            addOrganization(-1);
        }
        while (membersCreated < Math.min(membersInitial, members.length)) {
            addMember(-1, -2);
        }
        while (reposCreated < Math.min(reposInitial, repos.length)) {
            addRepository(-1);
        }
    }

    /** A new organization; {@code createdAt} < 0 for one of the backfill. */
    Organization addOrganization(long createdAt) {
        Organization o = newOrganization(orgsCreated, createdAt);
        orgs[orgsCreated++] = o;
        return o;
    }

    /** A new member; {@code org} = -2 to choose one, -1 for none, else the organization index. */
    Member addMember(long createdAt, int org) {
        Member m = newMember(membersCreated, createdAt, org);
        members[membersCreated++] = m;
        return m;
    }

    Repository addRepository(long createdAt) {
        Repository r = newRepository(reposCreated, createdAt);
        repos[reposCreated++] = r;
        reposByHost.get(hostIndex(r.host)).add(r);
        return r;
    }

    // ------------------------------------------------------------------ picking rows

    /** A member for an activity, skewed toward the most active (low indexes); rarely a deleted one. */
    Member pickMember() {
        Member m = null;
        for (int t = 0; t < 4; t++) {
            m = members[rng.skewed(membersCreated)];
            if (!m.deleted) {
                return m;
            }
        }
        return m;
    }

    /** A live member matching {@code p}, picked uniformly, or null. */
    Member memberWhere(Predicate<Member> p) {
        for (int t = 0; t < 16; t++) {
            Member m = members[rng.nextInt(membersCreated)];
            if (!m.deleted && p.test(m)) {
                return m;
            }
        }
        return null;
    }

    /** A live repository matching {@code p}, or null. */
    Repository repositoryWhere(Predicate<Repository> p) {
        for (int t = 0; t < 16; t++) {
            Repository r = repos[rng.nextInt(reposCreated)];
            if (!r.deleted && p.test(r)) {
                return r;
            }
        }
        return null;
    }

    /** Any repository, deleted or not (activities still happen on a switched-off repository). */
    Repository anyRepository() {
        return repos[rng.nextInt(reposCreated)];
    }

    /** A repository of a host ({@link #GITHUB}, {@link #GITLAB}, {@link #GERRIT}), skewed toward the busiest. */
    Repository repositoryOn(int host) {
        List<Repository> list = reposByHost.get(host);
        return list.get(rng.skewed(list.size()));
    }

    boolean hasRepositoriesOn(int host) {
        return !reposByHost.get(host).isEmpty();
    }

    static int hostIndex(String host) {
        return "github".equals(host) ? GITHUB : "gitlab".equals(host) ? GITLAB : GERRIT;
    }

    Segment leaf(int j) {
        return segments[leaves[j]];
    }

    int indexOf(Member m) {
        return Integer.parseInt(m.id.substring(2)) - 1;
    }

    Member memberById(String id) {
        return members[Integer.parseInt(id.substring(2)) - 1];
    }

    /** The member's organization id, or '' when it has none. */
    String organizationIdOf(Member m) {
        return m.org >= 0 ? orgs[m.org].id : "";
    }

    // ------------------------------------------------------------------ new rows

    private Segment newSegment(int i, int groupCount, int parentCount) {
        Segment s = new Segment();
        s.id = Json.id("s-", i + 1, 3);
        s.createdAt = startMs - rng.between(30, 720) * DAY_MS;
        s.updatedAt = s.createdAt + rng.nextLong(startMs - s.createdAt);
        if (i < groupCount) {
            String[] g = Vocabulary.GROUPS;
            s.name = g[i % g.length] + (i >= g.length ? " " + (i / g.length + 1) : "");
            s.parentId = null;
            s.grandparentId = null;
        } else if (i < groupCount + parentCount) {
            int k = i - groupCount;
            String[] p = Vocabulary.PROJECTS;
            s.name = capitalize(p[k % p.length]) + (k >= p.length ? " " + (k / p.length + 1) : "");
            s.parentId = segments[k % groupCount].id;
            s.grandparentId = null;
        } else {
            int j = i - groupCount - parentCount;
            Segment parent = segments[groupCount + j % parentCount];
            int n = j / parentCount;
            s.name = parent.name + " " + LEAF_SUFFIXES[n % LEAF_SUFFIXES.length]
                    + (n >= LEAF_SUFFIXES.length ? " " + (n / LEAF_SUFFIXES.length + 1) : "");
            s.parentId = parent.id;
            s.grandparentId = parent.parentId;
            s.leaf = true;
            if (j % 10 == 3) {
                s.status = "archived";
            }
        }
        s.slug = slug(s.name);
        return s;
    }

    private Organization newOrganization(int i, long createdAt) {
        Organization o = new Organization();
        o.id = Json.id("o-", i + 1, 4);
        String[] c = Vocabulary.COMPANIES;
        o.displayName = c[i % c.length] + (i >= c.length ? " " + (i / c.length + 1) : "");
        String[] place = i < Vocabulary.PLACES.length ? Vocabulary.PLACES[i] : rng.pick(Vocabulary.PLACES);
        o.country = place[0];
        o.location = place[1];
        o.website = "https://" + slug(o.displayName) + ".example.com";
        o.employees = rng.chance(0.3) ? 0 : (int) StrictMath.exp(rng.nextDouble() * 10);
        dimensionTimes(o, createdAt);
        return o;
    }

    /** A member; {@code org} = -2 to choose one, -1 for none, else the organization index. */
    private Member newMember(int i, long createdAt, int org) {
        Member m = new Member();
        m.id = Json.id("m-", i + 1, 5);
        // active accounts (low indexes, but not the very busiest) include bots, a team member and an organization
        // account, so every validity reason shows up without one account holding back a large share of the data
        m.bot = i == 5 || i == 11 || rng.chance(cfg.botShare());
        m.teamMember = !m.bot && (i == 7 || rng.chance(cfg.teamMemberShare()));
        m.organizationAccount = !m.bot && (i == 9 || rng.chance(cfg.organizationAccountShare()));
        String first = rng.pick(Vocabulary.FIRST_NAMES);
        if (m.bot) {
            String[] b = Vocabulary.BOT_NAMES;
            m.username = b[rng.nextInt(b.length)];
            m.username = i < b.length ? m.username : m.username.replace("[bot]", "") + "-" + i + "[bot]";
            m.displayName = m.username.replace("[bot]", "");
        } else {
            m.username = first + i;
            m.displayName = rng.chance(0.12) ? rng.pick(Vocabulary.UNICODE_NAMES)
                    : capitalize(first) + " " + rng.pick(Vocabulary.LAST_NAMES);
        }
        if (org == -2) {
            org = orgsCreated > 0 && rng.chance(0.7) ? rng.skewed(orgsCreated) : -1;
        }
        m.org = org;
        if (m.organizationAccount && org >= 0) {
            m.displayName = orgs[org].displayName;
        }
        m.explicitFlags = rng.chance(0.5);
        m.bio = rng.pick(Vocabulary.BIOS);
        m.location = rng.pick(Vocabulary.PLACES)[1];
        m.score = rng.nextInt(11);
        dimensionTimes(m, createdAt);
        m.joinedAt = m.createdAt - rng.nextLong(400 * DAY_MS);
        return m;
    }

    private Repository newRepository(int i, long createdAt) {
        Repository r = new Repository();
        r.id = Json.id("r-", i + 1, 4);
        r.host = HOSTS[i % HOSTS.length];
        String[] owners = Vocabulary.OWNERS;
        String[] projects = Vocabulary.PROJECTS;
        String owner = owners[i % owners.length];
        int k = i / owners.length;
        String project = projects[k % projects.length] + (k >= projects.length ? "-" + k / projects.length : "");
        switch (r.host) {
            case "gitlab":
                r.url = "https://gitlab.com/" + owner.toLowerCase(Locale.ROOT) + "/" + project;
                break;
            case "gerrit":
                r.url = "https://review.gerrithub.io/" + owner + "/" + project;
                break;
            default:
                r.url = "https://github.com/" + owner + "/" + project;
        }
        r.segmentId = segments[leaves[i % leaves.length]].id;
        dimensionTimes(r, createdAt);
        if (createdAt < 0 && i >= HOSTS.length * 2) {
            // a few repositories, not the busiest ones, are already switched off in the backfill
            r.enabled = !(i % 25 == 7 || rng.chance(0.01));
            r.excluded = i % 25 == 11 || rng.chance(0.01);
            if (i % 25 == 17 || rng.chance(0.01)) {
                r.deletedAt = r.updatedAt;
            }
        }
        return r;
    }

    /** Backfilled rows (createdAt < 0) were created long before the start; new ones now. */
    private void dimensionTimes(Tracked t, long createdAt) {
        if (createdAt < 0) {
            t.createdAt = startMs - rng.between(1, 720) * DAY_MS + rng.nextLong(DAY_MS);
            t.updatedAt = t.createdAt + rng.nextLong(Math.max(1, startMs - t.createdAt - 60_000));
        } else {
            t.createdAt = createdAt;
            t.updatedAt = createdAt;
        }
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String slug(String s) {
        String lower = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return lower.replaceAll("^-|-$", "");
    }
}
