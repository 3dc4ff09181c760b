-- 01_register_tables.sql (Trino, Hive connector)
--
-- Question: how does Trino see the serving datasets the suite writes under one base path?
-- Inputs:   a Hive catalog named `hive` (Hive metastore or AWS Glue) that can read the base path, here
--           s3://my-bucket/lambdasuite (replace it; hdfs:// works the same). Parquet written by the merge job
--           (jobs/.../parquet/Schemas.java): INT64 timestamps (MILLIS, UTC-adjusted), INT32 annotated INT(8)
--           for sentimentScore/score, INT32 annotated UINT(32) for gitInsertions/gitDeletions.
-- Output:   external tables, one Hive partition per snapshot directory (snapshot=<yyyy-MM-ddTHH>).
-- Sample:   SELECT snapshot, count(*) FROM hive.lambdasuite.activityrelations_deduplicated_cleaned GROUP BY 1 ORDER BY 1;
--             snapshot      | _col1
--             2024-05-01T10 | 9087
--             2024-05-01T11 | 9123
--
-- Types (Trino Hive connector):
--   * timestamps: TIMESTAMP(3). The Hive connector only creates tables with TIMESTAMP / TIMESTAMP(3) columns
--     (there is no Hive type behind TIMESTAMP(3) WITH TIME ZONE for CREATE TABLE). A UTC-adjusted INT64
--     timestamp then reads as its UTC wall-clock time, so date_trunc/CAST(... AS DATE) work in UTC whatever the
--     session time zone. Where an instant type is wanted, convert in a query: with_timezone("timestamp", 'UTC').
--     (hive.parquet.time-zone only matters for INT96 timestamps; the suite writes none. Set it to UTC anyway.)
--   * sentimentScore, score: TINYINT (INT32 annotated INT(8)).
--   * gitInsertions, gitDeletions: BIGINT, not INTEGER: the files hold unsigned 32-bit values, which only BIGINT
--     holds in full (real values are small, INTEGER also reads them, but would fail or wrap beyond 2^31-1).
--   * the partition column `snapshot` is VARCHAR and must be the LAST column.
--   * Hive lowercases column names; Parquet columns are matched by name, case-insensitively, so the camelCase
--     names of the files resolve and queries may keep writing segmentId, gitChangedLines, ...
--
-- What Trino reads inside a partition: files whose names start with '_' or '.' are hidden to the Hive connector,
-- so snapshot=<hour>/_manifest.json and snapshot=<hour>/_held/ (held rows, never for readers) are skipped,
-- and <table>/_staging/ is not a partition directory (not snapshot=...).

CREATE SCHEMA IF NOT EXISTS hive.lambdasuite WITH (location = 's3://my-bucket/lambdasuite');

CREATE TABLE IF NOT EXISTS hive.lambdasuite.activityrelations_deduplicated_cleaned (
    activityId              VARCHAR,
    conversationId          VARCHAR,
    createdAt               TIMESTAMP(3),
    updatedAt               TIMESTAMP(3),
    memberId                VARCHAR,
    objectMemberId          VARCHAR,
    objectMemberUsername    VARCHAR,
    organizationId          VARCHAR,
    parentId                VARCHAR,
    platform                VARCHAR,
    segmentId               VARCHAR,
    username                VARCHAR,
    sourceId                VARCHAR,
    "type"                  VARCHAR,
    "timestamp"             TIMESTAMP(3),
    sourceParentId          VARCHAR,
    channel                 VARCHAR,
    sentimentScore          TINYINT,
    gitInsertions           BIGINT,
    gitDeletions            BIGINT,
    score                   TINYINT,
    isContribution          BOOLEAN,
    pullRequestReviewState  VARCHAR,
    gitChangedLines         BIGINT,
    gitChangedLinesBucket   VARCHAR,
    organizationName        VARCHAR,
    organizationCountryCode VARCHAR,
    snapshotId              TIMESTAMP(3),
    commitLsn               BIGINT,
    commitIdx               INTEGER,
    isDeleted               BOOLEAN,
    heldReason              VARCHAR,
    snapshot                VARCHAR
) WITH (
    external_location = 's3://my-bucket/lambdasuite/activityRelations_deduplicated_cleaned',
    format = 'PARQUET',
    partitioned_by = ARRAY['snapshot']
);

-- Current dimension tables: same layout (<base>/<dimension>/snapshot=<hour>/...). isDeleted rows are tombstones.
CREATE TABLE IF NOT EXISTS hive.lambdasuite.members (
    id              VARCHAR,
    displayName     VARCHAR,
    isBot           BOOLEAN,
    isTeamMember    BOOLEAN,
    isOrganization  BOOLEAN,
    updatedAt       TIMESTAMP(3),
    commitTimestamp TIMESTAMP(3),
    commitLsn       BIGINT,
    commitIdx       INTEGER,
    isDeleted       BOOLEAN,
    snapshotId      TIMESTAMP(3),
    snapshot        VARCHAR
) WITH (
    external_location = 's3://my-bucket/lambdasuite/members',
    format = 'PARQUET',
    partitioned_by = ARRAY['snapshot']
);

CREATE TABLE IF NOT EXISTS hive.lambdasuite.organizations (
    id              VARCHAR,
    displayName     VARCHAR,
    country         VARCHAR,
    location        VARCHAR,
    updatedAt       TIMESTAMP(3),
    commitTimestamp TIMESTAMP(3),
    commitLsn       BIGINT,
    commitIdx       INTEGER,
    isDeleted       BOOLEAN,
    snapshotId      TIMESTAMP(3),
    snapshot        VARCHAR
) WITH (
    external_location = 's3://my-bucket/lambdasuite/organizations',
    format = 'PARQUET',
    partitioned_by = ARRAY['snapshot']
);

CREATE TABLE IF NOT EXISTS hive.lambdasuite.segments (
    id              VARCHAR,
    slug            VARCHAR,
    name            VARCHAR,
    status          VARCHAR,
    parentId        VARCHAR,
    grandparentId   VARCHAR,
    updatedAt       TIMESTAMP(3),
    commitTimestamp TIMESTAMP(3),
    commitLsn       BIGINT,
    commitIdx       INTEGER,
    isDeleted       BOOLEAN,
    snapshotId      TIMESTAMP(3),
    snapshot        VARCHAR
) WITH (
    external_location = 's3://my-bucket/lambdasuite/segments',
    format = 'PARQUET',
    partitioned_by = ARRAY['snapshot']
);

CREATE TABLE IF NOT EXISTS hive.lambdasuite.repositories (
    id              VARCHAR,
    url             VARCHAR,
    segmentId       VARCHAR,
    enabled         BOOLEAN,
    excluded        BOOLEAN,
    deletedAt       TIMESTAMP(3),
    updatedAt       TIMESTAMP(3),
    commitTimestamp TIMESTAMP(3),
    commitLsn       BIGINT,
    commitIdx       INTEGER,
    isDeleted       BOOLEAN,
    snapshotId      TIMESTAMP(3),
    snapshot        VARCHAR
) WITH (
    external_location = 's3://my-bucket/lambdasuite/repositories',
    format = 'PARQUET',
    partitioned_by = ARRAY['snapshot']
);

-- pull_requests_analyzed (replace mode: one published snapshot, briefly two while a new one replaces the old):
-- <base>/pull_requests_analyzed/snapshot=<hour>/openedYear=<yyyy>/part-*.parquet, snapshot = the activities snapshot
-- it was computed from. Two partition columns, in directory order, last. Nullable lifecycle timestamps and durations
-- are optional INT64 columns in the files (NULL when the pull request has no event of that role).
CREATE TABLE IF NOT EXISTS hive.lambdasuite.pull_requests_analyzed (
    id                       VARCHAR,
    sourceId                 VARCHAR,
    openedAt                 TIMESTAMP(3),
    segmentId                VARCHAR,
    channel                  VARCHAR,
    memberId                 VARCHAR,
    organizationId           VARCHAR,
    gitChangedLinesBucket    VARCHAR,
    platform                 VARCHAR,
    assignedAt               TIMESTAMP(3),
    reviewRequestedAt        TIMESTAMP(3),
    reviewedAt               TIMESTAMP(3),
    approvedAt               TIMESTAMP(3),
    closedAt                 TIMESTAMP(3),
    mergedAt                 TIMESTAMP(3),
    resolvedAt               TIMESTAMP(3),
    assignedInSeconds        BIGINT,
    reviewRequestedInSeconds BIGINT,
    reviewedInSeconds        BIGINT,
    closedInSeconds          BIGINT,
    mergedInSeconds          BIGINT,
    resolvedInSeconds        BIGINT,
    numberOfPatchsets        BIGINT,
    snapshotId               TIMESTAMP(3),
    snapshot                 VARCHAR,
    openedYear               VARCHAR
) WITH (
    external_location = 's3://my-bucket/lambdasuite/pull_requests_analyzed',
    format = 'PARQUET',
    partitioned_by = ARRAY['snapshot', 'openedyear']
);

-- Keeping the partitions in step with the published snapshots (run by whoever schedules the merge, AFTER a merge
-- run has succeeded, never while one runs; see 02_latest_snapshot_view.sql for why):
--
-- (a) Preferred: register exactly the snapshot the merge just published (its _manifest.json exists), and
--     unregister the ones the 6-hour retention pruned. Needs hive.allow-register-partition-procedure=true.
--       CALL hive.system.register_partition(schema_name => 'lambdasuite',
--            table_name => 'activityrelations_deduplicated_cleaned',
--            partition_columns => ARRAY['snapshot'], partition_values => ARRAY['2024-05-01T11']);
--       CALL hive.system.unregister_partition(schema_name => 'lambdasuite',
--            table_name => 'activityrelations_deduplicated_cleaned',
--            partition_columns => ARRAY['snapshot'], partition_values => ARRAY['2024-05-01T05']);
--
-- (b) Simpler: after each successful merge, sync every table with the file system. FULL adds the new snapshot
--     directories and drops the partitions whose directory the retention removed.
CALL hive.system.sync_partition_metadata(schema_name => 'lambdasuite', table_name => 'activityrelations_deduplicated_cleaned', mode => 'FULL');
CALL hive.system.sync_partition_metadata(schema_name => 'lambdasuite', table_name => 'members', mode => 'FULL');
CALL hive.system.sync_partition_metadata(schema_name => 'lambdasuite', table_name => 'organizations', mode => 'FULL');
CALL hive.system.sync_partition_metadata(schema_name => 'lambdasuite', table_name => 'segments', mode => 'FULL');
CALL hive.system.sync_partition_metadata(schema_name => 'lambdasuite', table_name => 'repositories', mode => 'FULL');
-- after each successful lambda merge --dataset pull_requests (or bootstrap); the directory key openedYear is
-- camelCase while Hive lowercases column names, hence case_sensitive => false
CALL hive.system.sync_partition_metadata(schema_name => 'lambdasuite', table_name => 'pull_requests_analyzed', mode => 'FULL', case_sensitive => false);
--
-- (c) Partition projection (no metastore partitions at all) is NOT recommended for these tables:
--       snapshot VARCHAR WITH (partition_projection_type = 'date',
--                              partition_projection_format = 'yyyy-MM-dd''T''HH',
--                              partition_projection_interval = 1, partition_projection_interval_unit = 'HOURS',
--                              partition_projection_range = ARRAY['NOW-7d', 'NOW'])
--     plus partition_projection_enabled = true in the table's WITH clause. Projection enumerates every hour of
--     the range whether or not its directory exists or holds a _manifest.json, so "the newest snapshot" can only be
--     found by scanning data: a snapshot directory still being written (object stores, where the merge writes in
--     place and puts _manifest.json last) would be read, and there is no $partitions table to ask. It is fine for
--     queries that name an explicit, known-published snapshot value.
