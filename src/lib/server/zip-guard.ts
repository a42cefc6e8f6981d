import { inflateRawSync } from 'node:zlib';
import { formatBytes, ImportError, MAX_XLSX_UNPACKED_BYTES } from '../import/errors';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_LOCATOR = 0x07064b50;

function unpackedTooLarge(fileName: string, what: string, limit: number): ImportError {
	return new ImportError(
		'too-large-unpacked',
		`“${fileName}” unpacks to ${what}; an .xlsx import may unpack to at most ${formatBytes(limit)}. ` +
			'Open it in a spreadsheet, keep the sheet with the comments, and save that as .xlsx or CSV.'
	);
}

function broken(fileName: string, why: string): ImportError {
	return new ImportError('unsupported', `“${fileName}” could not be read as an Excel workbook (${why}). Open it in a spreadsheet, save it as .xlsx or CSV, and import it again.`);
}

/** Reads the parts of an archive as `checkZipBounds` inflates them. */
export interface PartInspector {
	/** Parts of lower rank are inflated (and shown) first; default 0. */
	rank?(name: string): number;
	/** One part, inflated; may throw to refuse the file. `data` is not kept by the caller. */
	part(name: string, data: Uint8Array): void;
}

/**
 * Guards against zip bombs before an .xlsx (a zip archive) is handed to the workbook reader,
 * which inflates every part in memory. Reads the central directory (PKWARE APPNOTE 6.3.x, 4.3.12
 * and 4.3.16) and refuses the file when the parts' declared uncompressed sizes add up to more than
 * `limit` bytes; then inflates each part with that size as a hard cap (zlib's `maxOutputLength`),
 * so a part that lies about its size is stopped while inflating. Throws `ImportError`
 * ('too-large-unpacked', or 'unsupported' for an archive it cannot read); returns the total size.
 * With `inspect`, each part is shown to it once inflated (in the order of its `rank`), before the
 * next is inflated, and whatever it throws refuses the file.
 */
export function checkZipBounds(bytes: Uint8Array, fileName: string, limit = MAX_XLSX_UNPACKED_BYTES, inspect?: PartInspector): number {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The end-of-central-directory record is in the last 22 + 65,535 bytes (its comment is at most 64 KB).
	let eocd = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
		if (view.getUint32(i, true) === EOCD) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw broken(fileName, 'no zip directory');
	// The unzipper the workbook reader uses (fflate) counts the entries "on this disk" and follows a
	// ZIP64 locator when there is one; a directory that says otherwise in either place would show it
	// parts this never saw.
	const entries = Math.max(view.getUint16(eocd + 8, true), view.getUint16(eocd + 10, true));
	let offset = view.getUint32(eocd + 16, true);
	const zip64 = eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR;
	if (zip64 || entries === 0xffff || offset === 0xffffffff) throw unpackedTooLarge(fileName, 'more than 4 GB (a ZIP64 archive)', limit);
	const parts: { name: string; method: number; compressed: number; size: number; local: number }[] = [];
	let declared = 0;
	for (let n = 0; n < entries; n++) {
		if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL) throw broken(fileName, 'a damaged zip directory');
		const method = view.getUint16(offset + 10, true);
		const compressed = view.getUint32(offset + 20, true);
		const size = view.getUint32(offset + 24, true);
		if (size === 0xffffffff || compressed === 0xffffffff) throw unpackedTooLarge(fileName, 'more than 4 GB (a ZIP64 archive)', limit);
		declared += size;
		if (declared > limit) throw unpackedTooLarge(fileName, `more than ${formatBytes(declared)}`, limit);
		const nameLength = view.getUint16(offset + 28, true);
		// Bit 11 of the flags: the name is UTF-8; otherwise read byte for byte, as the unzipper reads it.
		const rawName = bytes.subarray(offset + 46, offset + 46 + nameLength);
		const name = view.getUint16(offset + 8, true) & 0x800 ? new TextDecoder().decode(rawName) : String.fromCharCode(...rawName);
		parts.push({ name, method, compressed, size, local: view.getUint32(offset + 42, true) });
		offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
	}
	if (inspect?.rank) {
		const rank = new Map(parts.map((p) => [p, inspect.rank!(p.name)]));
		parts.sort((a, b) => rank.get(a)! - rank.get(b)!);
	}
	let unpacked = 0;
	for (const part of parts) {
		if (part.local + 30 > bytes.length || view.getUint32(part.local, true) !== LOCAL) throw broken(fileName, 'a damaged zip entry');
		const start = part.local + 30 + view.getUint16(part.local + 26, true) + view.getUint16(part.local + 28, true);
		const data = bytes.subarray(start, start + part.compressed);
		if (part.method === 0) {
			unpacked += data.length;
			inspect?.part(part.name, data);
			continue;
		}
		if (part.method !== 8) throw broken(fileName, `compression method ${part.method}`);
		let out: Buffer;
		try {
			out = inflateRawSync(data, { maxOutputLength: Math.max(1, Math.min(part.size, limit - unpacked)) });
		} catch (err) {
			if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw unpackedTooLarge(fileName, 'more than its directory says', limit);
			throw broken(fileName, 'a damaged zip entry');
		}
		unpacked += out.length;
		inspect?.part(part.name, out);
	}
	return unpacked;
}
