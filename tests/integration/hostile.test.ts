import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGroups, makeGroup } from '../../src/lib/board';
import { connectChannel, type ChannelClient } from './helpers/channel';
import { addNote, connect, createBoard, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { startServer, type RunningServer } from './helpers/server';
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

	it(`takes votes and private notes from at most ${MAX_PARTICIPANTS} participants per board (MAX_PARTICIPANTS), with a clear refusal`, async () => {
		const board = await createBoard(server.url, 'Minted participants');
		const fac = join(board, 'facilitator');
		await synced(fac);
		addGroups(fac.doc, [makeGroup({ id: 'grp_a', label: 'A' })], { kind: 'user' });
		const voters = Array.from({ length: MAX_PARTICIPANTS + 1 }, () => join(board, 'editor'));
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
		const notes = ann.doc.getMap('notes').toJSON() as Record<string, { text: string; by: string }>;
		const bobId = (await bob.latest('welcome')).participant;
		expect(notes.note_same).toMatchObject({ text: 'Ann: the invoice is unclear', by: (await ann.latest('welcome')).participant });
		const bobs = Object.entries(notes).filter(([, n]) => n.by === bobId);
		expect(bobs).toHaveLength(1);
		expect(bobs[0][0]).toMatch(/^note_same-[0-9a-z]{7}$/);
		expect(bobs[0][1].text).toBe('Bob: the app logs me out');
		await ann.until('drafts', (d) => d.mine.length === 0);
	});
});
