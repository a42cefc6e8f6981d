import type { Queryable } from './db.ts';

/**
 * How long, in milliseconds, an import being written holds its record (`imports.importing_until`)
 * unless the process writing it renews it (every third of it). A process killed mid-import renews
 * nothing: once its lease has run out, the room that has the board open decides what happens to
 * the part that was stored (`BoardChannel.settleImports`).
 */
export const IMPORT_LEASE_MS = 60_000;

/** An import of a board that is not finished: being written, or left behind by one that stopped. */
export interface UnfinishedImport {
	id: string;
	/** Notes the import writes in all. */
	notes: number;
	/** Its take-off failed with storage: it comes off the board as it is. */
	incomplete: boolean;
	/** Milliseconds its lease still runs (0: it ran out), by the database's clock; null without one. */
	leftMs: number | null;
}

/** The board's imports that are being written or were left unfinished. */
export async function unfinishedImports(q: Queryable, boardId: string): Promise<UnfinishedImport[]> {
	const rows = await q.query<{ id: string; notes: number; incomplete: boolean; left_ms: number | string | null }>(
		`SELECT id, notes, incomplete,
		        GREATEST(0, EXTRACT(EPOCH FROM importing_until - clock_timestamp()) * 1000)::float8 AS left_ms
		 FROM imports WHERE board_id = $1 AND (incomplete OR importing_until IS NOT NULL)`,
		[boardId]
	);
	return rows.map((r) => ({ id: r.id, notes: Number(r.notes), incomplete: r.incomplete, leftMs: r.left_ms === null ? null : Math.ceil(Number(r.left_ms)) }));
}

/**
 * Extends an import's lease to `ms` from now. False when the import is no longer its writer's: its
 * record was deleted, or marked incomplete by a room that found its lease run out.
 */
export async function renewImportLease(q: Queryable, importId: string, ms: number): Promise<boolean> {
	const rows = await q.query(`UPDATE imports SET importing_until = clock_timestamp() + $2 * interval '1 millisecond' WHERE id = $1 AND NOT incomplete RETURNING id`, [
		importId,
		ms
	]);
	return rows.length > 0;
}

/** Marks an import as finished (every note stored). False when it is no longer its writer's (as above). */
export async function endImportLease(q: Queryable, importId: string): Promise<boolean> {
	const rows = await q.query('UPDATE imports SET importing_until = NULL WHERE id = $1 AND NOT incomplete RETURNING id', [importId]);
	return rows.length > 0;
}

/**
 * Settles an import whose lease ran out: `complete` (every note is on the board) clears the lease;
 * otherwise the import is marked incomplete, to be taken off. Does nothing, and answers false,
 * when the lease was renewed meanwhile or another room settled it first.
 */
export async function settleExpiredImport(q: Queryable, importId: string, complete: boolean): Promise<boolean> {
	const rows = await q.query(
		`UPDATE imports SET importing_until = NULL, incomplete = NOT $2::boolean
		 WHERE id = $1 AND NOT incomplete AND importing_until <= clock_timestamp() RETURNING id`,
		[importId, complete]
	);
	return rows.length > 0;
}
