import { ImportError, MAX_IMPORT_COLUMNS, MAX_IMPORT_ROWS } from '../import/errors';
import type { PartInspector } from './zip-guard';

/** The last row and column a worksheet can have (Excel and ECMA-376: XFD1048576). */
export const SHEET_MAX_ROWS = 1_048_576;
export const SHEET_MAX_COLUMNS = 16_384;

/** Spreadsheet rows one import reads: the rows it takes and up to three header rows. */
const ROWS_READ = MAX_IMPORT_ROWS + 3;

// Where the workbook reader (read-excel-file) finds the sheets: fixed paths, as it reads them.
const RELATIONSHIPS = 'xl/_rels/workbook.xml.rels';
const WORKBOOK = 'xl/workbook.xml';
const WORKSHEET_TYPES = new Set([
	'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
	'http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet'
]);

const fmt = (n: number) => n.toLocaleString('en');

/**
 * Refuses a workbook whose sheets refer to cells far beyond what one import reads, before the
 * workbook reader sees it. The reader (read-excel-file) builds every sheet as a full grid: it adds
 * an empty row for each row number skipped and pads every row to the last column that holds a
 * value, so a 1.4 KB file with one value in XFD1048576 grew to a million rows of 16,384 cells
 * (700 MB and half a minute) before the import's own limits could refuse it. This reads the
 * references instead, from the parts `checkZipBounds` inflates anyway, and refuses:
 *
 * - a row or cell reference past XFD1048576, empty or not (no spreadsheet has one; the reader
 *   would add every row up to it): `ImportError('unsupported')`;
 * - a cell with content (a `<c>` that does not close itself) below row 25,003 or right of column
 *   1,000: the grid would pass the import's limits, so the same `ImportError` ('too-many-rows' /
 *   'too-many-columns') the table would get, now naming the cell and its sheet;
 * - a `<c>` or `<row>` tag written other than as `name="value"` attributes without `<` or `>` in
 *   them (no spreadsheet writes one; where such a tag ends depends on how the reader happens to
 *   cut the text into chunks, so its attributes cannot be known): `ImportError('unsupported')`.
 *
 * Every part the reader may take for a sheet is read (every `.xml` and `.xml.rels` part: a
 * workbook's relationships may point anywhere), the workbook's relationships and sheet list first
 * so that messages name the sheet. Empty cells and rows inside the sheet's bounds are let through,
 * as the reader drops them at the end of a sheet. The `<dimension>` element is not trusted either
 * way (writers may leave it wrong, and the reader ignores it). Tags and references are read as
 * the reader reads them: names without their prefix, character references decoded, `Number()`
 * for row numbers; a tag inside a comment is read too, so this may see more than the reader, never less.
 */
export function sheetGuard(fileName: string): PartInspector {
	/** Worksheet part → the relationship ids that name it. */
	const sheets = new Map<string, string[]>();
	/** Relationship id → sheet name, from the workbook's sheet list. */
	const names = new Map<string, string>();
	return {
		rank: (name) => (name === RELATIONSHIPS ? 0 : name === WORKBOOK ? 1 : 2),
		part(name, data) {
			if (!name.endsWith('.xml') && !name.endsWith('.xml.rels')) return;
			// Best effort, for messages only: a tag that is not plainly written is passed over.
			if (name === RELATIONSHIPS) {
				scanStartTags(data, ['Relationship'], ['Id', 'Type', 'Target'], (_, values) => {
					const [ids, types, targets] = [values.all(0), values.all(1), values.all(2)];
					if (!types.some((t) => WORKSHEET_TYPES.has(t))) return;
					for (const t of targets) {
						const path = t.startsWith('/') ? t.slice(1) : `xl/${t}`;
						sheets.set(path, [...(sheets.get(path) ?? []), ...ids]);
					}
				});
			} else if (name === WORKBOOK) {
				scanStartTags(data, ['sheet'], ['name', 'id'], (_, values) => {
					const sheetName = values.count(0) > 0 ? values.text(0, 0) : '';
					if (sheetName) for (const id of values.all(1)) names.set(id, sheetName);
				});
			}
			const sheetName = sheets.get(name)?.map((id) => names.get(id)).find((n) => n !== undefined);
			checkSheetReferences(data, fileName, sheetName);
		}
	};
}

/**
 * Checks the row and cell references of one part (`data`, its XML) as described for `sheetGuard`;
 * throws the `ImportError` of the first one past the bounds. `sheetName` names the sheet in the
 * message when known.
 */
export function checkSheetReferences(data: Uint8Array, fileName: string, sheetName?: string): void {
	const ofSheet = sheetName ? ` of sheet “${sheetName}”` : '';
	const shown = (r: string) => (r.length > 20 ? `${r.slice(0, 20)}…` : r);
	const notAWorkbook = (what: string) =>
		new ImportError(
			'unsupported',
			`“${fileName}” ${what}, so it is not a workbook Gistboard can read. Open it in a spreadsheet, save it as .xlsx or CSV, and import it again.`
		);
	scanStartTags(
		data,
		['c', 'row'],
		['r'],
		(tag, values, selfClosing) => {
			for (let k = 0; k < values.count(0); k++) {
				if (tag === 1) {
					const plain = values.plainCell(0, k);
					if (plain && plain[1] === 0 && plain[0] <= SHEET_MAX_ROWS) continue;
					const r = values.text(0, k);
					if (Number(r) > SHEET_MAX_ROWS) throw notAWorkbook(`refers to row ${shown(r)}${ofSheet}, beyond the last row a spreadsheet can have (1,048,576)`);
					continue;
				}
				const cell = values.plainCell(0, k) ?? cellAddress(values.text(0, k));
				if (!cell) continue;
				const [row, column] = cell;
				if (row <= ROWS_READ && column <= MAX_IMPORT_COLUMNS) continue;
				const r = values.text(0, k);
				if (row > SHEET_MAX_ROWS || column > SHEET_MAX_COLUMNS) {
					throw notAWorkbook(`refers to cell ${shown(r)}${ofSheet}, beyond the last cell a spreadsheet can have (XFD1048576)`);
				}
				if (selfClosing) continue;
				if (row > ROWS_READ) {
					throw new ImportError(
						'too-many-rows',
						`“${fileName}” has a value in cell ${shown(r)}${ofSheet}, row ${fmt(row)}; one import takes at most ${fmt(MAX_IMPORT_ROWS)} rows. ` +
							'Delete what lies below the comments (or split the file and import the parts one after another), save, and import it again.'
					);
				}
				if (column > MAX_IMPORT_COLUMNS) {
					throw new ImportError(
						'too-many-columns',
						`“${fileName}” has a value in cell ${shown(r)}${ofSheet}, column ${fmt(column)}; one import reads at most ${fmt(MAX_IMPORT_COLUMNS)} columns. ` +
							'Delete the columns you do not need (keep the comments and their customer context), save, and import it again.'
					);
				}
			}
		},
		(tag, at) => {
			throw notAWorkbook(`has a malformed <${tag === 0 ? 'c' : 'row'}> tag (at byte ${fmt(at)} of a sheet${ofSheet})`);
		}
	);
}

/**
 * `[row, column]` of a cell reference ("AA12" → [12, 27]) computed as the workbook reader does:
 * every character before the first digit counts as a letter (code − 64), the rest is `Number()`.
 * Null when the reader would refuse it itself (no digit, not a number).
 */
function cellAddress(ref: string): [number, number] | null {
	let column = 0;
	for (let i = 0; i < ref.length; i++) {
		const c = ref.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			const row = Number(ref.slice(i));
			return Number.isNaN(row) ? null : [row, column];
		}
		column = column * 26 + (c - 64);
	}
	return null;
}

const ENTITY = /&#(\d+);|&#x([0-9a-f]+);|&(\w+);/gi;
const NAMED: Record<string, string> = { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"', AMP: '&', APOS: "'", GT: '>', LT: '<', QUOT: '"' };

/** Character references in an attribute value, decoded as the reader's XML parser (saxen) does. */
function decodeEntities(s: string): string {
	if (s.length <= 3 || !s.includes('&')) return s;
	return s.replace(ENTITY, (whole, d: string | undefined, x: string | undefined, z: string | undefined) => {
		if (z) return Object.hasOwn(NAMED, z) ? NAMED[z] : whole;
		return String.fromCharCode(d ? Number(d) : parseInt(x!, 16));
	});
}

const utf8 = new TextDecoder();

function isSpace(b: number): boolean {
	return b === 32 || (b > 8 && b < 14);
}

const bytesOf = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const XMLNS = bytesOf('xmlns');

/** Which of `names` the bytes `data[from, to)` spell; -1 for none. */
function which(data: Uint8Array, from: number, to: number, names: Uint8Array[]): number {
	outer: for (let n = 0; n < names.length; n++) {
		const name = names[n];
		if (name.length !== to - from) continue;
		for (let k = 0; k < name.length; k++) if (data[from + k] !== name[k]) continue outer;
		return n;
	}
	return -1;
}

/** An attribute value's text: ASCII as it is, anything else as UTF-8. */
function text(raw: Uint8Array): string {
	if (raw.length <= 256) {
		let ascii = true;
		for (let k = 0; k < raw.length; k++) if (raw[k] > 127) ascii = false;
		if (ascii) return String.fromCharCode.apply(null, raw as unknown as number[]);
	}
	return utf8.decode(raw);
}

/** The attribute values of one tag as `scanStartTags` found them: where they are in the bytes. */
class Values {
	/** Per attribute name: start and end offsets of each value, in turn. */
	private readonly spans: number[][];

	constructor(
		readonly data: Uint8Array,
		names: number
	) {
		this.spans = Array.from({ length: names }, () => []);
	}

	clear(): void {
		for (const s of this.spans) s.length = 0;
	}

	add(name: number, start: number, end: number): void {
		this.spans[name].push(start, end);
	}

	/** How many values the attribute `name` was given. */
	count(name: number): number {
		return this.spans[name].length / 2;
	}

	/** Its `k`th value, decoded. */
	text(name: number, k: number): string {
		return decodeEntities(text(this.data.subarray(this.spans[name][2 * k], this.spans[name][2 * k + 1])));
	}

	/** Every value of `name`, decoded. */
	all(name: number): string[] {
		return Array.from({ length: this.count(name) }, (_, k) => this.text(name, k));
	}

	/**
	 * Its `k`th value as a cell reference in capital letters and digits ("AB12"): `[row, column]`
	 * read straight from the bytes; null when it is written any other way (the caller then reads
	 * `text()`).
	 */
	plainCell(name: number, k: number): [number, number] | null {
		const data = this.data;
		const start = this.spans[name][2 * k];
		const end = this.spans[name][2 * k + 1];
		let i = start;
		let column = 0;
		while (i < end && data[i] >= 65 && data[i] <= 90) column = column * 26 + (data[i++] - 64);
		if (i === end || end - i > 9) return null;
		let row = 0;
		for (; i < end; i++) {
			if (data[i] < 48 || data[i] > 57) return null;
			row = row * 10 + (data[i] - 48);
		}
		return [row, column];
	}
}

/**
 * Calls `onTag` for every start tag whose name, without its prefix ("x:c" → "c"), is one of
 * `tags` (with its index there), with the decoded values of the attributes named in `attributes`
 * (by the same index; names without prefix, every value given, as a name may come more than
 * once) and whether it closes itself. Reads every "<" of the bytes, also inside a comment, so it
 * sees every tag the reader's parser sees and maybe more. A tag of `tags` that is not written
 * plainly (whitespace-separated `name="value"` or `name='value'` attributes without "<" or ">"
 * in the value, then ">" or "/>") goes to `onOdd` with its offset instead: where the parser ends
 * such a tag depends on where it happens to cut the text into chunks. Linear in the bytes: a tag
 * is read no further than the next "<" or ">".
 */
function scanStartTags(
	data: Uint8Array,
	tags: string[],
	attributes: string[],
	onTag: (tag: number, values: Values, selfClosing: boolean) => void,
	onOdd: (tag: number, at: number) => void = () => {}
): void {
	const tagNames = tags.map(bytesOf);
	const firstBytes = new Uint8Array(256);
	for (const name of tagNames) firstBytes[name[0]] = 1;
	const attrNames = attributes.map(bytesOf);
	const length = data.length;
	const values = new Values(data, attributes.length);
	for (let lt = 0; lt < length; lt++) {
		if (data[lt] !== 60) continue;
		// The name runs to whitespace, "/" or ">"; its prefix ends at its first ":".
		let end = lt + 1;
		let local = end;
		while (end < length) {
			const b = data[end];
			if (b === 32 || b === 47 || b === 62 || b === 60 || (b > 8 && b < 14)) break;
			if (b === 58 && local === lt + 1) local = end + 1;
			end++;
		}
		if (end === local || !firstBytes[data[local]]) continue;
		const t = which(data, local, end, tagNames);
		if (t < 0) continue;
		values.clear();
		let i = end;
		let selfClosing = false;
		let plain = false;
		while (i < length) {
			const b = data[i];
			if (b === 62) {
				plain = true;
				break;
			}
			if (b === 47) {
				selfClosing = plain = data[i + 1] === 62;
				break;
			}
			if (!isSpace(b)) break;
			while (i < length && isSpace(data[i])) i++;
			if (data[i] === 62 || data[i] === 47) continue;
			// An attribute: its name, "=", a quoted value without "<" or ">".
			const nameStart = i;
			let nameLocal = i;
			while (i < length && data[i] !== 61 && data[i] !== 60 && data[i] !== 62 && data[i] !== 47 && !isSpace(data[i])) {
				if (data[i] === 58 && nameLocal === nameStart) nameLocal = i + 1;
				i++;
			}
			const nameEnd = i;
			if (nameEnd === nameStart || data[i] !== 61) break;
			const quote = data[i + 1];
			if (quote !== 34 && quote !== 39) break;
			let close = i + 2;
			while (close < length && data[close] !== quote && data[close] !== 60 && data[close] !== 62) close++;
			if (data[close] !== quote) break;
			// The parser keeps "xmlns:…" declarations under their whole name.
			const declaration = nameLocal - nameStart === 6 && which(data, nameStart, nameLocal - 1, [XMLNS]) === 0;
			const a = declaration ? -1 : which(data, nameLocal, nameEnd, attrNames);
			if (a >= 0) values.add(a, i + 2, close);
			i = close + 1;
			// Another attribute, or the end of the tag, must follow.
			if (i < length && !isSpace(data[i]) && data[i] !== 62 && data[i] !== 47) break;
		}
		// `values` is reused for the next tag: `onTag` reads it, it does not keep it.
		if (plain) onTag(t, values, selfClosing);
		else onOdd(t, lt);
	}
}
