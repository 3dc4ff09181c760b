package io.lambdasuite.jobs.generate;

import io.lambdasuite.jobs.generate.Rows.Fact;
import io.lambdasuite.jobs.generate.Rows.Issue;
import io.lambdasuite.jobs.generate.Rows.Member;
import io.lambdasuite.jobs.generate.Rows.PullRequest;
import io.lambdasuite.jobs.generate.Rows.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Creates activity relations the way the platforms produce them: commits on git, issues, comments and full pull
 * request lifecycles on GitHub, merge requests on GitLab, changes with patchsets and approvals on Gerrit, messages
 * on Discord and Slack. Keeps the open pull requests (at most {@value #OPEN_PULL_REQUEST_CAP} per platform) and a
 * ring of recent issues, so memory stays bounded however long the stream.
 */
final class Activities {
    private static final int OPEN_PULL_REQUEST_CAP = 2_000;
    private static final int ISSUE_RING = 512;
    /** Backfilled ("read") activities were last updated within this span before the start. */
    private static final long BACKFILL_LOOKBACK_MS = 6 * 3_600_000L;

    private final GeneratorConfig cfg;
    private final Rng rng;
    private final World world;
    private final long startMs;
    private final ArrayList<PullRequest> openGithub = new ArrayList<>();
    private final ArrayList<PullRequest> openGitlab = new ArrayList<>();
    private final ArrayList<PullRequest> openGerrit = new ArrayList<>();
    private final Issue[] issues = new Issue[ISSUE_RING];
    private int issueCount;
    private long activitySeq;
    private long sourceSeq;
    private long pullRequestSeq;
    /** The pull request whose event is being built, so times() can keep its events in order. */
    private PullRequest pendingPullRequest;
    /** The activity being built uses a row just created: plain, on a known channel, with the affiliation. */
    private boolean forced;

    Activities(GeneratorConfig cfg, Rng rng, World world) {
        this.cfg = cfg;
        this.rng = rng;
        this.world = world;
        this.startMs = cfg.start().toEpochMilli();
    }

    /**
     * A new activity committed at {@code now}, or, for the backfill, last updated before the start
     * ({@code backfillIndex} of {@code backfillTotal} rows, in time order). {@code forcedMember} and
     * {@code forcedRepo}, when set, are rows just created: the activity is theirs.
     */
    Fact create(Member forcedMember, Repository forcedRepo, boolean backfill, long now, long backfillIndex,
            long backfillTotal) {
        Member actor = forcedMember;
        Repository repo = forcedRepo;
        forced = actor != null || repo != null;
        if (actor == null) {
            actor = world.pickMember();
        }
        Fact f;
        if (repo != null) {
            f = onNewRepository(actor, repo);
        } else if (forced) {
            // a new member's first activity, done by the member itself (not, say, a review request of theirs)
            f = world.reposCreated > 0 ? git(actor, world.anyRepository()) : chat(actor, "discord");
        } else {
            double r = rng.nextDouble();
            if (r < 0.40 && world.hasRepositoriesOn(World.GITHUB)) {
                f = github(actor);
            } else if (r < 0.62 && world.reposCreated > 0) {
                f = git(actor, world.anyRepository());
            } else if (r < 0.70 && world.hasRepositoriesOn(World.GITLAB)) {
                f = gitlab(actor);
            } else if (r < 0.78 && world.hasRepositoriesOn(World.GERRIT)) {
                f = gerrit(actor);
            } else {
                f = chat(actor, r < 0.90 ? "discord" : "slack");
            }
        }
        times(f, backfill, now, backfillIndex, backfillTotal);
        return f;
    }

    /** Whether the last activity created used a row just created (it is then delivered plainly). */
    boolean lastWasForced() {
        return forced;
    }

    /** An activity that never becomes part of the database: the base of a malformed message. */
    Fact ghost(long now) {
        forced = false;
        Member actor = world.pickMember();
        Fact f;
        if (world.reposCreated > 0) {
            f = git(actor, world.anyRepository());
        } else {
            f = chat(actor, "slack");
        }
        f.createdAt = now;
        f.updatedAt = now;
        f.timestamp = now - rng.nextLong(60_000);
        return f;
    }

    /** A fresh conversation id, for an update that moves a message to another thread. */
    String newConversationId() {
        return "conv-" + nextSource();
    }

    /** createdAt, updatedAt and the platform timestamp: now for live rows, hours before the start for backfill. */
    private void times(Fact f, boolean backfill, long now, long backfillIndex, long backfillTotal) {
        PullRequest pr = pendingPullRequest;
        pendingPullRequest = null;
        if (backfill) {
            long at = startMs - BACKFILL_LOOKBACK_MS
                    + (long) ((double) BACKFILL_LOOKBACK_MS * backfillIndex / Math.max(1, backfillTotal));
            f.updatedAt = at + rng.nextLong(60_000);
            f.createdAt = f.updatedAt - (pr == null && rng.chance(0.3) ? rng.nextLong(3_600_000) : 0);
            f.postgresTimestamp = true;
        } else {
            f.createdAt = now;
            f.updatedAt = now;
        }
        long ts = f.createdAt - 1_000 - rng.nextLong(180_000);
        if (pr != null) {
            // events of one pull request happen in order on the platform
            ts = Math.min(f.createdAt, Math.max(ts, pr.lastTimestamp + 1_000));
            pr.lastTimestamp = ts;
        }
        f.timestamp = ts;
    }

    /** The first activity on a repository just created (whose row may still be in flight). */
    private Fact onNewRepository(Member actor, Repository repo) {
        if (rng.chance(0.4)) {
            return git(actor, repo);
        }
        switch (repo.host) {
            case "gitlab":
                return openPullRequest(actor, "gitlab", repo, openGitlab);
            case "gerrit":
                return openPullRequest(actor, "gerrit", repo, openGerrit);
            default:
                return rng.chance(0.5) ? openPullRequest(actor, "github", repo, openGithub)
                        : issue(actor, "github", repo);
        }
    }

    private Fact github(Member actor) {
        double r = rng.nextDouble();
        if (r < 0.14 && openGithub.size() < OPEN_PULL_REQUEST_CAP || openGithub.isEmpty() && r < 0.55) {
            return openPullRequest(actor, "github", world.repositoryOn(World.GITHUB), openGithub);
        }
        if (r < 0.55) {
            return pullRequestEvent(actor, openGithub);
        }
        if (r < 0.67) {
            return issue(actor, "github", world.repositoryOn(World.GITHUB));
        }
        if (r < 0.87) {
            return issueFollowUp(actor, "github", r < 0.82 ? "issue-comment" : "issues-closed");
        }
        String type = r < 0.93 ? "star" : "fork";
        Fact f = base(actor, "github", type, "gh-" + type + "-" + nextSource());
        onRepository(f, world.repositoryOn(World.GITHUB));
        return f;
    }

    private Fact gitlab(Member actor) {
        double r = rng.nextDouble();
        if (r < 0.18 && openGitlab.size() < OPEN_PULL_REQUEST_CAP || openGitlab.isEmpty() && r < 0.6) {
            return openPullRequest(actor, "gitlab", world.repositoryOn(World.GITLAB), openGitlab);
        }
        if (r < 0.6) {
            return pullRequestEvent(actor, openGitlab);
        }
        if (r < 0.75) {
            return issue(actor, "gitlab", world.repositoryOn(World.GITLAB));
        }
        return issueFollowUp(actor, "gitlab", "issue-comment");
    }

    private Fact gerrit(Member actor) {
        double r = rng.nextDouble();
        if (r < 0.22 && openGerrit.size() < OPEN_PULL_REQUEST_CAP || openGerrit.isEmpty()) {
            return openPullRequest(actor, "gerrit", world.repositoryOn(World.GERRIT), openGerrit);
        }
        return pullRequestEvent(actor, openGerrit);
    }

    private Fact git(Member actor, Repository repo) {
        double r = rng.nextDouble();
        String type = r < 0.75 ? "authored-commit" : r < 0.9 ? "committed-commit" : "co-authored-commit";
        Fact f = base(actor, "git", type, sha());
        onRepository(f, repo);
        lines(f);
        return f;
    }

    private Fact chat(Member actor, String platform) {
        boolean discord = "discord".equals(platform);
        double r = rng.nextDouble();
        String type = r < 0.82 ? "message"
                : discord ? (r < 0.92 ? "thread_started" : "joined_guild")
                : "channel_joined";
        Fact f = base(actor, platform, type, (discord ? "dc-" : "sl-") + nextSource());
        f.segmentId = world.leaf(rng.skewed(world.leaves.length)).id;
        f.channel = rng.pick(discord ? Vocabulary.DISCORD_CHANNELS : Vocabulary.SLACK_CHANNELS);
        if ("message".equals(type) && rng.chance(0.6)) {
            f.conversationId = "conv-" + (sourceSeq / 3);
        }
        return f;
    }

    private Fact issue(Member actor, String platform, Repository repo) {
        String key = (platform.equals("github") ? "gh-issue-" : "gl-issue-") + nextSource();
        Fact f = base(actor, platform, "issues-opened", key);
        onRepository(f, repo);
        Issue i = new Issue();
        i.key = key;
        i.activityId = f.activityId;
        i.channel = f.channel;
        i.segmentId = f.segmentId;
        i.platform = platform;
        issues[issueCount++ % ISSUE_RING] = i;
        return f;
    }

    private Fact issueFollowUp(Member actor, String platform, String type) {
        Issue i = issueCount == 0 ? null : issues[rng.nextInt(Math.min(issueCount, ISSUE_RING))];
        if (i == null || !i.platform.equals(platform)) {
            return issue(actor, platform, world.repositoryOn(World.hostIndex(platform)));
        }
        Fact f = base(actor, platform, type, i.key + "-" + nextSource());
        f.channel = i.channel;
        f.segmentId = i.segmentId;
        f.sourceParentId = i.key;
        f.parentId = i.activityId;
        return f;
    }

    private Fact openPullRequest(Member author, String platform, Repository repo, List<PullRequest> open) {
        long n = ++pullRequestSeq;
        PullRequest pr = new PullRequest();
        pr.platform = platform;
        String type;
        switch (platform) {
            case "gitlab":
                pr.key = "gl-mr-" + (500 + n);
                type = "merge_request-opened";
                break;
            case "gerrit":
                pr.key = Long.toString(40_000 + n);
                type = "changeset-created";
                break;
            default:
                pr.key = "gh-pr-" + (1000 + n);
                type = "pull_request-opened";
        }
        Fact f = base(author, platform, type, pr.key);
        onRepository(f, repo);
        lines(f);
        pr.openedActivityId = f.activityId;
        pr.channel = f.channel;
        pr.segmentId = f.segmentId;
        pr.author = world.indexOf(author);
        pr.lastTimestamp = Long.MIN_VALUE / 2;
        if (open.size() < OPEN_PULL_REQUEST_CAP) {
            open.add(pr);
        }
        pendingPullRequest = pr;
        return f;
    }

    /** The next lifecycle event of a random open pull request (change, merge request). */
    private Fact pullRequestEvent(Member actor, ArrayList<PullRequest> open) {
        int at = rng.nextInt(open.size());
        PullRequest pr = open.get(at);
        Member author = world.members[pr.author];
        String p = pr.platform;
        boolean gh = "github".equals(p);
        boolean done = false;
        String type;
        String sourceParent = pr.key;
        Member object = null;
        Member who = actor;
        String reviewState = "";
        double r = rng.nextDouble();
        if ("gerrit".equals(p)) {
            if (pr.patchsets == 0 || r < 0.3) {
                type = "patchset-created";
                who = author;
                pr.patchsets++;
            } else if (r < 0.7 || pr.approvals == 0) {
                type = "patchset_approval-created";
                sourceParent = pr.key + "-" + pr.patchsets;
                pr.approvals++;
                pr.reviews++;
            } else {
                type = r < 0.9 ? "changeset-merged" : r < 0.95 ? "changeset-abandoned" : "changeset-closed";
                done = true;
            }
        } else if (pr.needsClose) {
            type = "pull_request-closed";
            done = true;
        } else if (!pr.assigned && r < 0.25) {
            type = gh ? "pull_request-assigned" : "merge_request-assigned";
            who = author;
            object = actor;
            pr.assigned = true;
        } else if (!pr.reviewRequested && r < 0.45) {
            type = gh ? "pull_request-review-requested" : "merge_request-review-requested";
            who = author;
            object = actor;
            pr.reviewRequested = true;
        } else if (r < 0.75 || pr.reviews == 0 && r < 0.95) {
            double s = rng.nextDouble();
            if (gh) {
                type = "pull_request-reviewed";
                reviewState = s < 0.55 ? "APPROVED" : s < 0.9 ? "CHANGES_REQUESTED" : "COMMENTED";
            } else {
                type = s < 0.6 ? "merge_request-review-approved" : "merge_request-review-changes-requested";
            }
            pr.reviews++;
        } else if (r < 0.92 && pr.reviews > 0) {
            type = gh ? "pull_request-merged" : "merge_request-merged";
            if (gh) {
                pr.needsClose = true; // GitHub also sends "closed" for a merged pull request
            } else {
                done = true;
            }
        } else {
            type = gh ? "pull_request-closed" : "merge_request-closed";
            done = true;
        }
        String sourceId = "gerrit".equals(p) && "patchset-created".equals(type)
                ? pr.key + "-" + pr.patchsets
                : pr.key + "-" + nextSource();
        Fact f = base(who, p, type, sourceId);
        f.channel = pr.channel;
        f.segmentId = pr.segmentId;
        f.sourceParentId = sourceParent;
        f.parentId = pr.openedActivityId;
        f.pullRequestReviewState = reviewState;
        if (object != null) {
            f.objectMemberId = object.id;
            f.objectMemberUsername = object.username;
        }
        if ("patchset-created".equals(type)) {
            lines(f);
        }
        pr.events++;
        if (done) {
            // swap-remove keeps this O(1); the order of the list is still deterministic
            PullRequest last = open.remove(open.size() - 1);
            if (at < open.size()) {
                open.set(at, last);
            }
        }
        pendingPullRequest = pr;
        return f;
    }

    /** Puts an activity on a repository's channel, with the letter case people actually type. */
    private void onRepository(Fact f, Repository repo) {
        if (!forced && rng.chance(cfg.unknownRepositoryShare())) {
            // a channel no repository row describes
            f.channel = "https://github.com/ghost-org/" + rng.pick(Vocabulary.PROJECTS) + "-" + rng.nextInt(50);
            f.segmentId = world.leaf(rng.nextInt(world.leaves.length)).id;
            return;
        }
        double r = rng.nextDouble();
        f.channel = r < 0.75 ? repo.url : r < 0.9 ? repo.url.toLowerCase(Locale.ROOT) : upperPath(repo.url);
        f.segmentId = repo.segmentId;
    }

    private static String upperPath(String url) {
        int slash = url.indexOf('/', "https://".length());
        return url.substring(0, slash) + url.substring(slash).toUpperCase(Locale.ROOT);
    }

    private Fact base(Member actor, String platform, String type, String sourceId) {
        Fact f = new Fact();
        f.activityId = Json.id("a-", ++activitySeq, 6);
        f.platform = platform;
        f.type = type;
        f.sourceId = sourceId;
        f.memberId = actor.id;
        f.username = actor.username;
        f.organizationId = actor.org >= 0 && (forced || rng.chance(0.9)) ? world.orgs[actor.org].id : "";
        f.importHash = rng.chance(0.3) ? Long.toHexString(rng.nextLong()) : null;
        f.nullForEmpty = rng.chance(0.5);
        classify(f);
        return f;
    }

    /** Score, sentiment and contribution flag by activity type. */
    private void classify(Fact f) {
        String t = f.type;
        boolean chat = "discord".equals(f.platform) || "slack".equals(f.platform);
        f.isContribution = !chat && !"star".equals(t) && !"fork".equals(t);
        if (t.endsWith("-commit")) {
            f.score = 2;
        } else if (t.endsWith("-opened") || t.equals("changeset-created")) {
            f.score = 5;
            f.sentimentScore = rng.nextInt(101);
        } else if (t.contains("review") || t.contains("approval")) {
            f.score = 4;
            f.sentimentScore = rng.nextInt(101);
        } else if (t.contains("comment") || "message".equals(t) || "thread_started".equals(t)) {
            f.score = chat ? 1 : 3;
            f.sentimentScore = rng.nextInt(101);
        } else {
            f.score = 1;
        }
    }

    private void lines(Fact f) {
        if (rng.chance(0.08)) {
            f.gitInsertions = 0;
            f.gitDeletions = 0;
            return;
        }
        // log-uniform 1..1800, so every changed-lines bucket occurs; StrictMath gives the same bits everywhere
        f.gitInsertions = (long) StrictMath.exp(rng.nextDouble() * 7.5);
        f.gitDeletions = (long) (f.gitInsertions * rng.nextDouble() * 0.8);
    }

    private String sha() {
        StringBuilder h = new StringBuilder(40);
        for (int i = 0; i < 40; i += 16) {
            String part = Long.toHexString(rng.nextLong());
            for (int p = part.length(); p < 16; p++) {
                h.append('0');
            }
            h.append(part);
        }
        h.setLength(40);
        return h.toString();
    }

    private long nextSource() {
        return ++sourceSeq;
    }
}
