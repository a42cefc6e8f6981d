-- Departments, published tasks and their evidence, department links, board webhooks.

create table departments (
	id text primary key,
	name text not null check (length(trim(name)) > 0),
	color text not null default '#64748b',
	head_name text not null default '',
	head_email text not null default '',
	created_at timestamptz not null default now()
);
create unique index departments_name_key on departments (lower(name));

-- A department link carries a random token; only its SHA-256 is stored.
create table department_tokens (
	token_hash text primary key,
	department_id text not null references departments (id) on delete cascade,
	label text not null default '',
	created_at timestamptz not null default now(),
	revoked_at timestamptz
);
create index department_tokens_department on department_tokens (department_id);

-- One task per published group: publishing again updates the same row.
create table tasks (
	id text primary key,
	board_id text not null references boards (id) on delete cascade,
	group_id text not null,
	department_id text references departments (id) on delete set null,
	title text not null,
	description text not null default '',
	owner_name text not null default '',
	owner_email text not null default '',
	priority text check (priority in ('low', 'medium', 'high', 'critical')),
	due date,
	status text not null default 'open' check (status in ('open', 'in_progress', 'done', 'wont_do')),
	note_count integer not null default 0,
	dissatisfied_count integer not null default 0,
	published_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	status_changed_at timestamptz,
	unique (board_id, group_id)
);
create index tasks_department on tasks (department_id, status);

-- The comments behind a task, copied with their customer context (private columns left out) so
-- the dashboard never needs the board document.
create table task_evidence (
	task_id text not null references tasks (id) on delete cascade,
	note_id text not null,
	position integer not null default 0,
	text text not null,
	fields jsonb not null default '{}'::jsonb,
	dissatisfied boolean not null default false,
	primary key (task_id, note_id)
);

create table board_webhooks (
	board_id text primary key references boards (id) on delete cascade,
	url text not null,
	updated_at timestamptz not null default now()
);

create table webhook_deliveries (
	id bigint generated always as identity primary key,
	board_id text not null references boards (id) on delete cascade,
	url text not null,
	event text not null,
	payload jsonb not null,
	state text not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
	attempts integer not null default 0,
	last_status integer,
	last_error text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create index webhook_deliveries_board on webhook_deliveries (board_id, created_at desc);

-- Row-level security for a Supabase project's database, where the API exposes tables to signed-in
-- users. The application connects as the tables' owner and is not affected. A department head is
-- identified by the e-mail in the JWT (or an app_metadata.department_id claim) and sees, and may
-- update, only the tasks of their department. Tokens, webhooks and deliveries have no policy, so
-- no API role can read them.
create or replace function gistboard_jwt_claims() returns jsonb
language sql stable as $$
	select coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb)
$$;

create or replace function gistboard_head_departments() returns setof text
language sql stable security definer set search_path = public as $$
	select d.id from departments d
	where (gistboard_jwt_claims() ->> 'email') is not null
		and lower(d.head_email) = lower(gistboard_jwt_claims() ->> 'email')
		and d.head_email <> ''
	union
	select gistboard_jwt_claims() -> 'app_metadata' ->> 'department_id'
	where gistboard_jwt_claims() -> 'app_metadata' ->> 'department_id' is not null
$$;

alter table departments enable row level security;
alter table department_tokens enable row level security;
alter table tasks enable row level security;
alter table task_evidence enable row level security;
alter table board_webhooks enable row level security;
alter table webhook_deliveries enable row level security;

create policy departments_head_read on departments for select
	using (id in (select gistboard_head_departments()));
create policy tasks_head_read on tasks for select
	using (department_id in (select gistboard_head_departments()));
create policy tasks_head_update on tasks for update
	using (department_id in (select gistboard_head_departments()))
	with check (department_id in (select gistboard_head_departments()));
create policy task_evidence_head_read on task_evidence for select
	using (task_id in (select id from tasks where department_id in (select gistboard_head_departments())));
