import { connect as tcpConnect } from 'node:net';
import * as encoding from 'lib0/encoding';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectChannel } from './helpers/channel';
import { addNote, connect, createBoard, synced, waitFor, type Client } from './helpers/clients';
import { parsePrometheus } from './helpers/prometheus';
import { startServer, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { freshDatabase, usePostgres } from './helpers/services';

/** One client-to-server WebSocket frame (binary, final, masked with a zero key as RFC 6455 §5.3 allows). */
function frame(payload: Uint8Array): Buffer {
	if (payload.length > 125) throw new Error('small frames only');
	return Buffer.concat([Buffer.from([0x82, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/**
 * Opens `/sync/<boardId>` over a raw TCP socket and writes `frames` in the same packet as the
 * upgrade request, so the server has them before it can have checked anything. Resolves with the
 * close frame's code and reason (or null when the socket ends without one).
 */
function upgradeWithFrames(port: number, path: string, frames: Buffer[]): Promise<{ code: number; reason: string } | null> {
	return new Promise((resolve, reject) => {
		const socket = tcpConnect(port, '127.0.0.1');
		let received = Buffer.alloc(0);
		socket.on('connect', () => {
			const request =
				`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
				`Sec-WebSocket-Key: ${Buffer.from('0123456789abcdef').toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
			socket.write(Buffer.concat([Buffer.from(request), ...frames]));
		});
		socket.on('data', (chunk) => {
			received = Buffer.concat([received, chunk]);
			const headerEnd = received.indexOf('\r\n\r\n');
			if (headerEnd < 0) return;
			// Frames from the server: skip data frames, stop at the close frame (opcode 8).
			let at = headerEnd + 4;
			while (at + 2 <= received.length) {
				const opcode = received[at] & 0x0f;
				let len = received[at + 1] & 0x7f;
				let start = at + 2;
				if (len === 126) {
					len = received.readUInt16BE(at + 2);
					start = at + 4;
				} else if (len === 127) {
					len = Number(received.readBigUInt64BE(at + 2));
					start = at + 10;
				}
				if (start + len > received.length) return;
				if (opcode === 8) {
					socket.destroy();
					return resolve({ code: received.readUInt16BE(start), reason: received.subarray(start + 2, start + len).toString() });
				}
				at = start + len;
			}
		});
		socket.on('error', reject);
		socket.on('close', () => resolve(null));
	});
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

async function roomsOpen(server: RunningServer): Promise<number | undefined> {
	return parsePrometheus(await (await fetch(`${server.url}/metrics`)).text()).value('gistboard_rooms');
}

async function connectionsOpen(server: RunningServer): Promise<number> {
	return parsePrometheus(await (await fetch(`${server.url}/metrics`)).text()).value('gistboard_connections') ?? NaN;
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const start = Date.now();
	while (!(await check())) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

const PER_ADDRESS = 3;

/** What a hand-made client can make the server do with connections: before its credential is checked, and many at once. */
describe.skipIf(!(await usePostgres()))('hardening: before a connection is authenticated', () => {
	let server: RunningServer;
	let database: Awaited<ReturnType<typeof freshDatabase>>;

	beforeAll(async () => {
		database = await freshDatabase();
		server = await startServer({ DATABASE_URL: database.url, MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS) });
	});
	afterAll(async () => {
		await server?.stop();
		await database?.drop();
	});

	it('checks the link before loading the board: a wrong token loads nothing', async () => {
		const board = await createBoard(server.url, 'Not loaded for strangers');
		expect(await roomsOpen(server)).toBe(0);
		const stranger = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=wrong`);
		expect(await closeOf(stranger)).toEqual({ code: 4401, reason: expect.stringMatching(/not valid or was revoked/) });
		const nobody = new WebSocket(`${server.url.replace('http', 'ws')}/sync/nosuchboard1?token=wrong`);
		expect(await closeOf(nobody)).toEqual({ code: 4404, reason: expect.stringMatching(/does not exist/) });
		expect(await roomsOpen(server)).toBe(0);
	});

	it('holds at most 64 messages of a connection whose board is not ready, and says why it closes it', async () => {
		const board = await createBoard(server.url, 'Early messages');
		// Presence queries (type 3): one byte each, all in the packet that asks for the upgrade.
		const queries = Array.from({ length: 65 }, () => frame(new Uint8Array([3])));
		const closed = await upgradeWithFrames(server.port, `/sync/${board.id}?token=${board.token('editor')}`, queries);
		expect(closed).toEqual({ code: 4429, reason: 'This tab sent too much before the board was ready; it was disconnected. It reconnects shortly.' });
		// 64 are held and handled in order once the board is ready: the last one is unreadable.
		const held = await upgradeWithFrames(server.port, `/sync/${board.id}?token=${board.token('editor')}`, [...queries.slice(2), frame(new Uint8Array([0xff, 0xff]))]);
		expect(held?.code).toBe(4400);
	});

	it(`takes at most ${PER_ADDRESS} connections to one board from one address (MAX_CONNECTIONS_PER_ADDRESS), with a reason the page shows`, async () => {
		const board = await createBoard(server.url, 'One address');
		const other = await createBoard(server.url, 'Another board');
		const clients: Client[] = [];
		const open = (boardId: string) => {
			const c = connect(server.url, boardId, boardId === board.id ? board.token('viewer') : other.token('viewer'));
			clients.push(c);
			return c;
		};
		try {
			const inside = Array.from({ length: PER_ADDRESS }, () => open(board.id));
			await Promise.all(inside.map(synced));
			const refused = open(board.id);
			await waitFor(() => refused.closes.length > 0, 10_000, 'the refusal');
			expect(refused.closes[0]).toEqual({
				code: 4430,
				reason: 'Too many tabs on this board from your network right now. Close some, or ask whoever runs Gistboard; then reload.'
			});
			refused.provider.shouldConnect = false;
			// Another board from the same address is not affected; a place freed on this one is taken again.
			await synced(open(other.id));
			// The place is free once the server has seen the connection close (stock clients do not retry a 44xx close).
			const connected = await connectionsOpen(server);
			inside[0].destroy();
			await waitUntil(async () => (await connectionsOpen(server)) === connected - 1, 'the server to see the tab close');
			const next = open(board.id);
			await synced(next);
			expect(inside.slice(1).every((c) => c.closes.length === 0)).toBe(true);
		} finally {
			for (const c of clients) c.destroy();
		}
	});

	it('replacing the facilitator link disconnects those who used it, not the workspace members', async () => {
		const board = await createBoard(server.url, 'Replaced link');
		const byLink = connect(server.url, board.id, board.token('facilitator'));
		// A workspace member's browser joins with the workspace link's cookie and no board token.
		const member = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}`, { headers: { cookie: `gw=${encodeURIComponent(TEST_WORKSPACE_TOKEN)}` } });
		const memberClosed = closeOf(member);
		try {
			await Promise.all([synced(byLink), new Promise((resolve) => member.once('message', resolve))]);
			const replaced = await fetch(`${server.url}/api/boards/${board.id}/links`, {
				method: 'POST',
				headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'application/json' },
				body: JSON.stringify({ role: 'facilitator' })
			});
			expect(replaced.status).toBe(200);
			expect((await replaced.json()).disconnected).toBe(1);
			await waitFor(() => byLink.closes.length > 0, 10_000, 'the old link’s connection to close');
			expect(byLink.closes[0].code).toBe(4401);
			byLink.provider.shouldConnect = false;
			expect(member.readyState).toBe(WebSocket.OPEN);
		} finally {
			byLink.destroy();
			member.close();
			await memberClosed;
		}
	});

	it('shows a title with a NUL character and line breaks in the open board as the database stores it: one line', async () => {
		const board = await createBoard(server.url, 'Titles');
		const fac = connectChannel(server.url, board.id, board.token('facilitator'));
		const viewer = connectChannel(server.url, board.id, board.token('viewer'));
		try {
			await Promise.all([synced(fac), synced(viewer)]);
			expect(await fac.command('setTitle', { title: 'Q3\u0000\r\nsurvey' })).toEqual({ ok: true });
			expect((await viewer.until('state', (s) => s.title !== 'Titles')).title).toBe('Q3 survey');
			// What the room shows is what a reload reads from the database.
			const db = new pg.Client({ connectionString: database.url });
			await db.connect();
			const [row] = (await db.query('SELECT title FROM boards WHERE id = $1', [board.id])).rows;
			await db.end();
			expect(row.title).toBe('Q3 survey');
		} finally {
			fac.destroy();
			viewer.destroy();
		}
	});

	it('lets no other site frame its pages (CSP frame-ancestors and X-Frame-Options)', async () => {
		const board = await createBoard(server.url, 'Framed');
		const pages = ['/', `/b/${board.id}?token=${board.token('viewer')}`, `/b/${board.id}`, '/b/nosuchboard1', `/api/boards/${board.id}/export?format=md`];
		for (const path of pages) {
			const res = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { authorization: `Bearer ${board.token('facilitator')}` } });
			expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'self'");
			expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
		}
		// The SVG export keeps its own sandboxing policy, with the same rule for frames.
		const svg = await fetch(`${server.url}/api/boards/${board.id}/export?format=svg`, { headers: { authorization: `Bearer ${board.token('facilitator')}` } });
		expect(svg.status).toBe(200);
		expect(svg.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'");
	});

	it('answers one sync step 1 of a connection, not a flood of them (each can be the whole board)', async () => {
		const board = await createBoard(server.url, 'Sync floods');
		const seed = connect(server.url, board.id, board.token('editor'));
		await synced(seed);
		addNote(seed.doc, 'note_1', 'A comment the answers carry');
		// Relayed once stored: from then on answers go out as they are asked for.
		const reader = connect(server.url, board.id, board.token('viewer'));
		await waitFor(() => reader.doc.getMap('notes').has('note_1'), 10_000, 'the note stored');
		const viewer = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('viewer')}`);
		const answers: number[] = [];
		viewer.on('message', (data: Buffer) => {
			// Sync (0), step 2 (1): an answer to a step 1.
			if (data[0] === 0 && data[1] === 1) answers.push(data.length);
		});
		const closed = closeOf(viewer);
		try {
			await new Promise((resolve) => viewer.once('open', resolve));
			const step1 = Buffer.from([0, 0, 1, 0]);
			for (let i = 0; i < 50; i++) viewer.send(step1);
			// Messages are handled in order: the unreadable one closes the connection after the 50.
			viewer.send(Buffer.from([0xff, 0xff]));
			expect((await closed).code).toBe(4400);
			expect(answers).toHaveLength(1);
		} finally {
			seed.destroy();
			reader.destroy();
		}
	});

	it('keeps a participant’s presence theirs: another connection cannot hide or overwrite it with their client id', async () => {
		const board = await createBoard(server.url, 'Presence owners');
		const victim = connect(server.url, board.id, board.token('editor'));
		const watcher = connect(server.url, board.id, board.token('viewer'));
		const hostile = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('viewer')}`);
		try {
			await Promise.all([synced(victim), synced(watcher), new Promise((resolve) => hostile.once('open', resolve))]);
			const presence = (x: number) => ({ user: { id: 'user_victim', name: 'Victim', color: '#175cd3', role: 'editor' }, cursor: { x, y: 1 }, selection: [], drag: null, typing: null, view: null });
			const seen = () => watcher.provider.awareness.getStates().get(victim.doc.clientID) as { cursor?: { x: number } } | undefined;
			victim.provider.awareness.setLocalState(presence(1));
			await waitFor(() => seen()?.cursor?.x === 1, 10_000, 'the victim’s presence');
			// Everything the watcher is shown of the victim from now on.
			const shown: (number | 'gone')[] = [];
			watcher.provider.awareness.on('change', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
				if (removed.includes(victim.doc.clientID)) shown.push('gone');
				if ([...added, ...updated].includes(victim.doc.clientID)) shown.push(seen()?.cursor?.x ?? NaN);
			});

			// The victim's client id with a far higher clock: as "gone", then as someone else's cursor.
			const forged = (state: string) => {
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, 1);
				encoding.writeVarUint(encoder, victim.doc.clientID);
				encoding.writeVarUint(encoder, 2 ** 31);
				encoding.writeVarString(encoder, state);
				const message = encoding.createEncoder();
				encoding.writeVarUint(message, 1);
				encoding.writeVarUint8Array(message, encoding.toUint8Array(encoder));
				return encoding.toUint8Array(message);
			};
			hostile.send(forged('null'));
			hostile.send(forged(JSON.stringify(presence(666))));
			// The victim moves on; everyone sees where, and never the forged cursor.
			victim.provider.awareness.setLocalState(presence(2));
			await waitFor(() => seen()?.cursor?.x === 2, 10_000, 'the victim’s next presence');
			victim.provider.awareness.setLocalState(presence(3));
			await waitFor(() => seen()?.cursor?.x === 3, 10_000, 'the victim’s presence after that');
			expect(shown.filter((x) => x !== 2 && x !== 3)).toEqual([]);
		} finally {
			hostile.close();
			victim.destroy();
			watcher.destroy();
		}
	});

	it('answers requests refused before their body on one kept-alive connection without piling up listeners', async () => {
		const socket = tcpConnect(server.port, '127.0.0.1');
		await new Promise((resolve) => socket.once('connect', resolve));
		let received = '';
		socket.on('data', (chunk) => (received += chunk));
		const answers = () => received.split('HTTP/1.1 ').length - 1;
		const before = server.output().length;
		try {
			for (let i = 1; i <= 15; i++) {
				// Headers first; the body only once the answer (401: no credential) is in.
				socket.write(`POST /api/boards HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n`);
				await waitFor(() => answers() === i, 10_000, `answer ${i}`);
				socket.write('0123456789');
			}
			expect(received.split('HTTP/1.1 401').length - 1).toBe(15);
			// The last body was read (the connection still answers), then nothing piled up.
			socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
			await waitFor(() => answers() === 16, 10_000, 'the health answer');
			const logged = server.output().slice(before);
			expect(logged).not.toContain('MaxListenersExceededWarning');
		} finally {
			socket.destroy();
		}
	});

	it('answers a client’s mistakes without logging them: anyone could fill the log', async () => {
		const board = await createBoard(server.url, 'Mistakes');
		const before = server.output().length;
		for (let i = 0; i < 3; i++) {
			// A page without form actions: 405, as a script posting to the wrong address gets.
			const res = await fetch(`${server.url}/b/${board.id}/print?token=${board.token('viewer')}`, { method: 'POST', headers: { accept: '*/*', 'content-type': 'application/json' }, body: '{}' });
			expect(res.status).toBe(405);
		}
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		expect(server.output().slice(before)).not.toContain('Method Not Allowed');
	});
});
