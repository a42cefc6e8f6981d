import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectBoard } from '../../src/lib/collab/provider';
import { generateBoard, pushToBoard } from '../helpers/board-generator';
import { addNote, connect, createBoard, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { scrape } from './helpers/prometheus';
import { startServer, tempDir, type RunningServer } from './helpers/server';

/**
 * Tabs that read slowly or not at all (DESIGN.md "Bounded work"): what waits for one connection
 * besides its join answer is bounded by SEND_BUFFER_BYTES; past it the connection is closed with
 * 4408 and a reason the app shows, and nobody else on the board notices.
 */

/** The budget of this suite's server: far under its board's join answer. */
const BUDGET = 1024 * 1024;
/** The board: 10,000 generated notes (3 MB) and 2,000 long ones (10 MB), more than loopback's socket buffers take. */
const NOTES = 12_000;

/** Adds `changes` changes of 40 notes of 5 KB (200 KB each), the way a busy board's edits arrive. */
async function addLongNotes(doc: Y.Doc, prefix: string, changes: number): Promise<void> {
	const long = 'x'.repeat(4_990);
	for (let i = 0; i < changes; i++) {
		doc.transact(() => {
			for (let k = 0; k < 40; k++) addNote(doc, `note_${prefix}${i}_${k}`, `${i}${long}`);
		});
		await new Promise((r) => setTimeout(r, 10));
	}
}

/** The socket under a ws client, to stop and resume reading from it as a stalled tab would. */
const socketOf = (ws: unknown) => (ws as { _socket: { pause(): void; resume(): void } })._socket;

/** A sync step 1 announcing an empty document: the answer is the whole board. */
function emptySyncStep1(): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
	return encoding.toUint8Array(encoder);
}

/** Applies every sync answer and update a raw socket receives to `doc`. */
function applyReceived(ws: WebSocket, doc: Y.Doc): void {
	ws.on('message', (data: Buffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(data));
		if (decoding.readVarUint(decoder) !== 0) return;
		if (decoding.readVarUint(decoder) === 0) return;
		Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
	});
}

const slowClosures = async (server: RunningServer) => (await scrape(server.url)).value('gistboard_sync_connections_closed_total', { reason: 'slowConsumer' }) ?? 0;

describe('tabs that read slowly or never', () => {
	let server: RunningServer;
	let board: CreatedBoard;
	let writer: Client;
	let reader: Client;
	const clients: Client[] = [];
	const sockets: WebSocket[] = [];

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir('gistboard-slow-'), SEND_BUFFER_BYTES: String(BUDGET) });
		board = await createBoard(server.url, 'Twelve thousand notes');
		await pushToBoard(server.url, board.id, board.links.facilitator, generateBoard({ notes: 10_000, groups: 320, grouped: 0.92 }).doc);
		writer = connect(server.url, board.id, board.token('editor'));
		reader = connect(server.url, board.id, board.token('viewer'));
		clients.push(writer, reader);
		await Promise.all([synced(writer), synced(reader)]);
		await addLongNotes(writer.doc, 'long', 50);
		await waitFor(() => reader.doc.getMap('notes').size === NOTES, 60_000, 'the board');
	}, 300_000);

	afterAll(async () => {
		for (const c of clients) c.destroy();
		for (const ws of sockets) ws.terminate();
		await server?.stop('SIGKILL');
	});

	const rawViewer = () => {
		const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('viewer')}`);
		ws.on('error', () => {});
		sockets.push(ws);
		return ws;
	};

	it('keeps a tab that reads its join answer slowly, though the answer is larger than the budget', async () => {
		const closedBefore = await slowClosures(server);

		// Asks for the whole board (13 MB) and reads none of it for now; the board goes on meanwhile.
		const late = rawViewer();
		await new Promise((resolve) => late.once('open', resolve));
		socketOf(late).pause();
		late.send(emptySyncStep1());
		await new Promise((r) => setTimeout(r, 500));
		for (let i = 0; i < 20; i++) addNote(writer.doc, `note_meanwhile${i}`, `${i} ${'x'.repeat(1000)}`);
		await waitFor(() => reader.doc.getMap('notes').has('note_meanwhile19'), 10_000, 'the edits relayed');
		expect(await slowClosures(server)).toBe(closedBefore);

		// Reading again, it gets the whole board and the edits made while it was not reading.
		const doc = new Y.Doc();
		applyReceived(late, doc);
		socketOf(late).resume();
		await waitFor(() => doc.getMap('notes').size === NOTES + 20, 20_000, 'the answer and the edits');
		expect(late.readyState).toBe(WebSocket.OPEN);
	});

	it('closes a tab that stops reading once the budget waits for it, says why in the app, and nobody else notices', async () => {
		// The app's own connection, as the board page makes it.
		(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
		const appDoc = new Y.Doc();
		const notices: string[] = [];
		const app = connectBoard(board.id, appDoc, { onState: () => {}, onNotice: (reason) => notices.push(reason) }, { url: `${server.url.replace('http', 'ws')}/sync`, token: board.token('viewer') });
		// And a hand-made client that reads its join answer and then nothing ever again.
		const never = rawViewer();
		const neverDoc = new Y.Doc();
		applyReceived(never, neverDoc);
		never.once('open', () => never.send(emptySyncStep1()));
		try {
			await waitFor(() => app.provider.synced && neverDoc.getMap('notes').size === NOTES + 20, 20_000, 'both joined');
			socketOf(app.provider.ws).pause();
			socketOf(never).pause();
			const closedBefore = await slowClosures(server);

			// Changes of 200 KB, 12 MB at first, far past the budget. How much the kernel's socket
			// buffers take before the server's queue grows depends on the machine's load and
			// autotuning, so the flood goes on (up to 36 MB) until both stalled tabs are closed.
			let flooded = 0;
			let closed = closedBefore;
			while (closed < closedBefore + 2 && flooded < 180) {
				await addLongNotes(writer.doc, `flood${flooded}_`, 60);
				flooded += 60;
				const want = NOTES + 20 + flooded * 40;
				await waitFor(() => reader.doc.getMap('notes').size === want, 30_000, 'the reading tab to get everything');
				closed = await slowClosures(server);
			}
			expect(reader.closes).toEqual([]);
			expect(closed).toBe(closedBefore + 2);
			const total = NOTES + 20 + flooded * 40;

			// The stalled tab reads again: it reads what was queued, then why it was closed, and
			// reconnects and catches up.
			socketOf(app.provider.ws).resume();
			await waitFor(() => notices.length > 0, 30_000, 'the notice');
			expect(notices[0]).toMatch(/fell too far behind the board.*reconnects and catches up/);
			await waitFor(() => app.provider.synced && appDoc.getMap('notes').size === total, 30_000, 'the app to catch up');
		} finally {
			app.destroy();
		}
	});
});
