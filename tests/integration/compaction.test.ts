import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../../src/lib/board/schema';
import { openDb, type Db } from '../../src/lib/server/db';
import { BoardStore } from '../../server/sync/persistence';
import { tempDir } from './helpers/server';
import { freshDatabase, usePostgres } from './helpers/services';

const pgAvailable = await usePostgres();

interface Backend {
	name: string;
	open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>;
}

const backends: Backend[] = [
	{
		name: 'PGlite (worker thread)',
		open: async () => ({ db: await openDb({ dataDir: tempDir('gistboard-compact-') }), cleanup: async () => {} })
	}
];
if (pgAvailable) {
	backends.push({
		name: 'PostgreSQL',
		open: async () => {
			const database = await freshDatabase();
			return { db: await openDb({ databaseUrl: database.url, dataDir: '' }), cleanup: database.drop };
		}
	});
}

/** Updates that each set one key of a map, as a client's edits would. */
function edits(from: number, to: number): Uint8Array[] {
	const doc = new Y.Doc();
	const out: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => out.push(u));
	for (let i = from; i < to; i++) doc.getMap('notes').set(`n${i}`, i);
	return out;
}

async function stored(store: BoardStore, boardId: string): Promise<{ keys: number; logLength: number }> {
	const { parts, logLength } = await store.load(boardId);
	const doc = new Y.Doc();
	for (const part of parts) Y.applyUpdate(doc, part);
	return { keys: doc.getMap('notes').size, logLength };
}

describe.each(backends)('compaction on $name', ({ open }) => {
	let db: Db;
	let cleanup: () => Promise<void>;
	let store: BoardStore;

	beforeAll(async () => {
		({ db, cleanup } = await open());
		// At the current document version: these boards hold bare test updates, not a board to migrate.
		await db.query(`INSERT INTO boards (id, title, workspace_id, schema_version) VALUES ('race', 'Race', 'ws_default', $1), ('busy', 'Busy', 'ws_default', $1)`, [SCHEMA_VERSION]);
		store = new BoardStore(db);
	});

	afterAll(async () => {
		await db?.close();
		await cleanup?.();
	});

	it('gives up, changing nothing, when another compaction replaced the snapshot it read', async () => {
		const first = edits(0, 30);
		for (const u of first.slice(0, 20)) await store.append('race', u);
		// A second process (its own store over the same database) compacts between this
		// compaction's read and its swap.
		let other: Promise<number> | null = null;
		const racing = new BoardStore({
			...db,
			query: async (sql: string, params?: unknown[]) => {
				if (sql.includes('WITH replaced') && !other) {
					for (const u of first.slice(20)) await store.append('race', u);
					other = store.compact('race');
					expect(await other).toBe(30);
				}
				return db.query(sql, params);
			}
		} as Db);
		expect(await racing.compact('race')).toBe(0);
		expect(other).not.toBeNull();
		// Nothing was lost or duplicated: the other compaction's snapshot holds all 30 edits.
		expect(await stored(store, 'race')).toEqual({ keys: 30, logLength: 0 });
	});

	it('loses nothing appended while it reads and merges', async () => {
		const all = edits(0, 400);
		for (const u of all.slice(0, 200)) await store.append('busy', u);
		const appending = Promise.all(all.slice(200).map((u) => store.append('busy', u)));
		const merged = await store.compact('busy');
		await appending;
		expect(merged).toBeGreaterThanOrEqual(200);
		const after = await stored(store, 'busy');
		expect(after.keys).toBe(400);
		expect(after.logLength).toBe(400 - merged);
		// A second compaction takes the rest.
		expect(await store.compact('busy')).toBe(400 - merged);
		expect(await stored(store, 'busy')).toEqual({ keys: 400, logLength: 0 });
	});
});
