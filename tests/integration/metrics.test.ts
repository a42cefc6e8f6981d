import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, connect, createBoard, synced, waitFor, type Client } from './helpers/clients';
import { scrape } from './helpers/prometheus';
import { startServer, tempDir, type RunningServer } from './helpers/server';

describe('GET /metrics', () => {
	let server: RunningServer;
	const clients: Client[] = [];

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir('gistboard-metrics-') });
	});

	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.stop('SIGKILL');
	});

	it('reports rooms, connections, traffic, persistence and fan-out latency in Prometheus text', async () => {
		const before = await scrape(server.url);
		expect(before.value('gistboard_rooms')).toBe(0);
		expect(before.value('gistboard_connections')).toBe(0);

		const board = await createBoard(server.url);
		clients.push(connect(server.url, board.id, board.token('editor')), connect(server.url, board.id, board.token('editor')));
		await Promise.all(clients.map(synced));
		for (let i = 0; i < 10; i++) addNote(clients[i % 2].doc, `note_m${i}`, `comment ${i}`);
		await waitFor(() => clients.every((c) => c.doc.getMap('notes').size === 10), 5000, 'edits to sync');
		clients[0].provider.awareness.setLocalState({ user: { id: 'user_x', name: 'Eddie', color: '#175cd3', role: 'editor' }, cursor: { x: 1, y: 2 } });
		await waitFor(() => clients[1].provider.awareness.getStates().size === 2, 5000, 'presence');

		const after = await scrape(server.url);
		expect(after.value('gistboard_rooms')).toBe(1);
		expect(after.value('gistboard_connections')).toBe(2);
		expect(after.types.get('gistboard_sync_messages_in_total')).toBe('counter');
		expect(after.value('gistboard_sync_messages_in_total')).toBeGreaterThanOrEqual(10);
		expect(after.value('gistboard_sync_bytes_in_total')).toBeGreaterThan(0);
		// Every stored batch went to both clients.
		expect(after.value('gistboard_sync_messages_out_total')).toBeGreaterThanOrEqual(2);
		expect(after.value('gistboard_sync_bytes_out_total')).toBeGreaterThan(0);
		expect(after.types.get('gistboard_update_persist_seconds')).toBe('histogram');
		expect(after.value('gistboard_update_persist_seconds_count')).toBeGreaterThanOrEqual(1);
		expect(after.value('gistboard_update_persist_seconds_bucket', { le: '+Inf' })).toBe(
			after.value('gistboard_update_persist_seconds_count')
		);
		expect(after.value('gistboard_fanout_seconds_count')).toBeGreaterThanOrEqual(1);
		expect(after.types.get('gistboard_redis_lag_seconds')).toBe('histogram');
		expect(after.value('gistboard_redis_lag_seconds_count')).toBe(0);
		expect(after.value('gistboard_nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);

		for (const c of clients.splice(0)) c.destroy();
		const closed = await (async () => {
			for (let i = 0; i < 50; i++) {
				const m = await scrape(server.url);
				if (m.value('gistboard_connections') === 0) return m;
				await new Promise((r) => setTimeout(r, 100));
			}
			return scrape(server.url);
		})();
		expect(closed.value('gistboard_connections')).toBe(0);
	});
});
