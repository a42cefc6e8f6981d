import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { connectChannel } from './helpers/channel';
import { addNote, createBoard, noteContents, snapshot, waitFor, type CreatedBoard } from './helpers/clients';
import { startServer, type RunningServer } from './helpers/server';
import { freshDatabase, usePostgres } from './helpers/services';
import { updateMessage } from './helpers/messages';

/**
 * Hostile clients against the content path (DESIGN.md "Validation and repair"): every crafted
 * update is refused as a whole (4412) or repaired before anyone sees it, honest clients keep
 * syncing, and the server keeps answering.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secret = () => randomBytes(32).toString('base64url');
type Role = 'facilitator' | 'editor' | 'viewer';

interface Tab {
	doc: Y.Doc;
	provider: WebsocketProvider;
	closes: { code: number; reason: string }[];
	destroy(): void;
}

interface Raw {
	ws: WebSocket;
	closed: Promise<{ code: number; reason: string }>;
}

/** An update holding only a delete set: `len` clocks of `client` from `clock`. */
function deletion(client: number, clock: number, len: number): Uint8Array {
	const encoder = encoding.createEncoder();
	for (const n of [0, 1, client, 1, clock, len]) encoding.writeVarUint(encoder, n);
	return encoding.toUint8Array(encoder);
}

describe.skipIf(!(await usePostgres()))('hostile clients on the content path', () => {
	let server: RunningServer;
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	const tabs: Tab[] = [];

	beforeAll(async () => {
		database = await freshDatabase();
		server = await startServer({ DATABASE_URL: database.url, ROOM_IDLE_MS: '500' });
	});
	afterAll(async () => {
		for (const tab of tabs) tab.destroy();
		await server?.stop();
		await database?.drop();
	});

	/** A stock y-websocket tab as `role`, acting as the participant whose secret it carries. */
	function open(board: CreatedBoard, role: Role, participant = secret(), doc = new Y.Doc()): Tab {
		const provider = new WebsocketProvider(server.url.replace(/^http/, 'ws') + '/sync', board.id, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			params: { token: board.token(role), participant },
			maxBackoffTime: 300,
			disableBc: true
		});
		const closes: Tab['closes'] = [];
		provider.on('connection-close', (event) => {
			if (event) closes.push({ code: event.code, reason: event.reason });
		});
		const tab = { doc, provider, closes, destroy: () => (provider.destroy(), doc.destroy()) };
		tabs.push(tab);
		return tab;
	}

	const synced = (tab: Tab) => waitFor(() => tab.provider.synced, 10_000, 'sync');

	function raw(board: CreatedBoard, role: Role, participant = secret()): Promise<Raw> {
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?${new URLSearchParams({ token: board.token(role), participant })}`);
		const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, reason) => res({ code, reason: reason.toString() })));
		return new Promise((res) => ws.on('open', () => res({ ws, closed })));
	}

	/** Sends one update from a fresh connection and says whether the server closed it. */
	async function sendAs(board: CreatedBoard, role: Role, update: Uint8Array, participant?: string) {
		const r = await raw(board, role, participant);
		r.ws.send(updateMessage(update));
		const outcome = await Promise.race([r.closed, sleep(1500).then(() => null)]);
		r.ws.close();
		return outcome;
	}

	const healthy = async () => (await fetch(`${server.url}/healthz`)).status === 200;

	/** A copy of the facilitator's document, to craft updates against what the server holds. */
	function copyOf(tab: Tab, clientID?: number): Y.Doc {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(tab.doc));
		// Set after: Yjs gives a document a new id when it reads changes under its own.
		if (clientID !== undefined) doc.clientID = clientID;
		return doc;
	}

	it("refuses an item placed next to the facilitator's next change, and the facilitator's move still reaches everyone", async () => {
		const board = await createBoard(server.url, 'Future origins');
		const fac = open(board, 'facilitator');
		const viewer = open(board, 'viewer');
		await Promise.all([synced(fac), synced(viewer)]);
		addNote(fac.doc, 'note_a', 'A comment', { x: 0, y: 0 });
		await waitFor(() => viewer.doc.getMap('place').has('note_a'));

		// What the facilitator's next move will be, made on a copy with the facilitator's client id.
		const ahead = copyOf(fac, fac.doc.clientID);
		const svNow = Y.encodeStateVector(ahead);
		ahead.getMap('place').set('note_a', { x: 10, y: 10 });
		const futureMove = Y.encodeStateAsUpdate(ahead, svNow);
		const attacker = copyOf(fac);
		Y.applyUpdate(attacker, futureMove);
		const svAhead = Y.encodeStateVector(attacker);
		attacker.getMap('place').set('note_a', { x: 666, y: 666 });
		const crafted = Y.encodeStateAsUpdate(attacker, svAhead);

		expect(await sendAs(board, 'editor', crafted)).toEqual({ code: 4412, reason: 'Not kept: it refers to changes the server does not have.' });
		fac.doc.getMap('place').set('note_a', { x: 5, y: 5 });
		await waitFor(() => (viewer.doc.getMap('place').get('note_a') as { x: number }).x === 5, 5000, 'the move to reach the viewer');
		await sleep(300);
		expect(viewer.doc.getMap('place').get('note_a')).toEqual({ x: 5, y: 5 });
		expect(await healthy()).toBe(true);
	});

	it("refuses deletions of the facilitator's future clocks and ranges that start on collected structs", async () => {
		const board = await createBoard(server.url, 'Future deletions');
		const fac = open(board, 'facilitator');
		const editor = open(board, 'editor');
		await Promise.all([synced(fac), synced(editor)]);
		const next = Y.getState(fac.doc.store, fac.doc.clientID);
		expect(await sendAs(board, 'editor', deletion(fac.doc.clientID, next, 20))).toEqual({
			code: 4412,
			reason: 'Not kept: it deletes changes that do not exist yet.'
		});

		// A group with a field, then deleted: the field's item is collected on the server.
		const groups = editor.doc.getMap<Y.Map<unknown>>('groups');
		const group = new Y.Map<unknown>();
		editor.doc.transact(() => {
			groups.set('grp_gone', group);
			group.set('label', new Y.Text('Gone'));
		});
		groups.delete('grp_gone');
		await waitFor(() => Y.getState(fac.doc.store, editor.doc.clientID) === Y.getState(editor.doc.store, editor.doc.clientID));
		const end = Y.getState(editor.doc.store, editor.doc.clientID);
		expect(await sendAs(board, 'editor', deletion(editor.doc.clientID, end - 2, 40))).toMatchObject({ code: 4412 });
		// The editor's next changes are not swallowed.
		addNote(editor.doc, 'note_after', 'still here');
		addNote(fac.doc, 'note_fac', 'from the facilitator');
		await waitFor(() => fac.doc.getMap('notes').has('note_after') && editor.doc.getMap('notes').has('note_fac'), 5000, 'both sides');
		expect(editor.closes).toEqual([]);
	});

	it("refuses a change written as another participant's tab; the same participant continues after a reconnect", async () => {
		const board = await createBoard(server.url, 'Forged client ids');
		const fac = open(board, 'facilitator');
		const me = secret();
		const editor = open(board, 'editor', me);
		await Promise.all([synced(fac), synced(editor)]);
		addNote(editor.doc, 'note_mine', 'mine');
		await waitFor(() => fac.doc.getMap('notes').has('note_mine'));

		const forged = copyOf(fac, editor.doc.clientID);
		const sv = Y.encodeStateVector(forged);
		addNote(forged, 'note_forged', 'as someone else');
		const update = Y.encodeStateAsUpdate(forged, sv);
		expect(await sendAs(board, 'editor', update)).toEqual({ code: 4412, reason: "Not kept: it continues another tab's changes." });
		// Also as a facilitator: ownership is not a matter of role.
		expect(await sendAs(board, 'facilitator', update)).toMatchObject({ code: 4412 });
		expect(fac.doc.getMap('notes').has('note_forged')).toBe(false);

		// The editor's own tab drops and comes back on a new connection as the same participant,
		// then keeps writing as its client id.
		editor.provider.disconnect();
		await sleep(200);
		editor.provider.connect();
		await synced(editor);
		addNote(editor.doc, 'note_later', 'after the drop');
		await waitFor(() => fac.doc.getMap('notes').has('note_later'), 5000, 'the note after the drop');
		expect(editor.closes.filter((c) => c.code === 4412)).toEqual([]);
	});

	it('accepts and ignores what viewers and locked editors repeat on reconnect, and refuses what they add', async () => {
		const board = await createBoard(server.url, 'Reconnects');
		const fac = connectChannel(server.url, board.id, board.token('facilitator'), { participant: secret() });
		tabs.push(fac);
		const viewer = open(board, 'viewer');
		const editor = open(board, 'editor');
		await Promise.all([synced(fac), synced(viewer), synced(editor)]);
		addNote(editor.doc, 'note_1', 'one', { x: 0, y: 0 });
		await waitFor(() => viewer.doc.getMap('place').has('note_1'));
		expect(await fac.command('setPhase', { phase: 'group' })).toEqual({ ok: true });
		fac.doc.getMap('place').set('note_1', { x: 50, y: 50 });
		await waitFor(() => (viewer.doc.getMap('place').get('note_1') as { x: number }).x === 50);
		expect(await fac.command('setLocked', { locked: true })).toEqual({ ok: true });
		for (const tab of [viewer, editor]) {
			tab.provider.disconnect();
			await sleep(100);
			tab.provider.connect();
			await synced(tab);
		}
		await sleep(500);
		expect(viewer.closes).toEqual([]);
		expect(editor.closes).toEqual([]);

		addNote(editor.doc, 'note_locked', 'while locked');
		await waitFor(() => editor.closes.length > 0, 5000, 'the refusal');
		expect(editor.closes[0]).toEqual({ code: 4412, reason: 'Not kept: the facilitator locked the board.' });
		expect(fac.doc.getMap('notes').has('note_locked')).toBe(false);
		editor.destroy();
	});

	it('repairs invalid records before anyone sees them, the sender included; the board still exports', async () => {
		const board = await createBoard(server.url, 'Invalid records');
		const fac = open(board, 'facilitator');
		const editor = open(board, 'editor');
		await Promise.all([synced(fac), synced(editor)]);
		const seen: string[] = [];
		fac.doc.getMap('notes').observe(() => {
			if (fac.doc.getMap('notes').has('note_x')) seen.push('note_x');
		});
		fac.doc.getMap('groups').observeDeep(() => {
			const order = (fac.doc.getMap('groups').get('grp_bad') as Y.Map<unknown> | undefined)?.get('order');
			if (order !== undefined && typeof order !== 'string') seen.push('grp_bad.order');
		});

		editor.doc.getMap('notes').set('note_x', 'x');
		const group = new Y.Map<unknown>();
		editor.doc.transact(() => {
			editor.doc.getMap('groups').set('grp_bad', group);
			group.set('label', new Y.Text('Bad order'));
			group.set('order', 5);
			group.set('x', 0);
			group.set('y', 0);
		});
		addNote(editor.doc, 'note_ok', 'valid', { x: 1, y: 1 });
		await waitFor(() => fac.doc.getMap('notes').has('note_ok'), 5000, 'the valid note');
		// The sender receives the repair like everyone else.
		await waitFor(() => !editor.doc.getMap('notes').has('note_x') && typeof group.get('order') === 'string', 5000, 'the repair on the sender').catch((e) => {
			console.log(JSON.stringify(snapshot(editor.doc)), JSON.stringify(snapshot(fac.doc)), editor.closes, server.output().slice(-2000));
			throw e;
		});
		expect(seen).not.toContain('note_x');
		expect(seen).not.toContain('grp_bad.order');
		expect(snapshot(editor.doc)).toEqual(snapshot(fac.doc));
		expect(editor.closes).toEqual([]);

		const exported = await fetch(`${server.url}/api/boards/${board.id}/export?format=json`, {
			headers: { authorization: `Bearer ${board.token('facilitator')}` }
		});
		expect(exported.status).toBe(200);
	});

	it("keeps customer comments an editor removes or rewrites along with their import's field list", async () => {
		const board = await createBoard(server.url, 'Field lists');
		const res = await fetch(`${server.url}/api/boards/${board.id}/imports`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'text/csv' },
			body: 'comment,customer,rating\nThe delivery was late,Alice,2\nGreat service,Bob,5\n'
		});
		expect(res.status).toBe(201);
		const viewer = open(board, 'viewer');
		await synced(viewer);
		await waitFor(() => viewer.doc.getMap('notes').size === 2, 5000, 'the imported notes');
		const before = noteContents(viewer.doc);
		const [first, second] = Object.keys(before);
		const fieldList = [...viewer.doc.getMap('meta').keys()].find((k) => k.startsWith('fields/'))!;

		// Each update removes the field list, so that the old note reads as no note at all, and
		// removes or rewrites a customer comment: the server must still know it for one.
		const removal = copyOf(viewer);
		let sv = Y.encodeStateVector(removal);
		removal.transact(() => {
			removal.getMap('meta').delete(fieldList);
			removal.getMap('notes').delete(first);
		});
		expect(await sendAs(board, 'editor', Y.encodeStateAsUpdate(removal, sv))).toBeNull();
		await sleep(300);
		const rewrite = copyOf(viewer);
		sv = Y.encodeStateVector(rewrite);
		rewrite.transact(() => {
			rewrite.getMap('meta').delete(fieldList);
			rewrite.getMap('notes').set(second, ['Rewritten by an editor', 'user_x', 1]);
		});
		expect(await sendAs(board, 'editor', Y.encodeStateAsUpdate(rewrite, sv))).toBeNull();

		await sleep(300);
		expect(noteContents(viewer.doc)).toEqual(before);
		const fresh = open(board, 'viewer');
		await synced(fresh);
		expect(noteContents(fresh.doc)).toEqual(before);
		expect(fresh.doc.getMap('meta').has(fieldList)).toBe(true);
	});

	it('refuses types nested thousands deep, whose integration or collection would overflow the stack, and keeps syncing', async () => {
		const board = await createBoard(server.url, 'Deep nesting');
		const fac = open(board, 'facilitator');
		await synced(fac);
		const deep = copyOf(fac);
		const sv = Y.encodeStateVector(deep);
		deep.transact(() => {
			let at = new Y.Map<unknown>();
			deep.getMap('groups').set('grp_deep', at);
			for (let i = 0; i < 3000; i++) {
				const next = new Y.Map<unknown>();
				at.set('k', next);
				at = next;
			}
		});
		expect(await sendAs(board, 'editor', Y.encodeStateAsUpdate(deep, sv))).toEqual({ code: 4412, reason: 'Not kept: it nests types more than 16 deep.' });
		addNote(fac.doc, 'note_after', 'still syncing');
		const viewer = open(board, 'viewer');
		await synced(viewer);
		await waitFor(() => viewer.doc.getMap('notes').has('note_after'), 5000, 'the note after');
		expect(viewer.doc.getMap('groups').has('grp_deep')).toBe(false);
		expect(await healthy()).toBe(true);
	});

	it('refuses updates over the size and part limits, and keeps answering meanwhile', async () => {
		const board = await createBoard(server.url, 'Large updates');
		const fac = open(board, 'facilitator');
		await synced(fac);
		const big = copyOf(fac);
		let sv = Y.encodeStateVector(big);
		addNote(big, 'note_big', 'x'.repeat(600 * 1024));
		const tooLarge = Y.encodeStateAsUpdate(big, sv);
		const many = copyOf(fac);
		sv = Y.encodeStateVector(many);
		many.transact(() => {
			for (let i = 0; i < 5000; i++) many.getMap('place').set(`note_${i}`, { x: i, y: 0 });
		});
		const tooMany = Y.encodeStateAsUpdate(many, sv);
		const [a, b, health] = await Promise.all([sendAs(board, 'editor', tooLarge), sendAs(board, 'editor', tooMany), healthy()]);
		expect(a).toMatchObject({ code: 4412, reason: expect.stringContaining('KB') });
		expect(b).toMatchObject({ code: 4412, reason: expect.stringContaining('parts') });
		expect(health).toBe(true);
		addNote(fac.doc, 'note_small', 'fine');
		const viewer = open(board, 'viewer');
		await synced(viewer);
		await waitFor(() => viewer.doc.getMap('notes').has('note_small'));
		expect(viewer.doc.getMap('notes').has('note_big')).toBe(false);
	});
});
