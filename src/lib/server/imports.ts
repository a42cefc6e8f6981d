import type * as Y from 'yjs';
import { newId, readGroups, readNotes } from '$lib/board';
import { layoutBoard, layoutNotesOf } from '$lib/board/layout';
import {
	adviseMapping,
	applyImport,
	buildNotes,
	checkBoardRoom,
	guessMapping,
	importChunks,
	ImportError,
	mappingSchema,
	reconcileMapping,
	undoImport,
	type Layout,
	type Mapping,
	type Problem
} from '$lib/import';
import { PROBLEM_KINDS, summarizeProblems, type ProblemGroup } from '$lib/context/problems';
import type { ImportSummary } from '$lib/context/summary';
import type { Db, Queryable } from './db';
import { jsonParam } from './sql';
import { listImports } from './import-summaries';
import { endImportLease, renewImportLease } from './import-lease';
import { StorageFailure } from './storage-failure';
import { votesByGroup } from './board-state';
import { services } from './services';
import { clampText } from '../text/graphemes';
import { stripBidiControls } from '../text/direction';

export interface ImportRequest {
	boardId: string;
	/** The board's workspace: remembered mappings are the workspace's own. */
	workspaceId: string;
	bytes: Uint8Array;
	/** As the uploader named it; kept to `MAX_FILE_NAME` characters, without bidi controls. */
	fileName: string;
	/** A full or partial mapping; columns it leaves out are guessed. Absent: the mapping last used
	 * for files with the same header, or a fresh guess. */
	mapping?: unknown;
	maskContacts?: boolean;
	layout?: Layout;
	sheet?: string;
	/** Who imports (the facilitator's user id, or "api"); kept to `MAX_IMPORTED_BY` characters. */
	by: string;
	/**
	 * The credential the file came with (a hash of the board link, `workspace:<id>`): at most two
	 * files of one credential are read or wait at once.
	 */
	credential?: string;
}

/** Characters of an import's file name kept (most file systems allow 255). */
export const MAX_FILE_NAME = 255;
/** Characters of an import's author kept: a note's `by` holds at most 80. */
export const MAX_IMPORTED_BY = 80;

export interface ImportOutcome {
	importId: string;
	imported: number;
	skipped: number;
	/** Non-answers put in their own group. */
	setAside: number;
	/** Comments longer than a note holds, imported cut (each is also a `comment-shortened` problem). */
	shortened: number;
	rows: number;
	problems: Problem[];
	/** The problems by kind, with counts. */
	problemKinds: ProblemGroup[];
	mapping: Mapping;
	/** What the facilitator should check: a scale that looks reversed, mixed date orders. */
	warnings: string[];
	summary: ImportSummary;
}

/** Where notes stacked by a column start: to the right of everything already on the board. */
function unsortedOrigin(doc: import('yjs').Doc): { x: number; y: number } {
	const { notes, trashed } = readNotes(doc);
	const layout = layoutBoard(layoutNotesOf(notes, trashed), readGroups(doc).groups);
	let maxX = -Infinity;
	for (const r of layout.notes.values()) maxX = Math.max(maxX, r.x + r.w);
	for (const r of layout.groups.values()) maxX = Math.max(maxX, r.x + r.w);
	return { x: Number.isFinite(maxX) ? Math.round(maxX + 400) : 40, y: 40 };
}

/** The mapping this workspace last used for a header signature, or null. */
export async function rememberedMapping(q: Queryable, workspaceId: string, signature: string): Promise<Mapping | null> {
	const rows = await q.query<{ mapping: Mapping | string }>('SELECT mapping FROM import_mappings WHERE workspace_id = $1 AND signature = $2', [workspaceId, signature]);
	const raw = rows[0]?.mapping;
	if (!raw) return null;
	const parsed = mappingSchema.safeParse(typeof raw === 'string' ? JSON.parse(raw) : raw);
	return parsed.success ? (parsed.data as Mapping) : null;
}

/**
 * A remembered mapping is applied without anyone looking at it, so it may never make public a
 * column that the guess keeps private (contacts, names): only a mapping sent with the import can.
 */
function keepGuessedPrivate(remembered: Mapping, guessed: Mapping): Mapping {
	const privateNow = new Set(guessed.columns.filter((c) => c.private).map((c) => c.column));
	return { ...remembered, columns: remembered.columns.map((c) => (privateNow.has(c.column) && !c.private ? { ...c, private: true } : c)) };
}

/**
 * Imports a file into a board: parse, map, build, then the notes go into the board document in
 * chunks (through the room, so each is stored before anyone sees it). Private values and the
 * import row are written to the database first, the row with a lease (`config.importLeaseMs`)
 * that is renewed while the chunks go in and cleared once all are stored. If a chunk fails, the
 * chunks before it are taken off and the row removed again, so a failed import leaves nothing
 * behind; if the process dies meanwhile, the room that next has the board open finds the lease
 * run out and takes the stored part off (`BoardChannel.settleImports`).
 */
export async function runImport(request: ImportRequest): Promise<ImportOutcome> {
	const { db, rooms, parseImport, config } = services();
	// Both come from the request as given: a name longer than what a note or an import record
	// holds made every note of the import invalid, or the import vanish from the list.
	const req = {
		...request,
		fileName: clampText(stripBidiControls(request.fileName).trim(), MAX_FILE_NAME) || 'import.csv',
		by: clampText(request.by.trim(), MAX_IMPORTED_BY) || 'facilitator'
	};
	// On a worker thread with time and memory limits: a hostile file holds up no board's sync.
	// Refused with WorkersBusyError when the workers and their queue, or this credential's share, are taken.
	const table = await parseImport(req.bytes, req.fileName, { sheet: req.sheet, credential: req.credential });
	let mapping: Mapping;
	if (req.mapping !== undefined && req.mapping !== null) {
		const parsed = mappingSchema.safeParse(req.mapping);
		if (!parsed.success) {
			throw new ImportError(
				'bad-mapping',
				`The mapping is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; ')}.`
			);
		}
		mapping = reconcileMapping(table, parsed.data as Mapping);
	} else {
		const guessed = guessMapping(table);
		const saved = await rememberedMapping(db, req.workspaceId, guessed.signature);
		mapping = saved ? keepGuessedPrivate(reconcileMapping(table, saved, guessed), guessed) : guessed;
	}
	const importId = newId('imp');
	let origin = { x: 40, y: 40 };
	await rooms.read(req.boardId, (doc) => (origin = unsortedOrigin(doc)));
	const result = buildNotes(table, mapping, {
		importId,
		createdBy: req.by,
		maskContacts: req.maskContacts ?? true,
		layout: req.layout,
		origin,
		fileName: req.fileName
	});
	if (result.notes.length === 0) {
		throw new ImportError(
			'no-comment-column',
			`None of the ${table.rows.length.toLocaleString('en')} rows has a comment in ${mapping.columns
				.filter((c) => c.role === 'comment')
				.map((c) => `“${c.column}”`)
				.join(', ')}. Choose the column that holds the comments.`
		);
	}
	const groupsAdded = result.setAside.length > 0 ? 1 : 0;
	// Before anything is recorded: past the board's limits the room's repair would remove the
	// notes again after they were reported as imported.
	await rooms.read(req.boardId, (doc) => checkBoardRoom(doc, { notes: result.notes.length, groups: groupsAdded }, req.fileName));
	const leaseMs = config.importLeaseMs;
	// Before the record exists: a room that loads the board meanwhile leaves the import to us.
	rooms.importsInProgress.add(importId);
	let stored = false;
	let keepRecord = false;
	let recorded = false;
	// The lease is renewed while the notes go in; a room that finds it run out takes them off.
	let renewal: Promise<void> = Promise.resolve();
	let lost = false;
	const renewer = setInterval(() => {
		renewal = renewImportLease(db, importId, leaseMs).then(
			(held) => void (lost ||= !held),
			(err) => console.error(`Could not renew the lease of import ${importId} on board ${req.boardId}:`, err)
		);
	}, leaseMs / 3);
	renewer.unref();
	const by = { kind: 'import', userId: req.by } as const;
	try {
		await db.transaction(async (tx) => {
			await tx.query(
				`INSERT INTO imports (id, board_id, file_name, signature, created_by, rows, notes, skipped, private_columns, summary, problems, set_aside, importing_until)
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, clock_timestamp() + $13 * interval '1 millisecond')`,
				[
					importId,
					req.boardId,
					req.fileName,
					mapping.signature,
					req.by,
					table.rows.length,
					result.notes.length,
					result.skipped.length,
					result.privateFields.columns,
					jsonParam(result.summary),
					jsonParam(result.problems),
					result.setAside.length,
					leaseMs
				]
			);
			const rows = result.privateFields.rows;
			for (let i = 0; i < rows.length; i += 500) {
				const chunk = rows.slice(i, i + 500);
				await tx.query(
					`INSERT INTO import_private_values (import_id, board_id, row_index, note_ids, fields)
					 SELECT $1, $2, r.row_index, ARRAY(SELECT jsonb_array_elements_text(r.note_ids)), r.fields
					 FROM jsonb_to_recordset($3::jsonb) AS r(row_index integer, note_ids jsonb, fields jsonb)`,
					[importId, req.boardId, jsonParam(chunk.map((r) => ({ row_index: r.row, note_ids: r.noteIds, fields: r.values })))]
				);
			}
			await tx.query(
				`INSERT INTO import_mappings (workspace_id, signature, mapping, updated_at) VALUES ($1, $2, $3::jsonb, now())
				 ON CONFLICT (workspace_id, signature) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now()`,
				[req.workspaceId, mapping.signature, jsonParam(mapping)]
			);
		});
		recorded = true;
		const taken = () => new StorageFailure(`Import ${importId} was taken off board ${req.boardId}: its lease ran out before it was written.`);
		const chunks = importChunks(result);
		let written = 0;
		stored = await rooms.change(
			req.boardId,
			chunks.map((chunk) => (doc: Y.Doc) => {
				if (lost) throw taken();
				// Others add notes while the chunks go in: the rest of the import is checked again, and
				// refused whole (the chunks before are taken off) rather than cut by the repair.
				checkBoardRoom(doc, { notes: result.notes.length - written, groups: chunk.setAside?.length ? groupsAdded : 0 }, req.fileName);
				applyImport(doc, chunk, by);
				written += chunk.notes.length;
			}),
			by
		);
		if (stored) {
			clearInterval(renewer);
			await renewal;
			let held = true;
			try {
				held = await endImportLease(db, importId);
			} catch (err) {
				// Every note is stored: once the lease runs out, the room finds them all and keeps them.
				console.error(`Could not record that import ${importId} on board ${req.boardId} is finished:`, err);
			}
			if (!held) throw taken();
		}
	} catch (err) {
		// Chunks already on the board are taken off again: an import is there whole or not at all.
		if (recorded) {
			try {
				await rooms.change(req.boardId, (doc) => void undoImport(doc, importId, by), by);
			} catch (undoErr) {
				// Part of it stays on the board until storage is back: its record stays, marked, and the
				// room takes the part off when it next loads the board (BoardChannel.settleImports).
				keepRecord = true;
				console.error(`Could not take the unfinished import ${importId} off board ${req.boardId}:`, undoErr);
				await db.query('UPDATE imports SET incomplete = true WHERE id = $1', [importId]).catch((e) => console.error(`Could not mark import ${importId} as unfinished:`, e));
			}
		}
		stored = false;
		throw err;
	} finally {
		clearInterval(renewer);
		rooms.importsInProgress.delete(importId);
		if (recorded && !stored && !keepRecord) await db.query('DELETE FROM imports WHERE id = $1', [importId]).catch(() => {});
		if (recorded && !stored) await announceImports(req.boardId);
	}
	if (!stored) throw new ImportError('unsupported', 'This board does not exist any more.');
	await announceImports(req.boardId);
	// Only the answer needs the advice: read once the notes are everyone's, not before.
	const warnings = adviseMapping(table, mapping).warnings;
	return {
		importId,
		imported: result.notes.length,
		skipped: result.skipped.length,
		setAside: result.setAside.length,
		shortened: result.shortened,
		rows: table.rows.length,
		problems: result.problems,
		problemKinds: result.summary.problems,
		mapping,
		warnings,
		summary: result.summary
	};
}

/**
 * What undoing an import did: `removed` notes taken off, or why nothing was: the board has no such
 * import (`missing`), or it is still being written (`importing`: its lease, `imports.importing_until`,
 * still runs).
 */
export type UndoImportOutcome = { removed: number } | { refused: 'missing' | 'importing' };

/**
 * Takes a whole import off the board and deletes its private values. An import still being written
 * is left alone: its later chunks would land after the undo and stay on the board, without the
 * private values the undo deleted (the app offers Undo only once the import is finished).
 */
export async function runUndoImport(boardId: string, importId: string, by: string): Promise<UndoImportOutcome> {
	const { db, rooms } = services();
	const rows = await db.query<{ importing: boolean }>(
		'SELECT importing_until IS NOT NULL AND importing_until > clock_timestamp() AS importing FROM imports WHERE id = $1 AND board_id = $2',
		[importId, boardId]
	);
	if (rows.length === 0) return { refused: 'missing' };
	if (rows[0].importing) return { refused: 'importing' };
	let removed = 0;
	await rooms.change(boardId, (doc) => (removed = undoImport(doc, importId, { kind: 'import', userId: by })), { kind: 'import', userId: by });
	await db.transaction(async (tx) => {
		await tx.query('UPDATE imports SET undone_at = now(), undone_by = $2 WHERE id = $1 AND undone_at IS NULL', [importId, by]);
		await tx.query('DELETE FROM import_private_values WHERE import_id = $1', [importId]);
	});
	await announceImports(boardId);
	return { removed };
}

/**
 * Sends the board's imports list again to everyone in the board, on every process (the channel's
 * `state`): the server is the one source of the list every page shows. The import or undo is
 * stored by then; should the list not reach the connections, that is reported, not undone.
 */
async function announceImports(boardId: string): Promise<void> {
	await services()
		.rooms.channelChanged(boardId, ['imports'])
		.catch((err) => console.error(`Could not send the imports of board ${boardId} to its participants:`, err));
}

export { listImports };

/** Every problem row of one import (facilitators), or null when the board has no such import. */
export async function importProblems(q: Queryable, boardId: string, importId: string): Promise<{ fileName: string; problems: Problem[]; kinds: ProblemGroup[] } | null> {
	const rows = await q.query<{ file_name: string; problems: Problem[] | string | null }>('SELECT file_name, problems FROM imports WHERE id = $1 AND board_id = $2', [importId, boardId]);
	if (rows.length === 0) return null;
	const raw = rows[0].problems;
	const list = (typeof raw === 'string' ? JSON.parse(raw) : raw) ?? [];
	const problems: Problem[] = (Array.isArray(list) ? list : []).filter(
		(p): p is Problem => !!p && typeof p === 'object' && Number.isInteger(p.row) && (PROBLEM_KINDS as readonly string[]).includes(p.kind)
	);
	return { fileName: rows[0].file_name, problems, kinds: summarizeProblems(problems) };
}

/**
 * What the server keeps of a board beside its content document, for exports, insights and
 * publishing: the title, the votes (group id -> participant -> votes, from `board_votes`), the
 * summaries of the imports still on the board (by id), and the private columns.
 */
export async function boardExtras(
	q: Queryable,
	boardId: string
): Promise<{ title: string; votes: Record<string, Record<string, number>>; imports: Record<string, ImportSummary>; privateColumns: string[] }> {
	const [board] = await q.query<{ title: string }>('SELECT title FROM boards WHERE id = $1', [boardId]);
	const summaries = (await listImports(q, boardId)).filter((i) => !i.undoneAt);
	const privateColumns = new Set(summaries.flatMap((i) => i.privateColumns));
	return {
		title: board?.title ?? '',
		votes: await votesByGroup(q, boardId),
		imports: Object.fromEntries(summaries.map((i) => [i.id, i])),
		privateColumns: [...privateColumns]
	};
}

/** Private values of a board's notes (facilitators only): note id -> column -> value. */
export async function privateValues(db: Db, boardId: string, importId?: string): Promise<{ row: number; importId: string; noteIds: string[]; fields: Record<string, string> }[]> {
	const rows = await db.query<{ import_id: string; row_index: number; note_ids: string[]; fields: Record<string, string> | string }>(
		`SELECT import_id, row_index, note_ids, fields FROM import_private_values
		 WHERE board_id = $1 AND ($2::text IS NULL OR import_id = $2) ORDER BY import_id, row_index LIMIT 20000`,
		[boardId, importId ?? null]
	);
	return rows.map((r) => ({
		row: r.row_index,
		importId: r.import_id,
		noteIds: r.note_ids,
		fields: typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields
	}));
}
