-- Updates in a board's log are Yjs binary that pglz compresses about in half, at a CPU cost paid on
-- every append: an import appends ten 440 KB chunks while the room waits to relay them. Stored
-- out of line without compression (EXTERNAL), one chunk costs the embedded database 25-36 ms of
-- CPU instead of 42-63 ms. The log is short-lived (compaction folds it into board_snapshots, which
-- stay compressed), so the extra disk is bounded by the updates since the last compaction.
ALTER TABLE board_updates ALTER COLUMN update SET STORAGE EXTERNAL;
