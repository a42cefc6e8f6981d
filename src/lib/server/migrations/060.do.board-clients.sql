-- Which participant writes as each Yjs client id of a board. A client id belongs to the
-- participant whose connection first wrote it; nobody else may extend its clocks, so nobody can
-- write "as" someone else's tab or swallow its next changes (DESIGN.md "Validation and repair").
CREATE TABLE board_clients (
	board_id text NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
	client_id bigint NOT NULL,
	participant text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (board_id, client_id)
);
