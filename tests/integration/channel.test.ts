import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addGroups, makeGroup, SCHEMA_VERSION } from '../../src/lib/board';
import { newParticipantSecret, participantId } from '../../src/lib/server/participant';
import { announce, connectChannel, type ChannelClient } from './helpers/channel';
import { addNote, connect, createBoard, noteContents, synced, waitFor, type CreatedBoard } from './helpers/clients';
import type { RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { serverOnPostgres, type ServerOnPostgres } from './helpers/setups';
import { updateMessage } from './helpers/messages';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!(await usePostgres()))('the board channel: controls, votes and who may change them', () => {
	let setup: ServerOnPostgres;
	let server: RunningServer;
	let db: pg.Client;
	const open: ChannelClient[] = [];

	beforeAll(async () => {
		({ server, db } = setup = await serverOnPostgres({ ROOM_IDLE_MS: '200' }));
	});
	afterAll(async () => {
		for (const c of open) c.destroy();
		await setup?.stop();
	});

	const join = (board: CreatedBoard, role: 'facilitator' | 'editor' | 'viewer', params: Record<string, string> = {}) => {
		const c = connectChannel(server.url, board.id, board.token(role), params);
		announce(c);
		open.push(c);
		return c;
	};

	/** A board with two groups, in the voting phase with 3 votes per person. */
	async function votingBoard(title: string) {
		const board = await createBoard(server.url, title);
		const fac = join(board, 'facilitator');
		await synced(fac);
		addGroups(fac.doc, [makeGroup({ id: 'grp_a', label: 'A' }), makeGroup({ id: 'grp_b', label: 'B', x: 600 })], { kind: 'user' });
		await waitFor(() => fac.provider.synced);
		expect(await fac.command('setPhase', { phase: 'vote' })).toEqual({ ok: true });
		expect(await fac.command('setVotesPerPerson', { count: 3 })).toEqual({ ok: true });
		return { board, fac };
	}

	const storedVotes = async (boardId: string) =>
		(await db.query('SELECT participant, group_id, votes FROM board_votes WHERE board_id = $1 ORDER BY participant, group_id', [boardId])).rows;

	it('welcomes a protocol-2 client with its participant, role and the board state; stock clients get none of it', async () => {
		const board = await createBoard(server.url, 'Welcome');
		const secret = newParticipantSecret();
		const ed = join(board, 'editor', { participant: secret });
		const welcome = await ed.latest('welcome');
		expect(welcome).toMatchObject({ participant: participantId(secret), role: 'editor', epoch: 1 });
		const state = await ed.latest('state');
		expect(state).toMatchObject({ title: 'Welcome', controls: { phase: 'import', locked: false, votesPerPerson: 5 }, imports: [], privateColumns: [] });
		expect(await ed.latest('votes')).toEqual({ type: 'votes', mine: {}, used: 0, limit: 5, totals: null, voters: null });

		// A stock y-websocket client (no protocol announced) never receives a type-8 message.
		const types: number[] = [];
		const raw = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('editor')}`);
		raw.on('message', (data: Buffer) => types.push(data[0]));
		await new Promise((r) => raw.on('open', r));
		await sleep(400);
		expect(types.length).toBeGreaterThan(0);
		expect(types).not.toContain(8);
		// … and one that sends a board message anyway is cut off as unreadable.
		raw.send(Buffer.from([8, 2, 123, 125]));
		const closed = await new Promise<number>((r) => raw.on('close', (code) => r(code)));
		expect(closed).toBe(4400);
	});

	it('takes controls from facilitators only and tells everyone; editors and viewers get a clear refusal', async () => {
		const board = await createBoard(server.url, 'Controls');
		const fac = join(board, 'facilitator');
		const ed = join(board, 'editor');
		const viewer = join(board, 'viewer');
		await Promise.all([fac.latest('state'), ed.latest('state'), viewer.latest('state')]);

		for (const [name, args] of [
			['setPhase', { phase: 'done' }],
			['setLocked', { locked: true }],
			['setTitle', { title: 'Defaced' }],
			['setVotesRevealed', { revealed: true }],
			['setPrivateMode', { on: true }],
			['startTimer', { durationMs: 60_000 }]
		] as const) {
			expect(await ed.command(name, args)).toEqual({ ok: false, message: 'Only a facilitator can do that.' });
			expect((await viewer.command(name, args)).message).toMatch(/view-only link/);
		}
		expect((await db.query('SELECT count(*)::int AS n FROM board_controls WHERE board_id = $1', [board.id])).rows[0].n).toBe(0);
		expect((await db.query('SELECT title FROM boards WHERE id = $1', [board.id])).rows[0].title).toBe('Controls');

		expect(await fac.command('setPhase', { phase: 'group' })).toEqual({ ok: true });
		expect(await fac.command('setTitle', { title: '  Q3 survey  ' })).toEqual({ ok: true });
		expect(await fac.command('startTimer', { durationMs: 300_000 })).toEqual({ ok: true });
		const seen = await ed.until('state', (s) => s.title === 'Q3 survey' && s.controls.timer !== null);
		expect(seen.controls.phase).toBe('group');
		expect(seen.controls.timer).toMatchObject({ running: true, durationMs: 300_000 });

		// Bad arguments, unknown commands and oversized messages are answered or cut off, never stored.
		expect((await fac.command('setPhase', { phase: 'dancing' })).message).toMatch(/setPhase request is not valid/);
		expect((await fac.command('setVotesPerPerson', { count: 1e9 })).ok).toBe(false);
		expect((await fac.command('setTitle', { title: 'x'.repeat(201) })).ok).toBe(false);
		expect((await fac.command('dropTables', {})).message).toMatch(/Unknown command/);
		expect((await fac.command('extendTimer', { deltaMs: 'soon' })).ok).toBe(false);
		expect((await ed.latest('state')).controls.phase).toBe('group');

		const big = join(board, 'facilitator');
		await big.latest('welcome');
		big.sendRaw({ type: 'command', id: 1, name: 'setTitle', args: { title: 'y'.repeat(20_000) } });
		await waitFor(() => big.closes.length > 0);
		expect(big.closes[0].code).toBe(4400);
		expect(await fac.command('setLocked', { locked: false })).toEqual({ ok: true });
	});

	it('enforces the lock from the controls: an editor’s note while locked is refused, and works again after unlock', async () => {
		const board = await createBoard(server.url, 'Lock');
		const fac = join(board, 'facilitator');
		const ed = join(board, 'editor');
		await Promise.all([synced(fac), synced(ed), ed.latest('state')]);
		expect(await fac.command('setLocked', { locked: true })).toEqual({ ok: true });
		await ed.until('state', (s) => s.controls.locked);
		// The editor's change while locked: refused as a whole, nothing stored.
		const locked = connect(server.url, board.id, board.token('editor'));
		await synced(locked);
		addNote(locked.doc, 'note_locked', 'while locked');
		await waitFor(() => locked.closes.length > 0);
		expect(locked.closes[0]).toEqual({ code: 4412, reason: 'Not kept: the facilitator locked the board.' });
		locked.destroy();
		expect(fac.doc.getMap('notes').has('note_locked')).toBe(false);
		expect(await fac.command('setLocked', { locked: false })).toEqual({ ok: true });
		await ed.until('state', (s) => !s.controls.locked);
		addNote(ed.doc, 'note_after', 'after unlock');
		await waitFor(() => fac.doc.getMap('notes').has('note_after'));
	});

	it('counts votes on the server: the limit and the phase hold for two tabs of one person, and for 1e9 votes', async () => {
		const { board, fac } = await votingBoard('Votes');
		const secret = newParticipantSecret();
		const tab1 = join(board, 'editor', { participant: secret });
		const tab2 = join(board, 'editor', { participant: secret });
		await Promise.all([tab1.latest('votes'), tab2.latest('votes')]);

		// Two tabs of one person vote at once: they share one allowance of 3.
		const results = await Promise.all([
			tab1.command('vote', { groupId: 'grp_a', delta: 2 }),
			tab2.command('vote', { groupId: 'grp_b', delta: 2 }),
			tab1.command('vote', { groupId: 'grp_b', delta: 1 }),
			tab2.command('vote', { groupId: 'grp_a', delta: 1 })
		]);
		const cast = await storedVotes(board.id);
		const total = cast.reduce((s, r) => s + Number(r.votes), 0);
		expect(total).toBeLessThanOrEqual(3);
		expect(results.some((r) => !r.ok && /used all 3 of your votes/.test(r.message ?? ''))).toBe(true);
		expect(new Set(cast.map((r) => r.participant))).toEqual(new Set([participantId(secret)]));
		const mine = await tab2.until('votes', (v) => v.used === total);
		expect(mine.limit).toBe(3);

		for (const delta of [1e9, -1e9, 0, 2.5]) expect((await tab1.command('vote', { groupId: 'grp_a', delta })).ok).toBe(false);
		expect((await tab1.command('vote', { groupId: 'grp_nope', delta: 1 })).ok).toBe(false);
		expect((await tab1.command('vote', { groupId: 'grp_b', delta: -3 })).message).toMatch(/no votes on this group|take back/);
		expect(await storedVotes(board.id)).toEqual(cast);

		// Outside the voting phase and while locked, nobody votes.
		expect(await fac.command('setLocked', { locked: true })).toEqual({ ok: true });
		expect((await tab1.command('vote', { groupId: 'grp_a', delta: -1 })).message).toMatch(/locked/);
		expect(await fac.command('setLocked', { locked: false })).toEqual({ ok: true });
		expect(await fac.command('setPhase', { phase: 'assign' })).toEqual({ ok: true });
		expect((await tab1.command('vote', { groupId: 'grp_a', delta: -1 })).message).toMatch(/Voting is not open/);
		// A viewer never votes.
		const viewer = join(board, 'viewer');
		expect((await viewer.command('vote', { groupId: 'grp_a', delta: 1 })).message).toMatch(/view-only/);
	});

	it('keys ballots by the connection: a forged or announced id moves nobody’s votes', async () => {
		const { board } = await votingBoard('Forged');
		const ann = newParticipantSecret();
		const annTab = join(board, 'editor', { participant: ann });
		expect(await annTab.command('vote', { groupId: 'grp_a', delta: 3 })).toEqual({ ok: true });
		const annId = participantId(ann);

		// Someone who knows Ann's public id (it is in presence) announces it every way a script can.
		const mallory = join(board, 'editor', { participant: annId, user: annId });
		const welcome = await mallory.latest('welcome');
		expect(welcome.participant).not.toBe(annId);
		expect((await mallory.latest('votes')).mine).toEqual({});
		expect((await mallory.command('vote', { groupId: 'grp_a', delta: -1 })).ok).toBe(false);
		expect(await mallory.command('vote', { groupId: 'grp_b', delta: 1 })).toEqual({ ok: true });
		expect(await storedVotes(board.id)).toEqual(
			expect.arrayContaining([
				{ participant: annId, group_id: 'grp_a', votes: 3 },
				{ participant: welcome.participant, group_id: 'grp_b', votes: 1 }
			])
		);
	});

	it('sends totals to facilitators, and to everyone else only after the reveal', async () => {
		const { board, fac } = await votingBoard('Reveal');
		const ed = join(board, 'editor');
		const viewer = join(board, 'viewer');
		expect(await ed.command('vote', { groupId: 'grp_b', delta: 2 })).toEqual({ ok: true });
		const facVotes = await fac.until('votes', (v) => v.totals?.grp_b?.votes === 2);
		expect(facVotes.totals).toEqual({ grp_b: { votes: 2, voters: 1 } });
		await ed.until('votes', (v) => v.used === 2);
		// Nothing an editor or viewer received carries anyone's totals.
		for (const c of [ed, viewer]) expect(c.messages.filter((m) => m.type === 'votes').every((m) => m.totals === null)).toBe(true);
		expect(JSON.stringify(viewer.messages)).not.toMatch(/"votes":2/);

		expect(await fac.command('setVotesRevealed', { revealed: true })).toEqual({ ok: true });
		expect((await viewer.until('votes', (v) => v.totals !== null)).totals).toEqual({ grp_b: { votes: 2, voters: 1 } });
		expect((await ed.until('votes', (v) => v.totals !== null)).totals).toEqual({ grp_b: { votes: 2, voters: 1 } });
	});

	it('undoes votes and controls written into the document, such as deleting a ballot box; honest clients keep working', async () => {
		const { board, fac } = await votingBoard('Ballot box');
		const ed = join(board, 'editor');
		expect(await ed.command('vote', { groupId: 'grp_a', delta: 2 })).toEqual({ ok: true });
		const before = await storedVotes(board.id);

		const attempts: ((doc: Y.Doc) => void)[] = [
			(doc) => doc.getMap('votes').set('grp_a', new Y.Map()),
			(doc) => doc.getMap('meta').set('locked', true),
			(doc) => doc.getMap('meta').set('phase', 'done'),
			(doc) => doc.getMap('meta').set('title', 'Defaced')
		];
		for (const attempt of attempts) {
			const copy = new Y.Doc();
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(fac.doc));
			const sv = Y.encodeStateVector(copy);
			attempt(copy);
			const update = Y.encodeStateAsUpdate(copy, sv);
			const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('editor')}`);
			const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
			await new Promise((r) => ws.on('open', r));
			ws.send(updateMessage(update));
			// The server repairs the write before anyone sees it (the writer receives the repair too).
			await Promise.race([closed, new Promise((r) => setTimeout(r, 500))]);
			ws.close();
		}
		// Ballots are not in the document at all, so there is no ballot box there to delete.
		expect(fac.doc.getMap('votes').size).toBe(0);
		expect(await storedVotes(board.id)).toEqual(before);
		expect((await ed.latest('state')).controls).toMatchObject({ phase: 'vote', locked: false });
		expect(fac.doc.getMap('meta').get('title')).toBeUndefined();

		// The honest editor still votes and edits.
		expect(await ed.command('vote', { groupId: 'grp_b', delta: 1 })).toEqual({ ok: true });
		addNote(ed.doc, 'note_honest', 'still here');
		await waitFor(() => fac.doc.getMap('notes').has('note_honest'));
		expect(ed.closes).toEqual([]);
	});

	it('keeps private drafts to their author until private mode ends, then makes them notes for everyone', async () => {
		const board = await createBoard(server.url, 'Drafts');
		const fac = join(board, 'facilitator');
		const ann = join(board, 'editor');
		const bob = join(board, 'editor');
		await Promise.all([synced(fac), synced(ann), synced(bob), ann.latest('state'), bob.latest('drafts')]);
		expect((await ann.command('draft.add', { id: 'note_early', text: 'too early', x: 0, y: 0 })).message).toMatch(/Private mode is off/);
		expect(await fac.command('setPrivateMode', { on: true })).toEqual({ ok: true });
		expect(await ann.command('draft.add', { id: 'note_ann', text: 'Ann: delivery is late', x: 0, y: 0 })).toEqual({ ok: true });
		expect(await bob.command('draft.add', { id: 'note_bob', text: 'Bob: portal is slow', x: 0, y: 0 })).toEqual({ ok: true });
		await fac.until('drafts', (d) => d.total === 2);
		// Bob cannot touch Ann's draft, and learns nothing of it.
		expect((await bob.command('draft.edit', { id: 'note_ann', text: 'hijacked' })).message).toMatch(/no longer exists/);
		expect((await bob.command('draft.delete', { id: 'note_ann' })).ok).toBe(false);
		const viewer = join(board, 'viewer');
		expect((await viewer.command('draft.add', { id: 'note_v', text: 'viewer', x: 0, y: 0 })).message).toMatch(/view-only/);
		expect(await ann.command('draft.move', { id: 'note_ann', x: 40, y: 40 })).toEqual({ ok: true });
		expect(await ann.command('draft.edit', { id: 'note_ann', text: 'Ann: parcels arrive late' })).toEqual({ ok: true });
		for (const c of [bob, fac, viewer]) expect(JSON.stringify(c.messages)).not.toMatch(/parcels|delivery is late/);
		expect(JSON.stringify(ann.messages)).not.toMatch(/portal/);
		expect((await fac.until('drafts', (d) => d.total === 2)).mine).toEqual([]);
		expect(fac.doc.getMap('notes').size).toBe(0);

		expect(await fac.command('setPrivateMode', { on: false })).toEqual({ ok: true });
		for (const c of [fac, ann, bob, viewer]) await waitFor(() => c.doc.getMap('notes').size === 2, 10_000, 'the drafts as notes');
		const notes = noteContents(fac.doc);
		expect(notes.note_ann).toMatchObject({ text: 'Ann: parcels arrive late', by: (await ann.latest('welcome')).participant });
		expect(notes.note_bob.by).toBe((await bob.latest('welcome')).participant);
		// Placed where their authors put them, but never on top of each other.
		const place = fac.doc.getMap('place').toJSON() as Record<string, { x: number; y: number }>;
		const [a, b] = [place.note_ann, place.note_bob];
		expect(Math.abs(a.x - b.x) >= 208 || Math.abs(a.y - b.y) >= 124).toBe(true);
		expect((await db.query('SELECT count(*)::int AS n FROM board_drafts WHERE board_id = $1', [board.id])).rows[0].n).toBe(0);
		await ann.until('drafts', (d) => d.total === null && d.mine.length === 0);
	});

	it('opens a board made before the controls left the document with its votes and controls', async () => {
		// A version-2 board whose document still holds the controls in `meta` and a `votes` root.
		const board = await createBoard(server.url, 'Before');
		const old = new Y.Doc();
		old.transact(() => {
			const meta = old.getMap('meta');
			meta.set('schemaVersion', SCHEMA_VERSION);
			meta.set('phase', 'vote');
			meta.set('votesPerPerson', 4);
			meta.set('votesRevealed', true);
			meta.set('title', 'Q3 survey');
		});
		addGroups(old, [makeGroup({ id: 'grp_old', label: 'Old' })], { kind: 'user' });
		old.getMap('votes').set('grp_old', new Y.Map([['user_ann', 2]]));
		await db.query('INSERT INTO board_updates (board_id, update) VALUES ($1, $2)', [board.id, Buffer.from(Y.encodeStateAsUpdate(old))]);

		const fac = join(board, 'facilitator');
		const state = await fac.latest('state');
		expect(state.title).toBe('Q3 survey');
		expect(state.controls).toMatchObject({ phase: 'vote', votesPerPerson: 4, votesRevealed: true });
		expect((await fac.latest('votes')).totals).toEqual({ grp_old: { votes: 2, voters: 1 } });
		expect(await storedVotes(board.id)).toEqual([{ participant: 'user_ann', group_id: 'grp_old', votes: 2 }]);
		// The document's copies are gone; moving them again changes nothing.
		await synced(fac);
		await waitFor(() => !fac.doc.getMap('meta').has('phase'));
		expect(fac.doc.getMap('votes').size).toBe(0);
		expect(fac.doc.getMap('meta').get('schemaVersion')).toBe(SCHEMA_VERSION);
	});

	it('opens a version-1 board with its votes and controls after migrating it', async () => {
		const board = await createBoard(server.url, 'Version one');
		const old = new Y.Doc();
		old.transact(() => {
			const meta = old.getMap('meta');
			meta.set('schemaVersion', 1);
			meta.set('phase', 'vote');
			meta.set('locked', true);
			meta.set('votesPerPerson', 3);
			const group = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ x: 0, y: 0, parentId: null, order: 'a0', color: '#bfdbfe', collapsed: false })) group.set(k, v);
			group.set('label', new Y.Text('Late delivery'));
			old.getMap('groups').set('grp_1', group);
			old.getMap('votes').set('grp_1', new Y.Map([['user_x', 2]]));
		});
		await db.query('DELETE FROM board_updates WHERE board_id = $1', [board.id]);
		await db.query('DELETE FROM board_snapshots WHERE board_id = $1', [board.id]);
		await db.query('INSERT INTO board_updates (board_id, update) VALUES ($1, $2)', [board.id, Buffer.from(Y.encodeStateAsUpdate(old))]);
		await db.query('UPDATE boards SET schema_version = 1 WHERE id = $1', [board.id]);

		const fac = join(board, 'facilitator');
		const state = await fac.latest('state');
		expect(state.controls).toMatchObject({ phase: 'vote', locked: true, votesPerPerson: 3 });
		expect((await fac.latest('welcome')).epoch).toBe(2);
		expect((await fac.latest('votes')).totals).toEqual({ grp_1: { votes: 2, voters: 1 } });
		expect(await storedVotes(board.id)).toEqual([{ participant: 'user_x', group_id: 'grp_1', votes: 2 }]);
	});
});
