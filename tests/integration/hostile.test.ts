import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { addGroups, makeGroup, readGroups, updateGroup } from '../../src/lib/board';
import { renameGroup } from '../../src/lib/board/grouping';
import { userOrigin } from '../../src/lib/board/origin';
import { MAX_NESTING } from '../../src/lib/board/layout';
import { MAX_ORDER_KEY } from '../../src/lib/board/order';
import { MAX_DRAFTS_PER_BOARD, MAX_DRAFTS_PER_PARTICIPANT } from '../../src/lib/server/board-state';
import { DRAFT_NOTES_PER_STEP } from '../../server/sync/channel';
import { announce, connectChannel, type ChannelClient } from './helpers/channel';
import { addNote, connect, createBoard, noteContents, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { call } from './helpers/http';
import { presenceMessage } from './helpers/messages';
import { startServer, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { freshDatabase, usePostgres } from './helpers/services';

const MAX_PARTICIPANTS = 3;

/**
 * What a hand-made client could still try after the permission domains (issue #13): roots that are
 * no part of a board, drafts showing through presence, and an editor link minting participants.
 */
describe.skipIf(!(await usePostgres()))('hostile clients: unknown roots, private presence, participants per board', () => {
	let server: RunningServer;
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	const open: (Client | ChannelClient)[] = [];

	beforeAll(async () => {
		database = await freshDatabase();
		server = await startServer({ DATABASE_URL: database.url, MAX_PARTICIPANTS: String(MAX_PARTICIPANTS) });
	});
	afterAll(async () => {
		for (const c of open) c.destroy();
		await server?.stop();
		await database?.drop();
	});

	const join = (board: CreatedBoard, role: 'facilitator' | 'editor' | 'viewer') => {
		const c = connectChannel(server.url, board.id, board.token(role), { participant: randomBytes(32).toString('base64url') });
		open.push(c);
		return c;
	};
	const raw = (board: CreatedBoard, role: 'facilitator' | 'editor' | 'viewer') => {
		const c = connect(server.url, board.id, board.token(role));
		open.push(c);
		return c;
	};

	it('refuses an update that creates a root type a board does not have, whole, and honest clients keep syncing', async () => {
		const board = await createBoard(server.url, 'Unknown roots');
		const honest = raw(board, 'editor');
		const hostile = raw(board, 'editor');
		await Promise.all([synced(honest), synced(hostile)]);
		// A valid note and a root of its own, in one update.
		hostile.doc.transact(() => {
			addNote(hostile.doc, 'note_smuggler', 'Looks harmless');
			hostile.doc.getMap('payload').set('blob', 'x'.repeat(1000));
		});
		await waitFor(() => hostile.closes.length > 0, 10_000, 'the refusal');
		expect(hostile.closes[0]).toEqual({ code: 4412, reason: 'Not kept: it writes to “payload”, which is not part of a board.' });
		hostile.provider.shouldConnect = false;

		// Nested types in a root of their own, or an array root: refused the same way.
		for (const write of [
			(c: Client) => c.doc.getArray('list').push(['x']),
			(c: Client) => c.doc.getText('notes_v3').insert(0, 'hello')
		]) {
			const another = raw(board, 'facilitator');
			await synced(another);
			write(another);
			await waitFor(() => another.closes.length > 0, 10_000, 'the refusal');
			expect(another.closes[0].code).toBe(4412);
			another.provider.shouldConnect = false;
		}

		addNote(honest.doc, 'note_honest', 'Still syncing');
		const reader = raw(board, 'viewer');
		await waitFor(() => reader.provider.synced && reader.doc.getMap('notes').has('note_honest'), 10_000, 'the honest note');
		expect(reader.doc.getMap('notes').has('note_smuggler')).toBe(false);
		expect([...reader.doc.share.keys()].filter((k) => !['meta', 'notes', 'place', 'groups'].includes(k))).toEqual([]);
		expect(honest.closes).toEqual([]);
	});

	it(`keeps groups an editor nests thousands deep within ${MAX_NESTING} levels, so every reader and export can lay them out`, async () => {
		const board = await createBoard(server.url, 'Deep nesting');
		const hostile = raw(board, 'editor');
		await synced(hostile);
		// A chain of 600 groups, each inside the one before, sent in three changes: every tab took
		// seconds to lay out such a board, one of 3,000 overflowed its stack, and so did the server's
		// image export and imports, holding up every board of the process meanwhile.
		const ids = Array.from({ length: 600 }, (_, i) => `grp_deep${i}`);
		for (let part = 0; part < 3; part++) {
			addGroups(hostile.doc, ids.slice(part * 200, part * 200 + 200).map((id) => makeGroup({ id, parentId: id === ids[0] ? null : ids[ids.indexOf(id) - 1] })), { kind: 'user' });
		}
		const reader = raw(board, 'viewer');
		await waitFor(() => reader.provider.synced && reader.doc.getMap('groups').size === ids.length, 10_000, 'the groups');
		await waitFor(() => readGroups(hostile.doc).groups.filter((g) => g.parentId === null).length > 1, 10_000, 'the repair');
		const { groups } = readGroups(reader.doc);
		const parent = new Map(groups.map((g) => [g.id, g.parentId]));
		const depth = (id: string): number => (parent.get(id) ? 1 + depth(parent.get(id)!) : 0);
		expect(Math.max(...ids.map(depth))).toBe(MAX_NESTING);
		expect(groups.filter((g) => g.parentId === null)).toHaveLength(Math.ceil(ids.length / (MAX_NESTING + 1)));
		expect(hostile.closes).toEqual([]);
		// The image export lays the chain out as the repaired tree (it overflowed its stack before).
		const svg = await call(server.url, `/api/boards/${board.id}/export?format=svg`, { token: board.token('facilitator') });
		expect(svg.status).toBe(200);
	});

	it('puts back a department an editor sets that is not one of the board’s, and a deleted one stays readable until reassigned', async () => {
		const board = await createBoard(server.url, 'Departments');
		const editor = raw(board, 'editor');
		const reader = raw(board, 'viewer');
		await Promise.all([synced(editor), synced(reader)]);
		const departmentOf = (c: Client) => readGroups(c.doc).groups.find((g) => g.id === 'grp_refunds')?.department;
		addGroups(editor.doc, [makeGroup({ id: 'grp_refunds', label: 'Refunds' })], { kind: 'user' });
		addNote(editor.doc, 'note_slow', 'The refund took a month');
		editor.doc.getMap('place').set('note_slow', { groupId: 'grp_refunds', order: 'a0' });
		await waitFor(() => departmentOf(reader) === null, 10_000, 'the group');
		const assign = (department: string | null) => updateGroup(editor.doc, 'grp_refunds', { department }, { kind: 'user' });

		// Added while the board is open: assignable at once.
		const billing = await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Billing' } });
		assign(billing.json.id);
		await waitFor(() => departmentOf(reader) === billing.json.id, 10_000, 'the assignment');

		// Anything else a hand-made client writes is put back, for the editor too; nothing is closed.
		for (const made of ['Anything at all', 'dept_madeup000000']) {
			assign(made);
			addNote(editor.doc, `note_after_${made.length}`, 'Still here');
			await waitFor(() => reader.doc.getMap('notes').has(`note_after_${made.length}`), 10_000, 'the next edit');
			expect(departmentOf(reader)).toBe(billing.json.id);
			await waitFor(() => departmentOf(editor) === billing.json.id, 10_000, 'the repair at the editor');
		}
		expect(editor.closes).toEqual([]);

		// Deleted since: the group keeps it through other edits, and the board reads, exports and
		// answers publishing with what to do.
		expect((await call(server.url, `/api/departments/${billing.json.id}`, { token: TEST_WORKSPACE_TOKEN, method: 'DELETE' })).status).toBe(200);
		renameGroup(editor.doc, 'grp_refunds', 'Slow refunds', userOrigin('user_editor'));
		await waitFor(() => readGroups(reader.doc).groups.some((g) => g.label === 'Slow refunds'), 10_000, 'the new name');
		expect(departmentOf(reader)).toBe(billing.json.id);
		const backup = await call(server.url, `/api/boards/${board.id}/export?format=json`, { token: board.token('facilitator') });
		expect(backup.status).toBe(200);
		const published = await call(server.url, `/api/boards/${board.id}/publish`, { token: board.token('facilitator'), method: 'POST' });
		expect(published.status).toBe(400);
		expect(published.json.message).toBe('"Slow refunds" is assigned to a department that no longer exists. Assign it again, then publish.');
		// It cannot be given again, but another can.
		const care = await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Customer Care' } });
		assign(null);
		await waitFor(() => departmentOf(reader) === null, 10_000, 'no department');
		assign(billing.json.id);
		addNote(editor.doc, 'note_deleted_again', 'Still here');
		await waitFor(() => reader.doc.getMap('notes').has('note_deleted_again'), 10_000, 'the next edit');
		expect(departmentOf(reader)).toBeNull();
		await waitFor(() => departmentOf(editor) === null, 10_000, 'the repair at the editor');
		assign(care.json.id);
		await waitFor(() => departmentOf(reader) === care.json.id, 10_000, 'the new department');
		expect((await call(server.url, `/api/boards/${board.id}/publish`, { token: board.token('facilitator'), method: 'POST' })).status).toBe(200);
		expect(reader.closes).toEqual([]);
	});

	it('stores a NUL character an editor typed as U+FFFD, so publishing, titles and private notes still work', async () => {
		const board = await createBoard(server.url, 'NUL characters');
		const department = await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Logistics' } });
		expect(department.status).toBe(201);
		// A name or head that is not text is refused, not read as text ("x" out of ["x"]).
		for (const body of [{ name: ['Shipping'] }, { name: 'Shipping', headEmail: { to: 'a@b.co' } }, { name: 'Shipping', headName: 7 }]) {
			const refused = await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body });
			expect(refused.status, JSON.stringify(body)).toBe(400);
			expect(refused.json.message).toMatch(/must be text/);
		}
		const editor = raw(board, 'editor');
		await synced(editor);
		// PostgreSQL text and jsonb cannot hold U+0000; the editor's name, owner and note carry one each.
		editor.doc.transact(() => {
			addNote(editor.doc, 'note_nul', 'Parcel\u0000 lost');
			addGroups(editor.doc, [makeGroup({ id: 'grp_nul', label: 'Lost\u0000 parcels', department: department.json.id, owner: { name: 'Ana\u0000', email: 'ana@example.com' } })], { kind: 'user' });
			editor.doc.getMap('place').set('note_nul', { groupId: 'grp_nul', order: 'a0' });
		});
		// Relayed to another person only once the server has it.
		const reader = raw(board, 'viewer');
		await waitFor(() => reader.doc.getMap('place').has('note_nul'), 10_000, 'the placement');
		const published = await call(server.url, `/api/boards/${board.id}/publish`, { token: board.token('facilitator'), method: 'POST' });
		expect(published.status).toBe(200);
		expect(published.json.tasks).toHaveLength(1);
		const [task] = published.json.tasks;
		expect(task.title).toBe('Lost\uFFFD parcels');
		expect(task.ownerName).toBe('Ana\uFFFD');
		const evidence = await call(server.url, `/api/tasks/${task.id}`, { token: TEST_WORKSPACE_TOKEN });
		expect(evidence.json.evidence.map((e: { text: string }) => e.text)).toEqual(['Parcel\uFFFD lost']);
		// An id with a NUL is a task nobody has, not a server error.
		expect((await call(server.url, '/api/tasks/task_%00', { token: TEST_WORKSPACE_TOKEN })).status).toBe(404);

		const fac = join(board, 'facilitator');
		const author = join(board, 'editor');
		expect(await fac.command('setTitle', { title: 'Q3\u0000 survey' })).toEqual({ ok: true });
		expect(await fac.command('setPrivateMode', { on: true })).toEqual({ ok: true });
		// Added together, in one transaction: one NUL must not take the other person's note down with it.
		const [mine, theirs] = await Promise.all([author.command('draft.add', { id: 'note_d1', text: 'Idea\u0000', x: 0, y: 0 }), fac.command('draft.add', { id: 'note_d2', text: 'Plain idea', x: 10, y: 0 })]);
		expect([mine, theirs]).toEqual([{ ok: true }, { ok: true }]);
		expect(await fac.command('setPrivateMode', { on: false })).toEqual({ ok: true });
		await waitFor(() => editor.doc.getMap('notes').has('note_d1') && editor.doc.getMap('notes').has('note_d2'), 10_000, 'the drafts as notes');
		expect(noteContents(editor.doc).note_d1.text).toBe('Idea\uFFFD');
	});

	it('keeps a due date only when it is a day of the calendar, so one editor cannot make publishing fail', async () => {
		const board = await createBoard(server.url, 'Due dates');
		const department = await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Billing' } });
		const editor = raw(board, 'editor');
		await synced(editor);
		// The pattern YYYY-MM-DD alone let through days PostgreSQL's date refuses: every publish of the board answered 500.
		editor.doc.transact(() => {
			addNote(editor.doc, 'note_due', 'Invoice came twice');
			addNote(editor.doc, 'note_leap', 'Invoice dated on a leap day');
			addGroups(editor.doc, [makeGroup({ id: 'grp_feb', label: 'Invoices', department: department.json.id, due: '2026-02-30' })], { kind: 'user' });
			addGroups(editor.doc, [makeGroup({ id: 'grp_leap', label: 'Leap day', department: department.json.id, due: '2028-02-29' })], { kind: 'user' });
			editor.doc.getMap('place').set('note_due', { groupId: 'grp_feb', order: 'a0' });
			editor.doc.getMap('place').set('note_leap', { groupId: 'grp_leap', order: 'a0' });
		});
		const group = (id: string) => editor.doc.getMap('groups').get(id) as Y.Map<unknown>;
		await waitFor(() => group('grp_feb').get('due') === null, 10_000, 'the repair of the new group');
		group('grp_leap').set('due', '9999-99-99');
		await waitFor(() => group('grp_leap').get('due') === '2028-02-29', 10_000, 'the repair of the changed group');
		const reader = raw(board, 'viewer');
		await waitFor(() => reader.provider.synced && reader.doc.getMap('groups').size === 2, 10_000, 'the groups');
		expect(readGroups(reader.doc).groups.map((g) => [g.id, g.due]).sort()).toEqual([
			['grp_feb', null],
			['grp_leap', '2028-02-29']
		]);
		const published = await call(server.url, `/api/boards/${board.id}/publish`, { token: board.token('facilitator'), method: 'POST' });
		expect(published.status).toBe(200);
		expect(published.json.tasks.map((t: { due: string | null }) => t.due).sort()).toEqual(['2028-02-29', null]);
		expect(editor.closes).toEqual([]);
	});

	it(`keeps order keys within ${MAX_ORDER_KEY} characters, in groups and in placements`, async () => {
		const board = await createBoard(server.url, 'Order keys');
		const editor = raw(board, 'editor');
		await synced(editor);
		editor.doc.transact(() => {
			addNote(editor.doc, 'note_o', 'Parcel late');
			addGroups(editor.doc, [makeGroup({ id: 'grp_o', label: 'Delivery', order: 'a1' })], { kind: 'user' });
			editor.doc.getMap('place').set('note_o', { groupId: 'grp_o', order: 'a0' });
		});
		// Half a megabyte of valid fractional index in each: stored, relayed and compared by everyone.
		const long = 'a0' + 'V'.repeat(250_000);
		const group = editor.doc.getMap('groups').get('grp_o') as Y.Map<unknown>;
		editor.doc.transact(() => {
			group.set('order', long);
			editor.doc.getMap('place').set('note_o', { groupId: 'grp_o', order: long });
		});
		await waitFor(() => group.get('order') === 'a1', 10_000, 'the repair');
		const reader = raw(board, 'viewer');
		await waitFor(() => reader.provider.synced && reader.doc.getMap('place').has('note_o'), 10_000, 'the board');
		expect(reader.doc.getMap('place').get('note_o')).toEqual({ groupId: 'grp_o', order: 'a0' });
		expect((reader.doc.getMap('groups').get('grp_o') as Y.Map<unknown>).get('order')).toBe('a1');
		// A key of an ordinary length is kept.
		editor.doc.getMap('place').set('note_o', { groupId: 'grp_o', order: 'a0' + 'V'.repeat(200) });
		await waitFor(() => (reader.doc.getMap('place').get('note_o') as { order: string }).order.length === 202, 10_000, 'the move');
		expect(editor.closes).toEqual([]);
	});

	it('keeps the ids of private drafts out of the presence others receive, until private mode ends', async () => {
		const board = await createBoard(server.url, 'Private presence');
		const fac = join(board, 'facilitator');
		const author = join(board, 'editor');
		const other = join(board, 'editor');
		await Promise.all([synced(fac), synced(author), synced(other)]);
		addNote(fac.doc, 'note_public', 'On the board for everyone');
		await waitFor(() => author.doc.getMap('notes').has('note_public'), 10_000, 'the public note');
		expect(await fac.command('setPrivateMode', { on: true })).toEqual({ ok: true });
		await other.until('state', (s) => s.controls.privateMode !== null);
		expect(await author.command('draft.add', { id: 'note_secret1', text: 'My idea', x: 10, y: 10 })).toEqual({ ok: true });

		const presence = (id: string, n: number) => ({
			user: { id: 'user_author', name: 'Author', color: '#175cd3', role: 'editor' },
			cursor: { x: 12, y: 12 },
			selection: [id, 'note_public'],
			drag: { ids: [id], dx: n, dy: n },
			typing: id,
			view: null
		});
		const seenBy = (c: ChannelClient) => c.provider.awareness.getStates().get(author.provider.awareness.clientID) as Record<string, unknown> | undefined;
		author.provider.awareness.setLocalState(presence('note_secret1', 5));
		await waitFor(() => (seenBy(other)?.cursor as { x: number } | undefined)?.x === 12, 10_000, 'the author’s presence');
		for (const watcher of [other, fac]) {
			const state = seenBy(watcher)!;
			expect(state.selection).toEqual(['note_public']);
			expect(state.drag).toBeNull();
			expect(state.typing).toBeNull();
			expect(JSON.stringify(state)).not.toContain('note_secret1');
		}

		// Private mode ends: the draft is a note for everyone, and presence may name it.
		expect(await fac.command('setPrivateMode', { on: false })).toEqual({ ok: true });
		await waitFor(() => other.doc.getMap('notes').has('note_secret1'), 10_000, 'the draft as a note');
		author.provider.awareness.setLocalState(presence('note_secret1', 7));
		await waitFor(() => (seenBy(other)?.drag as { dx: number } | null | undefined)?.dx === 7, 10_000, 'presence after private mode');
		expect(seenBy(other)!.selection).toEqual(['note_secret1', 'note_public']);
		expect(seenBy(other)!.typing).toBe('note_secret1');
	});

	it('takes a vote only from a tab shown on the board, and tells the facilitator how many people hold votes', async () => {
		const board = await createBoard(server.url, 'Ballots behind faces');
		const fac = join(board, 'facilitator');
		await synced(fac);
		addGroups(fac.doc, [makeGroup({ id: 'grp_a', label: 'A' })], { kind: 'user' });
		// A script's connections, each a participant of its own, none shown to anyone.
		const hidden = Array.from({ length: 3 }, () => join(board, 'editor'));
		const shown = join(board, 'editor');
		announce(shown, 'Ann');
		await Promise.all([...hidden, shown].map((c) => synced(c)));
		expect(await fac.command('setPhase', { phase: 'vote' })).toEqual({ ok: true });

		for (const c of hidden) {
			const refused = await c.command('vote', { groupId: 'grp_a', delta: 1 });
			expect(refused.ok).toBe(false);
			expect(refused.message).toMatch(/not shown among the people on the board/);
		}
		// A stock client's empty presence shows nobody either.
		hidden[0].provider.awareness.setLocalState({});
		expect((await hidden[0].command('vote', { groupId: 'grp_a', delta: 1 })).ok).toBe(false);

		expect(await shown.command('vote', { groupId: 'grp_a', delta: 2 })).toEqual({ ok: true });
		// Once shown, the same connection votes; taking votes back needs no presence.
		announce(hidden[1], 'Bob');
		expect(await hidden[1].command('vote', { groupId: 'grp_a', delta: 1 })).toEqual({ ok: true });
		hidden[1].provider.awareness.setLocalState(null);
		await waitFor(() => ![...fac.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'Bob'), 10_000, 'Bob gone');
		expect(await hidden[1].command('vote', { groupId: 'grp_a', delta: -1 })).toEqual({ ok: true });
		expect((await hidden[1].command('vote', { groupId: 'grp_a', delta: 1 })).ok).toBe(false);

		const seen = await fac.until('votes', (v) => v.totals?.grp_a?.votes === 2);
		expect(seen.voters).toBe(1);
		expect((await shown.latest('votes')).voters).toBeNull();
	});

	it('shows a tab back from a dropped network at once, so its first vote counts', async () => {
		const board = await createBoard(server.url, 'Back online');
		const fac = join(board, 'facilitator');
		await synced(fac);
		addGroups(fac.doc, [makeGroup({ id: 'grp_a', label: 'A' })], { kind: 'user' });
		const secret = randomBytes(32).toString('base64url');
		const tab = connectChannel(server.url, board.id, board.token('editor'), { participant: secret });
		open.push(tab);
		announce(tab, 'Ann');
		await synced(tab);
		const id = tab.provider.awareness.clientID;
		const annSeen = () => (fac.provider.awareness.getStates().get(id)?.user as { name?: string } | undefined)?.name === 'Ann';
		await waitFor(annSeen, 10_000, 'Ann shown');
		expect(await fac.command('setPhase', { phase: 'vote' })).toEqual({ ok: true });
		await waitFor(() => tab.doc.getMap('groups').has('grp_a'), 10_000, 'the group');

		// The connection ends and the server takes Ann off the board; the tab comes back with the
		// presence it had (same clock), which the removal's clock has passed.
		tab.provider.disconnect();
		await waitFor(() => !fac.provider.awareness.getStates().has(id), 10_000, 'Ann gone');
		tab.provider.connect();
		// The vote goes out the moment the socket opens, as a click on a button that the
		// connection's coming back enabled: before the tab has heard anything from the server.
		await waitFor(() => tab.provider.wsconnected, 10_000, 'the socket open');
		expect(await tab.command('vote', { groupId: 'grp_a', delta: 1 })).toEqual({ ok: true });
		// Everyone sees her again without waiting for the tab's 15-second renewal.
		await waitFor(annSeen, 5_000, 'Ann shown again');

		// Back on a second connection while the server still holds the first (a network that
		// dropped without a word): the old connection speaks for the tab until it ends, and its
		// removal reaches the tab on its new connection, which announces itself again at once.
		const copy = new Y.Doc();
		copy.clientID = id;
		const again = connectChannel(server.url, board.id, board.token('editor'), { participant: secret }, copy);
		open.push(again);
		announce(again, 'Ann');
		await synced(again);
		tab.provider.shouldConnect = false;
		(tab.provider.ws as unknown as WebSocket).terminate();
		await waitFor(() => tab.provider.ws === null, 10_000, 'the old connection closed');
		// Everything the fan-out would send has had its window.
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(annSeen()).toBe(true);
		expect(await again.command('vote', { groupId: 'grp_a', delta: 1 })).toEqual({ ok: true });
	});

	it(`takes votes and private notes from at most ${MAX_PARTICIPANTS} participants per board (MAX_PARTICIPANTS), with a clear refusal`, async () => {
		const board = await createBoard(server.url, 'Minted participants');
		const fac = join(board, 'facilitator');
		await synced(fac);
		addGroups(fac.doc, [makeGroup({ id: 'grp_a', label: 'A' })], { kind: 'user' });
		const voters = Array.from({ length: MAX_PARTICIPANTS + 1 }, () => join(board, 'editor'));
		voters.forEach((v, i) => announce(v, `Voter ${i}`));
		await Promise.all(voters.map((v) => synced(v)));
		await waitFor(() => voters.every((v) => v.doc.getMap('groups').has('grp_a')), 10_000, 'the group everywhere');
		expect(await fac.command('setPhase', { phase: 'vote' })).toEqual({ ok: true });

		for (const v of voters.slice(0, MAX_PARTICIPANTS)) expect(await v.command('vote', { groupId: 'grp_a', delta: 1 })).toEqual({ ok: true });
		const refused = await voters[MAX_PARTICIPANTS].command('vote', { groupId: 'grp_a', delta: 1 });
		expect(refused).toEqual({
			ok: false,
			message: `This board has ${MAX_PARTICIPANTS} people voting, the most it takes, so yours cannot be added. Ask the facilitator.`
		});
		// Those who hold votes keep voting; facilitators are not counted.
		expect(await voters[0].command('vote', { groupId: 'grp_a', delta: 1 })).toEqual({ ok: true });
		expect(await fac.command('vote', { groupId: 'grp_a', delta: 1 })).toEqual({ ok: true });
		expect((await fac.until('votes', (v) => v.totals?.grp_a?.votes === MAX_PARTICIPANTS + 2)).totals!.grp_a.voters).toBe(MAX_PARTICIPANTS + 1);

		// The same bound for private notes.
		expect(await fac.command('setPrivateMode', { on: true })).toEqual({ ok: true });
		for (const [i, v] of voters.slice(0, MAX_PARTICIPANTS).entries()) {
			expect(await v.command('draft.add', { id: `note_draft${i}`, text: 'idea', x: 0, y: 0 })).toEqual({ ok: true });
		}
		const noDraft = await voters[MAX_PARTICIPANTS].command('draft.add', { id: 'note_draftx', text: 'idea', x: 0, y: 0 });
		expect(noDraft.ok).toBe(false);
		expect(noDraft.message).toMatch(new RegExp(`has ${MAX_PARTICIPANTS} people with private notes`));
	});

	it('shows vote totals in the report and images to editors and viewers only once the facilitator reveals them', async () => {
		const board = await createBoard(server.url, 'Hidden votes');
		const fac = join(board, 'facilitator');
		const editor = join(board, 'editor');
		announce(editor);
		await Promise.all([synced(fac), synced(editor)]);
		addGroups(fac.doc, [makeGroup({ id: 'grp_billing', label: 'Billing' })], { kind: 'user' });
		fac.doc.transact(() => {
			fac.doc.getMap('notes').set('note_invoice', ['Invoice unclear', 'user_a', 1]);
			fac.doc.getMap('place').set('note_invoice', { groupId: 'grp_billing', order: 'a0' });
		});
		await waitFor(() => editor.doc.getMap('groups').has('grp_billing'), 10_000, 'the group');
		expect(await fac.command('setPhase', { phase: 'vote' })).toEqual({ ok: true });
		expect(await fac.command('vote', { groupId: 'grp_billing', delta: 2 })).toEqual({ ok: true });
		expect(await editor.command('vote', { groupId: 'grp_billing', delta: 1 })).toEqual({ ok: true });
		expect((await editor.latest('votes')).totals).toBeNull();

		const exported = async (role: 'facilitator' | 'editor' | 'viewer') => {
			const [md, svg] = await Promise.all(
				['md', 'svg&scope=groups'].map((format) => call(server.url, `/api/boards/${board.id}/export?format=${format}`, { token: board.token(role) }))
			);
			expect([md.status, svg.status]).toEqual([200, 200]);
			return { md: md.text, svg: svg.text };
		};
		for (const role of ['editor', 'viewer'] as const) {
			const { md, svg } = await exported(role);
			expect(md).toContain('Billing');
			expect(md).not.toMatch(/Votes/);
			expect(svg).not.toMatch(/\d votes?\b/);
		}
		const facilitator = await exported('facilitator');
		expect(facilitator.md).toContain('**Votes:** 3');
		expect(facilitator.svg).toContain('3 votes');

		expect(await fac.command('setVotesRevealed', { revealed: true })).toEqual({ ok: true });
		const revealed = await exported('viewer');
		expect(revealed.md).toContain('**Votes:** 3');
		expect(revealed.svg).toContain('3 votes');
	});

	it(`holds at most ${MAX_DRAFTS_PER_BOARD} private notes a board, and makes them notes ${DRAFT_NOTES_PER_STEP} at a time when private mode ends`, async () => {
		const board = await createBoard(server.url, 'Private notes by the thousand');
		const fac = join(board, 'facilitator');
		const viewer = raw(board, 'viewer');
		await Promise.all([synced(fac), synced(viewer)]);
		expect(await fac.command('setPrivateMode', { on: true })).toEqual({ ok: true });
		// Facilitators are not counted against MAX_PARTICIPANTS: as many as it takes to fill the board,
		// each pacing its private notes under the commands-per-second limit after its burst.
		const writers = Array.from({ length: MAX_DRAFTS_PER_BOARD / MAX_DRAFTS_PER_PARTICIPANT }, () => join(board, 'facilitator'));
		await Promise.all(writers.map((w) => synced(w)));
		const outcomes = await Promise.all(
			writers.map(async (w, n) => {
				const refused: string[] = [];
				for (let i = 0; i < MAX_DRAFTS_PER_PARTICIPANT; i++) {
					if (i >= 90) await new Promise((r) => setTimeout(r, 60));
					const result = await w.command('draft.add', { id: `note_w${n}_${i}`, text: `Idea ${i} of writer ${n}`, x: (i % 20) * 200, y: n * 2000 + Math.floor(i / 20) * 150 });
					if (!result.ok) refused.push(result.message!);
				}
				return refused;
			})
		);
		expect(outcomes.flat()).toEqual([]);
		const one = join(board, 'facilitator');
		await synced(one);
		expect(await one.command('draft.add', { id: 'note_more', text: 'One more', x: 0, y: 0 })).toEqual({
			ok: false,
			message: `This board holds ${MAX_DRAFTS_PER_BOARD.toLocaleString('en-US')} private notes already; wait until the facilitator ends private mode.`
		});
		expect((await fac.until('drafts', (d) => d.total === MAX_DRAFTS_PER_BOARD)).total).toBe(MAX_DRAFTS_PER_BOARD);

		// Ending private mode: every draft becomes a note, in updates of DRAFT_NOTES_PER_STEP notes.
		const sizes: number[] = [];
		viewer.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin === viewer.provider) sizes.push(viewer.doc.getMap('notes').size);
		});
		// Answered once every draft is a note: 5,000 notes in ten steps, slow on a loaded machine.
		expect(await fac.command('setPrivateMode', { on: false }, 90_000)).toEqual({ ok: true });
		await waitFor(() => viewer.doc.getMap('notes').size === MAX_DRAFTS_PER_BOARD, 60_000, 'every private note on the board');
		expect(new Set(sizes).size).toBeGreaterThanOrEqual(MAX_DRAFTS_PER_BOARD / DRAFT_NOTES_PER_STEP);
		expect((await fac.until('drafts', (d) => d.total === 0)).total).toBe(0);
	}, 180_000);

	it('tells nobody but facilitators how many private notes exist, and never whether an id is someone else’s', async () => {
		const board = await createBoard(server.url, 'Private counts');
		const fac = join(board, 'facilitator');
		const ann = join(board, 'editor');
		const bob = join(board, 'editor');
		await Promise.all([synced(fac), synced(ann), synced(bob), bob.latest('drafts')]);
		expect(await ann.command('draft.add', { id: 'note_early', text: 'too early', x: 0, y: 0 })).toEqual({
			ok: false,
			message: 'Private mode is off: add your note to the board instead.'
		});
		expect(await fac.command('setPrivateMode', { on: true })).toEqual({ ok: true });
		expect(await ann.command('draft.add', { id: 'note_same', text: 'Ann: the invoice is unclear', x: 0, y: 0 })).toEqual({ ok: true });
		expect(await ann.command('draft.add', { id: 'note_annonly', text: 'Ann: second thought', x: 0, y: 200 })).toEqual({ ok: true });
		await fac.until('drafts', (d) => d.total === 2);

		// Bob picks Ann's id: answered as for any new id; touching Ann's other id as for an unknown one.
		expect(await bob.command('draft.add', { id: 'note_same', text: 'Bob: the app logs me out', x: 0, y: 0 })).toEqual({ ok: true });
		const unknown = await bob.command('draft.edit', { id: 'note_nothing', text: 'x' });
		expect(await bob.command('draft.edit', { id: 'note_annonly', text: 'x' })).toEqual(unknown);
		expect(await bob.command('draft.delete', { id: 'note_annonly' })).toEqual(await bob.command('draft.delete', { id: 'note_nothing' }));
		await fac.until('drafts', (d) => d.total === 3);
		for (const c of [ann, bob]) {
			const counts = c.messages.filter((m) => m.type === 'drafts').map((m) => (m as { total: number | null }).total);
			expect(counts.length).toBeGreaterThan(0);
			expect(counts.every((t) => t === null)).toBe(true);
		}
		expect((await bob.latest('drafts')).mine.map((d) => d.text)).toEqual(['Bob: the app logs me out']);

		// Ending private mode: both notes with that id join the board, neither replaces the other.
		expect(await fac.command('setPrivateMode', { on: false })).toEqual({ ok: true });
		await waitFor(() => ann.doc.getMap('notes').size === 3, 10_000, 'the drafts as notes');
		const notes = noteContents(ann.doc);
		const bobId = (await bob.latest('welcome')).participant;
		expect(notes.note_same).toMatchObject({ text: 'Ann: the invoice is unclear', by: (await ann.latest('welcome')).participant });
		const bobs = Object.entries(notes).filter(([, n]) => n.by === bobId);
		expect(bobs).toHaveLength(1);
		expect(bobs[0][0]).toMatch(/^note_same-[0-9a-z]{7}$/);
		expect(bobs[0][1].text).toBe('Bob: the app logs me out');
		await ann.until('drafts', (d) => d.mine.length === 0);
	});

	/** Sends `count` commands at once without waiting; resolves with their results in the order they were sent. */
	let rawId = 1_000_000;
	const burst = (c: ChannelClient, count: number, make: (i: number) => { name: string; args: unknown }) => {
		const ids = Array.from({ length: count }, (_, i) => {
			const id = rawId++;
			c.sendRaw({ type: 'command', id, ...make(i) });
			return id;
		});
		const results = () => ids.map((id) => c.messages.find((m) => m.type === 'result' && m.id === id) as { ok: boolean; message?: string } | undefined);
		return { ids, results, answered: () => results().filter(Boolean).length };
	};

	it('runs a facilitator’s command before the commands editors flooded in, refuses floods with a reason, and adds private notes in bulk', async () => {
		const board = await createBoard(server.url, 'Floods');
		const fac = join(board, 'facilitator');
		await synced(fac);
		addGroups(fac.doc, [makeGroup({ id: 'grp_a', label: 'A' })], { kind: 'user' });
		const editors = [join(board, 'editor'), join(board, 'editor')];
		editors.forEach((e, i) => announce(e, `Editor ${i}`));
		await Promise.all(editors.map((e) => synced(e)));
		await waitFor(() => editors.every((e) => e.doc.getMap('groups').has('grp_a')), 10_000, 'the group everywhere');
		expect(await fac.command('setPhase', { phase: 'vote' })).toEqual({ ok: true });
		await Promise.all(editors.map((e) => e.until('state', (s) => s.controls.phase === 'vote')));

		// Two editors queue 60 votes each (5 are taken, the rest refused by the limit), then the facilitator locks.
		const floods = editors.map((e) => burst(e, 60, (i) => ({ name: 'vote', args: { groupId: 'grp_a', delta: i % 2 === 0 ? 1 : -1 } })));
		await waitFor(() => floods.every((f) => f.answered() > 0), 10_000, 'the floods to start');
		const lock = burst(fac, 1, () => ({ name: 'setLocked', args: { locked: true } }));
		await waitFor(() => lock.answered() === 1, 10_000, 'the lock');
		const answeredBeforeLock = floods.reduce((n, f) => n + f.answered(), 0);
		expect(lock.results()[0]).toEqual({ type: 'result', id: lock.ids[0], ok: true });
		expect(answeredBeforeLock).toBeLessThan(120 / 2);
		await waitFor(() => floods.every((f) => f.answered() === 60), 10_000, 'every vote answered');
		const afterLock = floods.flatMap((f) => f.results().slice(-10));
		expect(afterLock.every((r) => r!.ok === false && /locked the board/.test(r!.message!))).toBe(true);
		expect(await fac.command('setLocked', { locked: false })).toEqual({ ok: true });

		// Past the burst (or the commands one may have waiting) a participant is refused, with why, and stays connected.
		const flooder = join(board, 'editor');
		announce(flooder, 'Flooder');
		await synced(flooder);
		const flood = burst(flooder, 200, () => ({ name: 'vote', args: { groupId: 'grp_a', delta: 1 } }));
		await waitFor(() => flood.answered() === 200, 20_000, 'the flood answered');
		const messages = flood.results().map((r) => r!.message ?? '');
		expect(messages.some((m) => /more than 20 requests a second/.test(m))).toBe(true);
		expect(messages.some((m) => /requests waiting already/.test(m))).toBe(true);
		expect(flooder.closes).toEqual([]);
		expect(editors[0].closes).toEqual([]);

		// Private notes: 3 participants send 60 each at once; ending private mode is not kept waiting behind them.
		const writers = [join(board, 'editor'), join(board, 'editor'), join(board, 'editor')];
		await Promise.all(writers.map((w) => synced(w)));
		expect(await fac.command('setPrivateMode', { on: true })).toEqual({ ok: true });
		await Promise.all(writers.map((w) => w.until('state', (s) => s.controls.privateMode !== null)));
		const drafts = writers.map((w, k) => burst(w, 60, (i) => ({ name: 'draft.add', args: { id: `note_w${k}_${i}`, text: `idea ${k}.${i}`, x: 0, y: 0 } })));
		await waitFor(() => drafts.every((d) => d.answered() > 0), 10_000, 'the drafts to start');
		const end = burst(fac, 1, () => ({ name: 'setPrivateMode', args: { on: false } }));
		await waitFor(() => end.answered() === 1, 10_000, 'the end of private mode');
		expect(end.results()[0]!.ok).toBe(true);
		await waitFor(() => drafts.every((d) => d.answered() === 60), 20_000, 'every draft answered');
		const kept = drafts.flatMap((d, k) => d.results().flatMap((r, i) => (r!.ok ? [`note_w${k}_${i}`] : [])));
		const off = drafts.flatMap((d) => d.results().filter((r) => !r!.ok));
		expect(off.every((r) => r!.message === 'Private mode is off: add your note to the board instead.')).toBe(true);
		expect(kept.length).toBeGreaterThan(0);
		// Every draft that was answered ok is a note now; none that was refused is.
		await waitFor(() => kept.every((id) => fac.doc.getMap('notes').has(id)), 10_000, 'the kept drafts as notes');
		expect(fac.doc.getMap('notes').size).toBe(kept.length);
	});
});

/** Bytes of changes a second one address may send in the suite below: bursts of four times that, 512 KB. */
const UPDATE_BYTES_PER_SECOND = 128 * 1024;

/**
 * A server of its own on a fresh database for the suite it is called in, with `env` on top, and
 * `raw(board, role)`: a stock y-websocket client with that role's link, destroyed after the suite.
 */
function serverForSuite(env: Record<string, string>) {
	let server: RunningServer;
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	const open: Client[] = [];
	beforeAll(async () => {
		database = await freshDatabase();
		server = await startServer({ DATABASE_URL: database.url, ...env });
	});
	afterAll(async () => {
		for (const c of open) c.destroy();
		await server?.stop();
		await database?.drop();
	});
	return {
		url: () => server.url,
		raw(board: CreatedBoard, role: 'editor' | 'viewer') {
			const c = connect(server.url, board.id, board.token(role));
			open.push(c);
			return c;
		}
	};
}

describe.skipIf(!(await usePostgres()))('hostile clients: changes as fast as a socket takes them', () => {
	const { url, raw } = serverForSuite({ UPDATE_BYTES_PER_SECOND: String(UPDATE_BYTES_PER_SECOND) });

	it('closes a connection whose address sends more changes than UPDATE_BYTES_PER_SECOND, before reading them, and keeps the board live', async () => {
		const board = await createBoard(url(), 'Change flood');
		const hostile = raw(board, 'editor');
		const reader = raw(board, 'viewer');
		await Promise.all([synced(hostile), synced(reader)]);
		// Eight changes of 40 notes of 5,000 characters (about 200 KB each), one after another: the
		// largest changes a script could send 300 of a second held everyone else's edits back for seconds.
		for (let part = 0; part < 8; part++) {
			hostile.doc.transact(() => {
				for (let i = 0; i < 40; i++) hostile.doc.getMap('notes').set(`note_flood${part}_${i}`, ['x'.repeat(5000), 'user_flood', 1]);
			});
		}
		await waitFor(() => hostile.closes.length > 0, 10_000, 'the close');
		hostile.provider.shouldConnect = false;
		expect(hostile.closes[0]).toEqual({ code: 4429, reason: expect.stringMatching(/^Your network sent more changes than the server takes at once/) });
		const honest = raw(board, 'editor');
		await synced(honest);
		addNote(honest.doc, 'note_honest', 'The app logs me out');
		await waitFor(() => reader.doc.getMap('notes').has('note_honest'), 10_000, 'the honest note');
		// Relayed in order, so the flood's notes that were kept arrived before it: two changes fit in
		// the burst; the third was not read, nor anything after it.
		expect(reader.doc.getMap('notes').size).toBe(2 * 40 + 1);
		expect(reader.closes).toEqual([]);
	});
});

/** One update writing a note as each of `count` Yjs client ids nobody wrote as yet. */
function freshTabs(count: number, tag: string): Uint8Array {
	const parts: Uint8Array[] = [];
	for (let i = 0; i < count; i++) {
		const tab = new Y.Doc();
		tab.on('update', (u: Uint8Array) => parts.push(u));
		addNote(tab, `note_${tag}${i}`, `${tag} ${i}`);
	}
	return Y.mergeUpdates(parts);
}

describe.skipIf(!(await usePostgres()))('hostile clients: new client ids', () => {
	// 20 a minute, in bursts of 50: one address's new client ids.
	const { url, raw } = serverForSuite({ PRESENCE_CLAIMS_PER_MINUTE: '20' });

	it('refuses an update written as thousands of new tabs, then closes an address past its budget of new ones, and the board stays live', async () => {
		const board = await createBoard(url(), 'Client id flood');
		const hostile = raw(board, 'editor');
		const reader = raw(board, 'viewer');
		await Promise.all([synced(hostile), synced(reader)]);
		// 3,000 fresh client ids in one update: each would be a row of board_clients and an entry of
		// every state vector; ten of these stalled the server for half a minute.
		Y.applyUpdate(hostile.doc, freshTabs(3000, 'flood'));
		await waitFor(() => hostile.closes.length > 0, 10_000, 'the refusal');
		hostile.provider.shouldConnect = false;
		expect(hostile.closes[0]).toEqual({ code: 4412, reason: 'Not kept: it writes as 3,000 new tabs at once.' });

		// Thirty at a time fit in one update, until the address's 50 new identities are spent.
		const second = raw(board, 'editor');
		await synced(second);
		Y.applyUpdate(second.doc, freshTabs(30, 'first'));
		await waitFor(() => reader.doc.getMap('notes').size === 30, 10_000, 'the first thirty');
		Y.applyUpdate(second.doc, freshTabs(30, 'second'));
		await waitFor(() => second.closes.length > 0, 10_000, 'the close');
		second.provider.shouldConnect = false;
		expect(second.closes[0]).toEqual({ code: 4429, reason: expect.stringMatching(/^Your network opened more new tabs than the server takes at once/) });

		// Someone's one new tab still fits, and a new viewer loads the board at once.
		const honest = raw(board, 'editor');
		await synced(honest);
		addNote(honest.doc, 'note_honest', 'Checkout keeps failing');
		await waitFor(() => reader.doc.getMap('notes').has('note_honest'), 10_000, 'the honest note');
		const late = raw(board, 'viewer');
		await waitFor(() => late.provider.synced && late.doc.getMap('notes').size === 31, 10_000, 'a late viewer');
		expect([...late.doc.getMap('notes').keys()].filter((k) => k.startsWith('note_second') || k.startsWith('note_flood'))).toEqual([]);
		expect(reader.closes).toEqual([]);
		expect(honest.closes).toEqual([]);
	});
});

/** Presence messages a second one address may send in the suite below: bursts of ten times that, 200. */
const PRESENCE_MESSAGES_PER_SECOND = 20;

describe.skipIf(!(await usePostgres()))('hostile clients: presence from many connections of one address', () => {
	const { url, raw } = serverForSuite({ PRESENCE_MESSAGES_PER_SECOND: String(PRESENCE_MESSAGES_PER_SECOND) });
	const sockets: WebSocket[] = [];
	afterAll(() => {
		for (const s of sockets) s.terminate();
	});

	it('relays no more presence from one address than its budget, keeps each connection’s latest, and leaves edits alone', async () => {
		const board = await createBoard(url(), 'Presence from one address');
		const watcher = raw(board, 'viewer');
		const editor = raw(board, 'editor');
		await Promise.all([synced(watcher), synced(editor)]);
		const FLOODERS = 30;
		const MESSAGES = 40;
		const flooderIds = new Set(Array.from({ length: FLOODERS }, (_, i) => 900_000 + i));
		let relayed = 0;
		watcher.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
			relayed += [...added, ...updated].filter((id) => flooderIds.has(id)).length;
		});
		const closes: number[] = [];
		const open = await Promise.all(
			[...flooderIds].map(
				(clientId) =>
					new Promise<{ ws: WebSocket; clientId: number }>((resolve, reject) => {
						const ws = new WebSocket(`${url().replace('http', 'ws')}/sync/${board.id}?token=${board.token('viewer')}&participant=${randomBytes(32).toString('base64url')}`);
						ws.binaryType = 'arraybuffer';
						sockets.push(ws);
						ws.addEventListener('open', () => resolve({ ws, clientId }));
						ws.addEventListener('error', reject);
						ws.addEventListener('close', (e) => closes.push(e.code));
					})
			)
		);
		// Each connection sends its presence at the app's own rate (one move every 50 ms), all at once.
		const started = performance.now();
		for (let clock = 1; clock <= MESSAGES; clock++) {
			for (const { ws, clientId } of open) {
				ws.send(presenceMessage([[clientId, clock, { user: { id: 'x', name: `Tab ${clientId}`, color: '#175cd3', role: 'viewer' }, cursor: { x: clock, y: 0 } }]]));
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		// The address's budget is spent: an edit still goes through at once.
		addNote(editor.doc, 'note_meanwhile', 'The invoice was wrong');
		await waitFor(() => watcher.doc.getMap('notes').has('note_meanwhile'), 10_000, 'the edit');
		// Nobody's presence stays where it was: every connection's last move is shown in the end.
		const last = () => [...flooderIds].every((id) => (watcher.provider.awareness.getStates().get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x === MESSAGES);
		await waitFor(last, 20_000, 'every connection’s last move');
		const took = performance.now() - started;
		// 1,200 messages were sent: the watcher saw at most the burst, the budget of the time that
		// passed, and one last move a connection.
		expect(relayed).toBeLessThanOrEqual(10 * PRESENCE_MESSAGES_PER_SECOND + PRESENCE_MESSAGES_PER_SECOND * (took / 1000) + FLOODERS);
		expect(relayed).toBeLessThan((FLOODERS * MESSAGES) / 2);
		expect(closes).toEqual([]);
		expect(watcher.closes).toEqual([]);
		expect(editor.closes).toEqual([]);
	});
});
