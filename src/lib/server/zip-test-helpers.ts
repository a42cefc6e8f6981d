import { createDeflateRaw, deflateRawSync } from 'node:zlib';

/** One part of a zip archive to write: its name, its deflated data and the sizes to declare. */
export interface ZipPart {
	name: string;
	data: Uint8Array;
	/** Uncompressed size written into the headers (a bomb may lie about it). */
	size: number;
	/** 8 = deflate, 0 = stored. */
	method?: number;
}

/**
 * Deflates `total` bytes of one repeated byte without ever holding them: a zip bomb's payload,
 * for tests (a few hundred megabytes of zeros deflate to a few hundred kilobytes).
 */
export async function deflatedZeros(total: number, chunk = 1024 * 1024): Promise<Uint8Array> {
	const deflate = createDeflateRaw({ level: 9 });
	const out: Buffer[] = [];
	deflate.on('data', (d: Buffer) => out.push(d));
	const done = new Promise((resolve) => deflate.on('end', resolve));
	const zeros = Buffer.alloc(chunk, 0x20);
	for (let sent = 0; sent < total; sent += chunk) {
		if (!deflate.write(zeros.subarray(0, Math.min(chunk, total - sent)))) await new Promise((r) => deflate.once('drain', r));
	}
	deflate.end();
	await done;
	return Buffer.concat(out);
}

/** A zip archive (PKWARE APPNOTE: local headers, central directory, end record) of the parts; CRCs are left 0. */
export function zipArchive(parts: ZipPart[]): Uint8Array {
	const chunks: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const part of parts) {
		const name = Buffer.from(part.name);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(part.method ?? 8, 8);
		local.writeUInt32LE(part.data.length, 18);
		local.writeUInt32LE(part.size, 22);
		local.writeUInt16LE(name.length, 26);
		const entry = Buffer.alloc(46);
		entry.writeUInt32LE(0x02014b50, 0);
		entry.writeUInt16LE(20, 4);
		entry.writeUInt16LE(20, 6);
		entry.writeUInt16LE(part.method ?? 8, 10);
		entry.writeUInt32LE(part.data.length, 20);
		entry.writeUInt32LE(part.size, 24);
		entry.writeUInt16LE(name.length, 28);
		entry.writeUInt32LE(offset, 42);
		central.push(entry, name);
		chunks.push(local, name, Buffer.from(part.data));
		offset += 30 + name.length + part.data.length;
	}
	const dir = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(parts.length, 8);
	end.writeUInt16LE(parts.length, 10);
	end.writeUInt32LE(dir.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...chunks, dir, end]);
}

/** A deflated part of an archive, its size declared truthfully. */
export function xmlPart(name: string, text: string): ZipPart {
	const bytes = Buffer.from(text);
	return { name, data: deflateRawSync(bytes), size: bytes.length };
}

/**
 * A minimal .xlsx workbook (content types, workbook, its relationships) with one worksheet per
 * entry of `sheets`, by sheet name: each value is the XML inside `<sheetData>`, e.g.
 * `<row r="1"><c r="A1" t="inlineStr"><is><t>Comment</t></is></c></row>`. `extra` parts are added
 * as they are. For tests: CRCs are left 0, which the workbook reader does not check.
 */
export function workbook(sheets: Record<string, string>, extra: ZipPart[] = []): Uint8Array {
	const names = Object.keys(sheets);
	const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
	const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
	return zipArchive([
		xmlPart(
			'[Content_Types].xml',
			`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`
		),
		xmlPart(
			'_rels/.rels',
			`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		),
		xmlPart(
			'xl/_rels/workbook.xml.rels',
			`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`
		),
		xmlPart(
			'xl/workbook.xml',
			`<?xml version="1.0"?><workbook xmlns="${main}" xmlns:r="${rel}"><sheets>${names.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`
		),
		...names.map((n, i) => xmlPart(`xl/worksheets/sheet${i + 1}.xml`, `<?xml version="1.0"?><worksheet xmlns="${main}"><sheetData>${sheets[n]}</sheetData></worksheet>`)),
		...extra
	]);
}
