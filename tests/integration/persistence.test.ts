import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { addNote as addTestNote, connect, createBoard, moveNote, serverState, snapshot, synced, waitFor, type Client } from './helpers/clients';
import { freshDatabase, usePostgres } from './helpers/services';
import { COMPRESS_FROM } from '../../src/lib/server/update-log';
import { startServer, tempDir, type RunningServer } from './helpers/server';

interface Backend {
	name: string;
	env: () => Promise<Record<string, string>>;
	cleanup: () => Promise<void>;
	/** Rows in the update log and snapshots of a board, where the test can look at them. */
	counts?: (boardId: string) => Promise<{ updates: number; snapshots: number }>;
	/** pg_attribute.attstorage of board_updates.update ('e': out of line, uncompressed). */
	logStorage?: () => Promise<string>;
	/** A board's update log as stored: each row's size in bytes and whether it is compressed. */
	logRows?: (boardId: string) => Promise<{ bytes: number; compressed: boolean }[]>;
	/** Appends a row the way a release before migration 099 wrote it (no `compressed` column given). */
	appendAsBefore?: (boardId: string, update: Uint8Array) => Promise<void>;
}

function pgliteBackend(): Backend {
	const dir = tempDir('gistboard-pglite-');
	return { name: 'PGlite', env: async () => ({ DATA_DIR: dir }), cleanup: async () => {} };
}

function postgresBackend(): Backend {
	let db: Awaited<ReturnType<typeof freshDatabase>> | null = null;
	return {
		name: 'PostgreSQL',
		async env() {
			db ??= await freshDatabase();
			return { DATABASE_URL: db.url };
		},
		async cleanup() {
			await db?.drop();
		},
		async counts(boardId) {
			const client = new pg.Client({ connectionString: db!.url });
			await client.connect();
			const u = await client.query('SELECT count(*)::int AS n FROM board_updates WHERE board_id = $1', [boardId]);
			const s = await client.query('SELECT count(*)::int AS n FROM board_snapshots WHERE board_id = $1', [boardId]);
			await client.end();
			return { updates: u.rows[0].n, snapshots: s.rows[0].n };
		},
		async logStorage() {
			const client = new pg.Client({ connectionString: db!.url });
			await client.connect();
			const r = await client.query(
				`SELECT attstorage FROM pg_attribute WHERE attrelid = 'board_updates'::regclass AND attname = 'update'`
			);
			await client.end();
			return r.rows[0].attstorage;
		},
		async logRows(boardId) {
			const client = new pg.Client({ connectionString: db!.url });
			await client.connect();
			const r = await client.query('SELECT length(update)::int AS bytes, compressed FROM board_updates WHERE board_id = $1 ORDER BY seq', [boardId]);
			await client.end();
			return r.rows;
		},
		async appendAsBefore(boardId, update) {
			const client = new pg.Client({ connectionString: db!.url });
			await client.connect();
			await client.query('INSERT INTO board_updates (board_id, update) VALUES ($1, $2)', [boardId, Buffer.from(update)]);
			await client.end();
		}
	};
}

const hasPostgres = await usePostgres();
const backends = [pgliteBackend(), ...(hasPostgres ? [postgresBackend()] : [])];

function addNote(doc: Y.Doc, id: string, text: string) {
	addTestNote(doc, id, text, { x: Math.round(Math.random() * 1000), y: Math.round(Math.random() * 1000) });
}

describe.each(backends)('persistence on $name', (backend) => {
	let server: RunningServer;
	let env: Record<string, string>;

	beforeAll(async () => {
		env = await backend.env();
		server = await startServer({ ...env, COMPACT_AFTER: '10' });
	});

	afterAll(async () => {
		await server?.stop('SIGKILL');
		await backend.cleanup();
	});

	it('keeps the state of several clients across a restart, with compaction', async () => {
		const board = await createBoard(server.url);
		const clients: Client[] = [0, 1, 2].map(() => connect(server.url, board.id, board.token('editor')));
		await Promise.all(clients.map(synced));
		for (let round = 0; round < 15; round++) {
			clients.forEach((c, i) => {
				addNote(c.doc, `note_${i}_${round}`, `Comment ${round} from client ${i} — café ✓`);
				const some = `note_${i}_${Math.floor(round / 2)}`;
				if (c.doc.getMap('notes').has(some)) moveNote(c.doc, some, round * 7, 0);
			});
			// Each round reaches everyone (so it was stored) before the next: at least 15 stored
			// batches, past the compaction threshold of 10 however busy the machine is.
			await waitFor(() => clients.every((c) => c.doc.getMap('notes').size === 3 * (round + 1)), 10_000, `round ${round}`);
		}
		const expected = () => JSON.stringify(snapshot(clients[0].doc));
		await waitFor(() => clients.every((c) => JSON.stringify(snapshot(c.doc)) === expected()), 10_000, 'convergence');
		expect(Object.keys(clients[0].doc.getMap('notes').toJSON())).toHaveLength(45);
		const before = snapshot(clients[0].doc);
		clients.forEach((c) => c.destroy());

		if (backend.counts) {
			// Compaction runs in the background, after the batch that reached the threshold.
			let counts = await backend.counts(board.id);
			for (let i = 0; i < 50 && counts.snapshots === 0; i++) {
				await new Promise((r) => setTimeout(r, 100));
				counts = await backend.counts(board.id);
			}
			expect(counts.snapshots).toBe(1);
			expect(counts.updates).toBeLessThan(45);
		}

		expect(await server.stop('SIGTERM')).toBe(0);
		server = await startServer({ ...env, COMPACT_AFTER: '10' });
		expect(await serverState(server.url, board)).toEqual(before);
		// The log is appended to on every batch: its updates are kept uncompressed (migration 097).
		if (backend.logStorage) expect(await backend.logStorage()).toBe('e');
	});

	it('keeps a large change, stored compressed beside rows stored uncompressed, across restarts and a compaction', async () => {
		const board = await createBoard(server.url);
		const writer = connect(server.url, board.id, board.token('editor'));
		const observer = connect(server.url, board.id, board.token('viewer'));
		await Promise.all([synced(writer), synced(observer)]);
		// 200 notes in one transaction: one update well past COMPRESS_FROM, as an import's chunk is.
		let large = 0;
		writer.doc.once('update', (u: Uint8Array) => (large = u.length));
		writer.doc.transact(() => {
			for (let i = 0; i < 200; i++) addNote(writer.doc, `note_big_${i}`, `Comment ${i}: the fabric is ${i % 3 ? 'soft' : 'scratchy'}, sizing runs ${i % 2 ? 'small' : 'large'} — café ✓`);
		});
		expect(large).toBeGreaterThanOrEqual(COMPRESS_FROM);
		await waitFor(() => observer.doc.getMap('notes').size === 200, 10_000, 'the large change');
		let expectedNotes = 200;
		if (backend.logRows && backend.appendAsBefore) {
			// Relayed only once stored: its row is there, compressed to well under its size.
			expect((await backend.logRows(board.id)).filter((r) => r.compressed && r.bytes < large / 2)).toHaveLength(1);
			// A row as the release before wrote it, large and uncompressed, is read as it is.
			const old = new Y.Doc();
			old.transact(() => {
				for (let i = 0; i < 200; i++) addNote(old, `note_old_${i}`, `Written before the log was compressed, note ${i}`);
			});
			const update = Y.encodeStateAsUpdate(old);
			expect(update.length).toBeGreaterThanOrEqual(COMPRESS_FROM);
			await backend.appendAsBefore(board.id, update);
			expectedNotes += 200;
		}
		writer.destroy();
		observer.destroy();

		expect(await server.stop('SIGTERM')).toBe(0);
		server = await startServer({ ...env, COMPACT_AFTER: '10' });
		const before = (await serverState(server.url, board)) as { notes: Record<string, unknown> };
		expect(Object.keys(before.notes)).toHaveLength(expectedNotes);

		// Enough stored batches for a compaction, which reads the compressed row and the others.
		const editor = connect(server.url, board.id, board.token('editor'));
		const watcher = connect(server.url, board.id, board.token('viewer'));
		await Promise.all([synced(editor), synced(watcher)]);
		for (let round = 0; round < 12; round++) {
			moveNote(editor.doc, `note_big_${round}`, round * 10 + 1, 0);
			// Relayed, so stored, before the next: one batch each.
			await waitFor(() => (watcher.doc.getMap('place').get(`note_big_${round}`) as { x?: number } | undefined)?.x === round * 10 + 1, 10_000, `move ${round}`);
		}
		if (backend.counts) {
			let counts = await backend.counts(board.id);
			for (let i = 0; i < 100 && counts.snapshots === 0; i++) {
				await new Promise((r) => setTimeout(r, 100));
				counts = await backend.counts(board.id);
			}
			expect(counts.snapshots).toBe(1);
		}
		const moved = snapshot(editor.doc);
		editor.destroy();
		watcher.destroy();
		expect(await server.stop('SIGTERM')).toBe(0);
		server = await startServer({ ...env, COMPACT_AFTER: '10' });
		expect(await serverState(server.url, board)).toEqual(moved);
	});

	it('loses no update another client had received when the process is killed', async () => {
		const board = await createBoard(server.url);
		const writer = connect(server.url, board.id, board.token('editor'));
		const observer = connect(server.url, board.id, board.token('viewer'));
		await Promise.all([synced(writer), synced(observer)]);
		let written = 0;
		const writing = setInterval(() => {
			addNote(writer.doc, `note_w_${written}`, `Burst ${written}`);
			written++;
		}, 3);
		await waitFor(() => observer.doc.getMap('notes').size >= 40 + Math.floor(Math.random() * 40), 15_000, 'observer');
		await server.stop('SIGKILL');
		clearInterval(writing);
		const seen = Object.keys(observer.doc.getMap('notes').toJSON());
		writer.destroy();
		observer.destroy();
		expect(seen.length).toBeGreaterThanOrEqual(40);

		server = await startServer({ ...env, COMPACT_AFTER: '10' });
		const stored = (await serverState(server.url, board)) as { notes: Record<string, unknown> };
		for (const id of seen) expect(stored.notes).toHaveProperty(id);
	});
});
