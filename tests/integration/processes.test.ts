import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGroups, makeGroup, readGroups, updateGroup } from '../../src/lib/board';
import { announce, connectChannel, type ChannelClient } from './helpers/channel';
import { addNote, connect, createBoard, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { startServer, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { freshDatabase, freshRedisPrefix, TEST_REDIS_URL, usePostgres, useRedis } from './helpers/services';

const ready = (await usePostgres()) && (await useRedis());

/**
 * The board channel across processes: a command taken on one process reaches the connections of
 * the board on another, and that process enforces it (DESIGN.md "The board channel").
 */
describe.skipIf(!ready)('the board channel on two processes (PostgreSQL and Redis)', () => {
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	let a: RunningServer;
	let b: RunningServer;
	const clients: (Client | ChannelClient)[] = [];
	const join = (server: RunningServer, board: CreatedBoard, role: 'facilitator' | 'editor' | 'viewer', secret = randomBytes(32).toString('base64url')) => {
		const c = connectChannel(server.url, board.id, board.token(role), { participant: secret });
		announce(c);
		clients.push(c);
		return c;
	};

	beforeAll(async () => {
		database = await freshDatabase();
		const env = { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: freshRedisPrefix() };
		[a, b] = await Promise.all([startServer(env), startServer(env)]);
	}, 120_000);
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
		await database?.drop();
	});

	it('a lock taken on one process reaches the other, which refuses an editor’s note until the unlock', async () => {
		const board = await createBoard(a.url, 'Lock across processes');
		const fac = join(a, board, 'facilitator');
		const editorOnB = join(b, board, 'editor');
		await Promise.all([synced(fac), synced(editorOnB), editorOnB.latest('state')]);

		expect(await fac.command('setLocked', { locked: true })).toEqual({ ok: true });
		await editorOnB.until('state', (s) => s.controls.locked);
		// A stock client on B (what a hand-made client or an offline tab sends) is refused there.
		const raw = connect(b.url, board.id, board.token('editor'));
		clients.push(raw);
		await synced(raw);
		addNote(raw.doc, 'note_locked_b', 'Written on B while locked');
		await waitFor(() => raw.closes.length > 0, 10_000, 'the refusal on B');
		expect(raw.closes[0]).toEqual({ code: 4412, reason: 'Not kept: the facilitator locked the board.' });
		raw.provider.shouldConnect = false;
		const reader = connect(a.url, board.id, board.token('viewer'));
		clients.push(reader);
		await synced(reader);
		expect(reader.doc.getMap('notes').has('note_locked_b')).toBe(false);
		expect(fac.doc.getMap('notes').has('note_locked_b')).toBe(false);

		expect(await fac.command('setLocked', { locked: false })).toEqual({ ok: true });
		await editorOnB.until('state', (s) => !s.controls.locked);
		addNote(editorOnB.doc, 'note_after_b', 'Written on B after the unlock');
		await waitFor(() => fac.doc.getMap('notes').has('note_after_b'), 10_000, 'the note on A');
		expect(editorOnB.closes).toEqual([]);
	});

	it('votes cast on either process count against one limit, and totals reach the facilitator on the other', async () => {
		const board = await createBoard(a.url, 'Votes across processes');
		const fac = join(b, board, 'facilitator');
		await synced(fac);
		addGroups(fac.doc, [makeGroup({ id: 'grp_a', label: 'A' }), makeGroup({ id: 'grp_b', label: 'B', x: 600 })], { kind: 'user' });
		const secret = randomBytes(32).toString('base64url');
		// One person, one tab on each process.
		const onA = join(a, board, 'editor', secret);
		const onB = join(b, board, 'editor', secret);
		await Promise.all([synced(onA), synced(onB)]);
		await waitFor(() => onA.doc.getMap('groups').size === 2, 10_000, 'the groups on A');
		expect(await fac.command('setPhase', { phase: 'vote' })).toEqual({ ok: true });
		expect(await fac.command('setVotesPerPerson', { count: 3 })).toEqual({ ok: true });
		await onA.until('votes', (v) => v.limit === 3);

		expect(await onA.command('vote', { groupId: 'grp_a', delta: 1 })).toEqual({ ok: true });
		expect(await onA.command('vote', { groupId: 'grp_a', delta: 1 })).toEqual({ ok: true });
		// The facilitator, on the other process, sees the totals; the tab on B sees what it has used.
		await fac.until('votes', (v) => v.totals?.grp_a?.votes === 2);
		await onB.until('votes', (v) => v.used === 2 && v.mine.grp_a === 2);
		expect(await onB.command('vote', { groupId: 'grp_b', delta: 1 })).toEqual({ ok: true });
		const over = await onB.command('vote', { groupId: 'grp_b', delta: 1 });
		expect(over.ok).toBe(false);
		expect(over.message).toMatch(/used all 3 of your votes/);
		await fac.until('votes', (v) => v.totals?.grp_b?.votes === 1 && v.totals?.grp_a?.votes === 2);
		await onA.until('votes', (v) => v.used === 3);

		// Ending the vote on B closes it on A too.
		expect(await fac.command('setPhase', { phase: 'assign' })).toEqual({ ok: true });
		await onA.until('state', (s) => s.controls.phase === 'assign');
		expect((await onA.command('vote', { groupId: 'grp_a', delta: -1 })).ok).toBe(false);
	});

	it('an import through one process reaches the imports list of a tab on the other', async () => {
		const board = await createBoard(a.url, 'Imports across processes');
		const onB = join(b, board, 'viewer');
		expect((await onB.latest('state')).imports).toEqual([]);
		const res = await fetch(`${a.url}/api/boards/${board.id}/imports?filename=b.csv`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'text/csv' },
			body: 'id,comment\n1,The app logged me out\n2,Support was quick'
		});
		expect(res.status).toBe(201);
		const { importId } = await res.json();
		await onB.until('state', (s) => s.imports.some((i) => i.id === importId && i.notes === 2));
		await waitFor(() => onB.doc.getMap('notes').size === 2, 10_000, 'the notes on B');
	});

	it('a department added or removed through one process is assignable, or not, on the other at once', async () => {
		const board = await createBoard(a.url, 'Departments across processes');
		const onA = join(a, board, 'editor');
		const onB = join(b, board, 'editor');
		await Promise.all([synced(onA), synced(onB)]);
		addGroups(onB.doc, [makeGroup({ id: 'grp_fees', label: 'Fees' })], { kind: 'user' });
		await waitFor(() => onA.doc.getMap('groups').has('grp_fees'), 10_000, 'the group on A');
		const departmentOn = (c: ChannelClient) => readGroups(c.doc).groups.find((g) => g.id === 'grp_fees')?.department;
		// What A publishes reaches B in order: once B relays A's next edit, it has heard of the department.
		const throughA = async (tag: string) => {
			addNote(onA.doc, `note_${tag}`, tag);
			await waitFor(() => onB.doc.getMap('notes').has(`note_${tag}`), 10_000, `A's edit on B (${tag})`);
		};
		const workspace = { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json' };
		const created = await fetch(`${a.url}/api/departments`, { method: 'POST', headers: workspace, body: JSON.stringify({ name: 'Finance' }) });
		const finance = (await created.json()) as { id: string };
		await throughA('created');
		updateGroup(onB.doc, 'grp_fees', { department: finance.id }, { kind: 'user' });
		await waitFor(() => departmentOn(onA) === finance.id, 10_000, 'the assignment on A');

		updateGroup(onB.doc, 'grp_fees', { department: null }, { kind: 'user' });
		await waitFor(() => departmentOn(onA) === null, 10_000, 'no department on A');
		expect((await fetch(`${a.url}/api/departments/${finance.id}`, { method: 'DELETE', headers: workspace })).status).toBe(200);
		await throughA('deleted');
		updateGroup(onB.doc, 'grp_fees', { department: finance.id }, { kind: 'user' });
		await throughA('after');
		addNote(onB.doc, 'note_from_b', 'after the assignment');
		await waitFor(() => onA.doc.getMap('notes').has('note_from_b'), 10_000, 'B’s next edit on A');
		expect(departmentOn(onA)).toBeNull();
		await waitFor(() => departmentOn(onB) === null, 10_000, 'the repair on B');
	});
});
