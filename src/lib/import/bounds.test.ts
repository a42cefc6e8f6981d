import { describe, expect, it } from 'vitest';
import { checkTableBounds, checkTextBounds } from './bounds';
import { MAX_CELL_CHARS, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS } from './errors';
import { parseFile } from './parse';

const csv = (text: string) => new TextEncoder().encode(text);

describe('import limits on text', () => {
	it('refuses a million columns from the header row, naming the limit', async () => {
		const header = Array.from({ length: 1_000_000 }, () => 'a').join(',');
		await expect(parseFile(csv(`${header}\nx\n`), 'wide.csv')).rejects.toMatchObject({
			code: 'too-many-columns',
			message: `The header row of “wide.csv” has more than 1,000 columns; one import reads at most 1,000. Keep the columns you need (the comments and their customer context) and import that file.`
		});
	});

	it('names the line of a data row with too many columns', () => {
		const wide = Array.from({ length: MAX_IMPORT_COLUMNS + 1 }, () => 'x').join(',');
		expect(() => checkTextBounds(`a,b\n1,2\n${wide}\n`, 'f.csv', ',')).toThrow(/Line 3 of “f\.csv” has more than 1,000 columns/);
	});

	it('does not count delimiters inside quotes', () => {
		const quoted = `"${','.repeat(5000)}"`;
		expect(() => checkTextBounds(`comment\n${quoted}\n`, 'q.csv', ',')).not.toThrow();
	});

	it('refuses a cell longer than Excel allows, as an unclosed quote makes one', () => {
		const text = `comment,score\n"never closed,5\n${'words and more words\n'.repeat(2000)}`;
		expect(() => checkTextBounds(text, 'open.csv', ',')).toThrow(/Line 2 of “open\.csv” has a cell of more than 32,767 characters \(Excel's limit for one cell\)\. Check the quotes/);
		expect(() => checkTextBounds(`comment\n${'x'.repeat(MAX_CELL_CHARS)}\n`, 'max.csv', ',')).not.toThrow();
	});

	it('refuses more rows than an import takes before parsing them', () => {
		expect(() => checkTextBounds('a\n'.repeat(MAX_IMPORT_ROWS + 10), 'long.csv', ',')).toThrow(/more than 25,000 rows/);
	});

	it('checks an .xlsx sheet the same way', () => {
		expect(() => checkTableBounds([['a'], ['b', 'x'.repeat(MAX_CELL_CHARS + 1)]], 's.xlsx')).toThrow(/Line 2 of “s\.xlsx” has a cell/);
		expect(() => checkTableBounds([Array.from({ length: MAX_IMPORT_COLUMNS + 1 }, () => '')], 's.xlsx')).toThrow(/header row/);
	});
});
