import { describe, expect, it } from 'vitest';
import { decodeText, ImportError, MAX_IMPORT_BYTES, parseFile, parseText } from './index';
import { fixture, utf8 } from './test-helpers';

const comments = (t: Awaited<ReturnType<typeof parseFile>>, column: string) => {
	const i = t.columns.findIndex((c) => c.name === column);
	return t.rows.map((r) => r[i]);
};

describe('decodeText', () => {
	it('strips a UTF-8 byte-order mark', () => {
		expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa9]))).toEqual({ text: 'aé', encoding: 'utf-8' });
	});
	it('reads UTF-16 with either byte order, with or without a BOM', () => {
		expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0, 0x42, 0]))).toEqual({ text: 'AB', encoding: 'utf-16le' });
		expect(decodeText(new Uint8Array([0xfe, 0xff, 0, 0x41, 0, 0x42]))).toEqual({ text: 'AB', encoding: 'utf-16be' });
		expect(decodeText(new Uint8Array([0x41, 0, 0x2c, 0, 0x42, 0, 0x0a, 0]))).toEqual({ text: 'A,B\n', encoding: 'utf-16le' });
	});
	it('falls back to Windows-1252 for text that is not UTF-8, including € and dashes', () => {
		expect(decodeText(new Uint8Array([0x80, 0x20, 0x96, 0x20, 0xe9]))).toEqual({ text: '€ – é', encoding: 'windows-1252' });
	});
});

describe('parseFile: formats and quirks', () => {
	it('reads quoted fields with embedded commas, doubled quotes, line breaks and emoji (CRLF records)', async () => {
		const t = await parseFile(fixture('comma-quoted.csv'), 'comma-quoted.csv');
		expect(t.delimiter).toBe(',');
		expect(t.columns.map((c) => c.name)).toEqual(['Customer ID', 'Product', 'Comment', 'Rating']);
		expect(comments(t, 'Comment')).toEqual([
			'Boils fast, but the lid sticks',
			'She said "never again" after the second one',
			'Line one\nline two, still the same comment',
			'Crème brûlée setting is great — naïve me expected less 😀'
		]);
	});

	it('reads a European Excel CSV: semicolons and Windows-1252', async () => {
		const t = await parseFile(fixture('semicolon-cp1252.csv'), 'semicolon-cp1252.csv');
		expect(t).toMatchObject({ delimiter: ';', encoding: 'windows-1252' });
		expect(comments(t, 'Kommentar')).toEqual(['Größe passt; Deckel klemmt', 'Café-Qualität, sehr schön – danke', 'Zu laut für 120 €']);
	});

	it('reads pipe-delimited and tab-separated files', async () => {
		const pipe = await parseFile(fixture('pipe.csv'), 'pipe.csv');
		expect(pipe.delimiter).toBe('|');
		expect(comments(pipe, 'feedback')[0]).toBe('Delivery took two weeks, way too long');
		const tsv = await parseFile(fixture('tab.tsv'), 'tab.tsv');
		expect(tsv).toMatchObject({ delimiter: '\t', format: 'tsv' });
		expect(comments(tsv, 'comment')).toEqual(['The app logs me out, every day', 'Support solved it "quickly"']);
	});

	it('reads Excel "Unicode text" (UTF-16 LE and BE with BOM, tabs)', async () => {
		for (const name of ['utf16le-bom.txt', 'utf16be-bom.txt']) {
			const t = await parseFile(fixture(name), name);
			expect(t.delimiter).toBe('\t');
			expect(comments(t, 'Comment')).toEqual(['Łatwe w użyciu, polecam', '日本語のコメントです']);
		}
	});

	it('drops the UTF-8 BOM from the first header', async () => {
		const t = await parseFile(fixture('utf8-bom.csv'), 'utf8-bom.csv');
		expect(t.columns[0].name).toBe('name');
		expect(comments(t, 'comment')).toEqual(['Très bien — merci', 'Ünterschied? Nein.']);
	});

	it('merges a SurveyMonkey second header row and makes blank and repeated headers unique', async () => {
		const t = await parseFile(fixture('surveymonkey.csv'), 'surveymonkey.csv');
		expect(t.headerRowCount).toBe(2);
		expect(t.columns.map((c) => c.name)).toEqual([
			'Respondent ID',
			'Email Address',
			'Which product did you buy? - Department',
			'Which product did you buy? - Class',
			'Overall, how satisfied are you?',
			'What did you like?',
			'What should we improve?',
			'Notes',
			'Notes (2)',
			'Column 10'
		]);
		expect(t.rows).toHaveLength(3);
	});

	it('skips the three Qualtrics header rows and names columns by their question text', async () => {
		const t = await parseFile(fixture('qualtrics.csv'), 'qualtrics.csv');
		expect(t.headerRowCount).toBe(3);
		expect(t.columns[4].name).toBe('What is the main reason for your score?');
		expect(t.columns[4].labels[0]).toBe('Q2');
		expect(t.rows[0][4]).toBe('Great support team');
	});

	it('reads the first sheet of an .xlsx, or the one asked for, with dates as ISO dates', async () => {
		const t = await parseFile(fixture('survey.xlsx'), 'survey.xlsx');
		expect(t).toMatchObject({ format: 'xlsx', sheet: 'Responses', sheets: ['Responses', 'Notes'] });
		expect(t.rows[0]).toEqual(['C1', '2024-03-01', '5', 'Arrived early, works great']);
		expect(t.rows[2][3]).toBe('Multi\nline comment');
		const second = await parseFile(fixture('survey.xlsx'), 'survey.xlsx', { sheet: 'Notes' });
		expect(second.rows).toEqual([['Other', 'Second sheet comment']]);
		await expect(parseFile(fixture('survey.xlsx'), 'survey.xlsx', { sheet: 'Nope' })).rejects.toThrow(/no sheet named “Nope”.*Responses, Notes/);
	});

	it('reads pasted spreadsheet cells (tab-separated)', () => {
		const t = parseText('Comment\tRegion\nToo slow\tNorth\n"Two\nlines"\tSouth\n');
		expect(t.format).toBe('paste');
		expect(t.rows).toEqual([
			['Too slow', 'North'],
			['Two\nlines', 'South']
		]);
	});

	it('pads short rows and flags rows with too many cells', async () => {
		const t = await parseFile(fixture('ragged.csv'), 'ragged.csv');
		expect(t.rows[0]).toEqual(['1', 'Short row missing product', '']);
		expect(t.badRows).toEqual([2]);
		expect(t.problems).toEqual([{ row: 2, line: 4, kind: 'broken-row', message: expect.stringMatching(/5 cells but the header has 3/) }]);
	});
});

describe('parseFile: files that cannot be imported get a clear message', () => {
	const rejects = async (bytes: Uint8Array, name: string, code: string, message: RegExp) => {
		const error = await parseFile(bytes, name).then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(ImportError);
		expect((error as ImportError).code).toBe(code);
		expect((error as ImportError).message).toMatch(message);
	};
	it('empty and blank files', async () => {
		await rejects(fixture('empty.csv'), 'empty.csv', 'empty', /“empty.csv” is empty/);
		await rejects(fixture('blank-lines.csv'), 'blank-lines.csv', 'empty', /no rows to import/);
	});
	it('a file with only headers', async () => {
		await rejects(fixture('headers-only.csv'), 'headers-only.csv', 'headers-only', /header row but no data rows/);
	});
	it('binary files', async () => {
		await rejects(fixture('binary.png'), 'binary.png', 'binary', /PNG image, not a table/);
		await rejects(fixture('binary.dat'), 'binary.dat', 'binary', /not text.*CSV, TSV or .xlsx/);
		await rejects(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.xlsx', 'unsupported', /could not be read as an Excel workbook/);
	});
	it('a file over the size limit, before any parsing', async () => {
		const big = new Uint8Array(MAX_IMPORT_BYTES + 1);
		await rejects(big, 'huge.csv', 'too-large', /is 50.0 MB; the import limit is 50.0 MB/);
	});
	it('old .xls workbooks', async () => {
		await rejects(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls', 'unsupported', /Save it as .xlsx or CSV/);
	});
	it('a paste that is only whitespace', () => {
		expect(() => parseText('  \n\t\n')).toThrow(/no rows to import/);
	});
	it('does not mistake a plain UTF-8 file for UTF-16', () => {
		expect(decodeText(utf8('a,b\n1,2\n')).encoding).toBe('utf-8');
	});
});

describe('parseText: pasted text without tabs', () => {
	it('guesses the delimiter like a file would', () => {
		const t = parseText('Kommentar;Region\nZu laut, leider;Nord\n');
		expect(t.delimiter).toBe(';');
		expect(t.rows).toEqual([['Zu laut, leider', 'Nord']]);
	});
});
