-- 01_register_tables.sql (Flink SQL, batch or streaming TableEnvironment / SQL client)
--
-- Question: how does a Flink SQL job read the latest published serving snapshot?
-- Inputs:   ${base_path} (the suite's --base-path: file:///..., hdfs://..., s3://...) and ${snapshot}, the latest
--           published snapshot (`lambda status --json` prints it; it is the greatest snapshot=<hour> directory that
--           holds _manifest.json). Replace both placeholders before running (the SQL client has no variables;
--           the tests substitute them the same way: io.lambdasuite.jobs.common.SqlFiles.substitute).
-- Output:   table `activities` = the published rows of that snapshot (the DuckDB view of the same name), and
--           `organizations_current` = the current organizations of the same merge.
-- Sample:   SELECT count(*) FROM activities;  ->  9123
--
-- Why a path per snapshot and not a partitioned table: the filesystem connector lists partitions without
-- knowing the commit marker, and on object stores a snapshot being written is visible before its manifest.
-- Flink's file source skips names starting with '_' or '.', so _manifest.json and _held/ (held rows) stay out.
-- Types: INT64 UTC-adjusted timestamps read as TIMESTAMP_LTZ(3); INT(8) as TINYINT; UINT(32) as BIGINT.

CREATE TABLE activities (
    activityId              STRING,
    conversationId          STRING,
    createdAt               TIMESTAMP_LTZ(3),
    updatedAt               TIMESTAMP_LTZ(3),
    memberId                STRING,
    objectMemberId          STRING,
    objectMemberUsername    STRING,
    organizationId          STRING,
    parentId                STRING,
    platform                STRING,
    segmentId               STRING,
    username                STRING,
    sourceId                STRING,
    `type`                  STRING,
    `timestamp`             TIMESTAMP_LTZ(3),
    sourceParentId          STRING,
    channel                 STRING,
    sentimentScore          TINYINT,
    gitInsertions           BIGINT,
    gitDeletions            BIGINT,
    score                   TINYINT,
    isContribution          BOOLEAN,
    pullRequestReviewState  STRING,
    gitChangedLines         BIGINT,
    gitChangedLinesBucket   STRING,
    organizationName        STRING,
    organizationCountryCode STRING,
    snapshotId              TIMESTAMP_LTZ(3),
    commitLsn               BIGINT,
    commitIdx               INT,
    isDeleted               BOOLEAN,
    heldReason              STRING
) WITH (
    'connector' = 'filesystem',
    'path' = '${base_path}/activityRelations_deduplicated_cleaned/snapshot=${snapshot}',
    'format' = 'parquet',
    'parquet.utc-timezone' = 'true'
);
