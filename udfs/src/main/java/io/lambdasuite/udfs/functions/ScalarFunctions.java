package io.lambdasuite.udfs.functions;

import io.lambdasuite.udfs.rules.CountryCodes;
import io.lambdasuite.udfs.rules.GitChangedLines;
import io.lambdasuite.udfs.rules.PullRequestTypes;
import io.lambdasuite.udfs.rules.SnapshotIds;
import io.lambdasuite.udfs.rules.Validity;
import io.lambdasuite.udfs.rules.VersionOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;

/**
 * The suite's rules as Flink SQL scalar functions, so SQL and Table API jobs compute exactly what the Java jobs
 * compute: each {@code eval} only adapts SQL types and NULLs and calls the rule in {@code io.lambdasuite.udfs.rules}.
 * {@link LambdaFunctions} registers them under their SQL names.
 *
 * <p>Time arguments ({@link TimestampArguments}): a {@code TIMESTAMP_LTZ} is an instant; a {@code TIMESTAMP}
 * (without time zone) is read and written as UTC wall-clock time, which is how the suite's Parquet files store
 * timestamps, whatever the session time zone; an integer is epoch milliseconds. Any precision is accepted and
 * millisecond precision is used. {@code SNAPSHOT_ID} returns the kind it was given.
 */
public final class ScalarFunctions {
    /** Marks a time argument for {@link TimestampArguments}. */
    private static final DataType TIME = null;

    private ScalarFunctions() {}

    /**
     * {@code GIT_CHANGED_LINES_BUCKET(BIGINT changedLines) -> STRING}: {@code ''}, {@code '1-9'}, {@code '10-59'},
     * {@code '60-99'}, {@code '100-499'} or {@code '500+'} (reference-schema.md §2). NULL in, NULL out.
     */
    public static final class GitChangedLinesBucket extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public String eval(Long changedLines) {
            return changedLines == null ? null : GitChangedLines.bucket(changedLines);
        }
    }

    /**
     * {@code SNAPSHOT_ID(updatedAt)}: the start of the UTC hour of {@code updatedAt} plus one hour (SPEC §3):
     * {@code TIMESTAMP_LTZ -> TIMESTAMP_LTZ(3)}, {@code TIMESTAMP (UTC) -> TIMESTAMP(3)},
     * {@code BIGINT epoch ms -> BIGINT}. NULL in, NULL out.
     */
    public static final class SnapshotId extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public Instant eval(Instant updatedAt) {
            return updatedAt == null ? null : Instant.ofEpochMilli(SnapshotIds.snapshotIdOf(updatedAt.toEpochMilli()));
        }

        public LocalDateTime eval(LocalDateTime updatedAtUtc) {
            return updatedAtUtc == null ? null : toUtc(SnapshotIds.snapshotIdOf(fromUtc(updatedAtUtc)));
        }

        public Long eval(Long updatedAtMillis) {
            return updatedAtMillis == null ? null : SnapshotIds.snapshotIdOf(updatedAtMillis);
        }

        @Override
        public TypeInference getTypeInference(DataTypeFactory typeFactory) {
            return TypeInference.newBuilder()
                    .inputTypeStrategy(new TimestampArguments(TIME))
                    .outputTypeStrategy(TimestampArguments.sameKindAsFirstTimeArgument())
                    .build();
        }
    }

    /**
     * {@code SNAPSHOT_PARTITION(snapshotId) -> STRING}: the partition value of a snapshot id, e.g. {@code '2024-05-01T11'}
     * (SPEC §8: no colons, sorts in time order), for the same argument types as {@code SNAPSHOT_ID}. Takes the
     * snapshot id itself, not updatedAt. NULL in, NULL out.
     */
    public static final class SnapshotPartition extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public String eval(Instant snapshotId) {
            return snapshotId == null ? null : SnapshotIds.partitionValue(snapshotId.toEpochMilli());
        }

        public String eval(LocalDateTime snapshotIdUtc) {
            return snapshotIdUtc == null ? null : SnapshotIds.partitionValue(fromUtc(snapshotIdUtc));
        }

        public String eval(Long snapshotIdMillis) {
            return snapshotIdMillis == null ? null : SnapshotIds.partitionValue(snapshotIdMillis);
        }

        @Override
        public TypeInference getTypeInference(DataTypeFactory typeFactory) {
            return TypeInference.newBuilder()
                    .inputTypeStrategy(new TimestampArguments(TIME))
                    .outputTypeStrategy(TypeStrategies.explicit(DataTypes.STRING()))
                    .build();
        }
    }

    /**
     * {@code COUNTRY_CODE(STRING country, STRING location) -> STRING}: ISO 3166-1 alpha-2 code of the country,
     * else of the location, else {@code 'XX'} ({@link CountryCodes}). NULL reads as empty; never returns NULL.
     */
    public static final class CountryCode extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public String eval(String country, String location) {
            return CountryCodes.codeOf(country, location);
        }
    }

    /**
     * {@code MEMBER_HELD_REASON(BOOLEAN isDeleted, BOOLEAN isBot, BOOLEAN isTeamMember, BOOLEAN isOrganization) -> STRING}:
     * validity rule 1 (reference-schema.md §3). Made for a LEFT JOIN on the current members: {@code isDeleted} NULL
     * (no member row) or TRUE gives {@code 'member-unknown'}; NULL flags read as FALSE. {@code ''} when the member
     * passes.
     */
    public static final class MemberHeldReason extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public String eval(Boolean isDeleted, Boolean isBot, Boolean isTeamMember, Boolean isOrganization) {
            if (isDeleted == null || isDeleted) {
                return Validity.MEMBER_UNKNOWN;
            }
            return Validity.memberReason(isTrue(isBot), isTrue(isTeamMember), isTrue(isOrganization));
        }
    }

    /**
     * {@code REPOSITORY_HELD_REASON([STRING platform,] BIGINT liveRepositories, BIGINT usableRepositories) -> STRING}:
     * validity rule 2 from the number of live (not tombstoned) repositories at the activity's (url, segment) and how
     * many of them are usable (enabled, not excluded, not soft-deleted), e.g. two {@code COUNT}s of a LEFT JOIN.
     * With a platform, {@code ''} for platforms the rule does not apply to. NULL counts read as 0.
     */
    public static final class RepositoryHeldReason extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public String eval(Long liveRepositories, Long usableRepositories) {
            return Validity.repositoryReason(count(liveRepositories), count(usableRepositories));
        }

        public String eval(String platform, Long liveRepositories, Long usableRepositories) {
            if (platform == null || !Validity.repositoryRuleApplies(platform)) {
                return "";
            }
            return eval(liveRepositories, usableRepositories);
        }

        private static int count(Long n) {
            return n == null || n <= 0 ? 0 : (int) Math.min(n, Integer.MAX_VALUE);
        }
    }

    /**
     * {@code REPOSITORY_RULE_APPLIES(STRING platform) -> BOOLEAN}: whether validity rule 2 applies to the platform
     * ({@code git}, {@code gerrit}, {@code github}, {@code gitlab}). NULL reads as no platform: FALSE.
     */
    public static final class RepositoryRuleApplies extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public Boolean eval(String platform) {
            return platform != null && Validity.repositoryRuleApplies(platform);
        }
    }

    /**
     * {@code SEGMENT_HELD_REASON(BOOLEAN isDeleted, STRING status) -> STRING}: validity rule 3. {@code isDeleted}
     * NULL (no segment row in a LEFT JOIN) or TRUE gives {@code 'segment-unknown'}; a status other than
     * {@code 'active'} gives {@code 'segment-inactive'}; else {@code ''}.
     */
    public static final class SegmentHeldReason extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public String eval(Boolean isDeleted, String status) {
            if (isDeleted == null || isDeleted) {
                return Validity.SEGMENT_UNKNOWN;
            }
            return Validity.segmentStatusReason(status);
        }
    }

    /**
     * {@code HELD_REASON(STRING member, STRING repository, STRING segment) -> STRING}: the first non-empty reason in
     * the order member, repository, segment; {@code ''} when the row is published. NULL reads as {@code ''}.
     */
    public static final class HeldReason extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public String eval(String memberReason, String repositoryReason, String segmentReason) {
            return Validity.heldReason(orEmpty(memberReason), orEmpty(repositoryReason), orEmpty(segmentReason));
        }
    }

    /**
     * {@code PULL_REQUEST_KEY(STRING type, STRING sourceId, STRING sourceParentId) -> STRING}: the key of the pull
     * request an event belongs to (reference-schema.md §5): the opened event's sourceId, a child's sourceParentId,
     * a Gerrit approval's sourceParentId before the first '-'; {@code ''} for other types or an empty value. NULL
     * reads as {@code ''}.
     */
    public static final class PullRequestKey extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public String eval(String type, String sourceId, String sourceParentId) {
            return PullRequestTypes.key(orEmpty(type), orEmpty(sourceId), orEmpty(sourceParentId));
        }
    }

    /**
     * {@code VERSION_COMPARE(updatedAtA, commitLsnA, commitIdxA, updatedAtB, commitLsnB, commitIdxB) -> INT}: -1, 0 or
     * 1 as version A is older than, the same as, or newer than version B (SPEC §2). Both updatedAt are
     * {@code TIMESTAMP_LTZ}, both {@code TIMESTAMP} (UTC) or both epoch milliseconds; commitLsn {@code BIGINT};
     * commitIdx {@code INT}. NULL when any argument is NULL.
     */
    public static final class VersionCompare extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public Integer eval(Instant updatedAtA, Long lsnA, Integer idxA, Instant updatedAtB, Long lsnB, Integer idxB) {
            if (updatedAtA == null || updatedAtB == null) {
                return null;
            }
            return eval(updatedAtA.toEpochMilli(), lsnA, idxA, updatedAtB.toEpochMilli(), lsnB, idxB);
        }

        public Integer eval(
                LocalDateTime updatedAtA, Long lsnA, Integer idxA, LocalDateTime updatedAtB, Long lsnB, Integer idxB) {
            if (updatedAtA == null || updatedAtB == null) {
                return null;
            }
            return eval(fromUtc(updatedAtA), lsnA, idxA, fromUtc(updatedAtB), lsnB, idxB);
        }

        public Integer eval(Long updatedAtA, Long lsnA, Integer idxA, Long updatedAtB, Long lsnB, Integer idxB) {
            if (updatedAtA == null || lsnA == null || idxA == null || updatedAtB == null || lsnB == null
                    || idxB == null) {
                return null;
            }
            return Integer.signum(VersionOrder.compare(updatedAtA, lsnA, idxA, updatedAtB, lsnB, idxB));
        }

        @Override
        public TypeInference getTypeInference(DataTypeFactory typeFactory) {
            DataType lsn = DataTypes.BIGINT();
            DataType idx = DataTypes.INT();
            return TypeInference.newBuilder()
                    .inputTypeStrategy(new TimestampArguments(TIME, lsn, idx, TIME, lsn, idx))
                    .outputTypeStrategy(TypeStrategies.explicit(DataTypes.INT()))
                    .build();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isTrue(Boolean b) {
        return b != null && b;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static long fromUtc(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static LocalDateTime toUtc(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
