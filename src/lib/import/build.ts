import { MAX_NOTE_TEXT, type FieldValue, type Note } from '../board/index';
import { ageBracket, looksLikeBracket } from '../context/age';
import { isNonAnswer } from '../context/nonanswer';
import { summarizeProblems, type ProblemKind } from '../context/problems';
import { DERIVED_FIELDS, ROLE_FIELD, SEGMENT_ROLES, fieldLabel } from '../context/roles';
import { isNps, parseNumber, scaleAnswer, scaleValues } from '../context/scale';
import type { FieldContext, ImportSummary, NonAnswerChoice } from '../context/summary';
import { analyzeDates, parseDate, spellDate, yearsBetween, type DateColumn } from './dates';
import { ImportError, MAX_IMPORT_ROWS, type Problem } from './errors';
import { stackPositions, type Layout, type Point } from './layout';
import { MAX_FIELD_COLUMNS, MAX_SEGMENT_VALUES, fieldKeys, type ColumnMapping, type Mapping } from './mapping';
import { maskContacts } from './mask';
import type { ParsedTable } from './table';
import { cleanComment, cleanValue } from './text';
import { clampText } from '../text/graphemes';
import { ellipsize } from '../text/width';

/** Public columns whose values are free text, where people type contact details. */
const FREE_TEXT_ROLES: ReadonlySet<string> = new Set(['other', 'question', 'segment', 'product', 'touchpoint', 'channel', 'customerStatus', 'region', 'city', 'country']);

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
	/** The import's file name, for its summary (the table's own name otherwise). */
	fileName?: string;
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

export interface BuildResult {
	notes: Note[];
	problems: Problem[];
	skipped: SkippedRow[];
	/** Notes that are non-answers, set aside in their own group (when the mapping says so). */
	setAside: string[];
	/** Comments longer than a note holds, imported cut to `MAX_NOTE_TEXT` (each is a `comment-shortened` problem). */
	shortened: number;
	privateFields: PrivateFields;
	/** What the board's clients read about this import (its fields, scales, questions, problems). */
	summary: ImportSummary;
	/** Date columns as read: how many dates could only be day first, month first, or either. */
	dates: Record<string, DateColumn>;
}

/** Longest customer-context value a note keeps (characters); longer ones are cut and reported. */
export const MAX_FIELD_VALUE = 2000;

const COMMENT_LIMIT = MAX_NOTE_TEXT;

/**
 * A comment longer than a note holds, cut to fit: at most `MAX_NOTE_TEXT` UTF-16 code units (what
 * a note's text is validated against), on a grapheme boundary (no emoji or accented letter is
 * split), trailing spaces dropped, ending in "…". Text that fits comes back as it is.
 */
export function shortenComment(text: string, max = COMMENT_LIMIT): string {
	if (text.length <= max) return text;
	return `${clampText(text, max - 1).trimEnd()}…`;
}
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
 * Non-answers are skipped, set aside or kept as the mapping says; every row that is not imported
 * as it was written is a `Problem` of a named kind.
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
	// The NPS group (promoter, passive, detractor) follows the file's first 0-10 scale, wherever it is.
	const npsColumn = publicColumns.find((c) => c.role === 'satisfaction' && c.scale && isNps(c.scale))?.column;
	if (publicColumns.length > MAX_FIELD_COLUMNS) {
		throw new ImportError(
			'too-many-columns',
			`The mapping keeps ${publicColumns.length.toLocaleString('en')} columns on the notes; a note holds at most ${MAX_FIELD_COLUMNS}. Set ${(publicColumns.length - MAX_FIELD_COLUMNS).toLocaleString('en')} of them to Ignore (or make them private), then import again.`
		);
	}
	const privateColumns = mapped.filter((c) => c.role !== 'ignore' && c.private && c.role !== 'comment');
	const mask = opts.maskContacts ?? true;
	const now = opts.now ?? Date.now();
	const today = new Date(now).toISOString().slice(0, 10);
	const hasQuestionColumn = publicColumns.some((c) => keys.get(c.column) === DERIVED_FIELDS.question);
	const tagQuestion = comments.length > 1 && !hasQuestionColumn;
	const nonAnswers: NonAnswerChoice = mapping.nonAnswers ?? 'skip';
	const lineOf = (row: number) => row + table.headerRowCount + 1;
	const newNoteId = noteIds();

	const dates: Record<string, DateColumn> = {};
	for (const c of publicColumns) {
		if (c.role === 'date' || c.role === 'purchaseDate' || c.role === 'birthDate') {
			const i = index.get(c.column)!;
			dates[c.column] = analyzeDates(table.rows.map((r) => r[i] ?? ''));
		}
	}

	const problems: Problem[] = [];
	let shortened = 0;
	const skipped: SkippedRow[] = [];
	const notes: Note[] = [];
	const setAside: string[] = [];
	const privateRows: PrivateFields['rows'] = [];
	const bad = new Map<number, Problem>();
	for (const r of table.badRows) {
		const p = table.problems.find((x) => x.row === r);
		bad.set(r, p ?? { row: r, line: lineOf(r), kind: 'broken-row', message: 'row could not be read' });
	}
	for (const p of table.problems) if (!bad.has(p.row)) problems.push(p);
	const distinct = new Map<string, Set<string>>();

	for (let r = 0; r < table.rows.length; r++) {
		const cells = table.rows[r];
		const badRow = bad.get(r);
		if (badRow) {
			skip(r, badRow.kind, badRow.message);
			continue;
		}
		const texts: { text: string; question: string; nonAnswer: boolean }[] = [];
		const nonAnswerCells: { column: string; text: string }[] = [];
		for (const c of comments) {
			let text = cleanComment(cells[index.get(c.column)!] ?? '');
			if (!text) continue;
			const nonAnswer = isNonAnswer(text);
			if (nonAnswer) nonAnswerCells.push({ column: c.column, text });
			if (nonAnswer && nonAnswers === 'skip') continue;
			if (mask) text = maskContacts(text);
			if (text.length > COMMENT_LIMIT) {
				// The longest comments are often the angriest: they are kept, cut, rather than left out.
				const length = text.length;
				text = shortenComment(text);
				shortened++;
				problems.push({
					row: r,
					line: lineOf(r),
					kind: 'comment-shortened',
					column: c.column,
					message: `comment is ${length.toLocaleString('en')} characters; a note holds at most ${COMMENT_LIMIT.toLocaleString('en')}, so the first ${(text.length - 1).toLocaleString('en')} were kept, ending in “…”`
				});
			}
			texts.push({ text, question: c.column, nonAnswer });
		}
		// Every non-answer is a problem row of its own kind, whether its row has other comments or not.
		const what = nonAnswers === 'skip' ? 'skipped' : nonAnswers === 'set-aside' ? 'set aside' : 'imported';
		for (const na of nonAnswerCells) {
			const quoted = ellipsize(na.text.replace(/\s+/g, ' '), 40);
			problems.push({ row: r, line: lineOf(r), kind: 'non-answer', column: na.column, message: `comment is a non-answer (“${quoted}”); ${what}` });
		}
		if (texts.length === 0) {
			if (nonAnswerCells.length > 0) skipped.push({ row: r, line: lineOf(r), reason: 'comment is a non-answer', cells: table.rows[r] });
			else if (cells.every((c) => c.trim() === '')) skip(r, 'empty-row', 'row is empty');
			else skip(r, 'empty-comment', 'comment is empty');
			continue;
		}
		const fields: Record<string, FieldValue> = {};
		for (const c of publicColumns) {
			const raw = cells[index.get(c.column)!] ?? '';
			let value = cleanValue(raw);
			if (!value) continue;
			// Contact details typed into any free-text column (a second question, "Notes") are masked too.
			if (mask && FREE_TEXT_ROLES.has(c.role)) value = maskContacts(value);
			const key = keys.get(c.column)!;
			if (value.length > MAX_FIELD_VALUE) {
				problems.push({ row: r, line: lineOf(r), kind: 'value-too-long', column: c.column, message: `“${c.column}” has ${value.length.toLocaleString('en')} characters; the first ${MAX_FIELD_VALUE.toLocaleString('en')} were kept` });
				value = clampText(value, MAX_FIELD_VALUE);
			}
			writeField(fields, key, c, value, (kind, message) => problems.push({ row: r, line: lineOf(r), kind, column: c.column, message }), today, dates[c.column], c.column === npsColumn);
			const v = fields[key];
			if (v !== undefined && v !== null) {
				const set = distinct.get(key) ?? new Set<string>();
				if (set.size <= MAX_SEGMENT_VALUES) set.add(String(v));
				distinct.set(key, set);
			}
		}
		const ids: string[] = [];
		for (const { text, question, nonAnswer } of texts) {
			const id = newNoteId();
			ids.push(id);
			if (nonAnswer && nonAnswers === 'set-aside') setAside.push(id);
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
				if (v) values[c.column] = clampText(v, MAX_FIELD_VALUE);
			}
			if (Object.keys(values).length > 0) privateRows.push({ row: r, noteIds: ids, values });
		}
	}
	place(notes, mapping, keys, opts);

	const fieldsContext: Record<string, FieldContext> = {};
	// Several scale columns (an NPS and a 1-5 rating) are each named by their own header; one alone is "Satisfaction".
	const severalScales = publicColumns.filter((c) => c.role === 'satisfaction').length > 1;
	for (const c of mapped) {
		const key = keys.get(c.column);
		if (!key || c.private || c.role === 'comment' || c.role === 'ignore') continue;
		const many = (distinct.get(key)?.size ?? 0) > MAX_SEGMENT_VALUES;
		fieldsContext[key] = {
			column: c.column,
			role: c.role,
			label: ROLE_FIELD[c.role] === key && !(severalScales && c.role === 'satisfaction') ? fieldLabel(key) : c.column,
			...(c.scale ? { scale: c.scale } : {}),
			segment: SEGMENT_ROLES.has(c.role) && !many
		};
	}
	if (tagQuestion) fieldsContext[DERIVED_FIELDS.question] = { column: DERIVED_FIELDS.question, role: 'question', label: fieldLabel(DERIVED_FIELDS.question), segment: true };
	const questions = tagQuestion ? comments.map((c) => c.column) : hasQuestionColumn ? [...(distinct.get(DERIVED_FIELDS.question) ?? [])] : [];
	problems.sort((a, b) => a.row - b.row);
	return {
		notes,
		problems,
		skipped,
		setAside,
		shortened,
		privateFields: { columns: privateColumns.map((c) => c.column), rows: privateRows },
		dates,
		summary: {
			id: opts.importId,
			fileName: opts.fileName ?? table.fileName,
			createdBy: opts.createdBy,
			createdAt: new Date(now).toISOString(),
			rows: table.rows.length,
			notes: notes.length,
			skipped: skipped.length,
			setAside: setAside.length,
			privateColumns: privateColumns.map((c) => c.column),
			undoneAt: null,
			fields: fieldsContext,
			questions: questions.slice(0, 200),
			problems: summarizeProblems(problems),
			nonAnswers
		}
	};

	function skip(row: number, kind: ProblemKind, reason: string) {
		skipped.push({ row, line: lineOf(row), reason, cells: table.rows[row] });
		problems.push({ row, line: lineOf(row), kind, message: reason });
	}
}

function writeField(
	fields: Record<string, FieldValue>,
	key: string,
	c: ColumnMapping,
	value: string,
	problem: (kind: ProblemKind, message: string) => void,
	today: string,
	dates: DateColumn | undefined,
	npsGroup = false
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
			if (answer.nps && npsGroup) fields[DERIVED_FIELDS.nps] = answer.nps;
			if (answer.problem) problem('off-scale', answer.problem);
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
				problem('age-unreadable', `age “${value}” is not an age; left out`);
				return;
			}
			fields[key] = bracket;
			if (key === 'ageBracket') fields[DERIVED_FIELDS.age] = n;
			return;
		}
		case 'birthDate': {
			const d = parseDate(value, c.dayOrder ?? dates?.order);
			const bracket = d ? ageBracket(yearsBetween(d.date, today)) : null;
			if (!bracket) {
				problem('birth-date-unreadable', `birth date “${value}” is not a date; left out`);
				return;
			}
			fields[key] = bracket;
			return;
		}
		case 'date':
		case 'purchaseDate': {
			const order = c.dayOrder ?? dates?.order ?? 'mdy';
			const d = parseDate(value, order);
			if (!d) {
				problem('date-unreadable', `date “${value}” could not be read; kept as written`);
				fields[key] = value;
				return;
			}
			fields[key] = d.date;
			if (d.ambiguous && dates?.mixed) {
				problem(
					'date-order',
					`date “${value}” read as ${spellDate(d.date)} (${order === 'dmy' ? 'day first' : 'month first'}); “${c.column}” also has ${order === 'dmy' ? 'month-first' : 'day-first'} dates, so it could be the other way`
				);
			}
			return;
		}
		case 'flag': {
			// A flag is set or blank: "0", "no" and "false" are not set.
			if (/^(0|no|false|n|nein|non|não)$/i.test(value)) return;
			fields[key] = value;
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
		if (scale) order = scaleValues(scale).map((v) => v.value);
		else {
			const counts = new Map<string, number>();
			for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
			order = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
		}
		const points = stackPositions(values, order, opts.origin);
		for (let i = 0; i < notes.length; i++) notes[i].pos = { x: Math.round(points[i].x), y: Math.round(points[i].y) };
	}
	// A grid import needs no positions: the notes go to the board's unsorted area, laid out there.
}
