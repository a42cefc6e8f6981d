import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db.ts';
import { APPEND_BYTES, BoardStore } from './persistence.ts';

/** A database whose INSERTs of the update log finish when the test says so; it records the rows of each. */
function heldDb() {
	const inserts: { boards: string[]; bytes: number }[] = [];
	const waiting: (() => void)[] = [];
	const db = {
		query: (_sql: string, params: unknown[] = []) => {
			const boards: string[] = [];
			let bytes = 0;
			for (let i = 0; i < params.length; i += 2) {
				boards.push(params[i] as string);
				bytes += (params[i + 1] as Uint8Array).length;
			}
			inserts.push({ boards, bytes });
			return new Promise<unknown[]>((resolve) => waiting.push(() => resolve([])));
		}
	} as unknown as Db;
	return { db, inserts, release: () => waiting.splice(0).forEach((r) => r()) };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('BoardStore.append', () => {
	it('writes a large append on its own, so the small appends of other boards do not wait for all of it', async () => {
		const { db, inserts, release } = heldDb();
		const store = new BoardStore(db);
		const large = (n: number) => new Uint8Array(n * 1024);
		// One board's burst of large changes, then two other boards' edits, all in one turn.
		const flood = store.append('flood', large(400), large(400), large(400));
		const edits = [store.append('b1', large(1)), store.append('b2', large(1))];
		const more = store.append('flood2', large(400));
		await turn();
		// The first INSERT is the first append, whole (an append is all or none).
		expect(inserts).toEqual([{ boards: ['flood', 'flood', 'flood'], bytes: 1200 * 1024 }]);
		release();
		await flood;
		await turn();
		// Then the small ones together, without the large one behind them.
		expect(inserts[1]).toEqual({ boards: ['b1', 'b2'], bytes: 2 * 1024 });
		release();
		await Promise.all(edits);
		await turn();
		expect(inserts[2]).toEqual({ boards: ['flood2'], bytes: 400 * 1024 });
		release();
		await more;
	});

	it('keeps a board’s appends in order when a later one would fit', async () => {
		const { db, inserts, release } = heldDb();
		const store = new BoardStore(db);
		const first = store.append('a', new Uint8Array(8));
		await turn();
		// While that INSERT runs: a small append of a, board b's large one and then its small one, and c's.
		const appends = [
			store.append('a', new Uint8Array(8)),
			store.append('b', new Uint8Array(APPEND_BYTES)),
			store.append('b', new Uint8Array(8)),
			store.append('c', new Uint8Array(8))
		];
		release();
		await first;
		await turn();
		expect(inserts.slice(1).map((i) => i.boards)).toEqual([['a', 'c']]);
		release();
		await turn();
		expect(inserts.slice(2).map((i) => i.boards)).toEqual([['b']]);
		release();
		await turn();
		expect(inserts.slice(3).map((i) => i.boards)).toEqual([['b']]);
		release();
		await Promise.all(appends);
	});
});
