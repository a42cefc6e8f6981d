import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/lib/server/db';
import { freshDatabase, TEST_DATABASE_URL, usePostgres } from './helpers/services';

const pgAvailable = await usePostgres();
let database: Awaited<ReturnType<typeof freshDatabase>>;
let admin: pg.Client;
let db: pg.Client;
const role = `gb_head_${Math.random().toString(36).slice(2, 10)}`;

beforeAll(async () => {
	if (!pgAvailable) return;
	database = await freshDatabase();
	// The schema comes from the application's own migrations, as on a Supabase project.
	await (await openDb({ databaseUrl: database.url, dataDir: '' })).close();
	admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
	await admin.connect();
	await admin.query(`create role ${role} nologin`);
	db = new pg.Client({ connectionString: database.url });
	await db.connect();
	// As on Supabase, the API role may select every table; row-level security decides what it sees.
	await db.query(`grant select on all tables in schema public to ${role}`);
	await db.query(`grant update on tasks, task_evidence, departments, department_tokens, board_webhooks to ${role}`);
	await db.query(`
		insert into workspaces (id, name) values ('ws_b', 'Team B');
		insert into boards (id, title, workspace_id) values ('board1', 'Spring', 'ws_default'), ('board2', 'Other team', 'ws_b');
		insert into board_updates (board_id, update) values ('board1', '\\x00'::bytea);
		insert into departments (id, name, head_email, workspace_id) values ('dept_a', 'Delivery', 'Head.A@example.com', 'ws_default'), ('dept_b', 'Billing', 'head.b@example.com', 'ws_default'), ('dept_c', 'Delivery', '', 'ws_b');
		insert into tasks (id, board_id, group_id, department_id, title, workspace_id) values
			('task_1', 'board1', 'grp_1', 'dept_a', 'Late parcels', 'ws_default'),
			('task_2', 'board1', 'grp_2', 'dept_a', 'Damaged boxes', 'ws_default'),
			('task_3', 'board1', 'grp_3', 'dept_b', 'Wrong invoices', 'ws_default'),
			('task_4', 'board2', 'grp_4', 'dept_c', 'Other team task', 'ws_b');
		insert into task_evidence (task_id, note_id, text) values ('task_1', 'note_1', 'late'), ('task_3', 'note_3', 'invoice'), ('task_4', 'note_4', 'theirs');
		insert into department_tokens (token_hash, department_id, workspace_id) values ('abc', 'dept_a', 'ws_default');
		insert into workspace_tokens (token_hash, workspace_id, origin) values ('def', 'ws_default', 'api');
	`);
});

afterAll(async () => {
	await db?.end();
	await database?.drop();
	await admin?.query(`drop role if exists ${role}`);
	await admin?.end();
});

/** Runs queries as the API role with the given JWT claims, the way PostgREST does on Supabase. */
async function asHead<T>(claims: object | null, fn: () => Promise<T>): Promise<T> {
	await db.query('begin');
	try {
		await db.query(`set local role ${role}`);
		if (claims) await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
		return await fn();
	} finally {
		await db.query('rollback');
	}
}

const ids = async (sql: string) => (await db.query(sql)).rows.map((r) => r.id ?? r.task_id);

describe.skipIf(!pgAvailable)('row-level security for department heads', () => {
	it('shows a head only the tasks and evidence of their own department', async () => {
		await asHead({ sub: 'u1', email: 'head.a@example.com', role: 'authenticated' }, async () => {
			expect(await ids('select id from tasks order by id')).toEqual(['task_1', 'task_2']);
			expect(await ids('select task_id from task_evidence order by task_id')).toEqual(['task_1']);
			expect(await ids('select id from departments')).toEqual(['dept_a']);
		});
		await asHead({ sub: 'u2', email: 'head.b@example.com' }, async () => {
			expect(await ids('select id from tasks')).toEqual(['task_3']);
		});
	});

	it('accepts a department claim in app_metadata', async () => {
		await asHead({ sub: 'u3', email: 'someone@else.com', app_metadata: { department_id: 'dept_b' } }, async () => {
			expect(await ids('select id from tasks')).toEqual(['task_3']);
		});
	});

	it('shows nothing without claims or to a stranger, and never the department links', async () => {
		await asHead(null, async () => expect(await ids('select id from tasks')).toEqual([]));
		await asHead({ sub: 'u4', email: 'stranger@example.com' }, async () => {
			expect(await ids('select id from tasks')).toEqual([]);
			expect((await db.query('select * from department_tokens')).rows).toEqual([]);
		});
	});

	it("lets a head update their own tasks' status but not another department's", async () => {
		await asHead({ sub: 'u1', email: 'head.a@example.com' }, async () => {
			expect((await db.query(`update tasks set status = 'done' where id in ('task_1', 'task_3')`)).rowCount).toBe(1);
			await expect(db.query(`update tasks set department_id = 'dept_b' where id = 'task_2'`)).rejects.toThrow(/row-level security/);
		});
	});

	it("shows a workspace member the workspace's boards, departments, tasks and evidence, and nothing of another workspace", async () => {
		await asHead({ sub: 'u5', email: 'member@example.com', app_metadata: { workspace_id: 'ws_b' } }, async () => {
			expect(await ids('select id from boards')).toEqual(['board2']);
			expect(await ids('select id from departments')).toEqual(['dept_c']);
			expect(await ids('select id from tasks')).toEqual(['task_4']);
			expect(await ids('select task_id from task_evidence')).toEqual(['task_4']);
			expect((await db.query('select * from workspace_tokens')).rows).toEqual([]);
		});
	});

	it('keeps boards, their documents, tokens and imports out of the API for everyone', async () => {
		for (const claims of [null, { sub: 'u1', email: 'head.a@example.com' }, { sub: 'u5', app_metadata: { workspace_id: 'ws_default' } }]) {
			await asHead(claims, async () => {
				for (const table of ['board_updates', 'board_snapshots', 'board_tokens', 'imports', 'import_private_values', 'import_mappings', 'workspace_tokens', 'department_tokens']) {
					expect((await db.query(`select * from ${table}`)).rows, `${table} for ${JSON.stringify(claims)}`).toEqual([]);
				}
			});
		}
	});

	it('leaves the application, which owns the tables, unaffected', async () => {
		expect(await ids('select id from tasks order by id')).toEqual(['task_1', 'task_2', 'task_3', 'task_4']);
	});
});
