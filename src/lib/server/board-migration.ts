import * as Y from 'yjs';
import { LEGACY_CONTROL_KEYS } from '../board/facilitation.ts';
import { migrateBoard } from '../board/migrate.ts';
import { SCHEMA_VERSION, schemaVersionOf } from '../board/schema.ts';
import { adoptLegacyState } from './board-state.ts';
import type { Db } from './db.ts';
import { jsonParam } from './sql.ts';
import { boardTitle } from './title.ts';
import { unpackUpdate } from './update-log.ts';

/**
 * Migrates a board stored at an older document version (1 or 2), once, when it is first loaded:
 * the new document replaces the board's snapshot and update log in one transaction (the board row
 * is locked, so two processes loading it at once migrate it once), and its `doc_epoch` is raised
 * so that no browser's offline copy of the old document is ever merged into the new one. From
 * version 1, its import records move to the `imports` table and its controls and votes to
 * `board_controls` and `board_votes` (and a copy stays on the board row); a version-2 document
 * that still holds controls or votes has them moved the same way (else the board row's copy, if
 * any, is left for `BoardChannel.adoptLegacy`). Answers whether it migrated anything, and the
 * records it had to skip.
 */
export async function migrateStoredBoard(db: Db, boardId: string): Promise<{ migrated: boolean; problems: string[] }> {
	return db.transaction(async (tx) => {
		const [board] = await tx.query<{ schema_version: number }>('SELECT schema_version FROM boards WHERE id = $1 FOR UPDATE', [boardId]);
		if (!board || board.schema_version >= SCHEMA_VERSION) return { migrated: false, problems: [] };
		const snapshot = await tx.query<{ state: Uint8Array }>('SELECT state FROM board_snapshots WHERE board_id = $1', [boardId]);
		const updates = await tx.query<{ update: Uint8Array; compressed: boolean }>('SELECT update, compressed FROM board_updates WHERE board_id = $1 ORDER BY seq', [boardId]);
		const old = new Y.Doc({ gc: false });
		const problems: string[] = [];
		const parts = [...snapshot.map((r) => ({ update: r.state, compressed: false })), ...updates];
		for (const part of parts) {
			try {
				Y.applyUpdate(old, await unpackUpdate(part.update, part.compressed));
			} catch (err) {
				problems.push(`an unreadable stored update was skipped (${err instanceof Error ? err.message : err})`);
			}
		}
		if (schemaVersionOf(old) >= SCHEMA_VERSION) {
			await tx.query('UPDATE boards SET schema_version = $2 WHERE id = $1', [boardId, schemaVersionOf(old)]);
			old.destroy();
			return { migrated: false, problems };
		}
		const from = schemaVersionOf(old);
		const votesInDoc = old.share.has('votes') && old.getMap('votes').size > 0;
		const m = migrateBoard(old);
		old.destroy();
		await tx.query('DELETE FROM board_updates WHERE board_id = $1', [boardId]);
		await tx.query('DELETE FROM board_snapshots WHERE board_id = $1', [boardId]);
		// seq -1: a compaction that read the old snapshot finds it replaced and changes nothing.
		await tx.query('INSERT INTO board_snapshots (board_id, seq, state) VALUES ($1, -1, $2)', [boardId, m.update]);
		for (const { id, record } of m.imports) {
			await tx.query('UPDATE imports SET summary = $3::jsonb WHERE id = $1 AND board_id = $2 AND summary IS NULL', [id, boardId, jsonParam(record)]);
		}
		const title = typeof m.meta.title === 'string' ? boardTitle(m.meta.title) : null;
		if (from >= 2) {
			if (LEGACY_CONTROL_KEYS.some((k) => k in m.meta) || votesInDoc) await adoptLegacyState(tx, boardId, m.meta, m.votes);
			await tx.query('UPDATE boards SET schema_version = $2, doc_epoch = doc_epoch + 1, title = coalesce($3, title) WHERE id = $1', [boardId, SCHEMA_VERSION, title]);
			return { migrated: true, problems: [...problems, ...m.problems] };
		}
		await adoptLegacyState(tx, boardId, m.meta, m.votes);
		await tx.query(
			`UPDATE boards SET schema_version = $2, doc_epoch = doc_epoch + 1, legacy_controls = $3::jsonb, legacy_votes = $4::jsonb,
			 title = coalesce($5, title) WHERE id = $1`,
			[boardId, SCHEMA_VERSION, jsonParam(m.meta), jsonParam(m.votes), title]
		);
		return { migrated: true, problems: [...problems, ...m.problems] };
	});
}
