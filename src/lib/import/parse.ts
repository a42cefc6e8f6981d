import Papa from 'papaparse';
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
	const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
	const format = opts.format ?? (fileName === 'Pasted cells' ? 'paste' : 'csv');
	const utf16 = opts.encoding?.startsWith('utf-16');
	// Spreadsheets copy cells and write "Unicode text" with tabs; anything else is guessed.
	const delimiter = opts.delimiter ?? ((format === 'paste' || utf16) && normalized.includes('\t') ? '\t' : guessDelimiter(normalized));
	const result = Papa.parse<string[]>(normalized, {
		delimiter,
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
		problems.push({ row: error.row, line: error.row + 1, message: `${error.message.replace(/\.$/, '')} (check the quotes in this row)` });
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
		table.problems.push({ row, line: row + table.headerRowCount + 1, message: p.message });
	}
	table.problems.sort((a, b) => a.row - b.row);
	return table;
}
