import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addNotes, makeNote, SCHEMA_VERSION } from '../../src/lib/board';
import { connect, createBoard, synced, waitFor, type Client } from './helpers/clients';
import { scrape } from './helpers/prometheus';
import { runServerToExit, startServer, tempDir, workspaceHeaders, type RunningServer } from './helpers/server';

function rawSocket(url: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
	const ws = new WebSocket(url);
	const closed = new Promise<{ code: number; reason: string }>((res) =>
		ws.on('close', (code, reason) => res({ code, reason: reason.toString() }))
	);
	return new Promise((res, rej) => {
		ws.on('open', () => res({ ws, closed }));
		ws.on('error', rej);
	});
}

/** A sync step 1 (y-websocket message 0, 0) announcing `stateVector`. */
function syncStep1Of(stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint8Array(encoder, stateVector);
	return encoding.toUint8Array(encoder);
}

/** Asks for the board with `stateVector` over a raw socket and resolves with the update the server answers. */
async function askWith(url: string, stateVector: Uint8Array): Promise<Uint8Array> {
	const { ws } = await rawSocket(url);
	try {
		const answer = new Promise<Uint8Array>((resolve) =>
			ws.on('message', (data: Buffer) => {
				const decoder = decoding.createDecoder(new Uint8Array(data));
				if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return;
				resolve(decoding.readVarUint8Array(decoder));
			})
		);
		ws.send(syncStep1Of(stateVector));
		return await answer;
	} finally {
		ws.close();
	}
}

const wholeBoardEncodes = async (url: string) => (await scrape(url)).value('gistboard_sync_whole_board_encodes_total') ?? NaN;

describe('the /sync endpoint', () => {
	let server: RunningServer;

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir() });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('syncs two stock y-websocket providers', async () => {
		const board = await createBoard(server.url, 'Two clients');
		const a = connect(server.url, board.id, board.token('editor'));
		const b = connect(server.url, board.id, board.token('facilitator'));
		await Promise.all([synced(a), synced(b)]);
		expect(b.doc.getMap('meta').get('schemaVersion')).toBe(SCHEMA_VERSION);
		addNotes(a.doc, [makeNote({ id: 'note_a', text: 'from a' })], { kind: 'user' });
		addNotes(b.doc, [makeNote({ id: 'note_b', text: 'from b' })], { kind: 'user' });
		await waitFor(() => a.doc.getMap('notes').size === 2 && b.doc.getMap('notes').size === 2);
		a.destroy();
		b.destroy();
	});

	it('closes only the connection that sends a malformed or truncated message', async () => {
		const board = await createBoard(server.url);
		const honest = connect(server.url, board.id, board.token('editor'));
		await synced(honest);
		const url = `${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('editor')}`;

		const garbage = await rawSocket(url);
		garbage.ws.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
		expect((await garbage.closed).code).toBe(4400);

		// A sync update whose length prefix promises more bytes than follow.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		encoding.writeVarUint(encoder, 2);
		encoding.writeVarUint(encoder, 500);
		encoding.writeUint8Array(encoder, new Uint8Array([1, 2, 3]));
		const truncated = await rawSocket(url);
		truncated.ws.send(encoding.toUint8Array(encoder));
		const closed = await truncated.closed;
		expect(closed.code).toBe(4400);
		expect(closed.reason).toMatch(/could not read/);

		// An update message carrying bytes that are not a Yjs update.
		const bogus = encoding.createEncoder();
		encoding.writeVarUint(bogus, 0);
		encoding.writeVarUint(bogus, 2);
		encoding.writeVarUint8Array(bogus, new Uint8Array([5, 200, 1, 7, 7, 7]));
		const bad = await rawSocket(url);
		bad.ws.send(encoding.toUint8Array(bogus));
		expect((await bad.closed).code).toBe(4400);

		const later = connect(server.url, board.id, board.token('editor'));
		await synced(later);
		addNotes(honest.doc, [makeNote({ id: 'note_ok', text: 'still works' })], { kind: 'user' });
		await waitFor(() => later.doc.getMap('notes').has('note_ok'));
		expect(honest.provider.wsconnected).toBe(true);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		honest.destroy();
		later.destroy();
	});

	it('encodes the whole board once for any number of joins between two changes, and answers a returning copy with what it lacks', async () => {
		const board = await createBoard(server.url, 'Many joins');
		const writer = connect(server.url, board.id, board.token('editor'));
		const joined: Client[] = [writer];
		try {
			await synced(writer);
			addNotes(writer.doc, Array.from({ length: 200 }, (_, i) => makeNote({ id: `note_j${i}`, text: `comment ${i}` })), { kind: 'user' });
			const first = connect(server.url, board.id, board.token('viewer'));
			joined.push(first);
			await waitFor(() => first.doc.getMap('notes').size === 200, 10_000, 'the notes stored');
			const copy = Y.encodeStateAsUpdate(first.doc);
			addNotes(writer.doc, [makeNote({ id: 'note_before', text: 'written before the joins' })], { kind: 'user' });
			await waitFor(() => first.doc.getMap('notes').has('note_before'), 10_000, 'the change stored');

			// Twenty new tabs (empty state vectors) and a made-up state vector: one encode between them.
			const before = await wholeBoardEncodes(server.url);
			const tabs = Array.from({ length: 20 }, () => connect(server.url, board.id, board.token('viewer')));
			joined.push(...tabs);
			await Promise.all(tabs.map(synced));
			for (const tab of tabs) expect(tab.doc.getMap('notes').size).toBe(201);
			const url = `${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('viewer')}`;
			const madeUp = encoding.createEncoder();
			encoding.writeVarUint(madeUp, 1);
			encoding.writeVarUint(madeUp, 123456789);
			encoding.writeVarUint(madeUp, 1_000_000);
			const whole = await askWith(url, encoding.toUint8Array(madeUp));
			expect(await wholeBoardEncodes(server.url)).toBe(before + 1);

			// A change: the next join gets the new state, encoded once more.
			addNotes(writer.doc, [makeNote({ id: 'note_after', text: 'written after the joins' })], { kind: 'user' });
			await waitFor(() => first.doc.getMap('notes').has('note_after'), 10_000, 'the change stored');
			const next = connect(server.url, board.id, board.token('viewer'));
			joined.push(next);
			await synced(next);
			expect(next.doc.getMap('notes').has('note_after')).toBe(true);
			expect(await wholeBoardEncodes(server.url)).toBe(before + 2);

			// A copy from before both changes asks with its state vector: it gets only the two new notes.
			const returning = new Y.Doc();
			Y.applyUpdate(returning, copy);
			const lacked = await askWith(url, Y.encodeStateVector(returning));
			expect(lacked.length).toBeLessThan(whole.length / 10);
			Y.applyUpdate(returning, lacked);
			expect(returning.getMap('notes').size).toBe(202);
			expect(returning.getMap('notes').get('note_after')).toEqual(next.doc.getMap('notes').get('note_after'));
			expect(await wholeBoardEncodes(server.url)).toBe(before + 2);
		} finally {
			for (const c of joined) c.destroy();
		}
	});

	it('refuses an unknown board and a bad token with clear reasons', async () => {
		const unknown = await rawSocket(`${server.url.replace('http', 'ws')}/sync/nosuchboard1?token=x`);
		expect(await unknown.closed).toEqual({ code: 4404, reason: expect.stringMatching(/does not exist/) });
		const board = await createBoard(server.url);
		const bad = await rawSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=wrong`);
		expect(await bad.closed).toEqual({ code: 4401, reason: expect.stringMatching(/not valid or was revoked/) });
	});

	it('answers 404 for an unknown board page and 201 with links for a new board', async () => {
		const page = await fetch(`${server.url}/b/nosuchboard1`);
		expect(page.status).toBe(404);
		expect(await page.text()).toContain('This board does not exist');
		const board = await createBoard(server.url, 'Links');
		for (const role of ['facilitator', 'editor', 'viewer'] as const) {
			expect(board.links[role]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/b/${board.id}\\?token=[A-Za-z0-9_-]{43}$`));
		}
		const bad = await fetch(`${server.url}/api/boards`, { method: 'POST', body: '{"title": ""}', headers: workspaceHeaders() });
		expect(bad.status).toBe(400);
		// Without the workspace credential nobody creates boards, and the answer says where it comes from.
		const anonymous = await fetch(`${server.url}/api/boards`, { method: 'POST', body: '{"title": "Mine"}', headers: { 'content-type': 'application/json' } });
		expect(anonymous.status).toBe(401);
		expect((await anonymous.json()).hint).toMatch(/Workspace link/);
		// The API answers errors as JSON whatever the client accepts, and knows no HTML pages.
		for (const [path, status] of [[`/api/departments/x/tasks`, 404], [`/api/boards/${board.id}/tasks`, 401], ['/api/no-such-route', 404]] as const) {
			const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
			expect([path, res.status, res.headers.get('content-type')]).toEqual([path, status, 'application/json']);
			expect((await res.json()).message).toBeTruthy();
		}
	});
});

describe('start-up', () => {
	it('exits with a message naming DATABASE_URL when the database is unreachable', async () => {
		const { code, output } = await runServerToExit({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
		expect(code).toBe(1);
		expect(output).toMatch(/Could not open PostgreSQL at 127\.0\.0\.1:1\/none \(DATABASE_URL\)/);
		expect(output).toMatch(/Check DATABASE_URL/);
	});

	it('exits with a message when DATABASE_URL is not a PostgreSQL URL', async () => {
		const { code, output } = await runServerToExit({ DATABASE_URL: 'mysql://x' });
		expect(code).toBe(1);
		expect(output).toMatch(/DATABASE_URL: must start with postgres:\/\//);
	});
});
