import { MAX_NOTE_TEXT, type FieldValue, type Note } from '../board/index';
import { ageBracket, looksLikeBracket } from './age';
import { parseDate, yearsBetween } from './dates';
import { ImportError, MAX_IMPORT_ROWS, type Problem } from './errors';
import { stackPositions, type Layout, type Point } from './layout';
import { fieldKeys, type ColumnMapping, type Mapping } from './mapping';
import { maskContacts } from './mask';
import { DERIVED_FIELDS } from './roles';
import { parseNumber, scaleAnswer } from './scale';
import type { ParsedTable } from './table';
import { cleanComment, cleanValue } from './text';

export interface BuildOptions {
	importId: string;
	createdBy: string;
	/** Replace e-mail addresses and phone numbers inside comments (on unless turned off). */
	maskContacts?: boolean;
	layout?: Layout;
	/** Top-left corner of the "unsorted" area the notes land in. */
	origin?: Point;
	/** Clock for `createdAt` and for turning birth dates into ages. */
	now?: number;
}

export interface SkippedRow {
	row: number;
	line: number;
	reason: string;
	/** The row's cells as read, so the skipped rows can be downloaded, fixed and imported again. */
	cells: string[];
}

/** Values of private columns, kept off the shared document and stored for facilitators only. */
export interface PrivateFields {
	columns: string[];
	rows: { row: number; noteIds: string[]; values: Record<string, string> }[];
}

/** What `imports` records for each import (in the board document; private values excluded). */
export interface ImportRecord {
	fileName: string;
	columns: string[];
	mapping: Mapping;
	/** Field key -> the column and role it came from (and the scale, for satisfaction). */
	fields: Record<string, { column: string; role: string; scale?: ColumnMapping['scale'] }>;
	rows: number;
	notes: number;
	skipped: number;
	problems: number;
	at: number;
	by: string;
	undone?: { at: number; by: string };
}

export interface BuildResult {
	notes: Note[];
	problems: Problem[];
	skipped: SkippedRow[];
	privateFields: PrivateFields;
	record: ImportRecord;
}

const COMMENT_LIMIT = MAX_NOTE_TEXT;
const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 12;

/** Note ids like `newId('note')`, with the random bytes drawn in one call for a whole import
 * (one call per note is most of the time of a 10,000-row import). */
function noteIds(): () => string {
	let pool = new Uint8Array(0);
	let at = 0;
	return () => {
		if (at + ID_LENGTH > pool.length) {
			pool = crypto.getRandomValues(new Uint8Array(ID_LENGTH * 4096));
			at = 0;
		}
		let id = 'note_';
		for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[pool[at++] % ID_ALPHABET.length];
		return id;
	};
}

/**
 * Turns a table and a mapping into notes: one note per non-empty comment cell, with the row's
 * customer context in `fields` (private columns left out), positioned in the unsorted area.
 */
export function buildNotes(table: ParsedTable, mapping: Mapping, opts: BuildOptions): BuildResult {
	if (table.rows.length > MAX_IMPORT_ROWS) {
		throw new ImportError(
			'too-many-rows',
			`“${table.fileName}” has ${table.rows.length.toLocaleString('en')} rows; one import takes at most ${MAX_IMPORT_ROWS.toLocaleString('en')}. Split the file and import the parts one after another.`
		);
	}
	const index = new Map(table.columns.map((c) => [c.name, c.index]));
	const mapped = mapping.columns.filter((c) => index.has(c.column));
	const comments = mapped.filter((c) => c.role === 'comment');
	if (comments.length === 0) {
		throw new ImportError('no-comment-column', 'No column is marked as the comment. Choose the column that holds the customers’ comments.');
	}
	const keys = fieldKeys(mapping);
	const publicColumns = mapped.filter((c) => c.role !== 'comment' && c.role !== 'ignore' && !c.private);
	const privateColumns = mapped.filter((c) => c.role !== 'ignore' && c.private && c.role !== 'comment');
	const mask = opts.maskContacts ?? true;
	const now = opts.now ?? Date.now();
	const today = new Date(now).toISOString().slice(0, 10);
	const tagQuestion = comments.length > 1;
	const lineOf = (row: number) => row + table.headerRowCount + 1;
	const newNoteId = noteIds();

	const problems: Problem[] = [];
	const skipped: SkippedRow[] = [];
	const notes: Note[] = [];
	const privateRows: PrivateFields['rows'] = [];
	const bad = new Map<number, string>();
	for (const r of table.badRows) bad.set(r, table.problems.find((p) => p.row === r)?.message ?? 'row could not be read');
	for (const p of table.problems) if (!bad.has(p.row)) problems.push(p);

	for (let r = 0; r < table.rows.length; r++) {
		const cells = table.rows[r];
		if (bad.has(r)) {
			skip(r, bad.get(r)!);
			continue;
		}
		const texts: { text: string; question: string }[] = [];
		let tooLong: number | null = null;
		for (const c of comments) {
			let text = cleanComment(cells[index.get(c.column)!] ?? '');
			if (!text) continue;
			if (mask) text = maskContacts(text);
			if (text.length > COMMENT_LIMIT) tooLong = text.length;
			texts.push({ text, question: c.column });
		}
		if (tooLong !== null) {
			skip(r, `comment is ${tooLong.toLocaleString('en')} characters; a note holds at most ${COMMENT_LIMIT.toLocaleString('en')}. Shorten it and import this row again`);
			continue;
		}
		if (texts.length === 0) {
			skip(r, cells.every((c) => c.trim() === '') ? 'row is empty' : 'comment is empty');
			continue;
		}
		const fields: Record<string, FieldValue> = {};
		for (const c of publicColumns) {
			const raw = cells[index.get(c.column)!] ?? '';
			const value = cleanValue(raw);
			if (!value) continue;
			writeField(fields, keys.get(c.column)!, c, value, (message) => problems.push({ row: r, line: lineOf(r), message }), today);
		}
		const ids: string[] = [];
		for (const { text, question } of texts) {
			const id = newNoteId();
			ids.push(id);
			notes.push({
				id,
				text,
				source: { row: r, importId: opts.importId },
				fields: tagQuestion ? { ...fields, [DERIVED_FIELDS.question]: question } : fields,
				groupId: null,
				order: '',
				pos: null,
				stackedOn: null,
				createdBy: opts.createdBy,
				createdAt: now
			});
		}
		if (privateColumns.length > 0) {
			const values: Record<string, string> = {};
			for (const c of privateColumns) {
				const v = cleanValue(cells[index.get(c.column)!] ?? '');
				if (v) values[c.column] = v;
			}
			if (Object.keys(values).length > 0) privateRows.push({ row: r, noteIds: ids, values });
		}
	}
	place(notes, mapping, keys, opts);

	const fieldsRecord: ImportRecord['fields'] = {};
	for (const c of mapped) {
		const key = keys.get(c.column);
		if (!key || c.private) continue;
		fieldsRecord[key] = c.scale ? { column: c.column, role: c.role, scale: c.scale } : { column: c.column, role: c.role };
	}
	problems.sort((a, b) => a.row - b.row);
	return {
		notes,
		problems,
		skipped,
		privateFields: { columns: privateColumns.map((c) => c.column), rows: privateRows },
		record: {
			fileName: table.fileName,
			columns: table.columns.map((c) => c.name),
			mapping,
			fields: fieldsRecord,
			rows: table.rows.length,
			notes: notes.length,
			skipped: skipped.length,
			problems: problems.length,
			at: now,
			by: opts.createdBy
		}
	};

	function skip(row: number, reason: string) {
		skipped.push({ row, line: lineOf(row), reason, cells: table.rows[row] });
		problems.push({ row, line: lineOf(row), message: reason });
	}
}

function writeField(
	fields: Record<string, FieldValue>,
	key: string,
	c: ColumnMapping,
	value: string,
	problem: (message: string) => void,
	today: string
): void {
	switch (c.role) {
		case 'satisfaction': {
			if (!c.scale) {
				fields[key] = value;
				return;
			}
			const answer = scaleAnswer(c.scale, value);
			if (!answer) return;
			fields[key] = answer.value;
			if (answer.rank !== null && key === 'satisfaction') fields[DERIVED_FIELDS.satisfactionRank] = answer.rank;
			if (answer.nps && key === 'satisfaction') fields[DERIVED_FIELDS.nps] = answer.nps;
			if (answer.problem) problem(answer.problem);
			return;
		}
		case 'age': {
			if (looksLikeBracket(value)) {
				fields[key] = value.replace(/\s*(-|–|to)\s*/i, '-');
				return;
			}
			const n = parseNumber(value);
			const bracket = n === null ? null : ageBracket(n);
			if (bracket === null) {
				problem(`age “${value}” is not an age; left out`);
				return;
			}
			fields[key] = bracket;
			if (key === 'ageBracket') fields[DERIVED_FIELDS.age] = n;
			return;
		}
		case 'birthDate': {
			const d = parseDate(value, c.dayOrder);
			const bracket = d ? ageBracket(yearsBetween(d.date, today)) : null;
			if (!bracket) {
				problem(`birth date “${value}” is not a date; left out`);
				return;
			}
			fields[key] = bracket;
			return;
		}
		case 'date':
		case 'purchaseDate': {
			const d = parseDate(value, c.dayOrder);
			if (!d) {
				problem(`date “${value}” could not be read; kept as written`);
				fields[key] = value;
				return;
			}
			fields[key] = d.date;
			return;
		}
		default:
			fields[key] = value;
	}
}

function place(notes: Note[], mapping: Mapping, keys: Map<string, string>, opts: BuildOptions): void {
	const layout = opts.layout ?? { kind: 'grid' };
	if (layout.kind === 'stack') {
		const key = keys.get(layout.by) ?? layout.by;
		const column = mapping.columns.find((c) => c.column === layout.by);
		const values = notes.map((n) => (n.fields[key] ?? n.fields[DERIVED_FIELDS.question] ?? '(blank)').toString());
		let order: string[] = [];
		const scale = column?.scale;
		if (scale?.kind === 'labels') order = scale.labels;
		else if (scale?.kind === 'numeric') {
			order = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => String(scale.min + i));
		} else {
			const counts = new Map<string, number>();
			for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
			order = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
		}
		const points = stackPositions(values, order, opts.origin);
		for (let i = 0; i < notes.length; i++) notes[i].pos = { x: Math.round(points[i].x), y: Math.round(points[i].y) };
	}
	// A grid import needs no positions: the notes go to the board's unsorted area, laid out there.
}
