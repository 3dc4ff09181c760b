-- 01_register_tables.sql (Spark SQL, 3.2 or newer)
--
-- Question: how does Spark see the serving datasets the suite writes under one base path?
-- Inputs:   a Spark session with a catalog (Hive metastore or the built-in one) that can read the base path,
--           here s3a://my-bucket/lambdasuite (replace it; hdfs:// and file:// work the same). Parquet written by the
--           merge job (jobs/.../parquet/Schemas.java): INT64 timestamps (MILLIS, UTC-adjusted), INT32 annotated
--           INT(8) for sentimentScore/score, INT32 annotated UINT(32) for gitInsertions/gitDeletions.
-- Output:   partitioned data source tables, one partition per snapshot directory (snapshot=<yyyy-MM-ddTHH>).
-- Sample:   SHOW PARTITIONS lambdasuite.activityrelations_deduplicated_cleaned;
--             partition
--             snapshot=2024-05-01T10
--             snapshot=2024-05-01T11
--
-- Types (Spark's Parquet reader):
--   * timestamps: TIMESTAMP (= TIMESTAMP_LTZ unless spark.sql.timestampType was changed; keep the default, a
--     UTC-adjusted Parquet timestamp cannot be read as TIMESTAMP_NTZ). Spark shows and truncates them in the
--     session time zone: set it to UTC so months and days are UTC ones, as in DuckDB and Trino.
--   * sentimentScore, score: TINYINT (INT32 annotated INT(8) reads as ByteType).
--   * gitInsertions, gitDeletions: BIGINT. Spark 3.2+ reads INT32 annotated UINT(32) as LongType (SPARK-34817);
--     declaring INT would fail with a Parquet column conversion error. Spark before 3.2 cannot read them.
--   * the partition column `snapshot` is STRING: declared in the column list, named in PARTITIONED BY. Declaring
--     it avoids partition type inference on values such as 2024-05-01T11.
--
-- What Spark reads: file and directory names starting with '_' or '.' are skipped when Spark lists a table's files
-- and when it discovers partitions, so snapshot=<hour>/_manifest.json, snapshot=<hour>/_held/ (held rows, never
-- for readers) and <table>/_staging/ (in-progress runs) are never read.

SET spark.sql.session.timeZone = UTC;

CREATE DATABASE IF NOT EXISTS lambdasuite;

CREATE TABLE IF NOT EXISTS lambdasuite.activityrelations_deduplicated_cleaned (
    activityId              STRING,
    conversationId          STRING,
    createdAt               TIMESTAMP,
    updatedAt               TIMESTAMP,
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
    `timestamp`             TIMESTAMP,
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
    snapshotId              TIMESTAMP,
    commitLsn               BIGINT,
    commitIdx               INT,
    isDeleted               BOOLEAN,
    heldReason              STRING,
    snapshot                STRING
)
USING parquet
PARTITIONED BY (snapshot)
LOCATION 's3a://my-bucket/lambdasuite/activityRelations_deduplicated_cleaned';

-- Current dimension tables: same layout (<base>/<dimension>/snapshot=<hour>/...). isDeleted rows are tombstones.
CREATE TABLE IF NOT EXISTS lambdasuite.members (
    id              STRING,
    displayName     STRING,
    isBot           BOOLEAN,
    isTeamMember    BOOLEAN,
    isOrganization  BOOLEAN,
    updatedAt       TIMESTAMP,
    commitTimestamp TIMESTAMP,
    commitLsn       BIGINT,
    commitIdx       INT,
    isDeleted       BOOLEAN,
    snapshotId      TIMESTAMP,
    snapshot        STRING
)
USING parquet
PARTITIONED BY (snapshot)
LOCATION 's3a://my-bucket/lambdasuite/members';

CREATE TABLE IF NOT EXISTS lambdasuite.organizations (
    id              STRING,
    displayName     STRING,
    country         STRING,
    location        STRING,
    updatedAt       TIMESTAMP,
    commitTimestamp TIMESTAMP,
    commitLsn       BIGINT,
    commitIdx       INT,
    isDeleted       BOOLEAN,
    snapshotId      TIMESTAMP,
    snapshot        STRING
)
USING parquet
PARTITIONED BY (snapshot)
LOCATION 's3a://my-bucket/lambdasuite/organizations';

CREATE TABLE IF NOT EXISTS lambdasuite.segments (
    id              STRING,
    slug            STRING,
    name            STRING,
    status          STRING,
    parentId        STRING,
    grandparentId   STRING,
    updatedAt       TIMESTAMP,
    commitTimestamp TIMESTAMP,
    commitLsn       BIGINT,
    commitIdx       INT,
    isDeleted       BOOLEAN,
    snapshotId      TIMESTAMP,
    snapshot        STRING
)
USING parquet
PARTITIONED BY (snapshot)
LOCATION 's3a://my-bucket/lambdasuite/segments';

CREATE TABLE IF NOT EXISTS lambdasuite.repositories (
    id              STRING,
    url             STRING,
    segmentId       STRING,
    enabled         BOOLEAN,
    excluded        BOOLEAN,
    deletedAt       TIMESTAMP,
    updatedAt       TIMESTAMP,
    commitTimestamp TIMESTAMP,
    commitLsn       BIGINT,
    commitIdx       INT,
    isDeleted       BOOLEAN,
    snapshotId      TIMESTAMP,
    snapshot        STRING
)
USING parquet
PARTITIONED BY (snapshot)
LOCATION 's3a://my-bucket/lambdasuite/repositories';

-- pull_requests_analyzed (replace mode: one published snapshot, briefly two while a new one replaces the old):
-- <base>/pull_requests_analyzed/snapshot=<hour>/openedYear=<yyyy>/part-*.parquet, snapshot = the activities snapshot
-- it was computed from. Nullable lifecycle timestamps and durations are optional INT64 columns in the files.
CREATE TABLE IF NOT EXISTS lambdasuite.pull_requests_analyzed (
    id                       STRING,
    sourceId                 STRING,
    openedAt                 TIMESTAMP,
    segmentId                STRING,
    channel                  STRING,
    memberId                 STRING,
    organizationId           STRING,
    gitChangedLinesBucket    STRING,
    platform                 STRING,
    assignedAt               TIMESTAMP,
    reviewRequestedAt        TIMESTAMP,
    reviewedAt               TIMESTAMP,
    approvedAt               TIMESTAMP,
    closedAt                 TIMESTAMP,
    mergedAt                 TIMESTAMP,
    resolvedAt               TIMESTAMP,
    assignedInSeconds        BIGINT,
    reviewRequestedInSeconds BIGINT,
    reviewedInSeconds        BIGINT,
    closedInSeconds          BIGINT,
    mergedInSeconds          BIGINT,
    resolvedInSeconds        BIGINT,
    numberOfPatchsets        BIGINT,
    snapshotId               TIMESTAMP,
    snapshot                 STRING,
    openedYear               STRING
)
USING parquet
PARTITIONED BY (snapshot, openedYear)
LOCATION 's3a://my-bucket/lambdasuite/pull_requests_analyzed';

-- Keeping the partitions in step with the published snapshots (run by whoever schedules the merge, AFTER a merge
-- run has succeeded, never while one runs; see 02_latest_snapshot_view.sql for why):
--
-- (a) Preferred: add exactly the snapshot the merge just published (its _manifest.json exists) and drop the ones
--     the 6-hour retention pruned:
--       ALTER TABLE lambdasuite.activityrelations_deduplicated_cleaned ADD IF NOT EXISTS PARTITION (snapshot = '2024-05-01T11');
--       ALTER TABLE lambdasuite.activityrelations_deduplicated_cleaned DROP IF EXISTS PARTITION (snapshot = '2024-05-01T05');
--
-- (b) Simpler: after each successful merge, repair every table. SYNC PARTITIONS (Spark 3.2+) adds the new snapshot
--     directories and drops the partitions whose directory the retention removed (plain MSCK REPAIR TABLE only adds).
MSCK REPAIR TABLE lambdasuite.activityrelations_deduplicated_cleaned SYNC PARTITIONS;
MSCK REPAIR TABLE lambdasuite.members SYNC PARTITIONS;
MSCK REPAIR TABLE lambdasuite.organizations SYNC PARTITIONS;
MSCK REPAIR TABLE lambdasuite.segments SYNC PARTITIONS;
MSCK REPAIR TABLE lambdasuite.repositories SYNC PARTITIONS;
-- after each successful lambda merge --dataset pull_requests (or bootstrap):
MSCK REPAIR TABLE lambdasuite.pull_requests_analyzed SYNC PARTITIONS;
--
-- (c) No catalog (one session only): a temporary view over the directory, with the schema given so nothing is
--     inferred. Spark then lists the snapshot directories at query time, which is only safe where every
--     snapshot=<hour> directory is complete, i.e. on a local file system or HDFS (atomic rename publication); on an
--     object store it could see a snapshot still being written. Better there: point `path` at one published
--     snapshot directory (.../snapshot=2024-05-01T11) chosen by whoever knows its _manifest.json exists.
--       CREATE OR REPLACE TEMPORARY VIEW activityrelations_deduplicated_cleaned
--           (activityId STRING, ..., heldReason STRING, snapshot STRING)   -- the columns above
--       USING parquet
--       OPTIONS (path 'file:///data/lambdasuite/activityRelations_deduplicated_cleaned');
--     and the latest-snapshot view of 02 as CREATE OR REPLACE TEMPORARY VIEW over it (a permanent view cannot
--     reference a temporary one).
