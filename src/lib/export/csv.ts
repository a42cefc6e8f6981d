/**
 * CSV writing with protection against spreadsheet formula injection: a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so Excel, LibreOffice and
 * Google Sheets show it as text instead of running it (OWASP "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
	return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Formula protection for files meant for a tracker's CSV importer (Jira, Azure DevOps): a leading
 * space instead of the apostrophe. A spreadsheet does not read " =A1" as a formula, and the
 * trackers trim leading and trailing spaces from imported values, so "-20% refund" arrives as
 * typed — an apostrophe would stay in the title. Tabs and carriage returns at the start, which
 * also start formulas, become that space.
 */
export function escapeFormulaForTracker(value: string): string {
	if (/^[\t\r]/.test(value)) return ` ${value.replace(/^[\t\r]+/, '')}`;
	return /^[=+\-@]/.test(value) ? ` ${value}` : value;
}

function quote(value: string): string {
	return /[",\r\n;]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export type Cell = string | number | null | undefined;

export function csvCell(value: Cell, escape: (value: string) => string = escapeFormula): string {
	if (value === null || value === undefined) return '';
	return quote(escape(String(value)));
}

/**
 * RFC 4180 CSV with CRLF line ends and a UTF-8 byte-order mark so Excel reads accents right.
 * `escape` protects cells against formula injection (`escapeFormula` for spreadsheets,
 * `escapeFormulaForTracker` for files a tracker imports).
 */
export function toCsv(header: string[], rows: Cell[][], { bom = true, escape = escapeFormula }: { bom?: boolean; escape?: (value: string) => string } = {}): string {
	const lines = [header, ...rows].map((row) => row.map((cell) => csvCell(cell, escape)).join(','));
	return (bom ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}
