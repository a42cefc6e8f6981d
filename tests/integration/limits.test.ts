import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addNote, connect, createBoard, synced, waitFor, type Client } from './helpers/clients';
import { scrape } from './helpers/prometheus';
import { startServer, tempDir, type RunningServer } from './helpers/server';

/** Opens a raw socket and resolves with how the server closed it. */
function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) => {
		ws.on('error', () => {});
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
	});
}

describe('limits of one process', () => {
	let server: RunningServer;
	const clients: Client[] = [];

	beforeAll(async () => {
		server = await startServer({
			DATA_DIR: tempDir('gistboard-limits-'),
			MAX_ROOMS: '1',
			ROOM_IDLE_MS: '600000',
			SEND_BUFFER_BYTES: String(64 * 1024)
		});
	});

	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.stop('SIGKILL');
	});

	it('refuses a board beyond MAX_ROOMS with a reason, and makes room by unloading an idle board', async () => {
		const first = await createBoard(server.url, 'First');
		const second = await createBoard(server.url, 'Second');
		const inFirst = connect(server.url, first.id, first.token('editor'));
		clients.push(inFirst);
		await synced(inFirst);

		const refused = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${second.id}?token=${second.token('editor')}`);
		const closed = await closeOf(refused);
		expect(closed.code).toBe(1013);
		expect(closed.reason).toMatch(/too many boards/);

		inFirst.destroy();
		let inSecond: Client | null = null;
		await waitFor(
			() => {
				if (!inSecond) {
					inSecond = connect(server.url, second.id, second.token('editor'));
					clients.push(inSecond);
				}
				return inSecond.provider.synced;
			},
			10_000,
			'the second board to open once the first is idle'
		);
		expect((await scrape(server.url)).value('gistboard_rooms')).toBe(1);
	});

	it('drops a client that stops reading instead of queueing for it without bound', async () => {
		const board = await createBoard(server.url, 'Slow reader');
		for (const c of clients.splice(0)) c.destroy();
		const writer = connect(server.url, board.id, board.token('editor'));
		const reader = connect(server.url, board.id, board.token('viewer'));
		clients.push(writer, reader);
		await waitFor(() => writer.provider.synced && reader.provider.synced, 15_000, 'sync');

		const slow = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.token('viewer')}`);
		const slowClosed = closeOf(slow);
		await new Promise((r) => slow.once('message', r));
		// Stop reading: the server's queue for this socket grows once the kernel buffers are full.
		(slow as unknown as { _socket: { pause(): void } })._socket.pause();

		// Updates of 200 KB each (40 long notes apiece), 12 MB at first. How much the kernel's socket
		// buffers take before the server's queue grows depends on the machine's load and autotuning,
		// so the writing goes on (up to 36 MB) until the stalled socket is dropped.
		const long = 'x'.repeat(4_990);
		const closedSlow = async () => (await scrape(server.url)).value('gistboard_sync_connections_closed_total', { reason: 'slowConsumer' }) ?? 0;
		let written = 0;
		while (written < 180 && (written === 0 || (await closedSlow()) < 1)) {
			for (let i = written; i < written + 60; i++) {
				writer.doc.transact(() => {
					for (let k = 0; k < 40; k++) addNote(writer.doc, `note_big${i}_${k}`, `${i}${long}`);
				});
				await new Promise((r) => setTimeout(r, 10));
			}
			written += 60;
			await waitFor(() => reader.doc.getMap('notes').size === written * 40, 60_000, 'the reading client to get everything');
		}
		expect(await closedSlow()).toBeGreaterThanOrEqual(1);
		slow.terminate();
		expect((await slowClosed).code).toBeGreaterThan(0);
	});
});
