import { ImportError } from './errors';

export interface DecodedText {
	text: string;
	/** WHATWG encoding label actually used: utf-8, utf-16le, utf-16be or windows-1252. */
	encoding: string;
}

/**
 * Turns file bytes into text. A byte-order mark decides when present; otherwise UTF-16 is
 * recognised by its zero bytes, and text that is not valid UTF-8 is read as Windows-1252 (which
 * decodes every byte, so legacy and damaged exports still open).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
	if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { text: decodeWith('utf-8', bytes.subarray(3)), encoding: 'utf-8' };
	}
	if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
		return { text: decodeWith('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
	}
	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
		return { text: decodeWith('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
	}
	const utf16 = sniffUtf16(bytes);
	if (utf16) return { text: decodeWith(utf16, bytes), encoding: utf16 };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
	}
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F. Decoded by hand because some runtimes
// (Node built without full ICU) treat the label as Latin-1 and turn "€" into a control character.
const CP1252_HIGH =
	'\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
	'\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
	const parts: string[] = [];
	const CHUNK = 8192;
	for (let start = 0; start < bytes.length; start += CHUNK) {
		const end = Math.min(bytes.length, start + CHUNK);
		const codes = new Array<number>(end - start);
		for (let i = start; i < end; i++) {
			const b = bytes[i];
			codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b;
		}
		parts.push(String.fromCharCode(...codes));
	}
	return parts.join('');
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
	return new TextDecoder(encoding).decode(bytes);
}

/** UTF-16 text without a BOM: most ASCII characters leave a zero byte on one side. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	const n = Math.min(bytes.length - (bytes.length % 2), 4096);
	if (n < 4) return null;
	let evenZeros = 0;
	let oddZeros = 0;
	for (let i = 0; i < n; i += 2) {
		if (bytes[i] === 0) evenZeros++;
		if (bytes[i + 1] === 0) oddZeros++;
	}
	const pairs = n / 2;
	if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
	if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
	return null;
}

const BINARY_SIGNATURES: { magic: number[]; what: string }[] = [
	{ magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel .xls (or other Office 97) file' },
	{ magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' },
	{ magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
	{ magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
	{ magic: [0x1f, 0x8b], what: 'a gzip archive' }
];

export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Refuses files that are not text before anyone tries to read them as a table. */
export function assertText(bytes: Uint8Array, text: string): void {
	for (const { magic, what } of BINARY_SIGNATURES) {
		if (magic.every((b, i) => bytes[i] === b)) {
			throw new ImportError(
				'binary',
				`This file looks like ${what}, not a table. Save it as CSV, TSV or .xlsx and import that.`
			);
		}
	}
	const sample = text.slice(0, 8192);
	let control = 0;
	for (let i = 0; i < sample.length; i++) {
		const c = sample.charCodeAt(i);
		if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
	}
	if (sample.length > 0 && control / sample.length > 0.02) {
		throw new ImportError(
			'binary',
			'This file is not text: it contains binary data. Import a CSV, TSV or .xlsx file (in a spreadsheet: File > Save as > CSV).'
		);
	}
}
