-- What the streaming job wrote per snapshot hour: new versions that are published, held (failing a
-- validity filter, kept for a later dimension repair) or tombstones.
-- Inputs: the views of views.sql (SET VARIABLE base_path first).
-- Sample result:
--   snapshotId               | versions | published | held | tombstones
--   2024-05-01 01:00:00+00   | 10412    | 8120      | 2103 | 189
SELECT snapshotId,
       count(*)                                            AS versions,
       count(*) FILTER (WHERE NOT isDeleted AND heldReason = '') AS published,
       count(*) FILTER (WHERE NOT isDeleted AND heldReason <> '') AS held,
       count(*) FILTER (WHERE isDeleted)                   AS tombstones
FROM activity_mv
GROUP BY snapshotId
ORDER BY snapshotId;
