import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../../src/lib/board/schema.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { COMPRESS_FROM } from '../../src/lib/server/update-log.ts';
import { APPEND_BYTES, BoardStore } from './persistence.ts';

/** A database whose INSERTs of the update log finish when the test says so; it records the rows of each. */
function heldDb() {
	const inserts: { boards: string[]; bytes: number }[] = [];
	const waiting: (() => void)[] = [];
	const db = {
		query: (_sql: string, params: unknown[] = []) => {
			const boards: string[] = [];
			let bytes = 0;
			// Each row is (board_id, update, compressed).
			for (let i = 0; i < params.length; i += 3) {
				boards.push(params[i] as string);
				bytes += (params[i + 1] as Uint8Array).length;
			}
			inserts.push({ boards, bytes });
			return new Promise<unknown[]>((resolve) => waiting.push(() => resolve([])));
		}
	} as unknown as Db;
	/** Resolves once the store has sent its `n`th INSERT (a large update is compressed first, off the event loop). */
	const sent = async (n: number) => {
		while (inserts.length < n) await new Promise((r) => setTimeout(r, 1));
		// One more turn: an INSERT sent too many would show.
		await new Promise((r) => setImmediate(r));
	};
	return { db, inserts, sent, release: () => waiting.splice(0).forEach((r) => r()) };
}

describe('BoardStore.append', () => {
	it('writes a large append on its own, so the small appends of other boards do not wait for all of it', async () => {
		const { db, inserts, sent, release } = heldDb();
		const store = new BoardStore(db);
		// Random bytes: deflating makes them no smaller, so each row holds the update as it is.
		const large = (n: number) => new Uint8Array(randomBytes(n * 1024));
		// One board's burst of large changes, then two other boards' edits, all in one turn.
		const flood = store.append('flood', large(400), large(400), large(400));
		const edits = [store.append('b1', large(1)), store.append('b2', large(1))];
		const more = store.append('flood2', large(400));
		await sent(1);
		// The first INSERT is the first append, whole (an append is all or none).
		expect(inserts).toEqual([{ boards: ['flood', 'flood', 'flood'], bytes: 1200 * 1024 }]);
		release();
		await flood;
		await sent(2);
		// Then the small ones together, without the large one behind them.
		expect(inserts[1]).toEqual({ boards: ['b1', 'b2'], bytes: 2 * 1024 });
		release();
		await Promise.all(edits);
		await sent(3);
		expect(inserts[2]).toEqual({ boards: ['flood2'], bytes: 400 * 1024 });
		release();
		await more;
	});

	it('keeps a board’s appends in order when a later one would fit', async () => {
		const { db, inserts, sent, release } = heldDb();
		const store = new BoardStore(db);
		const first = store.append('a', new Uint8Array(8));
		await sent(1);
		// While that INSERT runs: a small append of a, board b's large one and then its small one, and c's.
		const appends = [
			store.append('a', new Uint8Array(8)),
			store.append('b', new Uint8Array(APPEND_BYTES)),
			store.append('b', new Uint8Array(8)),
			store.append('c', new Uint8Array(8))
		];
		release();
		await first;
		await sent(2);
		expect(inserts.slice(1).map((i) => i.boards)).toEqual([['a', 'c']]);
		release();
		await sent(3);
		expect(inserts.slice(2).map((i) => i.boards)).toEqual([['b']]);
		release();
		await sent(4);
		expect(inserts.slice(3).map((i) => i.boards)).toEqual([['b']]);
		release();
		await Promise.all(appends);
	});
});

describe('the update log’s rows', () => {
	/** A database holding one board's log as the INSERTs wrote it (board_id, update, compressed). */
	function logDb() {
		const rows: { update: Uint8Array; compressed: boolean }[] = [];
		const db = {
			query: async (sql: string, params: unknown[] = []) => {
				if (sql.startsWith('INSERT INTO board_updates')) {
					for (let i = 0; i < params.length; i += 3) rows.push({ update: params[i + 1] as Uint8Array, compressed: params[i + 2] as boolean });
					return [];
				}
				if (sql.includes('FROM boards')) return [{ schema_version: SCHEMA_VERSION }];
				if (sql.includes('FROM board_snapshots')) return [];
				if (sql.includes('FROM board_updates')) return rows;
				throw new Error(`unexpected query: ${sql}`);
			}
		} as unknown as Db;
		return { db, rows };
	}

	/** The update of a document that gets `count` notes in one transaction. */
	function notesUpdate(count: number, from = 0): Uint8Array {
		const doc = new Y.Doc();
		let update: Uint8Array | null = null;
		doc.on('update', (u: Uint8Array) => (update = u));
		doc.transact(() => {
			for (let i = from; i < from + count; i++) doc.getMap('notes').set(`note_${i}`, [`Comment ${i}: the fabric is ${i % 3 ? 'soft' : 'scratchy'} and the sizing runs ${i % 2 ? 'small' : 'large'}.`, 'user_a', 0]);
		});
		return update!;
	}

	it('stores an update of COMPRESS_FROM bytes or more compressed and a smaller one as it is, and reads both back with rows stored before', async () => {
		const { db, rows } = logDb();
		const store = new BoardStore(db);
		const large = notesUpdate(300);
		const small = notesUpdate(1, 300);
		expect(large.length).toBeGreaterThanOrEqual(COMPRESS_FROM);
		expect(small.length).toBeLessThan(COMPRESS_FROM);
		await store.append('b', large, small);
		expect(rows.map((r) => r.compressed)).toEqual([true, false]);
		expect(rows[0].update.length).toBeLessThan(large.length / 2);
		expect(rows[1].update).toEqual(small);
		// A large row written before the log was compressed: migration 099 marks it not compressed.
		const older = notesUpdate(300, 301);
		rows.push({ update: older, compressed: false });

		const { parts, logLength } = await store.load('b');
		expect(logLength).toBe(3);
		expect(parts.map((p) => Array.from(p))).toEqual([large, small, older].map((p) => Array.from(p)));
		const doc = new Y.Doc();
		for (const part of parts) Y.applyUpdate(doc, part);
		expect(doc.getMap('notes').size).toBe(601);
	});

	it('skips a compressed row that is not a zlib stream and loads the rest', async () => {
		const { db, rows } = logDb();
		const store = new BoardStore(db);
		const good = notesUpdate(2);
		rows.push({ update: new Uint8Array([1, 2, 3, 4]), compressed: true }, { update: good, compressed: false });
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const { parts } = await store.load('b');
		expect(parts.map((p) => Array.from(p))).toEqual([Array.from(good)]);
		expect(errors).toHaveBeenCalledOnce();
		errors.mockRestore();
	});
});
