import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addNote, connect, createBoard, snapshot, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { startServer, tempDir, type RunningServer } from './helpers/server';

const MAX_MESSAGE_BYTES = 64 * 1024;

/** A deterministic generator, so a failure can be replayed with the seed it prints. */
function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function realUpdate(): Uint8Array {
	const doc = new Y.Doc();
	addNote(doc, `note_fuzz${Math.random().toString(36).slice(2)}`, 'A note from a fuzzing client with some text in it');
	return Y.encodeStateAsUpdate(doc);
}

function message(type: number, ...parts: ((e: encoding.Encoder) => void)[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, type);
	for (const part of parts) part(e);
	return encoding.toUint8Array(e);
}

/** One hostile message: random, truncated, lying about lengths, bad JSON, or too large. */
function hostile(random: () => number): Uint8Array {
	const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
	const pick = Math.floor(random() * 9);
	switch (pick) {
		case 0:
			return bytes(1 + Math.floor(random() * 200));
		case 1: {
			const valid = message(0, (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, realUpdate()));
			return valid.subarray(0, 1 + Math.floor(random() * (valid.length - 1)));
		}
		case 2:
			return message(0, (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, bytes(1 + Math.floor(random() * 100))));
		case 3:
			// A length prefix far larger than the message.
			return message(0, (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint(e, 2 ** 31), (e) => encoding.writeUint8Array(e, bytes(8)));
		case 4:
			return message(1, (e) => {
				const inner = encoding.createEncoder();
				encoding.writeVarUint(inner, 1);
				encoding.writeVarUint(inner, 1 + Math.floor(random() * 1e6));
				encoding.writeVarUint(inner, 1);
				encoding.writeVarString(inner, '{"user": {"name": "unterminated');
				encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
			});
		case 5:
			return message(1, (e) => encoding.writeVarUint8Array(e, bytes(1 + Math.floor(random() * 60))));
		case 6:
			return message(Math.floor(random() * 1000) + 4, (e) => encoding.writeUint8Array(e, bytes(10)));
		case 7:
			return message(0, (e) => encoding.writeVarUint(e, 7 + Math.floor(random() * 100)));
		default:
			return bytes(MAX_MESSAGE_BYTES + 1 + Math.floor(random() * 1024));
	}
}

async function metric(url: string, name: string): Promise<number> {
	const text = await (await fetch(`${url}/metrics`)).text();
	const line = text.split('\n').find((l) => l.startsWith(`${name} `));
	if (!line) throw new Error(`${name} missing from /metrics`);
	return Number(line.split(' ')[1]);
}

describe('hostile clients', () => {
	let server: RunningServer;
	let board: CreatedBoard;
	const honest: Client[] = [];

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir('gistboard-fuzz-'), MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES), RATE_LIMIT: '100' });
		board = await createBoard(server.url);
	});

	afterAll(async () => {
		for (const c of honest) c.destroy();
		await server?.stop('SIGKILL');
	});

	it('survive thousands of random, truncated and oversized messages; honest clients keep syncing', async () => {
		const seed = Math.floor(Math.random() * 2 ** 31);
		const random = rng(seed);
		honest.push(connect(server.url, board.id, board.token('editor')), connect(server.url, board.id, board.token('editor')));
		await Promise.all(honest.map(synced));
		const addHonestNote = (c: Client, id: string) => addNote(c.doc, id, id);
		addHonestNote(honest[0], 'note_before');
		await waitFor(() => honest[1].doc.getMap('notes').has('note_before'), 5000, 'honest sync before');
		const heapBefore = await metric(server.url, 'gistboard_nodejs_heap_size_used_bytes');

		let sent = 0;
		const closeCodes = new Map<number, number>();
		const TOTAL = 3000;
		const attacker = (token: string | null) =>
			new Promise<void>((resolve) => {
				const url = `${server.url.replace('http', 'ws')}/sync/${board.id}${token ? `?token=${token}` : ''}`;
				const ws = new WebSocket(url, { perMessageDeflate: false });
				ws.on('open', () => {
					const burst = 20 + Math.floor(random() * 80);
					for (let i = 0; i < burst && ws.readyState === ws.OPEN; i++, sent++) ws.send(hostile(random));
				});
				ws.on('error', () => {});
				ws.on('close', (code) => {
					closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
					resolve();
				});
				setTimeout(() => ws.terminate(), 3000);
			});
		let round = 0;
		while (sent < TOTAL) {
			const tokens = [board.token('editor'), board.token('editor'), board.token('viewer'), null];
			await Promise.all(tokens.map(attacker));
			// Honest work goes on meanwhile.
			addHonestNote(honest[round % 2], `note_during_${round}`);
			round++;
		}
		// A flood of well-formed presence from one socket is cut off by the rate limit.
		await new Promise<void>((resolve) => {
			const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('editor')}`);
			ws.on('open', () => {
				for (let clock = 1; clock <= 1000 && ws.readyState === ws.OPEN; clock++, sent++) {
					ws.send(
						message(1, (e) => {
							const inner = encoding.createEncoder();
							encoding.writeVarUint(inner, 1);
							encoding.writeVarUint(inner, 4242);
							encoding.writeVarUint(inner, clock);
							encoding.writeVarString(inner, JSON.stringify({ cursor: { x: clock, y: clock } }));
							encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
						})
					);
				}
			});
			ws.on('close', (code) => {
				closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
				resolve();
			});
		});

		// And one message over the limit, whatever the random ones were.
		await new Promise<void>((resolve) => {
			const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('editor')}`);
			ws.on('open', () => ws.send(new Uint8Array(MAX_MESSAGE_BYTES + 10)));
			ws.on('error', () => {});
			ws.on('close', (code) => {
				closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
				resolve();
			});
		});

		expect(sent, `seed ${seed}`).toBeGreaterThanOrEqual(TOTAL);
		// Each kind of abuse was met with its own close reason.
		expect([...closeCodes.keys()], `seed ${seed}`).toEqual(expect.arrayContaining([4400, 4401, 1009, 4429]));

		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		addHonestNote(honest[1], 'note_after');
		const expectedIds = ['note_before', 'note_after', ...Array.from({ length: round }, (_, i) => `note_during_${i}`)];
		await waitFor(
			() => honest.every((c) => expectedIds.every((id) => c.doc.getMap('notes').has(id))),
			10_000,
			'honest clients to keep syncing'
		);
		expect(JSON.stringify(snapshot(honest[0].doc))).toBe(JSON.stringify(snapshot(honest[1].doc)));
		const fresh = connect(server.url, board.id, board.token('viewer'));
		honest.push(fresh);
		await synced(fresh);
		for (const id of expectedIds) expect(fresh.doc.getMap('notes').has(id)).toBe(true);

		// Memory returns to its level once the garbage is collected.
		let heapAfter = Infinity;
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			heapAfter = await metric(server.url, 'gistboard_nodejs_heap_size_used_bytes');
			if (heapAfter < heapBefore * 1.5 + 16 * 1024 * 1024) break;
			addHonestNote(honest[0], `note_gc_${Date.now()}`);
			await new Promise((r) => setTimeout(r, 500));
		}
		expect(heapAfter, `heap before ${heapBefore}, after ${heapAfter}`).toBeLessThan(heapBefore * 1.5 + 16 * 1024 * 1024);
		// Every hostile socket is gone; only the three honest clients remain.
		let connections = -1;
		for (let i = 0; i < 50 && connections !== 3; i++) {
			connections = await metric(server.url, 'gistboard_connections');
			if (connections !== 3) await new Promise((r) => setTimeout(r, 100));
		}
		expect(connections).toBe(3);
	});
});
