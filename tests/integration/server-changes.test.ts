import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGroups, addNotes, makeGroup, makeNote, readGroups } from '../../src/lib/board';
import { makeBackup } from '../../src/lib/export/backup';
import { connectChannel, type ChannelClient } from './helpers/channel';
import { addNote, connect, createBoard, noteContents, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { startServer, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { freshDatabase, usePostgres } from './helpers/services';

/**
 * Changes the server makes itself (import, its undo, restore, publish, task status): what they do
 * to the board's imports list reaches every connection through the board channel, and when the
 * database refuses a write they answer an error, keep nothing half-written, and the board works
 * again once storage is back.
 */
describe.skipIf(!(await usePostgres()))('server-side changes: imports state and storage failures (PostgreSQL)', () => {
	let server: RunningServer;
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	let db: pg.Client;
	const open: (Client | ChannelClient)[] = [];

	beforeAll(async () => {
		database = await freshDatabase();
		// Leases short enough for a test to wait out (an import renews its own every second).
		server = await startServer({ DATABASE_URL: database.url, IMPORT_LEASE_MS: '3000' });
		db = new pg.Client({ connectionString: database.url });
		await db.connect();
		// A write that fails as a full disk or a lost table would: on demand, for the board updates
		// of one board (or all), or for the tasks table.
		// writes of a target are counted (a sequence: the count survives the failed statement), and
		// those numbered from fail_from up to fail_to (for good when null) fail.
		await db.query(`CREATE TABLE test_failures (target text PRIMARY KEY, fail_from int NOT NULL, fail_to int)`);
		await db.query(`CREATE SEQUENCE test_writes`);
		await db.query(`
			CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
			DECLARE rule test_failures%ROWTYPE; n bigint;
			BEGIN
				SELECT * INTO rule FROM test_failures WHERE target IN (TG_TABLE_NAME || ':' || COALESCE(to_jsonb(NEW)->>'board_id', ''), TG_TABLE_NAME || ':*') LIMIT 1;
				IF FOUND THEN
					n := nextval('test_writes');
					IF n >= rule.fail_from AND (rule.fail_to IS NULL OR n < rule.fail_to) THEN
						RAISE EXCEPTION 'could not extend file: No space left on device (test)';
					END IF;
				END IF;
				RETURN NEW;
			END $$`);
		await db.query('CREATE TRIGGER test_fail BEFORE INSERT OR UPDATE ON board_updates FOR EACH ROW EXECUTE FUNCTION test_fail()');
		await db.query('CREATE TRIGGER test_fail BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION test_fail()');
		// An import recording that it finished (its lease cleared), for the import's board.
		await db.query(
			'CREATE TRIGGER test_fail BEFORE UPDATE ON imports FOR EACH ROW WHEN (OLD.importing_until IS NOT NULL AND NEW.importing_until IS NULL) EXECUTE FUNCTION test_fail()'
		);
	});
	afterAll(async () => {
		for (const c of open) c.destroy();
		await db?.end();
		await server?.stop();
		await database?.drop();
	});

	/** Makes writes to a table fail (for one board, or `*`): after `after` more succeed, `times` of them (for good when unset). */
	const failWrites = async (table: string, boardId: string, after = 0, times?: number) => {
		await db.query('ALTER SEQUENCE test_writes RESTART WITH 1');
		await db.query('INSERT INTO test_failures (target, fail_from, fail_to) VALUES ($1, $2, $3) ON CONFLICT (target) DO UPDATE SET fail_from = $2, fail_to = $3', [
			`${table}:${boardId}`,
			after + 1,
			times === undefined ? null : after + 1 + times
		]);
	};
	const storageBack = () => db.query('DELETE FROM test_failures');

	const join = (board: CreatedBoard, role: 'facilitator' | 'editor' | 'viewer') => {
		// A participant of its own, as a browser has: after a reconnect it continues its own changes.
		const c = connectChannel(server.url, board.id, board.token(role), { participant: randomBytes(32).toString('base64url') });
		open.push(c);
		return c;
	};
	const importCsv = (board: CreatedBoard, csv: string, name = 'comments.csv') =>
		fetch(`${server.url}/api/boards/${board.id}/imports?filename=${name}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'text/csv' },
			body: csv
		});
	const csvOf = (n: number, prefix = 'Comment') => ['id,comment', ...Array.from({ length: n }, (_, i) => `${i + 1},${prefix} number ${i + 1} about delivery`)].join('\n');
	const notesOf = (c: Client) => Object.values(noteContents(c.doc)).map((n) => n.text);
	const importRows = async (boardId: string) => (await db.query('SELECT id FROM imports WHERE board_id = $1', [boardId])).rows;
	const privateRows = async (boardId: string) => (await db.query('SELECT count(*)::int AS n FROM import_private_values WHERE board_id = $1', [boardId])).rows[0].n;

	it('sends a fresh imports list to every connection after an import and after its undo, without a reload', async () => {
		const board = await createBoard(server.url, 'Imports state');
		const other = join(board, 'editor');
		const viewer = join(board, 'viewer');
		expect((await other.latest('state')).imports).toEqual([]);
		await viewer.latest('state');

		const res = await importCsv(board, csvOf(3), 'first.csv');
		expect(res.status).toBe(201);
		const { importId } = await res.json();
		const seen = await other.until('state', (s) => s.imports.some((i) => i.id === importId));
		expect(seen.imports[0]).toMatchObject({ id: importId, fileName: 'first.csv', notes: 3, undoneAt: null });
		await viewer.until('state', (s) => s.imports.some((i) => i.id === importId));
		await waitFor(() => notesOf(other).length === 3, 10_000, 'the imported notes');

		const undo = await fetch(`${server.url}/api/boards/${board.id}/imports/${importId}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${board.token('facilitator')}` }
		});
		expect(await undo.json()).toEqual({ removed: 3 });
		const after = await other.until('state', (s) => s.imports.some((i) => i.id === importId && i.undoneAt !== null));
		expect(after.imports.find((i) => i.id === importId)!.undoneAt).toEqual(expect.any(String));
		await viewer.until('state', (s) => s.imports.some((i) => i.id === importId && i.undoneAt !== null));
		await waitFor(() => notesOf(other).length === 0, 10_000, 'the undone notes');
		// Nobody was disconnected for any of it.
		expect(other.closes).toEqual([]);
		expect(viewer.closes).toEqual([]);
	});

	it('answers an import whose notes cannot be stored with an error, keeps nothing of it, and imports again once storage is back', async () => {
		const board = await createBoard(server.url, 'Import failure');
		const editor = connect(server.url, board.id, board.token('editor'));
		open.push(editor);
		await synced(editor);
		addNote(editor.doc, 'note_mine', 'Written by hand before the import');
		await waitFor(() => editor.provider.synced);
		const watcher = join(board, 'facilitator');
		await waitFor(() => notesOf(watcher).includes('Written by hand before the import'), 10_000, 'the hand-written note');

		await failWrites('board_updates', board.id);
		const res = await importCsv(board, csvOf(5, 'Lost'));
		expect(res.status).toBeGreaterThanOrEqual(500);
		const body = await res.json();
		expect(body.message).toMatch(/could not store/i);
		expect(await importRows(board.id)).toEqual([]);
		expect(await privateRows(board.id)).toBe(0);
		// The open tabs were told (1011) and are back on the board as it is stored.
		await waitFor(() => editor.closes.some((c) => c.code === 1011), 10_000, 'the storage-failure close');
		await storageBack();
		await waitFor(() => editor.provider.synced && watcher.provider.synced, 10_000, 'reconnect');
		expect(notesOf(editor).filter((t) => t.startsWith('Lost'))).toEqual([]);
		expect(notesOf(watcher).filter((t) => t.startsWith('Lost'))).toEqual([]);
		expect(notesOf(watcher)).toContain('Written by hand before the import');
		expect((await watcher.latest('state')).imports).toEqual([]);

		const again = await importCsv(board, csvOf(5, 'Kept'));
		expect(again.status).toBe(201);
		await waitFor(() => notesOf(editor).filter((t) => t.startsWith('Kept')).length === 5, 10_000, 'the second import');
		addNote(editor.doc, 'note_after', 'After storage came back');
		await waitFor(() => notesOf(watcher).includes('After storage came back'), 10_000, 'an edit after recovery');
	});

	it('takes an import off again when a later part of it cannot be stored', async () => {
		const board = await createBoard(server.url, 'Partial import');
		const watcher = join(board, 'editor');
		await synced(watcher);
		// 1,500 notes go in two parts; the first is stored, the second is not, the take-off is.
		await failWrites('board_updates', board.id, 1, 1);
		const res = await importCsv(board, csvOf(1500, 'Half'));
		expect(res.status).toBeGreaterThanOrEqual(500);
		expect((await res.json()).message).toMatch(/could not store/i);
		await storageBack();
		expect(await importRows(board.id)).toEqual([]);
		const fresh = connect(server.url, board.id, board.token('viewer'));
		open.push(fresh);
		await synced(fresh);
		expect(notesOf(fresh)).toEqual([]);
		await waitFor(() => watcher.provider.synced && notesOf(watcher).length === 0, 10_000, 'the watcher back in step');
	});

	it('takes the stored part of an import off when the board next loads, if storage failed for the take-off too', async () => {
		const board = await createBoard(server.url, 'Partial import, storage down');
		const watcher = join(board, 'editor');
		await synced(watcher);
		await failWrites('board_updates', board.id, 1);
		const res = await importCsv(board, csvOf(1500, 'Stuck'));
		expect(res.status).toBeGreaterThanOrEqual(500);
		const [record] = (await db.query('SELECT id, incomplete FROM imports WHERE board_id = $1', [board.id])).rows;
		expect(record.incomplete).toBe(true);
		// Storage is back: the board loads again (the watcher reconnects) and the part is gone.
		await storageBack();
		const fresh = connect(server.url, board.id, board.token('viewer'));
		open.push(fresh);
		await synced(fresh);
		expect(notesOf(fresh)).toEqual([]);
		expect(await importRows(board.id)).toEqual([]);
		expect(await privateRows(board.id)).toBe(0);
		await waitFor(() => watcher.provider.synced && notesOf(watcher).length === 0, 15_000, 'the watcher back in step');
		await watcher.until('state', (s) => s.imports.length === 0);
	});

	it('keeps an import that could not record its end once every note was stored: when its lease runs out, the room finds them all', async () => {
		const board = await createBoard(server.url, 'Import end not recorded');
		const watcher = join(board, 'editor');
		await synced(watcher);
		await failWrites('imports', board.id);
		const res = await importCsv(board, csvOf(5, 'Whole'));
		expect(res.status).toBe(201);
		const { importId } = await res.json();
		await waitFor(() => notesOf(watcher).length === 5, 10_000, 'the import');
		const leased = async () => (await db.query('SELECT importing_until IS NOT NULL AS leased, incomplete FROM imports WHERE id = $1', [importId])).rows[0];
		expect(await leased()).toEqual({ leased: true, incomplete: false });
		await storageBack();
		// Nobody loads the board again: the room that has it open looks when the lease runs out.
		await watcher.until('state', (s) => s.imports.some((i) => i.id === importId && i.importing === false), 15_000);
		expect(notesOf(watcher)).toHaveLength(5);
		expect(await leased()).toEqual({ leased: false, incomplete: false });
		expect(watcher.closes).toEqual([]);
	});

	it('answers an undo that cannot be stored with an error and leaves the import in place', async () => {
		const board = await createBoard(server.url, 'Undo failure');
		const watcher = join(board, 'editor');
		const res = await importCsv(board, csvOf(4, 'Stays'));
		const { importId } = await res.json();
		await waitFor(() => notesOf(watcher).length === 4, 10_000, 'the import');
		await failWrites('board_updates', board.id);
		const undo = await fetch(`${server.url}/api/boards/${board.id}/imports/${importId}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${board.token('facilitator')}` }
		});
		expect(undo.status).toBeGreaterThanOrEqual(500);
		expect((await undo.json()).message).toMatch(/could not store/i);
		const [row] = (await db.query('SELECT undone_at FROM imports WHERE id = $1', [importId])).rows;
		expect(row.undone_at).toBeNull();
		await storageBack();
		await waitFor(() => watcher.provider.synced, 10_000, 'reconnect');
		expect(notesOf(watcher)).toHaveLength(4);
		expect((await watcher.latest('state')).imports[0]).toMatchObject({ id: importId, undoneAt: null });
	});

	it('answers a restore that cannot be stored with an error and creates no board', async () => {
		const doc = new Y.Doc();
		addGroups(doc, [makeGroup({ id: 'grp_r', label: 'Delivery' })], { kind: 'user' });
		addNotes(doc, [makeNote({ text: 'Late again', groupId: 'grp_r' }), makeNote({ text: 'Box was crushed', x: 900, y: 40 })], { kind: 'user' });
		const backup = JSON.stringify(makeBackup(doc, { title: 'Restored one' }));
		const boards = async () => (await db.query('SELECT count(*)::int AS n FROM boards')).rows[0].n;
		const before = await boards();

		// The new board's first state is stored; its restored content is not.
		await failWrites('board_updates', '*', 1);
		const res = await fetch(`${server.url}/api/boards/restore`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json' },
			body: backup
		});
		expect(res.status).toBeGreaterThanOrEqual(500);
		expect((await res.json()).message).toMatch(/could not store/i);
		expect(await boards()).toBe(before);
		await storageBack();

		const ok = await fetch(`${server.url}/api/boards/restore`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json' },
			body: backup
		});
		expect(ok.status).toBe(201);
		const restored = await ok.json();
		const viewer = connect(server.url, restored.id, new URL(restored.links.viewer).searchParams.get('token')!);
		open.push(viewer);
		await synced(viewer);
		expect(notesOf(viewer).sort()).toEqual(['Box was crushed', 'Late again']);
	});

	it('answers a publish or a task status change that cannot be stored with an error, and changes neither tasks nor the board', async () => {
		const dept = await (
			await fetch(`${server.url}/api/departments`, {
				method: 'POST',
				headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'Logistics' })
			})
		).json();
		const board = await createBoard(server.url, 'Publish failure');
		const fac = join(board, 'facilitator');
		await synced(fac);
		addGroups(fac.doc, [makeGroup({ id: 'grp_late', label: 'Late deliveries', department: dept.id })], { kind: 'user' });
		addNotes(fac.doc, [makeNote({ text: 'Parcel came a week late', groupId: 'grp_late' }), makeNote({ text: 'Courier never rang', groupId: 'grp_late', order: 'a1' })], {
			kind: 'user'
		});
		const statusOnBoard = (c: Client) => readGroups(c.doc).groups.find((g) => g.id === 'grp_late')?.status ?? null;
		const tasks = async () => (await db.query('SELECT id, status FROM tasks WHERE board_id = $1', [board.id])).rows;
		// The facilitator's state vector: the server publishes once it has stored what the tab wrote.
		const publish = () =>
			fetch(`${server.url}/api/boards/${board.id}/publish`, {
				method: 'POST',
				headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'application/json' },
				body: JSON.stringify({ stateVector: Buffer.from(Y.encodeStateVector(fac.doc)).toString('base64') })
			});
		const other = connect(server.url, board.id, board.token('viewer'));
		open.push(other);
		await waitFor(() => other.provider.synced && readGroups(other.doc).groups.length === 1 && notesOf(other).length === 2, 10_000, 'the board stored');

		// The board cannot be stored: no task is written.
		await failWrites('board_updates', board.id);
		const failed = await publish();
		expect(failed.status).toBeGreaterThanOrEqual(500);
		expect((await failed.json()).message).toMatch(/could not store/i);
		expect(await tasks()).toEqual([]);
		await storageBack();
		await waitFor(() => fac.provider.synced, 10_000, 'reconnect');
		expect(statusOnBoard(fac)).toBeNull();

		// The tasks cannot be stored: the board does not show a status.
		await failWrites('tasks', '*');
		const failedTasks = await publish();
		expect(failedTasks.status).toBeGreaterThanOrEqual(500);
		await storageBack();
		expect(await tasks()).toEqual([]);
		const fresh = connect(server.url, board.id, board.token('viewer'));
		open.push(fresh);
		await synced(fresh);
		expect(statusOnBoard(fresh)).toBeNull();

		const ok = await publish();
		expect(ok.status).toBe(200);
		const [task] = await tasks();
		expect(task.status).toBe('open');
		await waitFor(() => statusOnBoard(fac) === 'open', 10_000, 'the status on the board');

		// A status change that cannot be stored on the board leaves the task as it was.
		const patch = (status: string) =>
			fetch(`${server.url}/api/tasks/${task.id}`, {
				method: 'PATCH',
				headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify({ status })
			});
		await failWrites('board_updates', board.id);
		const bad = await patch('done');
		expect(bad.status).toBeGreaterThanOrEqual(500);
		expect((await bad.json()).message).toMatch(/could not store/i);
		expect((await tasks())[0].status).toBe('open');
		await storageBack();
		await waitFor(() => fac.provider.synced, 10_000, 'reconnect');
		expect(statusOnBoard(fac)).toBe('open');

		const good = await patch('done');
		expect(good.status).toBe(200);
		expect((await tasks())[0].status).toBe('done');
		await waitFor(() => statusOnBoard(fac) === 'done', 10_000, 'the new status on the board');
	});
});
