import { inflateRawSync } from 'node:zlib';
import { formatBytes, ImportError, MAX_XLSX_UNPACKED_BYTES } from '../import/errors';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

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

/**
 * Guards against zip bombs before an .xlsx (a zip archive) is handed to the workbook reader,
 * which inflates every part in memory. Reads the central directory (PKWARE APPNOTE 6.3.x, 4.3.12
 * and 4.3.16) and refuses the file when the parts' declared uncompressed sizes add up to more than
 * `limit` bytes; then inflates each part with that size as a hard cap (zlib's `maxOutputLength`),
 * so a part that lies about its size is stopped while inflating. Throws `ImportError`
 * ('too-large-unpacked', or 'unsupported' for an archive it cannot read); returns the total size.
 */
export function checkZipBounds(bytes: Uint8Array, fileName: string, limit = MAX_XLSX_UNPACKED_BYTES): number {
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
	const entries = view.getUint16(eocd + 10, true);
	let offset = view.getUint32(eocd + 16, true);
	if (entries === 0xffff || offset === 0xffffffff) throw unpackedTooLarge(fileName, 'more than 4 GB (a ZIP64 archive)', limit);
	const parts: { method: number; compressed: number; size: number; local: number }[] = [];
	let declared = 0;
	for (let n = 0; n < entries; n++) {
		if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL) throw broken(fileName, 'a damaged zip directory');
		const method = view.getUint16(offset + 10, true);
		const compressed = view.getUint32(offset + 20, true);
		const size = view.getUint32(offset + 24, true);
		if (size === 0xffffffff || compressed === 0xffffffff) throw unpackedTooLarge(fileName, 'more than 4 GB (a ZIP64 archive)', limit);
		declared += size;
		if (declared > limit) throw unpackedTooLarge(fileName, `more than ${formatBytes(declared)}`, limit);
		parts.push({ method, compressed, size, local: view.getUint32(offset + 42, true) });
		offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
	}
	let unpacked = 0;
	for (const part of parts) {
		if (part.local + 30 > bytes.length || view.getUint32(part.local, true) !== LOCAL) throw broken(fileName, 'a damaged zip entry');
		const start = part.local + 30 + view.getUint16(part.local + 26, true) + view.getUint16(part.local + 28, true);
		const data = bytes.subarray(start, start + part.compressed);
		if (part.method === 0) {
			unpacked += data.length;
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
	}
	return unpacked;
}
