import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../import/xlsx';
import { sheetGuard } from './sheet-guard';
import { checkZipBounds } from './zip-guard';
import { workbook, xmlPart, zipArchive } from './zip-test-helpers';

const text = (ref: string, value: string) => `<c r="${ref}" t="inlineStr"><is><t>${value}</t></is></c>`;
const header = `<row r="1">${text('A1', 'Comment')}</row>`;

/** What the import worker does before the workbook reader: the zip's bounds, then the sheets'. */
function guard(bytes: Uint8Array, fileName = 'file.xlsx'): void {
	checkZipBounds(bytes, fileName, undefined, sheetGuard(fileName));
}

describe('sheetGuard', () => {
	it('refuses one value in XFD1048576 naming the cell, the sheet and the limit', () => {
		const sparse = workbook({ Responses: `${header}<row r="1048576">${text('XFD1048576', 'x')}</row>` });
		expect(sparse.length).toBeLessThan(2048);
		expect(() => guard(sparse, 'sparse.xlsx')).toThrow(
			expect.objectContaining({
				code: 'too-many-rows',
				message: expect.stringMatching(/^“sparse\.xlsx” has a value in cell XFD1048576 of sheet “Responses”, row 1,048,576; one import takes at most 25,000 rows\./)
			})
		);
	});

	it('refuses a value right of column 1,000 or below row 25,003, and takes one at the edge', () => {
		expect(() => guard(workbook({ S: `<row r="1">${text('A1', 'Comment')}${text('ALM1', 'x')}</row>` }))).toThrow(
			expect.objectContaining({ code: 'too-many-columns', message: expect.stringMatching(/cell ALM1 of sheet “S”, column 1,001; one import reads at most 1,000 columns/) })
		);
		expect(() => guard(workbook({ S: `${header}<row r="25004"><c r="A25004"><v>1</v></c></row>` }))).toThrow(expect.objectContaining({ code: 'too-many-rows' }));
		expect(() => guard(workbook({ S: `<row r="1">${text('A1', 'Comment')}${text('ALL1', 'x')}</row><row r="25003"><c r="A25003"><v>1</v></c></row>` }))).not.toThrow();
	});

	it('checks every sheet, as the reader reads them all', () => {
		const second = workbook({ Responses: header, Notes: `<row r="2">${text('A2', 'ok')}</row><row r="900000">${text('B900000', 'x')}</row>` });
		expect(() => guard(second)).toThrow(expect.objectContaining({ message: expect.stringMatching(/cell B900000 of sheet “Notes”/) }));
	});

	it('lets empty cells and rows far out through, as the reader drops them', async () => {
		const styled = workbook({ S: `<row r="1">${text('A1', 'Comment')}<c r="XFD1" s="1"/></row><row r="2">${text('A2', 'Great')}</row><row r="1048576" s="1" customFormat="1"><c r="XFD1048576" s="1"/></row>` });
		expect(() => guard(styled)).not.toThrow();
		const table = await readXlsx(styled, 'styled.xlsx');
		expect(table.columns.map((c) => c.name)).toEqual(['Comment']);
		expect(table.rows).toEqual([['Great']]);
	});

	it('refuses references past the last cell a sheet can have, however written', () => {
		const refused = (rows: string) => expect(() => guard(workbook({ S: `${header}${rows}` }))).toThrow(expect.objectContaining({ code: 'unsupported', message: expect.stringMatching(/beyond the last (row|cell) a spreadsheet can have/) }));
		refused('<row r="1048577"/>');
		refused('<row r="1e9"/>');
		refused('<row r="Infinity"/>');
		refused('<row r="2"><c r="XFE2" s="1"/></row>');
		// Character references are decoded first, as the reader's parser does: A1048577.
		refused('<row r="2"><c r="A1&#48;48577" s="1"/></row>');
	});

	it('reads names and attributes without their prefix, as the reader does', () => {
		expect(() => guard(workbook({ S: `${header}<x:row r="2"><x:c r="XFD2" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>` }))).toThrow(expect.objectContaining({ code: 'too-many-columns' }));
		expect(() => guard(workbook({ S: `${header}<row r="2"><c a:r="XFD2"><v>1</v></c></row>` }))).toThrow(expect.objectContaining({ code: 'too-many-columns' }));
		// An "xmlns:r" declaration is not an "r" attribute.
		expect(() => guard(workbook({ S: `${header}<row r="2"><c r="A2" xmlns:r="urn:99999999"><v>1</v></c></row>` }))).not.toThrow();
	});

	it('refuses a cell tag written so that where it ends cannot be known', () => {
		expect(() => guard(workbook({ S: `${header}<row r="2"><c r="A2" x=">"><v>1</v></c></row>` }))).toThrow(
			expect.objectContaining({ code: 'unsupported', message: expect.stringMatching(/malformed <c> tag/) })
		);
		expect(() => guard(workbook({ S: `${header}<row r = "2"/>` }))).toThrow(expect.objectContaining({ code: 'unsupported' }));
	});

	it('reads a worksheet wherever the relationships put it, and no part that is not XML', () => {
		const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
		const elsewhere = zipArchive([
			xmlPart('xl/_rels/workbook.xml.rels', `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/hidden/a.xml"/></Relationships>`),
			xmlPart('xl/workbook.xml', `<workbook xmlns:r="r"><sheets><sheet name="Hidden" sheetId="1" r:id="rId1"/></sheets></workbook>`),
			xmlPart('hidden/a.xml', `<worksheet xmlns="${main}"><sheetData>${header}<row r="2">${text('ZZZ2', 'x')}</row></sheetData></worksheet>`)
		]);
		expect(() => guard(elsewhere)).toThrow(expect.objectContaining({ message: expect.stringMatching(/cell ZZZ2 of sheet “Hidden”/) }));
		const png = Buffer.from('\x89PNG<c r="XFD9"><v>1</v></c>');
		const image = workbook({ S: header }, [{ name: 'xl/media/image1.png', data: png, size: png.length, method: 0 }]);
		expect(() => guard(image)).not.toThrow();
	});

	it('passes an ordinary workbook', () => {
		expect(() => guard(readFileSync(new URL('../../../tests/fixtures/import/survey.xlsx', import.meta.url)), 'survey.xlsx')).not.toThrow();
	});
});
