-- Workspaces: an organisation, or a team inside one. Boards, departments (with their dashboards
-- and links), tasks, remembered import mappings and webhooks belong to exactly one; everything
-- that existed before moves into the default workspace.
CREATE TABLE workspaces (
	id text PRIMARY KEY,
	name text NOT NULL CHECK (length(trim(name)) > 0),
	created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO workspaces (id, name) VALUES ('ws_default', 'Default workspace');

-- Workspace links: only a hash of each token is kept. `origin` says where a token came from:
-- 'env' (WORKSPACE_TOKEN), 'start' (printed when the server started), 'api' (made by a member).
CREATE TABLE workspace_tokens (
	token_hash text PRIMARY KEY,
	workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	origin text NOT NULL CHECK (origin IN ('env', 'start', 'api')),
	label text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL DEFAULT now(),
	revoked_at timestamptz
);
CREATE INDEX workspace_tokens_workspace ON workspace_tokens (workspace_id);

ALTER TABLE boards ADD COLUMN workspace_id text NOT NULL DEFAULT 'ws_default' REFERENCES workspaces (id);
ALTER TABLE boards ALTER COLUMN workspace_id DROP DEFAULT;
CREATE INDEX boards_workspace ON boards (workspace_id, created_at DESC);

ALTER TABLE departments ADD COLUMN workspace_id text NOT NULL DEFAULT 'ws_default' REFERENCES workspaces (id);
ALTER TABLE departments ALTER COLUMN workspace_id DROP DEFAULT;
DROP INDEX departments_name_key;
CREATE UNIQUE INDEX departments_name_key ON departments (workspace_id, lower(name));

-- Dashboards: a department link belongs to its department's workspace. A link minted for a
-- signed-in head ends with the sign-in token (`expires_at`) and stops when that person is no
-- longer the head (`head_email`).
ALTER TABLE department_tokens ADD COLUMN workspace_id text REFERENCES workspaces (id);
UPDATE department_tokens t SET workspace_id = d.workspace_id FROM departments d WHERE d.id = t.department_id;
ALTER TABLE department_tokens ALTER COLUMN workspace_id SET NOT NULL;
ALTER TABLE department_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE department_tokens ADD COLUMN head_email text;

ALTER TABLE tasks ADD COLUMN workspace_id text REFERENCES workspaces (id);
UPDATE tasks t SET workspace_id = coalesce(b.workspace_id, 'ws_default') FROM boards b WHERE b.id = t.board_id;
UPDATE tasks SET workspace_id = 'ws_default' WHERE workspace_id IS NULL;
ALTER TABLE tasks ALTER COLUMN workspace_id SET NOT NULL;
CREATE INDEX tasks_workspace ON tasks (workspace_id, status);

ALTER TABLE board_webhooks ADD COLUMN workspace_id text REFERENCES workspaces (id);
UPDATE board_webhooks w SET workspace_id = b.workspace_id FROM boards b WHERE b.id = w.board_id;
ALTER TABLE board_webhooks ALTER COLUMN workspace_id SET NOT NULL;

-- A remembered mapping is the workspace's own: another workspace's import of the same header
-- signature never decides which of this workspace's columns are private.
ALTER TABLE import_mappings ADD COLUMN workspace_id text NOT NULL DEFAULT 'ws_default' REFERENCES workspaces (id);
ALTER TABLE import_mappings ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE import_mappings DROP CONSTRAINT import_mappings_pkey;
ALTER TABLE import_mappings ADD PRIMARY KEY (workspace_id, signature);

ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspace_tokens ENABLE ROW LEVEL SECURITY;

-- On a Supabase project every table of the schema is reachable through its API: none may be
-- readable without a policy (the application connects as the tables' owner and is not affected).
DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', r.tablename);
	END LOOP;
END $$;

-- A signed-in workspace member (app_metadata.workspace_id in the JWT) reads the workspace's
-- boards, departments, tasks and evidence; department heads keep their narrower policies.
CREATE OR REPLACE FUNCTION gistboard_member_workspace() RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT gistboard_jwt_claims() -> 'app_metadata' ->> 'workspace_id'
$$;

CREATE POLICY boards_member_read ON boards FOR SELECT
	USING (workspace_id = gistboard_member_workspace());
CREATE POLICY departments_member_read ON departments FOR SELECT
	USING (workspace_id = gistboard_member_workspace());
CREATE POLICY tasks_member_read ON tasks FOR SELECT
	USING (workspace_id = gistboard_member_workspace());
CREATE POLICY task_evidence_member_read ON task_evidence FOR SELECT
	USING (task_id IN (SELECT id FROM tasks WHERE workspace_id = gistboard_member_workspace()));
