-- Imports of customer comments: who imported what, when, and whether it was undone.
CREATE TABLE imports (
	id text PRIMARY KEY,
	board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
	file_name text NOT NULL,
	signature text NOT NULL,
	created_by text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	rows integer NOT NULL,
	notes integer NOT NULL,
	skipped integer NOT NULL,
	private_columns text[] NOT NULL DEFAULT '{}',
	undone_at timestamptz,
	undone_by text
);
CREATE INDEX imports_board ON imports (board_id, created_at DESC);

-- Values of private columns (names, e-mails, phones, addresses). They never enter the shared
-- board document; only facilitators read them, through the server.
CREATE TABLE import_private_values (
	import_id text NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
	board_id text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
	row_index integer NOT NULL,
	note_ids text[] NOT NULL,
	fields jsonb NOT NULL,
	PRIMARY KEY (import_id, row_index)
);
CREATE INDEX import_private_values_board ON import_private_values (board_id);

-- The last mapping used for a header signature, so next month's export of the same survey
-- imports with one click.
CREATE TABLE import_mappings (
	signature text PRIMARY KEY,
	mapping jsonb NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now()
);
