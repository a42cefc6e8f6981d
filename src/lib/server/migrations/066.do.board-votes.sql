-- Dot votes: one row per board, participant and group. Written only by the `vote` command, which
-- checks the phase and the votes per person inside the transaction that writes the row.
CREATE TABLE board_votes (
	board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
	participant text NOT NULL,
	group_id text NOT NULL,
	votes integer NOT NULL CHECK (votes > 0 AND votes <= 100),
	PRIMARY KEY (board_id, participant, group_id)
);
