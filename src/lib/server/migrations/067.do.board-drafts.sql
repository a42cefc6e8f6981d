-- Private-mode notes: each is seen only by its author until the facilitator ends private mode,
-- which turns every draft of the board into a content note and deletes the rows.
CREATE TABLE board_drafts (
	board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
	id text NOT NULL,
	author text NOT NULL,
	text text NOT NULL,
	x double precision NOT NULL,
	y double precision NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (board_id, id)
);
CREATE INDEX board_drafts_author ON board_drafts (board_id, author);
