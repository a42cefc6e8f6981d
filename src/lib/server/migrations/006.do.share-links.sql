-- The editor and viewer links of a board, sealed with a key derived from the board's facilitator
-- token (itself only stored hashed): a facilitator can show them again, a copy of the database cannot.
ALTER TABLE board_tokens ADD COLUMN sealed text;
