-- Boards, their share tokens, and the update log of each board's document.
CREATE TABLE boards (
	id text PRIMARY KEY,
	title text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per role and board; only a hash of the token is kept.
CREATE TABLE board_tokens (
	token_hash text PRIMARY KEY,
	board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
	role text NOT NULL CHECK (role IN ('facilitator', 'editor', 'viewer')),
	created_at timestamptz NOT NULL DEFAULT now(),
	revoked_at timestamptz
);
CREATE INDEX board_tokens_board ON board_tokens (board_id, role);

-- Append-only: every document update is written here before anyone else sees it.
CREATE TABLE board_updates (
	seq bigserial PRIMARY KEY,
	board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
	update bytea NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX board_updates_board ON board_updates (board_id, seq);

-- The merged state of a board up to `seq`; the updates it contains are deleted with it.
CREATE TABLE board_snapshots (
	board_id text PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
	seq bigint NOT NULL,
	state bytea NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);
