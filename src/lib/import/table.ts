import { ImportError, type Problem } from './errors';
import { clampText } from '../text/graphemes';
import { decodeEntities } from './text';

export type TableFormat = 'csv' | 'tsv' | 'xlsx' | 'paste';

export interface TableColumn {
	/** Position in every row of `rows`. */
	index: number;
	/** Unique, never blank: what the mapping, the fields and the user call this column. */
	name: string;
	/** The raw header cells, top to bottom (several for survey exports with sub-header rows). */
	labels: string[];
}

export interface ParsedTable {
	fileName: string;
	format: TableFormat;
	encoding: string;
	delimiter: string | null;
	sheet: string | null;
	sheets: string[];
	columns: TableColumn[];
	/** Data rows in file order, each exactly `columns.length` cells, trimmed of nothing. */
	rows: string[][];
	/** How many rows at the top were headers (1 for a plain file, 2-3 for survey exports). */
	headerRowCount: number;
	/** Row-level trouble found while reading (ragged rows, broken quotes). */
	problems: Problem[];
	/** Data rows that cannot be trusted (more cells than the header): not imported. */
	badRows: number[];
}

const SURVEYMONKEY_SUBHEADERS = /^(response|open-ended response|other \(please specify\)|responses?)$/i;
const QUALTRICS_IMPORT_ID = /^\{"ImportId":/;
const QUALTRICS_CODE = /^(V\d+|Q\d+[\w.-]*|QID\d+[\w.-]*|LocationLatitude|LocationLongitude|LocationAccuracy)$/;

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/**
 * An example value for each column (by `TableColumn.index`): the first cell that is not blank,
 * reading the rows in file order, so a column most rows leave empty (review titles, follow-up
 * answers) still shows what it holds, its character references decoded as the notes will have
 * them ("€49", not "&euro;49"). "" for a column with no value in any row.
 */
export function columnExamples(table: Pick<ParsedTable, 'columns' | 'rows'>): string[] {
	const examples = table.columns.map(() => '');
	let missing = table.columns.length;
	for (const row of table.rows) {
		if (missing === 0) break;
		for (const [k, column] of table.columns.entries()) {
			if (examples[k] === '' && !blank(row[column.index])) {
				examples[k] = decodeEntities(row[column.index]);
				missing--;
			}
		}
	}
	return examples;
}

/**
 * How many header rows a survey export has: Qualtrics writes ids, labels and an ImportId row;
 * its legacy export writes V1..Vn codes above the labels; SurveyMonkey writes the question in row 1
 * and "Response" / "Open-Ended Response" / answer options in row 2.
 */
export function countHeaderRows(rows: string[][]): number {
	const [first, second, third] = rows;
	if (!first || !second) return 1;
	if (third && third.filter((c) => QUALTRICS_IMPORT_ID.test(c)).length >= Math.max(1, third.length / 2)) return 3;
	const nonBlankFirst = first.filter((c) => !blank(c));
	if (
		nonBlankFirst.length >= 3 &&
		nonBlankFirst.filter((c) => QUALTRICS_CODE.test(c.trim())).length >= nonBlankFirst.length * 0.8 &&
		looksLikeQuestionRow(second)
	) {
		return 2;
	}
	const sub = second.filter((c) => !blank(c));
	if (sub.length > 0 && sub.some((c) => SURVEYMONKEY_SUBHEADERS.test(c.trim()))) {
		const blankInFirst = first.some((c, i) => blank(c) && !blank(second[i]));
		const mostlySub = sub.filter((c) => SURVEYMONKEY_SUBHEADERS.test(c.trim())).length >= sub.length / 2;
		if (blankInFirst || mostlySub) return 2;
	}
	return 1;
}

/** Column names from the header rows: blank cells continue the question to their left (as
 * SurveyMonkey writes), sub-headers are appended, blanks get "Column N", repeats get " (2)". */
export function columnsFromHeaders(headers: string[][], width: number): TableColumn[] {
	const clean = headers.map((row) => Array.from({ length: width }, (_, i) => normalizeSpace(row[i] ?? '')));
	const names: string[] = [];
	const kind = headers.length;
	for (let c = 0; c < width; c++) {
		let name: string;
		if (kind === 3) {
			name = clean[1][c] || clean[0][c];
		} else if (kind === 2 && isCodeRow(clean[0])) {
			name = clean[1][c] || clean[0][c];
		} else if (kind === 2) {
			let question = clean[0][c];
			if (!question && clean[1][c]) {
				for (let j = c - 1; j >= 0 && !question; j--) question = clean[0][j];
			}
			const sub = clean[1][c];
			name = !sub || SURVEYMONKEY_SUBHEADERS.test(sub) ? question : question ? `${question} - ${sub}` : sub;
		} else {
			name = clean[0][c];
		}
		names.push(name);
	}
	const seen = new Map<string, number>();
	return names.map((raw, index) => {
		// A header is a name, not a document: at most 500 code units (summaries keep 1,000).
		const base = clampText(raw, 500) || `Column ${index + 1}`;
		let name = base;
		let n = seen.get(base.toLowerCase()) ?? 0;
		while (seen.has(name.toLowerCase())) name = `${base} (${++n + 1})`;
		seen.set(base.toLowerCase(), n);
		seen.set(name.toLowerCase(), 0);
		return { index, name, labels: clean.map((row) => row[index]) };
	});
}

/**
 * Whether a row under a row of Qualtrics codes reads as the question texts Qualtrics writes there,
 * not as a first respondent's answers: a survey whose columns are merely named Q1…Q10 has numbers,
 * yes/no and one-letter answers in its second row; question texts are never mostly those.
 */
function looksLikeQuestionRow(row: string[]): boolean {
	const cells = row.map((c) => c.trim()).filter(Boolean);
	if (cells.length === 0) return false;
	const answerLike = cells.filter((c) => /^[-+]?\d+([.,]\d+)?%?$/.test(c) || /^(yes|no|y|n|true|false|ja|nein|oui|non|s[ií]|sim|n[aã]o)$/i.test(c)).length;
	return answerLike < cells.length * 0.2;
}

function isCodeRow(row: string[]): boolean {
	const cells = row.filter((c) => c);
	return cells.length > 0 && cells.filter((c) => QUALTRICS_CODE.test(c)).length >= cells.length * 0.8;
}

export function normalizeSpace(s: string): string {
	return s.replace(/[\u00a0\u2007\u202f\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Builds a table from raw rows (header rows included): detects the header rows, drops trailing
 * columns that are blank in the header and in every row, pads short rows, and flags long ones.
 */
export function buildTable(
	raw: string[][],
	meta: Omit<ParsedTable, 'columns' | 'rows' | 'headerRowCount' | 'problems' | 'badRows'>,
	parseProblems: Problem[] = []
): ParsedTable {
	while (raw.length > 0 && raw[0].every(blank)) raw.shift();
	while (raw.length > 0 && raw[raw.length - 1].every(blank)) raw.pop();
	if (raw.length === 0) {
		throw new ImportError('empty', `“${meta.fileName}” is empty: there are no rows to import. Check that you exported the right file.`);
	}
	const headerRowCount = Math.min(countHeaderRows(raw), raw.length);
	const headers = raw.slice(0, headerRowCount);
	const data = raw.slice(headerRowCount);
	if (data.every((row) => row.every(blank))) {
		throw new ImportError(
			'headers-only',
			`“${meta.fileName}” has a header row but no data rows. Export the responses too, then import again.`
		);
	}
	let width = Math.max(...headers.map((h) => h.length));
	// Trailing columns with no header and no value anywhere (a trailing comma on every line).
	while (width > 1 && headers.every((h) => blank(h[width - 1])) && data.every((r) => blank(r[width - 1]))) width--;
	const problems = [...parseProblems];
	const badRows: number[] = [];
	const rows: string[][] = new Array(data.length);
	for (let r = 0; r < data.length; r++) {
		const row = data[r];
		if (row.length > width && row.slice(width).some((c) => !blank(c))) {
			badRows.push(r);
			problems.push({
				row: r,
				line: r + headerRowCount + 1,
				kind: 'broken-row',
				message: `has ${row.length} cells but the header has ${width}; a quote or delimiter is probably broken, so the row was skipped`
			});
		}
		if (row.length === width) rows[r] = row;
		else if (row.length > width) rows[r] = row.slice(0, width);
		else {
			const padded = row.slice();
			while (padded.length < width) padded.push('');
			rows[r] = padded;
		}
	}
	return {
		...meta,
		columns: columnsFromHeaders(headers, width),
		rows,
		headerRowCount,
		problems,
		badRows
	};
}
