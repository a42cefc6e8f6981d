import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardMessage } from '../../src/lib/collab/channel';
import { connectChannel, type ChannelClient } from './helpers/channel';
import { addNote, connect, createBoard, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { rawSocket, type RawSocket } from './helpers/raw-socket';
import { scrape } from './helpers/prometheus';
import { startServer, type RunningServer } from './helpers/server';
import { freshDatabase, usePostgres } from './helpers/services';
import { presenceMessage, updateMessage } from './helpers/messages';

/**
 * What a WebSocket client written by hand can do that a tab cannot: headers no browser sends,
 * and acting on after the server closed its connection (it never answers the close frame, so ws
 * keeps reading its socket until the close handshake times out, 30 s later).
 */

/** Pings every 2 s here (30 s by default): a socket silent for two rounds is cut after 4 to 6 s. */
const HEARTBEAT_MS = 2000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One awareness message announcing `count` clients of `bytes` characters of state each (a hand-made flood). */
function presenceFlood(count: number, bytes: number): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, count);
	for (let i = 0; i < count; i++) {
		encoding.writeVarUint(update, 7000 + i);
		encoding.writeVarUint(update, 1);
		encoding.writeVarString(update, JSON.stringify({ pad: 'x'.repeat(bytes) }));
	}
	const message = encoding.createEncoder();
	encoding.writeVarUint(message, 1);
	encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
	return encoding.toUint8Array(message);
}

/** A note written by a client of its own, as an update from nothing. */
function noteUpdate(id: string, text: string): Uint8Array {
	const doc = new Y.Doc();
	addNote(doc, id, text);
	return Y.encodeStateAsUpdate(doc);
}

describe.skipIf(!(await usePostgres()))('hostile sockets', () => {
	let server: RunningServer;
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	const open: (Client | ChannelClient | RawSocket)[] = [];

	beforeAll(async () => {
		database = await freshDatabase();
		server = await startServer({ DATABASE_URL: database.url, HEARTBEAT_MS: String(HEARTBEAT_MS) });
	});
	afterAll(async () => {
		for (const c of open) c.destroy();
		await server?.stop();
		await database?.drop();
	});

	const raw = (board: CreatedBoard, role: 'facilitator' | 'editor' | 'viewer', headers: Record<string, string> = {}) => {
		const socket = rawSocket(server.port, `/sync/${board.id}?token=${board.token(role)}&protocol=2`, headers);
		open.push(socket);
		return socket;
	};
	const watch = (board: CreatedBoard) => {
		const c = connectChannel(server.url, board.id, board.token('viewer'));
		open.push(c);
		return c;
	};

	it('answers an upgrade whose board cookie is not valid percent-encoding as having no cookie, and keeps running', async () => {
		const board = await createBoard(server.url, 'Broken cookie');
		// decodeURIComponent throws on "%E0%A4%A"; thrown in the upgrade handler, it ended the process.
		const socket = rawSocket(server.port, `/sync/${board.id}`, { cookie: `gb_${board.id}=%E0%A4%A` });
		open.push(socket);
		expect(await socket.closed).toEqual({ code: 4401, reason: expect.stringMatching(/not valid or was revoked/) });
		// A request line no URL parser reads goes alone too.
		const odd = rawSocket(server.port, 'http://[/sync/x');
		open.push(odd);
		await odd.answered;
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		// Over HTTP the same cookie is no link either (it was a 500).
		expect((await fetch(`${server.url}/api/boards/${board.id}/tasks`, { headers: { cookie: `gb_${board.id}=%E0%A4%A` } })).status).toBe(401);
		const tab = connect(server.url, board.id, board.token('editor'));
		open.push(tab);
		await synced(tab);
	});

	it('does nothing a connection sends after its link was replaced, though it never answers the close', async () => {
		const board = await createBoard(server.url, 'Replaced while writing');
		const watcher = watch(board);
		await Promise.all([synced(watcher), watcher.latest('state')]);
		const hostile = raw(board, 'facilitator');
		await hostile.answered;
		await waitFor(() => hostile.messages.length > 0, 10_000, 'the board to be ready for the hostile socket');

		const replaced = await fetch(`${server.url}/api/boards/${board.id}/links`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'application/json' },
			body: JSON.stringify({ role: 'facilitator' })
		});
		expect(replaced.status).toBe(200);
		expect(await hostile.closed).toEqual({ code: 4401, reason: expect.stringMatching(/not valid or was revoked/) });

		// Its socket is still open (closing): commands, a note and presence, as the facilitator it was.
		hostile.send(
			boardMessage({ type: 'command', id: 1, name: 'setTitle', args: { title: 'Taken over' } }),
			boardMessage({ type: 'command', id: 2, name: 'setLocked', args: { locked: true } }),
			updateMessage(noteUpdate('note_late', 'written after the link was replaced')),
			presenceMessage([[424242, 1, { user: { id: 'x', name: 'Ghost', color: '#175cd3', role: 'facilitator' }, cursor: { x: 1, y: 1 } }]])
		);
		await sleep(500);

		// The new facilitator link works, and what it does is the last word on the board.
		const { links } = await replaced.json();
		const fac = connectChannel(server.url, board.id, new URL(links.facilitator).searchParams.get('token')!);
		open.push(fac);
		await synced(fac);
		expect(await fac.command('setTitle', { title: 'Still ours' })).toEqual({ ok: true });
		addNote(fac.doc, 'note_fac', 'from the new link');
		await waitFor(() => watcher.doc.getMap('notes').has('note_fac'), 10_000, 'the new facilitator’s note');
		const state = await watcher.until('state', (s) => s.title === 'Still ours');
		expect(state.controls.locked).toBe(false);
		expect(watcher.messages.filter((m) => m.type === 'state').map((m) => (m as { title: string }).title)).not.toContain('Taken over');
		expect(watcher.doc.getMap('notes').has('note_late')).toBe(false);
		expect(watcher.provider.awareness.getStates().has(424242)).toBe(false);
	});

	it('takes nothing more from a connection whose change was refused: no writes, no presence', async () => {
		const board = await createBoard(server.url, 'Refused, then more');
		const watcher = watch(board);
		const editor = connect(server.url, board.id, board.token('editor'));
		open.push(editor);
		await Promise.all([synced(watcher), synced(editor)]);
		addNote(editor.doc, 'note_theirs', 'an honest editor’s note');
		await waitFor(() => watcher.doc.getMap('notes').has('note_theirs'), 10_000, 'the honest note');

		const hostile = raw(board, 'editor');
		await waitFor(() => hostile.messages.length > 0, 10_000, 'the board to be ready for the hostile socket');
		// Continuing the honest editor's tab is refused (4412)…
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(editor.doc));
		forged.clientID = editor.doc.clientID;
		const sv = Y.encodeStateVector(forged);
		addNote(forged, 'note_forged', 'as someone else');
		hostile.send(updateMessage(Y.encodeStateAsUpdate(forged, sv)));
		expect(await hostile.closed).toEqual({ code: 4412, reason: "Not kept: it continues another tab's changes." });
		// …and what it sends next, a note of its own and its presence, is not read either.
		hostile.send(
			updateMessage(noteUpdate('note_after_refusal', 'after the refusal')),
			presenceMessage([[535353, 1, { user: { id: 'x', name: 'Ghost', color: '#175cd3', role: 'editor' }, cursor: { x: 2, y: 2 } }]])
		);
		await sleep(500);
		addNote(editor.doc, 'note_next', 'the honest editor goes on');
		editor.provider.awareness.setLocalState({ user: { id: 'x', name: 'Eddie', color: '#067647', role: 'editor' }, cursor: { x: 3, y: 3 } });
		await waitFor(
			() => watcher.doc.getMap('notes').has('note_next') && watcher.provider.awareness.getStates().has(editor.doc.clientID),
			10_000,
			'the honest editor’s note and presence'
		);
		expect(watcher.doc.getMap('notes').has('note_forged')).toBe(false);
		expect(watcher.doc.getMap('notes').has('note_after_refusal')).toBe(false);
		expect(watcher.provider.awareness.getStates().has(535353)).toBe(false);
	});

	it('closes a connection that sends more presence than the board has people (4413); everyone else carries on', async () => {
		const board = await createBoard(server.url, 'Presence flood');
		const watcher = watch(board);
		const editor = connect(server.url, board.id, board.token('editor'));
		open.push(editor);
		await Promise.all([synced(watcher), synced(editor)]);
		const hostile = raw(board, 'viewer');
		await waitFor(() => hostile.messages.length > 0, 10_000, 'the board to be ready for the hostile socket');
		// 2 MB of presence (500 states of 4 KB) for a board where two people are: read, it cost the
		// server its size every time, and nothing closed the connection.
		hostile.send(presenceFlood(500, 4000));
		expect(await hostile.closed).toEqual({ code: 4413, reason: 'A message was larger than the server accepts.' });

		addNote(editor.doc, 'note_meanwhile', 'still syncing');
		editor.provider.awareness.setLocalState({ user: { id: 'x', name: 'Eddie', color: '#067647', role: 'editor' }, cursor: { x: 3, y: 3 } });
		await waitFor(
			() => watcher.doc.getMap('notes').has('note_meanwhile') && watcher.provider.awareness.getStates().has(editor.doc.clientID),
			10_000,
			'the editor’s note and presence'
		);
		expect([...watcher.provider.awareness.getStates().keys()].filter((id) => id >= 7000 && id < 7500)).toEqual([]);
		// A stock client sends back everyone's presence it was told: that still fits.
		const stock = connect(server.url, board.id, board.token('viewer'));
		open.push(stock);
		await synced(stock);
		await waitFor(() => stock.provider.awareness.getStates().has(editor.doc.clientID), 10_000, 'presence at the stock client');
		stock.provider.awareness.setLocalState({ user: { id: 'x', name: 'Stock', color: '#175cd3', role: 'viewer' }, cursor: { x: 5, y: 5 } });
		await waitFor(() => watcher.provider.awareness.getStates().has(stock.doc.clientID), 10_000, 'the stock client’s presence');
		expect(stock.closes).toEqual([]);
	});

	it('closes a connection whose sync step 1 names far more clients than the board has (4413), and answers a real one', async () => {
		const board = await createBoard(server.url, 'Made-up state vectors');
		const editor = connect(server.url, board.id, board.token('editor'));
		open.push(editor);
		await synced(editor);
		addNote(editor.doc, 'note_1', 'a comment');
		const hostile = raw(board, 'viewer');
		await waitFor(() => hostile.messages.length > 0, 10_000, 'the board to be ready for the hostile socket');
		// 200,000 made-up clients (1.8 MB): the server decoded every one into a map before answering,
		// once a second per connection, and closed nothing.
		const sv = encoding.createEncoder();
		encoding.writeVarUint(sv, 200_000);
		for (let i = 0; i < 200_000; i++) {
			encoding.writeVarUint(sv, 100_000 + i);
			encoding.writeVarUint(sv, 2 ** 40);
		}
		const step1 = encoding.createEncoder();
		encoding.writeVarUint(step1, 0);
		encoding.writeVarUint(step1, 0);
		encoding.writeVarUint8Array(step1, encoding.toUint8Array(sv));
		hostile.send(encoding.toUint8Array(step1));
		expect(await hostile.closed).toEqual({ code: 4413, reason: 'A message was larger than the server accepts.' });

		// A tab with an offline copy that wrote as other clients the board does not have yet still joins.
		const offline = new Y.Doc();
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(editor.doc));
		const sessions = Array.from({ length: 50 }, (_, i) => {
			const d = new Y.Doc();
			d.clientID = 900_000 + i;
			d.getMap('place').set('note_1', { x: i, y: i });
			return Y.encodeStateAsUpdate(d);
		});
		for (const u of sessions) Y.applyUpdate(offline, u);
		const returning = raw(board, 'editor');
		await waitFor(() => returning.messages.length > 0, 10_000, 'the board to be ready for the returning tab');
		const answers = returning.messages.length;
		const mine = encoding.createEncoder();
		encoding.writeVarUint(mine, 0);
		syncProtocol.writeSyncStep1(mine, offline);
		returning.send(encoding.toUint8Array(mine));
		await waitFor(() => returning.messages.slice(answers).some((m) => m[0] === 0 && m[1] === 1), 10_000, 'the answer to the returning tab');
	});

	it('cuts a connection that answers no ping for two rounds, and keeps the tabs that do', async () => {
		const connections = async () => (await scrape(server.url)).value('gistboard_connections') ?? NaN;
		const until = async (n: number, what: string) => {
			for (let i = 0; (await connections()) !== n; i++) {
				if (i > 200) throw new Error(`timed out waiting for ${what}`);
				await sleep(50);
			}
		};
		// Only this test's connections from here on.
		for (const c of open.splice(0)) c.destroy();
		await until(0, 'the earlier connections to close');
		const board = await createBoard(server.url, 'Gone without closing');
		const tab = connect(server.url, board.id, board.token('editor'));
		open.push(tab);
		await synced(tab);
		const before = await connections();
		// A peer that went away without closing (a laptop's lid, a dropped network) answers nothing:
		// the hand-made socket never answers a ping, and sends nothing after joining.
		const gone = raw(board, 'viewer');
		await waitFor(() => gone.messages.length > 0, 10_000, 'the board to be ready for the silent socket');
		expect(await connections()).toBe(before + 1);
		// Cut without a close frame (nobody would read it), within three rounds.
		expect(await gone.closed).toBeNull();
		await until(before, 'the server to let go of the silent connection');
		// The stock tab answered every ping (browsers and ws do): still connected, still syncing.
		expect(tab.closes).toEqual([]);
		addNote(tab.doc, 'note_still_here', 'still here');
		const reader = connect(server.url, board.id, board.token('viewer'));
		open.push(reader);
		await waitFor(() => reader.doc.getMap('notes').has('note_still_here'), 10_000, 'the tab’s note');
	});

	it('refuses at once, not after holding it, a viewer’s change that waits for its own earlier ones', async () => {
		const board = await createBoard(server.url, 'Held for nothing');
		const watcher = watch(board);
		await synced(watcher);
		const hostile = raw(board, 'viewer');
		await waitFor(() => hostile.messages.length > 0, 10_000, 'the board to be ready for the hostile socket');
		// Its presence makes the client id its participant's, as any tab's does.
		const doc = new Y.Doc();
		hostile.send(presenceMessage([[doc.clientID, 1, { user: { id: 'x', name: 'Vic', color: '#175cd3', role: 'viewer' }, cursor: { x: 1, y: 1 } }]]));
		await waitFor(() => watcher.provider.awareness.getStates().has(doc.clientID), 10_000, 'the viewer’s presence');
		// The second of two changes of that client id, without the first: the server would wait for
		// the first (up to 64 changes, 1 MB, 10 s) before refusing it as a viewer's.
		addNote(doc, 'note_first', 'first');
		const after = Y.encodeStateVector(doc);
		addNote(doc, 'note_second', 'x'.repeat(4000));
		hostile.send(updateMessage(Y.encodeStateAsUpdate(doc, after)));
		expect(await hostile.closed).toEqual({ code: 4412, reason: 'Not kept: this is a view-only link.' });
	});
});
