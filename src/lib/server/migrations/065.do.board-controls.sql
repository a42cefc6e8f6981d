-- The facilitator's controls of a board (phase, lock, timer, votes per person, reveal, private
-- mode, follow-me, summon, spotlight), written only by facilitators' commands over the board
-- channel. One JSON value per board, read through `readControls` (src/lib/board/facilitation.ts).
CREATE TABLE board_controls (
	board_id text PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
	controls jsonb NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now()
);
