-- A large update in a board's log (an import's chunk, a restore) is stored as a zlib stream, and
-- this says which rows are: rows written before it read as they were (false). The database's work
-- on an append grows with its bytes, and an import's chunks deflate to about 40% of their size
-- (src/lib/server/update-log.ts). The column itself stays uncompressed by PostgreSQL (097).
ALTER TABLE board_updates ADD COLUMN compressed boolean NOT NULL DEFAULT false;
