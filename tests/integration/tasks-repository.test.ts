import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepartment, createDepartmentLink, departmentForToken, deleteDepartment, revokeDepartmentLink, hashToken } from '../../src/lib/server/departments';
import { openDb, type Db } from '../../src/lib/server/db';
import { freshDatabase, usePostgres } from './helpers/services';
import { departmentScorecard, listTasks, publishTasks, setTaskStatus, taskEvidence, openTasksElsewhere } from '../../src/lib/server/tasks';
import { listDeliveries, sendWebhook, setWebhookUrl } from '../../src/lib/server/webhooks';
import { parseOutboundAllow } from '../../src/lib/server/outbound';
import type { TaskDraft } from '../../src/lib/tasks/types';
import { DEFAULT_WORKSPACE } from '../../src/lib/server/workspaces';

const pgAvailable = await usePostgres();
const WS = DEFAULT_WORKSPACE;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let db: Db;

beforeAll(async () => {
	if (!pgAvailable) return;
	database = await freshDatabase();
	db = await openDb({ databaseUrl: database.url, dataDir: '' });
	await db.query(`insert into boards (id, title, workspace_id) values ('board1', 'Spring', $1), ('board2', 'Autumn', $1)`, [WS]);
});

afterAll(async () => {
	await db?.close();
	await database?.drop();
});

const draft = (groupId: string, departmentId: string, title: string, texts: string[]): TaskDraft => ({
	groupId,
	title,
	description: `${texts.length} comments`,
	departmentId,
	ownerName: 'Ana',
	ownerEmail: 'ana@example.com',
	priority: 'high',
	due: '2027-01-31',
	noteCount: texts.length,
	dissatisfiedCount: 1,
	evidence: texts.map((text, i) => ({ noteId: `note_${groupId}_${i}`, text, fields: { region: 'North', satisfaction: i ? 'Satisfied' : 'Very dissatisfied' }, dissatisfied: i === 0 }))
});

describe.skipIf(!pgAvailable)('tasks in the database', () => {
	it('publishes, and publishing again updates the same tasks and keeps their status', async () => {
		const delivery = await createDepartment(db, WS, { name: 'Delivery', headEmail: 'head@example.com' });
		const billing = await createDepartment(db, WS, { name: 'Billing' });
		await expect(createDepartment(db, WS, { name: ' delivery ' })).rejects.toThrow(/already a department called "Delivery"/);

		const first = await publishTasks(db, 'board1', WS, [draft('grp_a', delivery.id, 'Late parcels', ['late', 'very late']), draft('grp_b', billing.id, 'Invoices', ['wrong'])]);
		expect(first.map((t) => [t.title, t.departmentName, t.status, t.due, t.boardTitle])).toEqual([
			['Invoices', 'Billing', 'open', '2027-01-31', 'Spring'],
			['Late parcels', 'Delivery', 'open', '2027-01-31', 'Spring']
		]);
		const late = first.find((t) => t.groupId === 'grp_a')!;
		await setTaskStatus(db, late.id, 'in_progress');

		const again = await publishTasks(db, 'board1', WS, [draft('grp_a', delivery.id, 'Late parcels (renamed)', ['late', 'very late', 'lost'])]);
		expect(again).toHaveLength(1);
		expect(again[0]).toMatchObject({ id: late.id, title: 'Late parcels (renamed)', status: 'in_progress', noteCount: 3 });
		expect(await listTasks(db, { boardId: 'board1' })).toHaveLength(2);
		expect((await taskEvidence(db, late.id)).map((e) => e.text)).toEqual(['late', 'very late', 'lost']);
		expect((await taskEvidence(db, late.id))[0].fields).toEqual({ region: 'North', satisfaction: 'Very dissatisfied' });

		expect((await listTasks(db, { departmentId: billing.id })).map((t) => t.title)).toEqual(['Invoices']);
		await expect(deleteDepartment(db, WS, billing.id)).rejects.toThrow(/1 published task/);

		await publishTasks(db, 'board2', WS, [draft('grp_c', delivery.id, 'Parcels late again', ['late'])]);
		const score = await departmentScorecard(db, delivery.id);
		expect(score.map((s) => [s.boardTitle, s.tasks, s.inProgress, s.open, s.comments])).toEqual([
			['Spring', 1, 1, 0, 3],
			['Autumn', 1, 0, 1, 1]
		]);
		const earlier = await openTasksElsewhere(db, WS, [delivery.id], 'board2');
		expect(earlier.map((t) => [t.title, t.evidence])).toEqual([['Late parcels (renamed)', ['late', 'very late', 'lost']]]);
	});

	it('refuses to publish for a department that does not exist, writing nothing', async () => {
		await expect(publishTasks(db, 'board1', WS, [draft('grp_z', 'dept_gone', 'Ghost', ['x'])])).rejects.toThrow(/"Ghost" is assigned to a department that no longer exists/);
		expect((await listTasks(db)).some((t) => t.groupId === 'grp_z')).toBe(false);
	});

	it('opens a department by link token until the link is revoked', async () => {
		const dept = await createDepartment(db, WS, { name: 'Returns' });
		const token = await createDepartmentLink(db, { id: dept.id, workspaceId: WS }, 'Head of returns');
		expect(await departmentForToken(db, token)).toBe(dept.id);
		expect(await departmentForToken(db, `${token}x`)).toBeNull();
		await revokeDepartmentLink(db, dept.id, hashToken(token));
		expect(await departmentForToken(db, token)).toBeNull();
	});
});

describe.skipIf(!pgAvailable)('board webhooks', () => {
	it('records each delivery so the facilitator sees a failure and the retry that fixed it', async () => {
		const statuses = [502, 200, 500];
		const bodies: string[] = [];
		const server = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c)).on('end', () => {
				bodies.push(body);
				res.writeHead(statuses.shift() ?? 500).end();
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		try {
			await setWebhookUrl(db, 'board1', `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
			// An address that was public when it was set and resolves inward later is refused at delivery.
			const rebound = await sendWebhook(db, 'board1', 'tasks.published', { text: 'inward' }, { backoffMs: () => 10 });
			expect(rebound).toMatchObject({ ok: false, attempts: 1, status: null });
			expect(bodies).toEqual([]);
			expect((await listDeliveries(db, 'board1'))[0]).toMatchObject({ state: 'failed', lastStatus: null, lastError: expect.stringMatching(/must be public/) });
			await db.query('delete from webhook_deliveries');
			const policy = parseOutboundAllow('127.0.0.1');
			const ok = await sendWebhook(db, 'board1', 'tasks.published', { text: 'published' }, { backoffMs: () => 10, policy });
			expect(ok).toMatchObject({ ok: true, attempts: 2 });
			const failed = await sendWebhook(db, 'board1', 'tasks.published', { text: 'again' }, { backoffMs: () => 10, attempts: 1, policy });
			expect(failed).toMatchObject({ ok: false, attempts: 1 });
			const deliveries = await listDeliveries(db, 'board1');
			expect(deliveries.map((d) => [d.state, d.attempts, d.lastStatus, d.lastError])).toEqual([
				['failed', 1, 500, 'the receiver answered HTTP 500'],
				['delivered', 2, 200, null]
			]);
			expect(bodies.map((b) => JSON.parse(b).text)).toEqual(['published', 'published', 'again']);
			await db.query(`update webhook_deliveries set state = 'pending', updated_at = now() - interval '1 hour' where id = $1`, [deliveries[0].id]);
			expect((await listDeliveries(db, 'board1'))[0]).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/interrupted by a server restart/) });
			await setWebhookUrl(db, 'board1', null);
			expect(await sendWebhook(db, 'board1', 'tasks.published', {})).toBeNull();
		} finally {
			server.close();
		}
	});
});
