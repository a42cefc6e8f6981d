import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { escapeFormula, toCsv } from './csv';

describe('CSV cells', () => {
	it('escapes every cell a spreadsheet would run as a formula', () => {
		for (const cell of ['=1+1', '+SUM(A1)', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")']) {
			expect(escapeFormula(cell)).toBe(`'${cell}`);
		}
		for (const cell of ['Late delivery', ' =not at start', '1-2 days', '']) expect(escapeFormula(cell)).toBe(cell);
	});

	it('writes quotes, commas and line breaks so that a parser reads the same text back', () => {
		const cells = ['He said "late", twice', 'line one\nline two', 'a;b', ' padded ', 'plain'];
		const csv = toCsv(['h1', 'h2', 'h3', 'h4', 'h5'], [cells]);
		expect(csv.startsWith('\ufeff')).toBe(true);
		const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
		expect(parsed[1]).toEqual(cells);
	});

	it('keeps escaped formula cells readable as text after parsing', () => {
		const csv = toCsv(['a'], [['=cmd|" /C calc"!A0']], { bom: false });
		expect(Papa.parse<string[]>(csv, { skipEmptyLines: true }).data[1][0]).toBe(`'=cmd|" /C calc"!A0`);
	});
});
