-- Private-mode notes are keyed by their author as well as their id: the id is chosen by the
-- author's tab, and refusing one because another author holds it would tell that someone does.
ALTER TABLE board_drafts DROP CONSTRAINT board_drafts_pkey;
ALTER TABLE board_drafts ADD PRIMARY KEY (board_id, author, id);
DROP INDEX board_drafts_author;
