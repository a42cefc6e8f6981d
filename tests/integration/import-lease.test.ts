import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importNoteCount } from '../../src/lib/import/apply';
import { openDb, type Db } from '../../src/lib/server/db';
import { BoardStore } from '../../server/sync/persistence';
import { connectChannel, type ChannelClient } from './helpers/channel';
import { createBoard, noteContents, synced, waitFor, type CreatedBoard } from './helpers/clients';
import { startServer, type RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { serverOnPostgres, storageBackends, type ServerOnPostgres } from './helpers/setups';

/**
 * An import is on its board whole or not at all, even when the process writing it is killed
 * between two of its chunks: its record's lease runs out, and the room that next has the board
 * open takes the stored part off (or, when every note is there, keeps them).
 */
const backends = storageBackends(await usePostgres());

/** Short enough to wait for, long enough to outlast a restart on a busy machine most times. */
const LEASE_MS = 20_000;

describe.each(backends)('an import killed half-way, on $name', (backend) => {
	let env: Record<string, string>;
	let cleanup = async () => {};
	let server: RunningServer;
	const open: ChannelClient[] = [];

	const start = async () => (server = await startServer({ ...env, IMPORT_LEASE_MS: String(LEASE_MS) }));
	const join = (board: CreatedBoard) => {
		const c = connectChannel(server.url, board.id, board.token('facilitator'));
		open.push(c);
		return c;
	};
	const importCsv = (board: CreatedBoard, csv: string) =>
		fetch(`${server.url}/api/boards/${board.id}/imports?filename=comments.csv`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'text/csv' },
			body: csv
		});
	// Comments of about 300 characters: the parts of 8,000 are stored as several appends of the log
	// (the room stores at most 512 KB a write), not as one.
	const LONG = ' The parcel came late, the box was dented, and nobody answered the phone when I called about it.'.repeat(3);
	const csvOf = (n: number) => ['id,comment', ...Array.from({ length: n }, (_, i) => `${i + 1},"Comment number ${i + 1} about the delivery.${LONG}"`)].join('\n');
	const listed = async (board: CreatedBoard) =>
		(await (await fetch(`${server.url}/api/boards/${board.id}/imports`, { headers: { authorization: `Bearer ${board.token('facilitator')}` } })).json()).imports as {
			id: string;
			notes: number;
			importing: boolean;
		}[];
	const importNotes = (c: ChannelClient, importId: string) => Object.values(noteContents(c.doc)).filter((n) => n.source?.importId === importId).length;

	/** With the server stopped: what its database holds of a board (notes of an import, and the import records). */
	async function whileStopped<T>(fn: (db: Db, doc: (boardId: string) => Promise<Y.Doc>) => Promise<T>): Promise<T> {
		const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
		try {
			return await fn(db, async (boardId) => {
				const doc = new Y.Doc();
				for (const part of (await new BoardStore(db).load(boardId)).parts) Y.applyUpdate(doc, part);
				return doc;
			});
		} finally {
			await db.close();
		}
	}

	beforeAll(async () => {
		({ env, cleanup } = await backend.env());
		await start();
	});
	afterAll(async () => {
		for (const c of open) c.destroy();
		await server?.stop('SIGKILL');
		await cleanup();
	});

	/**
	 * Holds every write of large appends to `boardId`'s log after the first (the transaction that
	 * stores an import's second part, on) for a minute, so that a kill lands between two parts
	 * whatever the machine's speed. The first such transaction leaves its id in `hold_first`.
	 */
	const HOLD_SECOND_PART = (boardId: string) => [
		'CREATE TABLE hold_first (txid bigint NOT NULL)',
		`CREATE FUNCTION hold_second_part() RETURNS trigger LANGUAGE plpgsql AS $$
		 DECLARE first bigint;
		 BEGIN
		   IF NEW.board_id = '${boardId}' AND octet_length(NEW.update) > 20000 THEN
		     SELECT txid INTO first FROM hold_first;
		     IF NOT FOUND THEN
		       INSERT INTO hold_first VALUES (txid_current());
		     ELSIF first <> txid_current() THEN
		       PERFORM pg_sleep(60);
		     END IF;
		   END IF;
		   RETURN NEW;
		 END $$`,
		'CREATE TRIGGER hold_second_part BEFORE INSERT ON board_updates FOR EACH ROW EXECUTE FUNCTION hold_second_part()'
	];
	const RELEASE = [
		// The held append of the killed process, when the database outlives it (PostgreSQL).
		"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND pid <> pg_backend_pid()",
		'DROP TRIGGER hold_second_part ON board_updates',
		'DROP FUNCTION hold_second_part()',
		'DROP TABLE hold_first'
	];

	it('takes the stored part off the board after a restart, drops it from the list, and a retry imports every note once', async () => {
		const board = await createBoard(server.url, 'Killed import');
		await server.stop('SIGKILL');
		await whileStopped(async (db) => {
			for (const sql of HOLD_SECOND_PART(board.id)) await db.query(sql);
		});
		await start();
		const watcher = join(board);
		await synced(watcher);
		// 8,000 notes go in eight parts of 1,000; the process is killed once the first reached the board,
		// while the second is held.
		const N = 8000;
		const answer = importCsv(board, csvOf(N)).catch(() => null);
		await waitFor(() => watcher.doc.getMap('notes').size > 0, 60_000, 'the first part of the import');
		await server.stop('SIGKILL');
		expect(await answer).toBeNull();
		open.splice(open.indexOf(watcher), 1);
		watcher.destroy();

		const { importId, stored } = await whileStopped(async (db, doc) => {
			for (const sql of RELEASE) await db.query(sql);
			const rows = await db.query<{ id: string; notes: number; leased: boolean }>('SELECT id, notes, importing_until IS NOT NULL AS leased FROM imports WHERE board_id = $1', [
				board.id
			]);
			expect(rows).toMatchObject([{ notes: N, leased: true }]);
			return { importId: rows[0].id, stored: importNoteCount(await doc(board.id), rows[0].id) };
		});
		// The kill landed between two parts: some of the notes were stored, not all.
		expect(stored).toBeGreaterThan(0);
		expect(stored).toBeLessThan(N);

		await start();
		const after = join(board);
		await synced(after);
		const first = await after.latest('state');
		const listedAtLoad = first.imports.find((i) => i.id === importId);
		// Opened before the lease ran out, the board shows the part as still importing, and the
		// room takes it off when the lease runs out, with nobody loading the board again.
		if (listedAtLoad) {
			expect(listedAtLoad.importing).toBe(true);
			expect(importNotes(after, importId)).toBe(stored);
		}
		await waitFor(() => importNotes(after, importId) === 0, LEASE_MS + 30_000, 'the part taken off');
		await after.until('state', (s) => !s.imports.some((i) => i.id === importId));
		expect(after.closes).toEqual([]);
		expect((await listed(board)).map((i) => i.id)).not.toContain(importId);

		const retry = await importCsv(board, csvOf(N));
		expect(retry.status).toBe(201);
		const again = await retry.json();
		expect(again.imported).toBe(N);
		await waitFor(() => after.doc.getMap('notes').size === N, 60_000, 'the retried import');
		expect(importNotes(after, again.importId)).toBe(N);
		expect(await listed(board)).toMatchObject([{ id: again.importId, notes: N, importing: false }]);
	}, 300_000);

	it('keeps an import whose lease ran out when every note of it is on the board', async () => {
		const board = await createBoard(server.url, 'Finished import');
		const res = await importCsv(board, csvOf(1500));
		expect(res.status).toBe(201);
		const { importId } = await res.json();
		await server.stop('SIGKILL');
		// Its process stored every note but could not record that it had finished.
		await whileStopped(async (db) => {
			await db.query(`UPDATE imports SET importing_until = clock_timestamp() - interval '1 second' WHERE id = $1`, [importId]);
		});

		await start();
		const c = join(board);
		await synced(c);
		expect(importNotes(c, importId)).toBe(1500);
		expect((await c.latest('state')).imports).toMatchObject([{ id: importId, notes: 1500, importing: false }]);
		expect(await listed(board)).toMatchObject([{ id: importId, notes: 1500, importing: false }]);
	}, 300_000);
});

describe.skipIf(!(await usePostgres()))('undoing an import that is still being written', () => {
	let setup: ServerOnPostgres;
	/** Holds the session lock that the board's appends wait for (below). */
	let holder: pg.Client;
	const HOLD_KEY = 4_242_001;

	beforeAll(async () => {
		setup = await serverOnPostgres();
		holder = new pg.Client({ connectionString: setup.database.url });
		await holder.connect();
	});
	afterAll(async () => {
		await holder?.end();
		await setup?.stop();
	});

	it('is refused with 409 while its lease runs, and takes it all off once it has finished', async () => {
		const { server, db } = setup;
		const board = await createBoard(server.url, 'Undo while importing');
		// Every append to this board's log waits while the test holds the lock: the import's record
		// (and its lease) is written, its notes are not stored yet.
		await db.query(`CREATE FUNCTION hold_appends() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF NEW.board_id = '${board.id}' THEN PERFORM pg_advisory_xact_lock_shared(${HOLD_KEY}); END IF;
				RETURN NEW;
			END $$`);
		await db.query('CREATE TRIGGER hold_appends BEFORE INSERT ON board_updates FOR EACH ROW EXECUTE FUNCTION hold_appends()');
		await holder.query('SELECT pg_advisory_lock($1)', [HOLD_KEY]);
		const auth = { authorization: `Bearer ${board.token('facilitator')}` };
		const rows = ['id,comment', ...Array.from({ length: 1500 }, (_, i) => `${i + 1},"Comment ${i + 1}: the parcel came late."`)].join('\n');
		const answer = fetch(`${server.url}/api/boards/${board.id}/imports?filename=late.csv`, {
			method: 'POST',
			headers: { ...auth, 'content-type': 'text/csv' },
			body: rows
		});
		let importId = '';
		for (let i = 0; i < 200 && !importId; i++) {
			const found = await db.query<{ id: string }>('SELECT id FROM imports WHERE board_id = $1 AND importing_until > clock_timestamp()', [board.id]);
			if (found.rows.length > 0) importId = found.rows[0].id;
			else await new Promise((r) => setTimeout(r, 50));
		}
		expect(importId).not.toBe('');

		const undo = () => fetch(`${server.url}/api/boards/${board.id}/imports/${importId}`, { method: 'DELETE', headers: auth });
		const early = await Promise.race([undo(), new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
		expect(early?.status).toBe(409);
		expect((await early!.json()).message).toBe('This import is still being written. Undo it once it has finished: its notes are all on the board then.');

		await holder.query('SELECT pg_advisory_unlock($1)', [HOLD_KEY]);
		await db.query('DROP TRIGGER hold_appends ON board_updates');
		const done = await answer;
		expect(done.status).toBe(201);
		expect((await done.json()).imported).toBe(1500);
		const later = await undo();
		expect(later.status).toBe(200);
		expect(await later.json()).toEqual({ removed: 1500 });
		const watcher = connectChannel(server.url, board.id, board.token('viewer'));
		try {
			await synced(watcher);
			expect(watcher.doc.getMap('notes').size).toBe(0);
		} finally {
			watcher.destroy();
		}
	}, 60_000);
});
