package io.lambdasuite.jobs.generate;

/** The generator's in-memory rows: the current state of each entity and of the recent activity relations. */
final class Rows {
    private Rows() {}

    /** A row whose messages may be held back; {@code undelivered} counts its messages not yet delivered. */
    abstract static class Tracked {
        int undelivered;
        boolean deleted;
        long createdAt;
        long updatedAt;
    }

    /** Current state of one {@code activityRelations} row. */
    static final class Fact extends Tracked {
        String activityId;
        String conversationId = "";
        String memberId;
        String objectMemberId = "";
        String objectMemberUsername = "";
        String organizationId = "";
        String parentId = "";
        String platform;
        String segmentId;
        String username;
        String sourceId;
        String type;
        long timestamp;
        String sourceParentId = "";
        String channel = "";
        int sentimentScore = -1;
        long gitInsertions;
        long gitDeletions;
        int score = -1;
        boolean isContribution;
        String pullRequestReviewState = "";
        /** An unknown column the suite must ignore. */
        String importHash;
        /** Writes empty optional strings as JSON null (the Postgres columns are nullable). */
        boolean nullForEmpty;
        /** Writes {@code timestamp} in Postgres text form ({@code 2024-04-30 22:01:02.345+00}). */
        boolean postgresTimestamp;
    }

    static final class Member extends Tracked {
        String id;
        String username;
        String displayName;
        /** Index into the organizations, or -1. */
        int org = -1;
        boolean bot;
        boolean teamMember;
        boolean organizationAccount;
        /** Writes false flags explicitly; otherwise absent flags stand for false. */
        boolean explicitFlags;
        String bio;
        String location;
        long joinedAt;
        int score;
    }

    static final class Organization extends Tracked {
        String id;
        String displayName;
        String country;
        String location;
        String website;
        int employees;
    }

    static final class Segment extends Tracked {
        String id;
        String slug;
        String name;
        String status = "active";
        /** null for a top-level group. */
        String parentId;
        String grandparentId;
        boolean leaf;
    }

    static final class Repository extends Tracked {
        String id;
        String url;
        /** github, gitlab or gerrit. */
        String host;
        String segmentId;
        boolean enabled = true;
        boolean excluded;
        Long deletedAt;
    }

    /** An open pull request (merge request, Gerrit change) whose lifecycle events are still to come. */
    static final class PullRequest {
        String platform;
        String key;
        String openedActivityId;
        String channel;
        String segmentId;
        int author;
        long lastTimestamp;
        boolean assigned;
        boolean reviewRequested;
        int reviews;
        int patchsets;
        int approvals;
        int events;
        /** Merged on GitHub: a pull_request-closed event follows. */
        boolean needsClose;
    }

    /** An issue that comments can refer to. */
    static final class Issue {
        String key;
        String activityId;
        String channel;
        String segmentId;
        String platform;
    }
}
