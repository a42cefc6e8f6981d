/**
 * A PNG written band by band (8-bit RGB, no interlace), so that an image larger than any canvas a
 * browser allows is made from canvases that each stay within the limits: rows go through the
 * platform's `CompressionStream('deflate')` (zlib, as PNG's IDAT wants) as they come, and only
 * the compressed bytes are kept.
 */

const SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
/** Most bytes of one IDAT chunk; the compressed stream is cut into chunks of this size. */
const IDAT_BYTES = 1 << 20;

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/** CRC-32 (ISO 3309, as PNG chunks carry) of `parts` taken as one byte string. */
export function crc32(...parts: Uint8Array[]): number {
	let c = 0xffffffff;
	for (const bytes of parts) for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	const name = new TextEncoder().encode(type);
	view.setUint32(0, data.length);
	out.set(name, 4);
	out.set(data, 8);
	view.setUint32(8 + data.length, crc32(name, data));
	return out;
}

export class PngEncoder {
	readonly #writer: WritableStreamDefaultWriter<BufferSource>;
	readonly #compressed: Promise<Uint8Array[]>;
	#rows = 0;

	/** `width` × `height` in pixels (each 1..2^31-1). */
	constructor(
		readonly width: number,
		readonly height: number
	) {
		if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) throw new RangeError(`A PNG cannot be ${width} × ${height} px.`);
		const stream = new CompressionStream('deflate');
		this.#writer = stream.writable.getWriter();
		// Read while writing: a compression stream that nobody reads stops taking rows.
		this.#compressed = (async () => {
			const parts: Uint8Array[] = [];
			const reader = stream.readable.getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return parts;
				parts.push(value);
			}
		})();
	}

	/**
	 * Adds the next rows from RGBA pixels (`rgba.length` = rows × width × 4, as `getImageData`
	 * gives them; alpha is dropped, so draw on an opaque background). Rows are filtered with
	 * PNG's Sub filter, which turns runs of one colour into zeros.
	 */
	async addRows(rgba: Uint8Array | Uint8ClampedArray): Promise<void> {
		const w = this.width;
		const rows = rgba.length / (w * 4);
		if (!Number.isInteger(rows)) throw new RangeError(`Expected whole rows of ${w} pixels.`);
		if (this.#rows + rows > this.height) throw new RangeError(`The PNG has ${this.height} rows; ${this.#rows + rows} were given.`);
		const stride = 1 + w * 3;
		const out = new Uint8Array(rows * stride);
		for (let y = 0; y < rows; y++) {
			const o = y * stride;
			const s = y * w * 4;
			out[o] = 1;
			let pr = 0;
			let pg = 0;
			let pb = 0;
			for (let x = 0; x < w; x++) {
				const r = rgba[s + x * 4];
				const g = rgba[s + x * 4 + 1];
				const b = rgba[s + x * 4 + 2];
				out[o + 1 + x * 3] = (r - pr) & 0xff;
				out[o + 2 + x * 3] = (g - pg) & 0xff;
				out[o + 3 + x * 3] = (b - pb) & 0xff;
				pr = r;
				pg = g;
				pb = b;
			}
		}
		this.#rows += rows;
		await this.#writer.write(out);
	}

	/** Ends the image once every row was added; answers the PNG file. */
	async finish(): Promise<Blob> {
		if (this.#rows !== this.height) throw new RangeError(`The PNG has ${this.height} rows; only ${this.#rows} were given.`);
		await this.#writer.close();
		const parts = await this.#compressed;
		const header = new Uint8Array(13);
		const view = new DataView(header.buffer);
		view.setUint32(0, this.width);
		view.setUint32(4, this.height);
		header.set([8, 2, 0, 0, 0], 8);
		const out: Uint8Array<ArrayBuffer>[] = [SIGNATURE, chunk('IHDR', header)];
		let pending: Uint8Array[] = [];
		let size = 0;
		const flush = () => {
			if (size === 0) return;
			const data = new Uint8Array(size);
			let at = 0;
			for (const p of pending) {
				data.set(p, at);
				at += p.length;
			}
			out.push(chunk('IDAT', data));
			pending = [];
			size = 0;
		};
		for (const p of parts) {
			for (let at = 0; at < p.length; ) {
				const take = Math.min(IDAT_BYTES - size, p.length - at);
				pending.push(p.subarray(at, at + take));
				size += take;
				at += take;
				if (size === IDAT_BYTES) flush();
			}
		}
		flush();
		out.push(chunk('IEND', new Uint8Array(0)));
		return new Blob(out, { type: 'image/png' });
	}
}
