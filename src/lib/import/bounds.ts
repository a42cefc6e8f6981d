import { ImportError, MAX_CELL_CHARS, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS } from './errors';

const fmt = (n: number) => n.toLocaleString('en');

function tooManyColumns(fileName: string, line: number): ImportError {
	return new ImportError(
		'too-many-columns',
		`${line === 1 ? 'The header row' : `Line ${fmt(line)}`} of “${fileName}” has more than ${fmt(MAX_IMPORT_COLUMNS)} columns; one import reads at most ${fmt(MAX_IMPORT_COLUMNS)}. ` +
			'Keep the columns you need (the comments and their customer context) and import that file.'
	);
}

function cellTooLong(fileName: string, line: number): ImportError {
	return new ImportError(
		'cell-too-long',
		`Line ${fmt(line)} of “${fileName}” has a cell of more than ${fmt(MAX_CELL_CHARS)} characters (Excel's limit for one cell). ` +
			'Check the quotes around that line: a quote that is never closed makes the rest of the file one cell.'
	);
}

function tooManyRows(fileName: string): ImportError {
	return new ImportError(
		'too-many-rows',
		`“${fileName}” has more than ${fmt(MAX_IMPORT_ROWS)} rows; one import takes at most ${fmt(MAX_IMPORT_ROWS)}. Split the file and import the parts one after another.`
	);
}

/**
 * Checks delimited text against the import's limits before it is parsed: columns per record
 * (`MAX_IMPORT_COLUMNS`), characters per cell (`MAX_CELL_CHARS`), records (`MAX_IMPORT_ROWS` and
 * up to three header rows). One pass over the text, aware of quotes as the parser is (a quote
 * opens a value only at its start; doubled or escaped quotes inside), stopping at the first limit
 * passed: a file of a million columns costs a scan of its first line, not a million-field parse.
 * Throws `ImportError` ('too-many-columns', 'cell-too-long', 'too-many-rows') naming the line.
 */
export function checkTextBounds(text: string, fileName: string, delimiter: string, quoteChar = '"', escapeChar = '"'): void {
	const delim = delimiter.charCodeAt(0);
	const quote = quoteChar.charCodeAt(0);
	const escape = escapeChar.charCodeAt(0);
	const NL = 10;
	// Quotes around a value and an escaped quote or two inside do not count towards its length.
	const maxCell = MAX_CELL_CHARS + 2;
	let line = 1;
	let recordLine = 1;
	let records = 0;
	let fields = 1;
	let cellStart = 0;
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (quoted) {
			if (c === NL) line++;
			else if (escape !== quote && c === escape && text.charCodeAt(i + 1) === quote) i++;
			else if (c === quote) {
				if (escape === quote && text.charCodeAt(i + 1) === quote) i++;
				else quoted = false;
			}
			continue;
		}
		if (c === quote && i === cellStart) {
			quoted = true;
		} else if (c === delim) {
			if (i - cellStart > maxCell) throw cellTooLong(fileName, recordLine);
			if (++fields > MAX_IMPORT_COLUMNS) throw tooManyColumns(fileName, recordLine);
			cellStart = i + 1;
		} else if (c === NL) {
			if (i - cellStart > maxCell) throw cellTooLong(fileName, recordLine);
			if (++records > MAX_IMPORT_ROWS + 3) throw tooManyRows(fileName);
			line++;
			recordLine = line;
			fields = 1;
			cellStart = i + 1;
		}
	}
	if (text.length - cellStart > maxCell) throw cellTooLong(fileName, recordLine);
}

/**
 * The same limits for a table read another way (an .xlsx sheet): rows, columns per row and
 * characters per cell. Throws the same `ImportError`s, with spreadsheet row numbers.
 */
export function checkTableBounds(rows: string[][], fileName: string): void {
	if (rows.length > MAX_IMPORT_ROWS + 3) throw tooManyRows(fileName);
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r];
		if (row.length > MAX_IMPORT_COLUMNS) throw tooManyColumns(fileName, r + 1);
		for (const cell of row) if (cell.length > MAX_CELL_CHARS) throw cellTooLong(fileName, r + 1);
	}
}
