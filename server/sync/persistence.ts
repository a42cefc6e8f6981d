import { fewOf } from './limits.ts';
import { mergeOffThread } from './merge.ts';
import { SCHEMA_VERSION } from '../../src/lib/board/schema.ts';
import { migrateStoredBoard } from '../../src/lib/server/board-migration.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { packUpdate, unpackUpdate, type StoredUpdate } from '../../src/lib/server/update-log.ts';

/** Rows in one INSERT of the update log. */
const APPEND_BATCH = 500;
/**
 * Bytes of updates one INSERT of the update log takes, unless its first append alone is larger.
 * Appends of every board share one database connection, and a large one costs the embedded
 * database tens of milliseconds of CPU (hundreds on a busy machine): written together with
 * others, it would make their boards wait for all of it. Small appends still go together, and a
 * large one waits for no more than its own turn.
 */
export const APPEND_BYTES = 256 * 1024;

/**
 * The update log of board documents: `append` before anyone sees an update, `load` = snapshot
 * plus later updates, `compact` merges the log into the snapshot.
 */
export class BoardStore {
	constructor(readonly db: Db) {}

	async exists(boardId: string): Promise<boolean> {
		const rows = await this.db.query('SELECT 1 FROM boards WHERE id = $1', [boardId]);
		return rows.length > 0;
	}

	/**
	 * Every stored piece of a board's state, snapshot first, and when the board was created (ms since
	 * the epoch; null when there is no such board). A board stored at an older document version is
	 * migrated first.
	 */
	async load(boardId: string): Promise<{ parts: Uint8Array[]; logLength: number; createdAt: number | null }> {
		const [board] = await this.db.query<{ schema_version: number; created_at: Date | string }>('SELECT schema_version, created_at FROM boards WHERE id = $1', [boardId]);
		if (board && board.schema_version < SCHEMA_VERSION) {
			const { migrated, problems } = await migrateStoredBoard(this.db, boardId);
			if (migrated) console.log(`Board ${boardId} migrated to document version ${SCHEMA_VERSION}${problems.length ? `; skipped: ${fewOf(problems)}` : ''}.`);
		}
		const snapshot = await this.db.query<{ state: Uint8Array }>('SELECT state FROM board_snapshots WHERE board_id = $1', [
			boardId
		]);
		const updates = await this.db.query<{ update: Uint8Array; compressed: boolean }>(
			'SELECT update, compressed FROM board_updates WHERE board_id = $1 ORDER BY seq',
			[boardId]
		);
		const logged: Uint8Array[] = [];
		for (const row of updates) {
			try {
				logged.push(await unpackUpdate(row.update, row.compressed));
			} catch (err) {
				// A damaged row must not make the whole board unreadable; the rest still loads.
				console.error(`Skipped an unreadable stored update of board ${boardId}: ${err}`);
			}
		}
		const createdAt = board ? new Date(board.created_at).getTime() : NaN;
		return { parts: [...snapshot.map((r) => r.state), ...logged], logLength: updates.length, createdAt: Number.isFinite(createdAt) ? createdAt : null };
	}

	/** The board's workspace and the ids of that workspace's departments: what a group may be assigned to. */
	async departments(boardId: string): Promise<{ workspaceId: string | null; ids: Set<string> }> {
		const rows = await this.db.query<{ workspace_id: string; id: string | null }>(
			'SELECT b.workspace_id, d.id FROM boards b LEFT JOIN departments d ON d.workspace_id = b.workspace_id WHERE b.id = $1',
			[boardId]
		);
		return { workspaceId: rows[0]?.workspace_id ?? null, ids: new Set(rows.flatMap((r) => (r.id ? [r.id] : []))) };
	}

	/** Which participant writes as each Yjs client id of a board (table `board_clients`). */
	async clientOwners(boardId: string, clientIds?: number[]): Promise<Map<number, string>> {
		const rows = clientIds
			? await this.db.query<{ client_id: string; participant: string }>(
					'SELECT client_id, participant FROM board_clients WHERE board_id = $1 AND client_id = ANY($2::bigint[])',
					[boardId, clientIds]
				)
			: await this.db.query<{ client_id: string; participant: string }>(
					'SELECT client_id, participant FROM board_clients WHERE board_id = $1',
					[boardId]
				);
		return new Map(rows.map((r) => [Number(r.client_id), r.participant]));
	}

	/**
	 * Records that a participant writes as these client ids, or shows their presence with them
	 * (`presenceOnly`). A client id someone else already holds keeps its owner: the first
	 * connection that wrote it or showed presence with it owns it.
	 */
	async claimClients(boardId: string, claims: { clientId: number; participant: string }[], presenceOnly = false): Promise<void> {
		if (claims.length === 0) return;
		const values = claims.map((_, i) => `($1, $${2 * i + 2}, $${2 * i + 3}, ${presenceOnly})`).join(', ');
		await this.db.query(
			`INSERT INTO board_clients (board_id, client_id, participant, presence_only) VALUES ${values} ON CONFLICT (board_id, client_id) DO NOTHING`,
			[boardId, ...claims.flatMap((c) => [c.clientId, c.participant])]
		);
	}

	/**
	 * Removes a board's client ids claimed for presence more than a day ago whose tabs never wrote
	 * (`wrote` answers from the board's document): every tab that joins claims one, and a
	 * workshop's tabs are long gone by then. Answers the ids removed.
	 */
	async forgetLookers(boardId: string, wrote: (clientId: number) => boolean): Promise<number[]> {
		const rows = await this.db.query<{ client_id: string }>(
			"SELECT client_id FROM board_clients WHERE board_id = $1 AND presence_only AND created_at < now() - interval '1 day'",
			[boardId]
		);
		const gone = rows.map((r) => Number(r.client_id)).filter((id) => !wrote(id));
		if (gone.length > 0) await this.db.query('DELETE FROM board_clients WHERE board_id = $1 AND presence_only AND client_id = ANY($2::bigint[])', [boardId, gone]);
		return gone;
	}

	private queue: { boardId: string; updates: Uint8Array[]; rows: Promise<StoredUpdate[]>; done: (err?: unknown) => void }[] = [];
	private writing = false;

	/**
	 * Appends updates to a board's log, one row each in this order, all or none; resolves once
	 * they are stored. Appends of every board that arrive while a write is in flight go into the
	 * next write together: one INSERT and one commit for all of them (group commit), whatever the
	 * number of busy boards. A large update is compressed as it is appended (`packUpdate`), while
	 * the writes before it are still running.
	 */
	append(boardId: string, ...updates: Uint8Array[]): Promise<void> {
		const rows = Promise.all(updates.map(packUpdate));
		// Taken up by the write: a failure to compress fails this append there, never unhandled.
		rows.catch(() => {});
		return new Promise((resolve, reject) => {
			this.queue.push({ boardId, updates, rows, done: (err) => (err ? reject(err) : resolve()) });
			if (!this.writing) {
				this.writing = true;
				setImmediate(() => void this.writeQueued());
			}
		});
	}

	private async writeQueued(): Promise<void> {
		while (this.queue.length > 0) {
			const batch = this.nextInsert();
			try {
				await this.insert(batch);
				for (const item of batch) item.done();
			} catch (err) {
				if (batch.length === 1) {
					batch[0].done(err);
					continue;
				}
				// One bad row (a board deleted meanwhile) must not fail the others: write them one by one.
				for (const item of batch) await this.insert([item]).then(() => item.done(), (e) => item.done(e));
			}
		}
		this.writing = false;
	}

	/**
	 * The appends of the next INSERT, taken from the queue: the first, then others in the order they
	 * came while they fit in `APPEND_BYTES` (and `APPEND_BATCH` rows). One that does not fit waits for
	 * the next INSERT, and so does every later append of its board: a board's rows keep their order.
	 */
	private nextInsert(): typeof this.queue {
		const taken: typeof this.queue = [];
		const left: typeof this.queue = [];
		const waiting = new Set<string>();
		let bytes = 0;
		let rows = 0;
		for (const item of this.queue) {
			const size = item.updates.reduce((sum, u) => sum + u.length, 0);
			const fits = taken.length === 0 || (bytes + size <= APPEND_BYTES && rows + item.updates.length <= APPEND_BATCH);
			if (fits && !waiting.has(item.boardId)) {
				taken.push(item);
				bytes += size;
				rows += item.updates.length;
			} else {
				waiting.add(item.boardId);
				left.push(item);
			}
		}
		this.queue = left;
		return taken;
	}

	private async insert(batch: { boardId: string; rows: Promise<StoredUpdate[]> }[]): Promise<void> {
		const packed = await Promise.all(batch.map(async (b) => (await b.rows).map((row) => [b.boardId, row.bytes, row.compressed])));
		const rows = packed.flat();
		const values = rows.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ');
		await this.db.query(`INSERT INTO board_updates (board_id, update, compressed) VALUES ${values}`, rows.flat());
	}

	/**
	 * Merges the snapshot and the logged updates into one snapshot and deletes exactly the updates
	 * it merged. It reads from the database rather than from a process's document, so an update
	 * written meanwhile by another process is never lost: it is either in the merge or still in
	 * the log.
	 *
	 * Reading and merging hold nothing, so appends go on meanwhile (the embedded database has one
	 * connection: a long transaction would hold up every live edit). The swap is one statement:
	 * the snapshot is replaced only if it is still the one that was read, and the merged updates
	 * are deleted only if it was. When another process compacted the same board in between, this
	 * compaction changes nothing and the next one picks up from the new snapshot.
	 */
	async compact(boardId: string): Promise<number> {
		const snapshot = await this.db.query<{ seq: string; state: Uint8Array }>(
			'SELECT seq, state FROM board_snapshots WHERE board_id = $1',
			[boardId]
		);
		const updates = await this.db.query<{ seq: string; update: Uint8Array; compressed: boolean }>(
			'SELECT seq, update, compressed FROM board_updates WHERE board_id = $1 ORDER BY seq',
			[boardId]
		);
		if (updates.length === 0) return 0;
		const logged = await Promise.all(updates.map((r) => unpackUpdate(r.update, r.compressed)));
		const state = await mergeOffThread([...snapshot.map((r) => r.state), ...logged]);
		const seqs = updates.map((r) => String(r.seq));
		const readSeq = snapshot[0] ? String(snapshot[0].seq) : null;
		// ON CONFLICT … WHERE is checked against the row as it is when this statement locks it,
		// so two compactions that read the same snapshot cannot both replace it.
		const swapped = await this.db.query<{ n: number }>(
			`WITH replaced AS (
				INSERT INTO board_snapshots (board_id, seq, state) VALUES ($1, $2, $3)
				ON CONFLICT (board_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, created_at = now()
				WHERE board_snapshots.seq IS NOT DISTINCT FROM $4::bigint
				RETURNING 1
			), deleted AS (
				DELETE FROM board_updates WHERE board_id = $1 AND seq = ANY($5::bigint[]) AND EXISTS (SELECT 1 FROM replaced)
				RETURNING 1
			)
			SELECT (SELECT count(*) FROM replaced)::int AS n`,
			[boardId, seqs.at(-1), state, readSeq, seqs]
		);
		return swapped[0]?.n ? updates.length : 0;
	}
}
