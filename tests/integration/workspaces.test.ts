import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGroups, addNotes, makeGroup, makeNote, readGroups } from '../../src/lib/board';
import { assignGroup } from '../../src/lib/tasks/assign';
import { connect, createBoard, synced, waitFor, type CreatedBoard } from './helpers/clients';
import { startServer, tempDir, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { call } from './helpers/http';
import { freshDatabase, usePostgres } from './helpers/services';

const pgAvailable = await usePostgres();

/** Puts one group of comments on a board, assigned to a department, and publishes it. */
async function publishGroup(base: string, board: CreatedBoard, departmentId: string, label: string, comments: string[]) {
	const client = connect(base, board.id, board.token('facilitator'));
	await synced(client);
	const origin = { kind: 'user' as const, userId: 'user_seed' };
	const group = makeGroup({ label, x: 40, y: 40, order: 'a0' });
	addGroups(client.doc, [group], origin);
	addNotes(client.doc, comments.map((text, k) => makeNote({ text, fields: {}, groupId: group.id, order: `a${k}`, createdBy: 'user_seed' })), origin);
	assignGroup(client.doc, group.id, { department: departmentId, owner: { name: 'Olga Owner', email: 'olga@example.com' } }, origin);
	const stateVector = Buffer.from(Y.encodeStateVector(client.doc)).toString('base64');
	const published = await call(base, `/api/boards/${board.id}/publish`, { token: board.token('facilitator'), method: 'POST', body: { stateVector } });
	client.destroy();
	expect(published.status).toBe(200);
	return published.json.tasks as { id: string; title: string }[];
}

/**
 * Two workspaces on one installation: nothing of one is readable with a credential of the other,
 * and a board link reads its own board's things only.
 */
function isolationSuite(name: string, env: () => Promise<Record<string, string>>, cleanup: () => Promise<void>) {
	describe(name, () => {
		let server: RunningServer;
		let base: string;
		const A = TEST_WORKSPACE_TOKEN;
		let B: string;
		let a1: CreatedBoard;
		let a2: CreatedBoard;
		let b1: CreatedBoard;
		let deptA: { id: string };
		let deptB: { id: string };

		beforeAll(async () => {
			server = await startServer(await env());
			base = server.url;
		}, 120_000);

		afterAll(async () => {
			await server?.stop();
			await cleanup();
		});

		it('creates boards and departments only with a workspace credential', async () => {
			expect((await call(base, '/api/boards', { method: 'POST', body: { title: 'Anonymous' } })).status).toBe(401);
			expect((await call(base, '/api/boards', { token: 'made-up-token', method: 'POST', body: { title: 'Guess' } })).status).toBe(401);
			const second = await call(base, '/api/workspaces', { token: A, method: 'POST', body: { name: 'Team B' } });
			expect(second.status).toBe(201);
			B = new URL(second.json.link).searchParams.get('token')!;
			a1 = await createBoard(base, 'A one', A);
			a2 = await createBoard(base, 'A two', A);
			b1 = await createBoard(base, 'B one', B);
			deptA = (await call(base, '/api/departments', { token: A, method: 'POST', body: { name: 'Delivery', headName: 'Ana Head', headEmail: 'ana.head@a.example' } })).json;
			// The same name in another workspace is another department.
			deptB = (await call(base, '/api/departments', { token: B, method: 'POST', body: { name: 'Delivery', headName: 'Bo Head', headEmail: 'bo.head@b.example' } })).json;
			expect(deptA.id).not.toBe(deptB.id);
			expect((await call(base, '/api/departments', { token: A })).json.map((d: { id: string }) => d.id)).toEqual([deptA.id]);
			expect((await call(base, '/api/departments', { token: B })).json.map((d: { id: string }) => d.id)).toEqual([deptB.id]);
		});

		it('a board link of workspace A reads nothing of workspace B or of another board', async () => {
			await publishGroup(base, a1, deptA.id, 'Late parcels', ['Parcel came two weeks late', 'Courier never rang the bell', 'Late again, third time']);
			await publishGroup(base, b1, deptB.id, 'Secret B theme', ['B customer wrote b-secret@example.com about late parcels', 'Parcel late late late']);
			// A group of B assigned to A's department id is put back by the server: no task lands on A's dashboard.
			const client = connect(base, b1.id, b1.token('facilitator'));
			await synced(client);
			const origin = { kind: 'user' as const, userId: 'user_seed' };
			const intruder = makeGroup({ label: 'Planted', x: 900, y: 40, order: 'a1' });
			addGroups(client.doc, [intruder], origin);
			addNotes(client.doc, [makeNote({ text: 'planted comment', fields: {}, groupId: intruder.id, order: 'a0', createdBy: 'user_seed' })], origin);
			assignGroup(client.doc, intruder.id, { department: deptA.id }, origin);
			const stateVector = Buffer.from(Y.encodeStateVector(client.doc)).toString('base64');
			const planted = await call(base, `/api/boards/${b1.id}/publish`, { token: b1.token('facilitator'), method: 'POST', body: { stateVector } });
			await waitFor(() => readGroups(client.doc).groups.find((g) => g.id === intruder.id)?.department === null, 10_000, 'the assignment put back');
			client.destroy();
			expect(planted.status).toBe(200);
			expect(planted.json.tasks.map((t: { departmentId: string }) => t.departmentId)).toEqual([deptB.id]);

			for (const role of ['viewer', 'editor', 'facilitator'] as const) {
				const token = a2.token(role);
				// Tasks: its own (none yet); earlier tasks of its workspace without their evidence; nothing of B.
				const tasks = await call(base, `/api/boards/${a2.id}/tasks`, { token });
				expect(tasks.status).toBe(200);
				expect(tasks.json.tasks).toEqual([]);
				expect(tasks.text).not.toContain('Secret B theme');
				expect(tasks.text).not.toContain('b-secret');
				for (const t of tasks.json.earlier) {
					expect(t.evidence).toEqual([]);
					expect(t.ownerEmail).toBe('');
				}
				expect(tasks.text).not.toContain('Parcel came two weeks late');
				// Another board's tasks, imports, webhook and private values: refused.
				for (const path of [`/api/boards/${a1.id}/tasks`, `/api/boards/${b1.id}/tasks`, `/api/boards/${b1.id}/webhook`, `/api/boards/${a1.id}/imports`, `/api/boards/${b1.id}/imports/private`, `/api/boards/${b1.id}/export?format=md`]) {
					expect((await call(base, path, { token })).status, `${role} ${path}`).toBe(401);
				}
				// Departments: the board's workspace's, without heads' names or e-mails; never B's.
				const departments = await call(base, `/api/departments?board=${a2.id}`, { token });
				expect(departments.json).toEqual([expect.objectContaining({ id: deptA.id, headName: '', headEmail: '' })]);
				expect((await call(base, '/api/departments', { token })).status).toBe(401);
				expect((await call(base, `/api/departments?board=${b1.id}`, { token })).status).toBe(401);
				// Dashboards and their tasks, evidence, links: refused.
				for (const dept of [deptA, deptB]) {
					expect((await call(base, `/api/departments/${dept.id}/tasks`, { token })).status).toBe(401);
					expect((await call(base, `/api/departments/${dept.id}/links`, { token })).status).toBe(401);
					expect((await call(base, `/api/departments/${dept.id}/links`, { token, method: 'POST', body: {} })).status).toBe(401);
					expect((await call(base, `/api/departments/${dept.id}`, { token, method: 'PUT', body: { name: 'Hijacked', headEmail: 'evil@example.com' } })).status).toBe(401);
				}
				// Remembered mappings of the workspace only for facilitators of this board; never B's.
				expect((await call(base, `/api/boards/${b1.id}/imports/mapping?signature=x`, { token })).status).toBe(401);
			}
			// A workspace member sees the earlier task's evidence; the board link above did not.
			const member = await call(base, `/api/boards/${a2.id}/tasks`, { token: A });
			expect(member.json.earlier.map((t: { title: string }) => t.title)).toEqual(['Late parcels']);
			expect(member.json.earlier[0].evidence.length).toBeGreaterThan(0);
			expect(member.text).not.toContain('Secret B theme');
		});

		it('a workspace credential reads nothing of another workspace', async () => {
			for (const path of [`/api/boards/${b1.id}/tasks`, `/api/boards/${b1.id}/webhook`, `/api/boards/${b1.id}/imports`, `/api/boards/${b1.id}/export?format=json`]) {
				expect((await call(base, path, { token: A })).status, path).toBe(401);
			}
			expect((await call(base, `/api/departments/${deptB.id}/tasks`, { token: A })).status).toBe(401);
			expect((await call(base, `/api/departments/${deptB.id}/links`, { token: A, method: 'POST', body: {} })).status).toBe(404);
			expect((await call(base, `/api/departments/${deptB.id}`, { token: A, method: 'PUT', body: { name: 'Hijacked' } })).status).toBe(404);
			const mine = await call(base, `/api/departments/${deptA.id}/tasks`, { token: A });
			expect(mine.json.tasks.map((t: { title: string }) => t.title)).toEqual(['Late parcels']);
			// The home page of a member lists the workspace's boards and no other.
			const home = await call(base, '/', { cookie: `gw=${encodeURIComponent(B)}` });
			expect(home.text).toContain('B one');
			expect(home.text).not.toContain('A one');
		});

		it('remembered import mappings stay in their workspace and never unmask a column the guess keeps private', async () => {
			const csv = (rows: string[]) => new TextEncoder().encode(['Comment,E-mail,Region', ...rows].join('\n'));
			// Workspace B teaches its mapping: E-mail is a plain public column.
			const mapping = { columns: [{ column: 'Comment', role: 'comment' }, { column: 'E-mail', role: 'other', private: false }, { column: 'Region', role: 'region' }] };
			const taught = await call(base, `/api/boards/${b1.id}/imports?filename=b.csv&mapping=${encodeURIComponent(JSON.stringify(mapping))}`, {
				token: b1.token('facilitator'),
				method: 'POST',
				body: csv(['Late parcel,b@example.com,North'])
			});
			expect(taught.status).toBe(201);
			const signature = taught.json.mapping.signature;
			expect((await call(base, `/api/boards/${b1.id}/imports/mapping?signature=${encodeURIComponent(signature)}`, { token: b1.token('facilitator') })).json.mapping).not.toBeNull();
			expect((await call(base, `/api/boards/${a1.id}/imports/mapping?signature=${encodeURIComponent(signature)}`, { token: a1.token('facilitator') })).json.mapping).toBeNull();
			// Workspace A imports the same header: its own guess keeps the e-mail private.
			const imported = await call(base, `/api/boards/${a1.id}/imports?filename=a.csv`, { token: a1.token('facilitator'), method: 'POST', body: csv(['Broken box,a.person@example.com,South']) });
			expect(imported.status).toBe(201);
			expect(imported.json.mapping.columns.find((c: { column: string }) => c.column === 'E-mail').private).toBe(true);
			// Even within B, the remembered mapping does not make the e-mail public without a mapping sent along.
			const again = await call(base, `/api/boards/${b1.id}/imports?filename=b2.csv`, { token: b1.token('facilitator'), method: 'POST', body: csv(['Lost parcel,c@example.com,East']) });
			expect(again.json.mapping.columns.find((c: { column: string }) => c.column === 'E-mail').private).toBe(true);
		});

		it('refuses a bad status filter with 400 and names the statuses', async () => {
			const bad = await call(base, `/api/departments/${deptA.id}/tasks?status=open,closed`, { token: A });
			expect(bad.status).toBe(400);
			expect(bad.json.message).toMatch(/one of open, in_progress, done, wont_do/);
		});
	});
}

const pgliteDir = tempDir('gistboard-ws-');
isolationSuite('workspaces on the embedded database', async () => ({ DATA_DIR: pgliteDir }), async () => {});

let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
describe.skipIf(!pgAvailable)('on PostgreSQL', () => {
	isolationSuite(
		'workspaces on PostgreSQL',
		async () => {
			database = await freshDatabase();
			return { DATABASE_URL: database.url };
		},
		async () => {
			await database?.drop();
		}
	);
});

describe('the workspace link printed at start', () => {
	it('works until the next start prints a new one, and opens the home page as a member', async () => {
		const dataDir = tempDir('gistboard-link-');
		const linkOf = (output: string) => /Workspace link: (\S+)\n {2}\(valid until the next start/.exec(output)?.[1];
		let server = await startServer({ DATA_DIR: dataDir, WORKSPACE_TOKEN: '' });
		await waitFor(() => server.output().includes('(valid until the next start'), 5000, 'the workspace link');
		const first = linkOf(server.output());
		expect(first).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=gw_`));
		const token = new URL(first!).searchParams.get('token')!;
		expect((await createBoard(server.url, 'From the printed link', token)).id).toBeTruthy();
		const opened = await fetch(first!, { redirect: 'manual' });
		expect(opened.status).toBe(303);
		expect(opened.headers.getSetCookie().find((c) => c.startsWith('gw='))).toMatch(/^gw=gw_[^;]+;.*HttpOnly/i);
		await server.stop();

		server = await startServer({ DATA_DIR: dataDir, WORKSPACE_TOKEN: '' });
		try {
			await waitFor(() => server.output().includes('(valid until the next start'), 5000, 'the workspace link');
			const second = linkOf(server.output());
			expect(second).toBeTruthy();
			expect(second).not.toBe(first);
			await expect(createBoard(server.url, 'Old link', token)).rejects.toThrow(/401/);
			expect((await createBoard(server.url, 'New link', new URL(second!).searchParams.get('token')!)).id).toBeTruthy();
		} finally {
			await server.stop();
		}
	}, 120_000);

	it('is not printed when WORKSPACE_TOKEN fixes it, and several processes need it', async () => {
		const server = await startServer({ DATA_DIR: tempDir('gistboard-fixed-') });
		try {
			await waitFor(() => server.output().includes('Workspace link'), 5000, 'the workspace link');
			expect(server.output()).toContain('Workspace link: ');
			expect(server.output()).toContain('<WORKSPACE_TOKEN>');
			expect(server.output()).not.toContain(TEST_WORKSPACE_TOKEN);
		} finally {
			await server.stop();
		}
		const { runServerToExit } = await import('./helpers/server');
		const refused = await runServerToExit({ DATA_DIR: tempDir('gistboard-redis-'), REDIS_URL: 'redis://127.0.0.1:6379', WORKSPACE_TOKEN: '' });
		expect(refused.code).toBe(1);
		expect(refused.output).toMatch(/WORKSPACE_TOKEN: must be set when REDIS_URL is/);
	}, 120_000);
});
