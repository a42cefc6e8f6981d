/**
 * CSV writing with protection against spreadsheet formula injection: a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so Excel, LibreOffice and
 * Google Sheets show it as text instead of running it (OWASP "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
	return FORMULA_START.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
	return /[",\r\n;]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export type Cell = string | number | null | undefined;

export function csvCell(value: Cell): string {
	if (value === null || value === undefined) return '';
	return quote(escapeFormula(String(value)));
}

/** RFC 4180 CSV with CRLF line ends and a UTF-8 byte-order mark so Excel reads accents right. */
export function toCsv(header: string[], rows: Cell[][], { bom = true } = {}): string {
	const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
	return (bom ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}
