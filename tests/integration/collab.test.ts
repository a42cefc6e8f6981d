import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../../src/lib/board';
import { addNote, connect, createBoard, moveNote, snapshot, synced, waitFor, type CreatedBoard } from './helpers/clients';
import { connectChannel } from './helpers/channel';
import type { RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { serverOnPostgres, type ServerOnPostgres } from './helpers/setups';
import { updateMessage } from './helpers/messages';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const REVOKED = 'This link is not valid or was revoked. Ask the facilitator for a new link.';

interface Raw {
	ws: WebSocket;
	closed: Promise<{ code: number; reason: string }>;
}

/** A hand-made client: a bare WebSocket that speaks the sync protocol only as far as a test needs. */
function rawSocket(url: string): Promise<Raw> {
	const ws = new WebSocket(url);
	const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, reason) => res({ code, reason: reason.toString() })));
	return new Promise((res) => {
		ws.on('open', () => res({ ws, closed }));
		ws.on('error', () => res({ ws, closed }));
	});
}

describe.skipIf(!(await usePostgres()))('roles, links and write permissions on the sync server', () => {
	let setup: ServerOnPostgres;
	let server: RunningServer;
	let db: pg.Client;

	beforeAll(async () => {
		({ server, db } = setup = await serverOnPostgres({ ROOM_IDLE_MS: '200' }));
	});
	afterAll(async () => {
		await setup?.stop();
	});

	const wsUrl = (board: CreatedBoard, params: Record<string, string>) =>
		`${server.url.replace('http', 'ws')}/sync/${board.id}?${new URLSearchParams(params)}`;

	/** An edit made against the server's current state, encoded as the update a client would send. */
	async function craft(board: CreatedBoard, fn: (doc: Y.Doc) => void): Promise<Uint8Array> {
		const reader = connect(server.url, board.id, board.token('facilitator'));
		await synced(reader);
		// Edit a detached copy: the reader itself must not send anything.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(reader.doc));
		reader.destroy();
		const before = Y.encodeStateVector(copy);
		fn(copy);
		const update = Y.encodeStateAsUpdate(copy, before);
		copy.destroy();
		return update;
	}

	const storedRows = async (boardId: string) =>
		Number((await db.query('SELECT count(*) AS n FROM board_updates WHERE board_id = $1', [boardId])).rows[0].n);

	async function serverSnapshot(board: CreatedBoard) {
		const c = connect(server.url, board.id, board.token('facilitator'));
		await synced(c);
		const state = snapshot(c.doc);
		c.destroy();
		return state;
	}

	async function send(board: CreatedBoard, params: Record<string, string>, update: Uint8Array) {
		const raw = await rawSocket(wsUrl(board, params));
		raw.ws.send(updateMessage(update));
		return raw.closed;
	}

	it('refuses a viewer’s crafted update and leaves the stored board unchanged', async () => {
		const board = await createBoard(server.url, 'Viewer tries to write');
		const before = await serverSnapshot(board);
		const rows = await storedRows(board.id);
		const update = await craft(board, (doc) => {
			addNote(doc, 'note_evil', 'written by a viewer');
			doc.getMap('meta').set('title', 'Defaced');
		});

		const closed = await send(board, { token: board.token('viewer') }, update);
		expect(closed).toEqual({ code: 4412, reason: 'Not kept: this is a view-only link.' });
		expect(await storedRows(board.id)).toBe(rows);
		expect(await serverSnapshot(board)).toEqual(before);

		// The same bytes from an editor are taken: the refusal is about the role, not the message.
		const noteOnly = await craft(board, (doc) => addNote(doc, 'note_ok', 'by an editor'));
		const editor = await rawSocket(wsUrl(board, { token: board.token('editor') }));
		editor.ws.send(updateMessage(noteOnly));
		await sleep(300);
		expect(await storedRows(board.id)).toBe(rows + 1);
		editor.ws.close();
	});

	it('refuses a bad, missing or revoked token at connect with a reason the page can show', async () => {
		const board = await createBoard(server.url, 'Links');
		for (const params of [{ token: 'not-a-token' }, {} as Record<string, string>]) {
			const raw = await rawSocket(wsUrl(board, params));
			expect(await raw.closed).toEqual({ code: 4401, reason: REVOKED });
		}

		const editor = connect(server.url, board.id, board.token('editor'));
		const viewer = connect(server.url, board.id, board.token('viewer'));
		await Promise.all([synced(editor), synced(viewer)]);

		// Only a facilitator may see or replace links.
		const links = `${server.url}/api/boards/${board.id}/links`;
		expect((await fetch(links)).status).toBe(401);
		expect((await fetch(links, { headers: { authorization: `Bearer ${board.token('editor')}` } })).status).toBe(403);
		const shown = await (await fetch(links, { headers: { authorization: `Bearer ${board.token('facilitator')}` } })).json();
		expect(shown.links).toEqual(board.links);

		const res = await fetch(links, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'application/json' },
			body: JSON.stringify({ role: 'editor' })
		});
		expect(res.status).toBe(200);
		const replaced = await res.json();
		expect(replaced.disconnected).toBe(1);
		expect(replaced.links.viewer).toBe(board.links.viewer);
		expect(replaced.links.editor).not.toBe(board.links.editor);

		await waitFor(() => editor.closes.length > 0, 5000, 'the revoked editor to be disconnected');
		expect(editor.closes[0]).toEqual({ code: 4401, reason: REVOKED });
		expect(viewer.provider.wsconnected).toBe(true);
		editor.destroy();

		const again = await rawSocket(wsUrl(board, { token: board.token('editor') }));
		expect((await again.closed).code).toBe(4401);
		const fresh = connect(server.url, board.id, new URL(replaced.links.editor).searchParams.get('token')!);
		await synced(fresh);
		fresh.destroy();
		viewer.destroy();

		const bad = await fetch(links, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'application/json' },
			body: JSON.stringify({ role: 'owner' })
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toMatch(/facilitator" \| "editor" \| "viewer/);
	});

	it('takes editors’ changes only while unlocked, and never to the document’s meta or a votes root', async () => {
		const board = await createBoard(server.url, 'Lock');
		const note = await craft(board, (doc) => addNote(doc, 'note_1', 'hello'));
		const phase = await craft(board, (doc) => doc.getMap('meta').set('phase', 'done'));
		const ballot = await craft(board, (doc) => doc.getMap('votes').set('grp_1', new Y.Map([['user_someone', 3]])));
		const editor = { token: board.token('editor') };

		// A write to meta is undone by the server before anyone sees it; the editor stays connected.
		const writer = await rawSocket(wsUrl(board, editor));
		writer.ws.send(updateMessage(phase));
		await sleep(300);
		expect(writer.ws.readyState).toBe(WebSocket.OPEN);
		expect(await serverSnapshot(board)).not.toHaveProperty('meta.phase');
		writer.ws.close();
		// A root that is not part of a board (such as the old votes root) is refused as a whole.
		expect(await send(board, editor, ballot)).toEqual({ code: 4412, reason: 'Not kept: it writes to “votes”, which is not part of a board.' });
		const reader = connect(server.url, board.id, board.token('viewer'));
		await synced(reader);
		expect(reader.doc.getMap('votes').size).toBe(0);
		reader.destroy();

		const fac = connectChannel(server.url, board.id, board.token('facilitator'));
		await synced(fac);
		expect(await fac.command('setLocked', { locked: true })).toEqual({ ok: true });
		const rows = await storedRows(board.id);
		const locked = await send(board, editor, note);
		expect(locked).toEqual({ code: 4412, reason: 'Not kept: the facilitator locked the board.' });
		expect(await serverSnapshot(board)).not.toHaveProperty('notes.note_1');
		expect(await storedRows(board.id)).toBe(rows);

		expect(await fac.command('setLocked', { locked: false })).toEqual({ ok: true });
		const client = connect(server.url, board.id, board.token('editor'));
		await synced(client);
		addNote(client.doc, 'note_2', 'unlocked');
		await waitFor(() => fac.doc.getMap('notes').has('note_2'));
		expect(client.closes).toEqual([]);
		client.destroy();
		fac.destroy();
	});

	it('tells a client with an old protocol or document schema to reload', async () => {
		const board = await createBoard(server.url, 'Versions');
		for (const params of [{ protocol: '1' }, { protocol: 'x' }, { schema: '0' }] as Record<string, string>[]) {
			const raw = await rawSocket(wsUrl(board, { token: board.token('editor'), ...params }));
			const closed = await raw.closed;
			expect(closed.code).toBe(4426);
			expect(closed.reason).toMatch(/Reload the page/);
		}
		const current = await rawSocket(wsUrl(board, { token: board.token('editor'), protocol: '2', schema: String(SCHEMA_VERSION) }));
		expect(current.ws.readyState).toBe(WebSocket.OPEN);
		current.ws.close();
	});

	it('refuses a tab whose offline copy is of an older document of the board (epoch), so it loads the new one', async () => {
		const board = await createBoard(server.url, 'Epochs');
		// A migration replaced the board's document since the tab named its copy after epoch 1.
		await db.query('UPDATE boards SET doc_epoch = 2 WHERE id = $1', [board.id]);
		const stale = await rawSocket(wsUrl(board, { token: board.token('editor'), protocol: '2', schema: String(SCHEMA_VERSION), epoch: '1' }));
		const closed = await stale.closed;
		expect(closed.code).toBe(4410);
		expect(closed.reason).toMatch(/upgraded since this tab opened it/);
		const current = await rawSocket(wsUrl(board, { token: board.token('editor'), protocol: '2', schema: String(SCHEMA_VERSION), epoch: '2' }));
		expect(current.ws.readyState).toBe(WebSocket.OPEN);
		current.ws.close();
	});

	it('50 clients editing one board at once all converge to the same state', async () => {
		const board = await createBoard(server.url, 'Crowd');
		const seed = connect(server.url, board.id, board.token('facilitator'));
		await synced(seed);
		addNote(seed.doc, 'note_shared', 'shared', { x: 0, y: 0 });
		seed.doc.getMap('groups').set('grp_shared', new Y.Map<unknown>([['label', new Y.Text('Group')], ['x', 0], ['y', 0], ['parentId', null], ['order', 'a0'], ['color', '#fde68a'], ['collapsed', false]]));
		await waitFor(() => seed.provider.synced);

		const clients = Array.from({ length: 50 }, () => connect(server.url, board.id, board.token('editor')));
		await Promise.all(clients.map(synced));
		await waitFor(() => clients.every((c) => c.doc.getMap('groups').has('grp_shared')), 20_000, 'the seed to reach everyone');
		const started = Date.now();
		clients.forEach((c, i) => {
			c.doc.transact(() => {
				for (let k = 0; k < 3; k++) addNote(c.doc, `note_${i}_${k}`, `client ${i} note ${k}`, { x: i * 10, y: 0 });
				moveNote(c.doc, 'note_shared', i, 0);
			});
			((c.doc.getMap('groups').get('grp_shared') as Y.Map<unknown>).get('label') as Y.Text).insert(0, `${i} `);
		});
		const all = [seed, ...clients];
		await waitFor(() => all.every((c) => c.doc.getMap('notes').size === 151), 30_000, 'every note everywhere');
		const want = JSON.stringify(snapshot(seed.doc));
		await waitFor(() => all.every((c) => JSON.stringify(snapshot(c.doc)) === want), 30_000, 'identical documents');
		console.log(`50 clients converged ${Date.now() - started} ms after their concurrent edits`);
		const text = ((seed.doc.getMap('groups').get('grp_shared') as Y.Map<unknown>).get('label') as Y.Text).toString();
		for (let i = 0; i < 50; i++) expect(text).toContain(`${i} `);
		expect(all.some((c) => c.closes.length > 0)).toBe(false);
		for (const c of all) c.destroy();
		// What the server stored is what they converged to.
		expect(JSON.stringify(await serverSnapshot(board))).toBe(want);
	});
});
