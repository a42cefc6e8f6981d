import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, PngEncoder } from './png-encoder';
import { ImageTooLargeError, MAX_PIXELS, planPng, SHARP_PIXELS, TILE_AREA, TILE_SIDE } from './png';

/** Reads an 8-bit RGB PNG back into its pixels, checking every chunk's CRC. */
function decode(png: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
	let at = 8;
	let width = 0;
	let height = 0;
	const idat: Uint8Array[] = [];
	const types: string[] = [];
	while (at < png.length) {
		const length = view.getUint32(at);
		const type = png.subarray(at + 4, at + 8);
		const data = png.subarray(at + 8, at + 8 + length);
		expect(view.getUint32(at + 8 + length)).toBe(crc32(type, data));
		const name = new TextDecoder().decode(type);
		types.push(name);
		if (name === 'IHDR') {
			width = view.getUint32(at + 8);
			height = view.getUint32(at + 12);
			expect([...data.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
		}
		if (name === 'IDAT') idat.push(data);
		at += 12 + length;
	}
	expect(types[0]).toBe('IHDR');
	expect(types.at(-1)).toBe('IEND');
	const raw = inflateSync(Buffer.concat(idat));
	const stride = 1 + width * 3;
	expect(raw.length).toBe(stride * height);
	const rgb = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * stride];
		expect([0, 1]).toContain(filter);
		for (let i = 0; i < width * 3; i++) {
			const v = raw[y * stride + 1 + i];
			const left = filter === 1 && i >= 3 ? rgb[y * width * 3 + i - 3] : 0;
			rgb[y * width * 3 + i] = (v + left) & 0xff;
		}
	}
	return { width, height, rgb };
}

describe('PngEncoder', () => {
	it('writes rows given band by band into one PNG whose pixels read back exactly', async () => {
		const width = 37;
		const height = 50;
		const rgba = new Uint8Array(width * height * 4);
		for (let i = 0; i < width * height; i++) rgba.set([(i * 7) & 255, (i * 13) & 255, (i * 31) & 255, 255], i * 4);
		const png = new PngEncoder(width, height);
		// Bands of uneven height, as tiles of a tall image come.
		await png.addRows(rgba.subarray(0, 17 * width * 4));
		await png.addRows(rgba.subarray(17 * width * 4, 40 * width * 4));
		await png.addRows(rgba.subarray(40 * width * 4));
		const out = decode(new Uint8Array(await (await png.finish()).arrayBuffer()));
		expect(out.width).toBe(width);
		expect(out.height).toBe(height);
		const expected = new Uint8Array(width * height * 3);
		for (let i = 0; i < width * height; i++) expected.set(rgba.subarray(i * 4, i * 4 + 3), i * 3);
		expect(Buffer.from(out.rgb).equals(Buffer.from(expected))).toBe(true);
	});

	it('refuses rows beyond its height, and finishing before all rows came', async () => {
		const png = new PngEncoder(2, 2);
		await expect(png.addRows(new Uint8Array(2 * 3 * 4))).rejects.toThrow(RangeError);
		await png.addRows(new Uint8Array(2 * 4));
		await expect(png.finish()).rejects.toThrow(/only 1/);
	});

	it('matches the CRC-32 of PNG chunks', () => {
		// The IEND chunk's CRC is fixed by the format.
		expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
	});
});

describe('planPng', () => {
	it('draws a small image at 2× in one tile', () => {
		const plan = planPng(1200, 800);
		expect(plan).toMatchObject({ scale: 2, width: 2400, height: 1600, columns: [{ x: 0, width: 2400 }], bands: [{ y: 0, height: 1600 }] });
	});

	it('draws the board image of ~1,000 notes (1,200 × 24,932) in tiles within the canvas limits, at 1× or more', () => {
		const plan = planPng(1200, 24_932);
		expect(plan.scale).toBeGreaterThanOrEqual(1);
		expect(plan.width * plan.height).toBeLessThanOrEqual(SHARP_PIXELS * 1.001);
		for (const band of plan.bands)
			for (const col of plan.columns) {
				expect(Math.max(band.height, col.width)).toBeLessThanOrEqual(TILE_SIDE);
				expect(band.height * col.width).toBeLessThanOrEqual(TILE_AREA);
			}
		// The bands cover every row once, in order.
		expect(plan.bands.reduce((y, b) => (expect(b.y).toBe(y), y + b.height), 0)).toBe(plan.height);
	});

	it('cuts an image wider than a tile into columns that cover it once', () => {
		const plan = planPng(9_000, 500, 1);
		expect(plan.columns.length).toBe(3);
		expect(plan.columns.reduce((x, c) => (expect(c.x).toBe(x), x + c.width), 0)).toBe(9_000);
		for (const c of plan.columns) expect(c.width * plan.bands[0].height).toBeLessThanOrEqual(TILE_AREA);
	});

	it('never goes below 1×, and refuses an image past MAX_PIXELS', () => {
		expect(planPng(1200, 90_000).scale).toBe(1);
		expect(() => planPng(1200, Math.ceil(MAX_PIXELS / 1200) + 1)).toThrow(ImageTooLargeError);
	});
});
