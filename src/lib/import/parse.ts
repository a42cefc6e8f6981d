import Papa from 'papaparse';
import { checkTextBounds } from './bounds';
import { assertText, decodeText, isZip } from './decode';
import { formatBytes, ImportError, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type Problem } from './errors';
import { readXlsx } from './xlsx';
import { buildTable, type ParsedTable, type TableFormat } from './table';

export interface ParseOptions {
	/** Sheet name of an .xlsx workbook; the first sheet when absent. */
	sheet?: string;
	/** Force a delimiter instead of detecting it. */
	delimiter?: string;
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter is the candidate used most in the header row outside quotes. Headers are short
 * labels, so this is steadier than guessing from the data, whose comments are full of commas.
 */
export function guessDelimiter(text: string): string {
	const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
	let quoted = false;
	let seenContent = false;
	for (let i = 0; i < text.length && i < 65536; i++) {
		const ch = text[i];
		if (ch === '"') quoted = !quoted;
		else if (!quoted && ch === '\n') {
			if (seenContent) break;
		} else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
		else if (ch.trim()) seenContent = true;
	}
	let best = ',';
	let max = 0;
	for (const [d, n] of counts) {
		if (n > max) {
			best = d;
			max = n;
		}
	}
	return best;
}

/** Reads a CSV, TSV, pasted or .xlsx file into a table. Throws `ImportError` for files that
 * cannot be imported at all, with a message that says why and what to do. */
export async function parseFile(bytes: Uint8Array, fileName: string, opts: ParseOptions = {}): Promise<ParsedTable> {
	if (bytes.length > MAX_IMPORT_BYTES) {
		throw new ImportError(
			'too-large',
			`“${fileName}” is ${formatBytes(bytes.length)}; the import limit is ${formatBytes(MAX_IMPORT_BYTES)}. ` +
				'Remove columns you do not need or split the rows into several files.'
		);
	}
	if (bytes.length === 0) {
		throw new ImportError('empty', `“${fileName}” is empty (0 bytes). Check that you exported the right file.`);
	}
	if (isZip(bytes)) return readXlsx(bytes, fileName, opts.sheet);
	if (/\.(xls|xlsm|xlsb|ods|numbers)$/i.test(fileName)) {
		throw new ImportError(
			'unsupported',
			`“${fileName}” is not a format Gistboard reads. Save it as .xlsx or CSV and import that.`
		);
	}
	const { text, encoding } = decodeText(bytes);
	assertText(bytes, text);
	const format: TableFormat = /\.(tsv|tab)$/i.test(fileName) ? 'tsv' : 'csv';
	return parseText(text, fileName, {
		...opts,
		delimiter: opts.delimiter ?? (format === 'tsv' ? '\t' : undefined),
		encoding,
		format
	});
}

/**
 * Excel writes `sep=;` (or `"sep=;"`) as the first line of a CSV to say which delimiter follows.
 * Returns the delimiter and the text without that line, or null when there is none.
 */
export function excelSepLine(text: string): { delimiter: string; rest: string } | null {
	const m = /^"?sep=(.)"?[ \t]*(?:\r?\n|$)/i.exec(text);
	if (!m || m[1] === '"') return null;
	return { delimiter: m[1], rest: text.slice(m[0].length) };
}

/**
 * How a file quotes its values: RFC 4180 double quotes doubled inside (Excel, Google Sheets,
 * Qualtrics, SurveyMonkey), quotes escaped with a backslash (database dumps, some exporters),
 * or single quotes. Read from the first 64 KB.
 */
export function guessQuoting(text: string, delimiter: string): { quoteChar: string; escapeChar: string } {
	const head = text.slice(0, 65536);
	const backslashed = (head.match(/\\"/g) ?? []).length;
	const doubled = (head.match(/""/g) ?? []).length;
	if (backslashed > 0 && backslashed >= doubled) return { quoteChar: '"', escapeChar: '\\' };
	const d = escapeRegExp(delimiter);
	const singles = (head.match(new RegExp(`(^|${d}|\n)'[^'\n]*'(?=${d}|\n|$)`, 'g')) ?? []).length;
	const doubles = (head.match(new RegExp(`(^|${d}|\n)"`, 'g')) ?? []).length;
	if (singles >= 3 && doubles === 0) return { quoteChar: "'", escapeChar: "'" };
	return { quoteChar: '"', escapeChar: '"' };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes spaces written between delimiters and quoted values (`"a", "b"` as some tools and
 * hand-edited files write it), which RFC 4180 readers otherwise keep as part of a value with its
 * quotes. Walks the text once, aware of quotes, so spaces inside quoted values stay.
 */
export function trimAroundQuotes(text: string, delimiter: string, quote = '"', escape = '"'): string {
	const pad = (c: string) => c === ' ' || (c === '\t' && delimiter !== '\t');
	let out = '';
	let quoted = false;
	let fieldStart = true;
	let pending = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === escape && escape !== quote && text[i + 1] === quote) {
				out += c + quote;
				i++;
			} else if (c === quote && escape === quote && text[i + 1] === quote) {
				out += c + c;
				i++;
			} else {
				out += c;
				if (c === quote) {
					quoted = false;
					// Spaces after a closing quote, up to the delimiter or line end, go.
					let j = i + 1;
					while (j < text.length && pad(text[j])) j++;
					if (j === text.length || text[j] === delimiter || text[j] === '\n' || text[j] === '\r') i = j - 1;
				}
			}
			continue;
		}
		if (fieldStart && pad(c)) {
			pending += c;
			continue;
		}
		if (fieldStart && c === quote) {
			pending = '';
			quoted = true;
			fieldStart = false;
			out += c;
			continue;
		}
		out += pending + c;
		pending = '';
		fieldStart = c === delimiter || c === '\n';
	}
	return out + pending;
}

/** Reads text that is already decoded: a pasted range of cells (tab-separated) or CSV text. */
export function parseText(
	text: string,
	fileName = 'Pasted cells',
	opts: ParseOptions & { encoding?: string; format?: TableFormat } = {}
): ParsedTable {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text.trim() === '') {
		throw new ImportError('empty', `“${fileName}” is empty: there are no rows to import. Check that you exported the right file.`);
	}
	// Records may end in CRLF while quoted values hold bare LF (or the reverse): one line ending.
	let normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
	const format = opts.format ?? (fileName === 'Pasted cells' ? 'paste' : 'csv');
	const utf16 = opts.encoding?.startsWith('utf-16');
	const sep = excelSepLine(normalized);
	if (sep) normalized = sep.rest;
	// Spreadsheets copy cells and write "Unicode text" with tabs; anything else is guessed.
	const delimiter =
		opts.delimiter ?? sep?.delimiter ?? ((format === 'paste' || utf16) && normalized.includes('\t') ? '\t' : guessDelimiter(normalized));
	const { quoteChar, escapeChar } = guessQuoting(normalized, delimiter);
	checkTextBounds(normalized, fileName, delimiter, quoteChar, escapeChar);
	const d = escapeRegExp(delimiter);
	if (new RegExp(`${d}[ ]+${escapeRegExp(quoteChar)}|${escapeRegExp(quoteChar)}[ ]+(${d}|\n)`).test(normalized.slice(0, 65536))) {
		normalized = trimAroundQuotes(normalized, delimiter, quoteChar, escapeChar);
	}
	const result = Papa.parse<string[]>(normalized, {
		delimiter,
		quoteChar,
		escapeChar,
		newline: '\n',
		skipEmptyLines: false,
		header: false
	});
	const raw = result.data;
	if (raw.length > 0 && raw[raw.length - 1].length === 1 && raw[raw.length - 1][0] === '') raw.pop();
	if (raw.length > MAX_IMPORT_ROWS + 3) {
		throw new ImportError(
			'too-many-rows',
			`“${fileName}” has ${raw.length.toLocaleString('en')} rows; one import takes at most ${MAX_IMPORT_ROWS.toLocaleString('en')}. Split the file and import the parts one after another.`
		);
	}
	const problems: Problem[] = [];
	for (const error of result.errors) {
		if (error.code === 'UndetectableDelimiter' || error.row === undefined) continue;
		problems.push({ row: error.row, line: error.row + 1, kind: 'quotes', message: `${error.message.replace(/\.$/, '')} (check the quotes in this row)` });
	}
	const table = buildTable(
		raw,
		{
			fileName,
			format,
			encoding: opts.encoding ?? 'utf-8',
			delimiter: result.meta.delimiter || ',',
			sheet: null,
			sheets: []
		},
		[]
	);
	// Papaparse counts rows from the top of the file; problems count data rows.
	for (const p of problems) {
		const row = p.row - table.headerRowCount;
		if (row < 0) continue;
		table.problems.push({ row, line: row + table.headerRowCount + 1, kind: p.kind, message: p.message });
	}
	table.problems.sort((a, b) => a.row - b.row);
	return table;
}
