import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeBackup } from '../../src/lib/export/backup';
import { restoredTitle } from '../../src/lib/export/restored-title';
import { haveFixtures, surveyBoard } from '../helpers/fixture-boards';
import { startServer, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { call as callServer } from './helpers/http';
import { freshDatabase, usePostgres } from './helpers/services';

const JWT_SECRET = 'integration-test-secret-0123456789abcdef';
const pgAvailable = await usePostgres();
let server: RunningServer;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let receiver: Server;
let hookUrl: string;
const hookStatuses: number[] = [];
const hookBodies: { text: string; tasks: unknown[] }[] = [];

beforeAll(async () => {
	if (!pgAvailable || !haveFixtures) return;
	database = await freshDatabase();
	// The webhook receiver listens on loopback, which only WEBHOOK_ALLOW opens.
	server = await startServer({ DATABASE_URL: database.url, SUPABASE_JWT_SECRET: JWT_SECRET, WEBHOOK_ALLOW: '127.0.0.1' });
	receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c)).on('end', () => {
			hookBodies.push(JSON.parse(body));
			res.writeHead(hookStatuses.shift() ?? 200).end();
		});
	});
	await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
	hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
	await server?.stop();
	await database?.drop();
	receiver?.close();
});

const call = (path: string, options?: Parameters<typeof callServer>[2]) => callServer(server.url, path, options);

const mint = (claims: Record<string, unknown>, exp: string | number = '1h') =>
	new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setAudience('authenticated').setExpirationTime(exp).sign(new TextEncoder().encode(JWT_SECRET));

describe.skipIf(!pgAvailable || !haveFixtures)('tasks over HTTP on PostgreSQL', () => {
	let facilitator: string;
	let boardId: string;
	let product: { id: string };
	let service: { id: string };
	let original: ReturnType<typeof makeBackup>;

	it('restores a backup of the survey fixture into a new, equal board', async () => {
		const workspace = TEST_WORKSPACE_TOKEN;
		expect((await call('/api/boards', { method: 'POST', body: { title: 'Admin board' } })).status).toBe(401);
		const first = await call('/api/boards', { token: workspace, method: 'POST', body: { title: 'Admin board' } });
		facilitator = new URL(first.json.links.facilitator).searchParams.get('token')!;
		// A board link is not a workspace credential: it cannot manage departments.
		expect((await call('/api/departments', { token: facilitator, method: 'POST', body: { name: 'Product' } })).status).toBe(401);
		product = (await call('/api/departments', { token: workspace, method: 'POST', body: { name: 'Product', headEmail: 'Head.Product@example.com' } })).json;
		service = (await call('/api/departments', { token: workspace, method: 'POST', body: { name: 'Service' } })).json;
		const survey = surveyBoard([product.id, service.id]);
		original = makeBackup(survey.doc, survey.extras, new Date(0));

		expect((await call('/api/boards/restore', { method: 'POST', body: { format: 'gistboard-backup' } })).status).toBe(401);
		expect((await call('/api/boards/restore', { token: facilitator, method: 'POST', body: { format: 'gistboard-backup' } })).status).toBe(401);
		expect((await call('/api/boards/restore', { token: workspace, method: 'POST', body: '{"format":"nope"}' })).json.message).toMatch(/not a Gistboard board backup/);
		const restored = await call('/api/boards/restore', { token: workspace, method: 'POST', body: original });
		expect(restored.status).toBe(201);
		expect(restored.json.problems).toEqual([]);
		boardId = restored.json.id;
		facilitator = new URL(restored.json.links.facilitator).searchParams.get('token')!;

		const backup = await call(`/api/boards/${boardId}/export?format=json`, { token: facilitator });
		expect(backup.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.gistboard\.json"/);
		const { exportedAt, ...again } = backup.json;
		expect(exportedAt).toBeTruthy();
		const { exportedAt: _, ...expected } = original;
		// A restored board gets import ids of its own; the notes are otherwise the same.
		const withoutImport = (notes: { source: { row: number } | null }[]) => notes.map((n) => ({ ...n, source: n.source && { row: n.source.row } }));
		expect(withoutImport(again.board.notes)).toEqual(withoutImport(expected.board.notes));
		expect(again.board.groups).toEqual(expected.board.groups);
		expect(again.board.title).toBe(restoredTitle(expected.board.title));
		expect(again.board.privateColumns).toEqual(['name']);
	});

	it('publishes the assigned groups with their evidence and posts them to the webhook, retrying once', async () => {
		expect((await call(`/api/boards/${boardId}/webhook`, { token: facilitator, method: 'PUT', body: { url: 'ftp://x' } })).status).toBe(400);
		expect((await call(`/api/boards/${boardId}/webhook`, { token: facilitator, method: 'PUT', body: { url: hookUrl } })).status).toBe(200);
		hookStatuses.push(503, 200);
		const published = await call(`/api/boards/${boardId}/publish`, { token: facilitator, method: 'POST' });
		expect(published.status).toBe(200);
		expect(published.json.tasks).toHaveLength(4);
		const titles = published.json.tasks.map((t: { title: string }) => t.title).sort();

		const start = Date.now();
		while (hookBodies.length < 2 && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 100));
		expect(hookBodies).toHaveLength(2);
		expect(hookBodies[1].tasks).toHaveLength(4);
		expect(hookBodies[1].text).toMatch(/^\*4 tasks published from <http/);
		// The delivery is recorded after the receiver answers, so the record may trail the request.
		await vi.waitFor(
			async () => {
				const hook = await call(`/api/boards/${boardId}/webhook`, { token: facilitator });
				expect(hook.json.deliveries[0]).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 200 });
			},
			{ timeout: 10_000, interval: 100 }
		);

		// Publishing again updates the same four tasks.
		const again = await call(`/api/boards/${boardId}/publish`, { token: facilitator, method: 'POST' });
		expect(again.json.tasks.map((t: { id: string }) => t.id).sort()).toEqual(published.json.tasks.map((t: { id: string }) => t.id).sort());

		const csv = await call(`/api/boards/${boardId}/export?format=csv&target=jira`, { token: facilitator });
		const rows = Papa.parse<Record<string, string>>(csv.text.replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
		expect(rows.map((r) => r.Summary).sort()).toEqual(titles);
		expect(new Set(rows.map((r) => r.Priority))).toEqual(new Set(['High', 'Medium', 'Highest', 'Low']));

		const md = await call(`/api/boards/${boardId}/export?format=md`, { token: facilitator });
		for (const owner of ['Ana Silva', 'Ben Okafor', 'Chloé Martin', 'Dev Patel']) expect(md.text).toContain(owner);
		expect(md.text).not.toContain('Respondent ');
		expect((await call(`/api/boards/${boardId}/export?format=svg`, { token: facilitator })).headers.get('content-type')).toMatch(/image\/svg\+xml/);
		expect((await call(`/api/boards/${boardId}/export?format=xls`, { token: facilitator })).status).toBe(400);
	});

	it('opens a department by link, shows only its tasks with evidence, and keeps a status change', async () => {
		expect((await call(`/api/departments/${product.id}/links`, { token: facilitator, method: 'POST', body: {} })).status).toBe(401);
		const link = (await call(`/api/departments/${product.id}/links`, { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: {} })).json.url as string;
		const token = new URL(link).searchParams.get('token')!;
		const mine = await call(`/api/departments/${product.id}/tasks`, { token });
		expect(mine.json.tasks).toHaveLength(2);
		expect(mine.json.tasks.every((t: { departmentId: string }) => t.departmentId === product.id)).toBe(true);
		// A valid link of another department: told so, with nothing of that department.
		const theirs = (await call(`/api/departments/${service.id}/tasks`, { token: TEST_WORKSPACE_TOKEN })).json.tasks;
		expect(theirs.length).toBeGreaterThan(0);
		for (const path of [`/api/departments/${service.id}/tasks`, `/api/tasks/${theirs[0].id}`, `/departments/${service.id}?token=${token}`]) {
			const refused = await call(path, { token });
			expect(refused.status, path).toBe(403);
			expect(refused.text, path).toContain('This link is valid, but for the Product dashboard, not this one.');
			expect(refused.text, path).toContain(`/departments/${product.id}`);
			expect(refused.text, path).not.toMatch(/Service/);
			expect(refused.text, path).not.toContain(theirs[0].title);
		}
		expect((await call(`/api/tasks/${theirs[0].id}`, { token, method: 'PATCH', body: { status: 'done' } })).status).toBe(403);
		expect((await call(`/api/departments/${service.id}/tasks`, { token: 'dt_not_a_link' })).status).toBe(401);

		const task = mine.json.tasks[0];
		const detail = await call(`/api/tasks/${task.id}`, { token });
		expect(detail.json.evidence).toHaveLength(task.noteCount);
		expect(detail.json.evidence[0].fields).toHaveProperty('country');
		expect(detail.json.evidence[0].fields).not.toHaveProperty('name');

		expect((await call(`/api/tasks/${task.id}`, { token, method: 'PATCH', body: { status: 'finished' } })).json.message).toMatch(/one of open, in_progress, done, wont_do/);
		expect((await call(`/api/tasks/${task.id}`, { token, method: 'PATCH', body: { status: 'done' } })).json.status).toBe('done');
		const badFilter = await call(`/api/departments/${product.id}/tasks?status=done,finished`, { token });
		expect(badFilter.status).toBe(400);
		expect(badFilter.json.message).toMatch(/one of open, in_progress, done, wont_do/);
		const after = await call(`/api/departments/${product.id}/tasks?status=done`, { token });
		expect(after.json.tasks.map((t: { id: string }) => t.id)).toEqual([task.id]);
		expect(after.json.scorecard[0]).toMatchObject({ tasks: 2, done: 1 });
		const board = (await call(`/api/boards/${boardId}/export?format=json`, { token: facilitator })).json.board;
		expect(board.groups.find((g: { id: string }) => g.id === task.groupId).status).toBe('done');
	});

	it('lets a department head signed in with Supabase read their tasks, and refuses bad tokens', async () => {
		const head = await mint({ email: 'head.product@example.com', role: 'authenticated' });
		expect((await call(`/api/departments/${product.id}/tasks`, { token: head })).json.tasks).toHaveLength(2);
		expect((await call(`/api/departments/${service.id}/tasks`, { token: head })).status).toBe(403);
		const expired = await mint({ email: 'head.product@example.com' }, Math.floor(Date.now() / 1000) - 60);
		const refused = await call(`/api/departments/${product.id}/tasks`, { token: expired });
		expect(refused.status).toBe(401);
		expect(refused.json.message).toMatch(/expired/);
		const [h, p, s] = head.split('.');
		const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), email: 'x@example.com', app_metadata: { department_id: service.id } })).toString('base64url');
		expect((await call(`/api/departments/${service.id}/tasks`, { token: `${h}.${forged}.${s}` })).status).toBe(401);
		const forever = await new SignJWT({ email: 'head.product@example.com' }).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setAudience('authenticated').sign(new TextEncoder().encode(JWT_SECRET));
		const endless = await call(`/api/departments/${product.id}/tasks`, { token: forever });
		expect(endless.status).toBe(401);
		expect(endless.json.message).toMatch(/no expiry/);

		// The dashboard cookie from a sign-in ends with the sign-in token and stops when the head changes.
		const shortLived = await mint({ email: 'head.product@example.com' }, Math.floor(Date.now() / 1000) + 600);
		const session = await call(`/api/departments/${product.id}/session`, { token: shortLived, method: 'POST' });
		expect(session.json.via).toBe('sign-in');
		const cookie = session.headers.getSetCookie().find((c) => c.startsWith(`gd_${product.id}=`))!;
		expect(cookie).toMatch(new RegExp(`gd_${product.id}=dt_`));
		expect(Number(/Max-Age=(\d+)/i.exec(cookie)![1])).toBeLessThanOrEqual(600);
		const minted = /=(dt_[^;]+)/.exec(cookie)![1];
		expect((await call(`/api/departments/${product.id}/tasks`, { token: minted })).status).toBe(200);
		const links = (await call(`/api/departments/${product.id}/links`, { token: TEST_WORKSPACE_TOKEN })).json.links;
		expect(links.find((l: { headEmail: string | null }) => l.headEmail === 'head.product@example.com')?.expiresAt).toBeTruthy();
		await call(`/api/departments/${product.id}`, { token: TEST_WORKSPACE_TOKEN, method: 'PUT', body: { name: 'Product', headEmail: 'new.head@example.com' } });
		expect((await call(`/api/departments/${product.id}/tasks`, { token: minted })).status).toBe(401);
	});
});
