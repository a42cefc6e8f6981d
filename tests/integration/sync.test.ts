import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addNotes, makeNote, SCHEMA_VERSION } from '../../src/lib/board';
import { connect, createBoard, synced, waitFor } from './helpers/clients';
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
