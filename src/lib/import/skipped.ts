import Papa from 'papaparse';
import type { SkippedRow } from './build';
import type { ParsedTable } from './table';

/** The skipped rows as a CSV with the file's own header plus the reason, ready to fix and re-import. */
export function skippedRowsCsv(table: Pick<ParsedTable, 'columns'>, skipped: SkippedRow[]): string {
	const header = ['Row', 'Reason', ...table.columns.map((c) => c.name)];
	const rows = skipped.map((s) => [String(s.line), s.reason, ...s.cells]);
	return '\ufeff' + Papa.unparse([header, ...rows], { newline: '\r\n' });
}
