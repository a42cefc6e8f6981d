import readXlsxFile from 'read-excel-file/universal';
import { checkTableBounds } from './bounds';
import { ImportError } from './errors';
import { buildTable, type ParsedTable } from './table';

type Cell = string | number | boolean | Date | null | undefined;

/** Reads one sheet of an .xlsx workbook (the first, or the one named). */
export async function readXlsx(bytes: Uint8Array, fileName: string, sheet?: string): Promise<ParsedTable> {
	let sheets: { sheet: string; data: Cell[][] }[];
	try {
		const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
		sheets = (await readXlsxFile(buffer)) as { sheet: string; data: Cell[][] }[];
	} catch (error) {
		throw new ImportError(
			'unsupported',
			`“${fileName}” could not be read as an Excel workbook (${(error as Error).message}). Open it in a spreadsheet, save it as .xlsx or CSV, and import it again.`
		);
	}
	const names = sheets.map((s) => s.sheet);
	const chosen = sheet === undefined ? sheets[0] : sheets.find((s) => s.sheet === sheet);
	if (!chosen) {
		throw new ImportError(
			'bad-sheet',
			sheet === undefined
				? `“${fileName}” has no sheets.`
				: `“${fileName}” has no sheet named “${sheet}”. Its sheets are: ${names.join(', ')}.`
		);
	}
	const raw = chosen.data.map((row) => row.map(cellText));
	checkTableBounds(raw, fileName);
	return buildTable(raw, {
		fileName,
		format: 'xlsx',
		encoding: 'xlsx',
		delimiter: null,
		sheet: chosen.sheet,
		sheets: names
	});
}

function cellText(cell: Cell): string {
	if (cell === null || cell === undefined) return '';
	if (cell instanceof Date) {
		const iso = cell.toISOString();
		return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
	}
	if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
	return String(cell);
}
