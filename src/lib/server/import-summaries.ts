import { readImportSummaries, type ImportSummary } from '../context/summary.ts';
import type { Queryable } from './db.ts';

/**
 * A board's imports, newest first (the last 50): who imported what and when, the customer context
 * each wrote (fields, roles, labels, scales, questions), its problems by kind, and whether its
 * notes are still being written (`importing`: it holds a lease, see import-lease.ts). The board channel
 * sends this list to every client as `state.imports`; `GET /api/boards/:id/imports` answers it.
 */
export async function listImports(q: Queryable, boardId: string): Promise<ImportSummary[]> {
	const rows = await q.query<{
		id: string;
		file_name: string;
		created_by: string;
		created_at: Date;
		rows: number;
		notes: number;
		skipped: number;
		set_aside: number | null;
		private_columns: string[];
		undone_at: Date | null;
		importing: boolean;
		summary: ImportSummary | string | null;
	}>(
		`SELECT id, file_name, created_by, created_at, rows, notes, skipped, set_aside, private_columns, undone_at, importing_until IS NOT NULL AS importing, summary
		 FROM imports WHERE board_id = $1 ORDER BY created_at DESC LIMIT 50`,
		[boardId]
	);
	return readImportSummaries(
		rows.map((r) => {
			const stored = (typeof r.summary === 'string' ? JSON.parse(r.summary) : r.summary) ?? {};
			return {
				...stored,
				id: r.id,
				fileName: r.file_name,
				createdBy: r.created_by,
				createdAt: new Date(r.created_at).toISOString(),
				rows: r.rows,
				notes: r.notes,
				skipped: r.skipped,
				setAside: r.set_aside ?? 0,
				privateColumns: r.private_columns ?? [],
				undoneAt: r.undone_at ? new Date(r.undone_at).toISOString() : null,
				importing: !!r.importing
			};
		})
	);
}

