import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepartment, createDepartmentLink, departmentForToken, deleteDepartment, revokeDepartmentLink, hashToken } from '../../src/lib/server/departments';
import type { Sql, SqlWithTransactions } from '../../src/lib/server/sql';
import { departmentScorecard, listTasks, publishTasks, setTaskStatus, taskEvidence, openTasksElsewhere } from '../../src/lib/server/tasks';
import { listDeliveries, sendWebhook, setWebhookUrl } from '../../src/lib/server/webhooks';
import type { TaskDraft } from '../../src/lib/tasks/types';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const name = `gb_tasks_${Math.random().toString(36).slice(2, 10)}`;
let admin: pg.Client;
let pool: pg.Pool;
let db: SqlWithTransactions;

function wrap(client: pg.Pool | pg.PoolClient): Sql {
	return { query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[] };
}

beforeAll(async () => {
	admin = new pg.Client({ connectionString: ADMIN_URL });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const url = new URL(ADMIN_URL);
	url.pathname = `/${name}`;
	pool = new pg.Pool({ connectionString: url.toString(), max: 3 });
	// Connections closing while the database is dropped at the end are expected.
	pool.on('error', () => {});
	await pool.query(`create table if not exists boards (id text primary key, title text not null default '', created_at timestamptz not null default now())`);
	await pool.query(readFileSync(new URL('../../src/lib/server/migrations/010.do.tasks.sql', import.meta.url), 'utf8'));
	await pool.query(`insert into boards (id, title) values ('board_1', 'Spring'), ('board_2', 'Autumn')`);
	db = {
		...wrap(pool),
		async transaction(fn) {
			const client = await pool.connect();
			try {
				await client.query('begin');
				const out = await fn(wrap(client));
				await client.query('commit');
				return out;
			} catch (e) {
				await client.query('rollback');
				throw e;
			} finally {
				client.release();
			}
		}
	};
});

afterAll(async () => {
	await pool?.end();
	await admin?.query(`drop database if exists ${name} with (force)`);
	await admin?.end();
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

describe('tasks in the database', () => {
	it('publishes, and publishing again updates the same tasks and keeps their status', async () => {
		const delivery = await createDepartment(db, { name: 'Delivery', headEmail: 'head@example.com' });
		const billing = await createDepartment(db, { name: 'Billing' });
		await expect(createDepartment(db, { name: ' delivery ' })).rejects.toThrow(/already a department called "delivery"/);

		const first = await publishTasks(db, 'board_1', [draft('grp_a', delivery.id, 'Late parcels', ['late', 'very late']), draft('grp_b', billing.id, 'Invoices', ['wrong'])]);
		expect(first.map((t) => [t.title, t.departmentName, t.status, t.due, t.boardTitle])).toEqual([
			['Invoices', 'Billing', 'open', '2027-01-31', 'Spring'],
			['Late parcels', 'Delivery', 'open', '2027-01-31', 'Spring']
		]);
		const late = first.find((t) => t.groupId === 'grp_a')!;
		await setTaskStatus(db, late.id, 'in_progress');

		const again = await publishTasks(db, 'board_1', [draft('grp_a', delivery.id, 'Late parcels (renamed)', ['late', 'very late', 'lost'])]);
		expect(again).toHaveLength(1);
		expect(again[0]).toMatchObject({ id: late.id, title: 'Late parcels (renamed)', status: 'in_progress', noteCount: 3 });
		expect(await listTasks(db, { boardId: 'board_1' })).toHaveLength(2);
		expect((await taskEvidence(db, late.id)).map((e) => e.text)).toEqual(['late', 'very late', 'lost']);
		expect((await taskEvidence(db, late.id))[0].fields).toEqual({ region: 'North', satisfaction: 'Very dissatisfied' });

		expect((await listTasks(db, { departmentId: billing.id })).map((t) => t.title)).toEqual(['Invoices']);
		await expect(deleteDepartment(db, billing.id)).rejects.toThrow(/1 published task/);

		await publishTasks(db, 'board_2', [draft('grp_c', delivery.id, 'Parcels late again', ['late'])]);
		const score = await departmentScorecard(db, delivery.id);
		expect(score.map((s) => [s.boardTitle, s.tasks, s.inProgress, s.open, s.comments])).toEqual([
			['Spring', 1, 1, 0, 3],
			['Autumn', 1, 0, 1, 1]
		]);
		const earlier = await openTasksElsewhere(db, [delivery.id], 'board_2');
		expect(earlier.map((t) => [t.title, t.evidence])).toEqual([['Late parcels (renamed)', ['late', 'very late', 'lost']]]);
	});

	it('refuses to publish for a department that does not exist, writing nothing', async () => {
		await expect(publishTasks(db, 'board_1', [draft('grp_z', 'dept_gone', 'Ghost', ['x'])])).rejects.toThrow(/"Ghost" is assigned to a department that no longer exists/);
		expect((await listTasks(db)).some((t) => t.groupId === 'grp_z')).toBe(false);
	});

	it('opens a department by link token until the link is revoked', async () => {
		const dept = await createDepartment(db, { name: 'Returns' });
		const token = await createDepartmentLink(db, dept.id, 'Head of returns');
		expect(await departmentForToken(db, token)).toBe(dept.id);
		expect(await departmentForToken(db, `${token}x`)).toBeNull();
		await revokeDepartmentLink(db, dept.id, hashToken(token));
		expect(await departmentForToken(db, token)).toBeNull();
	});
});

describe('board webhooks', () => {
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
			await setWebhookUrl(db, 'board_1', `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
			const ok = await sendWebhook(db, 'board_1', 'tasks.published', { text: 'published' }, { backoffMs: () => 10 });
			expect(ok).toMatchObject({ ok: true, attempts: 2 });
			const failed = await sendWebhook(db, 'board_1', 'tasks.published', { text: 'again' }, { backoffMs: () => 10, attempts: 1 });
			expect(failed).toMatchObject({ ok: false, attempts: 1 });
			const deliveries = await listDeliveries(db, 'board_1');
			expect(deliveries.map((d) => [d.state, d.attempts, d.lastStatus, d.lastError])).toEqual([
				['failed', 1, 500, 'the receiver answered HTTP 500'],
				['delivered', 2, 200, null]
			]);
			expect(bodies.map((b) => JSON.parse(b).text)).toEqual(['published', 'published', 'again']);
			await setWebhookUrl(db, 'board_1', null);
			expect(await sendWebhook(db, 'board_1', 'tasks.published', {})).toBeNull();
		} finally {
			server.close();
		}
	});
});
