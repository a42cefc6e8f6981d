import { PngEncoder } from './png-encoder';

/**
 * PNG from one of the board's SVG images, drawn in the browser: the person's own fonts (Chinese,
 * Japanese, Arabic, emoji) render the text, and the server spends no time on pixels. A board image
 * is 1,200 px wide and grows in height with the notes (about 25,000 px for 1,000 notes), past what
 * one canvas holds (Chromium 16,384 px a side in places, Safari 16.7 million pixels). So the image
 * is drawn in tiles that each stay within `TILE_SIDE` and `TILE_AREA`, and the tiles' rows are
 * written into one PNG as they are drawn (`PngEncoder`): no canvas ever holds the whole image.
 */

/** Longest side of one tile's canvas, in device pixels; safe on every current browser. */
export const TILE_SIDE = 4_096;
/** Most pixels of one tile's canvas (Safari on iPhone and iPad allows 16,777,216). */
export const TILE_AREA = 4_096 * 4_096;
/**
 * Most pixels of a PNG drawn at more than 1×: a large image is drawn at a lower scale, down to
 * 1× (12 px text, still readable), so a viewer does not need gigabytes to open it (64 million
 * pixels are 256 MB decoded).
 */
export const SHARP_PIXELS = 64_000_000;
/** Most pixels of a PNG at all (at 1×): about the board image of 6,000 notes. */
export const MAX_PIXELS = 160_000_000;
/**
 * Most notes a whole-board PNG is drawn for. The board image sets ~6 cards per 1,200 px row, so
 * 4,000 notes make an SVG of some 90,000 px, drawn at 1× in some 30 tiles; larger boards are
 * exported as SVG or as groups only.
 */
export const PNG_MAX_NOTES = 4_000;

export class ImageTooLargeError extends Error {
	constructor(readonly width: number, readonly height: number) {
		super(`This image is ${Math.round(width).toLocaleString('en')} × ${Math.round(height).toLocaleString('en')} px, too large for one PNG. Download the SVG, or print it on pages.`);
	}
}

/** Size of an SVG document from its root's width and height attributes, in CSS px. */
export function svgSize(svg: string): { width: number; height: number } {
	const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
	const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root)?.[1] ?? NaN);
	const width = attr('width');
	const height = attr('height');
	if (!(width > 0 && height > 0)) throw new Error('The image has no size.');
	return { width, height };
}

export interface PngPlan {
	/** Device pixels per CSS px. */
	scale: number;
	/** The PNG's size in pixels. */
	width: number;
	height: number;
	/** Bands of rows, top to bottom, each drawn as `columns` tiles side by side. */
	bands: { y: number; height: number }[];
	columns: { x: number; width: number }[];
}

/**
 * How an SVG of `width` × `height` CSS px is drawn: at `scale` (2 for sharp print and high-density
 * screens), lowered to keep within `SHARP_PIXELS` but never below 1×, and cut into tiles within
 * `TILE_SIDE` and `TILE_AREA`. Throws `ImageTooLargeError` past `MAX_PIXELS` at 1×.
 */
export function planPng(width: number, height: number, scale = 2): PngPlan {
	if (width * height > MAX_PIXELS) throw new ImageTooLargeError(width, height);
	const s = Math.max(1, Math.min(scale, Math.sqrt(SHARP_PIXELS / (width * height))));
	const w = Math.max(1, Math.round(width * s));
	const h = Math.max(1, Math.round(height * s));
	const cols = Math.ceil(w / TILE_SIDE);
	const colWidth = Math.ceil(w / cols);
	const columns = Array.from({ length: cols }, (_, i) => ({ x: i * colWidth, width: Math.min(colWidth, w - i * colWidth) }));
	const bandHeight = Math.max(1, Math.min(TILE_SIDE, Math.floor(TILE_AREA / colWidth)));
	const bands = Array.from({ length: Math.ceil(h / bandHeight) }, (_, i) => ({ y: i * bandHeight, height: Math.min(bandHeight, h - i * bandHeight) }));
	return { scale: s, width: w, height: h, bands, columns };
}

/**
 * Renders `svg` to a PNG blob (see `planPng` for its scale and tiles). `onProgress` is called
 * with the share drawn so far (0..1) after each band, and the page gets a turn between bands.
 * The SVG is loaded as an image, so nothing in it can run. Throws `ImageTooLargeError`, or an
 * Error saying the browser could not draw the image.
 */
export async function svgToPng(svg: string, { scale = 2, onProgress }: { scale?: number; onProgress?: (done: number) => void } = {}): Promise<Blob> {
	const { width, height } = svgSize(svg);
	const plan = planPng(width, height, scale);
	const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
	try {
		const img = new Image();
		img.src = url;
		await img.decode();
		const canvas = document.createElement('canvas');
		const ctx = canvas.getContext('2d', { willReadFrequently: true });
		if (!ctx) throw new Error('This browser cannot draw images.');
		const png = new PngEncoder(plan.width, plan.height);
		for (const [i, band] of plan.bands.entries()) {
			const rows = new Uint8Array(band.height * plan.width * 4);
			for (const col of plan.columns) {
				if (canvas.width !== col.width || canvas.height !== band.height) {
					canvas.width = col.width;
					canvas.height = band.height;
				}
				ctx.setTransform(1, 0, 0, 1, 0, 0);
				ctx.fillStyle = '#ffffff';
				ctx.fillRect(0, 0, col.width, band.height);
				ctx.setTransform(plan.scale, 0, 0, plan.scale, -col.x, -band.y);
				ctx.drawImage(img, 0, 0, width, height);
				const tile = ctx.getImageData(0, 0, col.width, band.height).data;
				if (plan.columns.length === 1) rows.set(tile);
				else for (let y = 0; y < band.height; y++) rows.set(tile.subarray(y * col.width * 4, (y + 1) * col.width * 4), (y * plan.width + col.x) * 4);
			}
			await png.addRows(rows);
			onProgress?.((i + 1) / plan.bands.length);
			await new Promise((resolve) => setTimeout(resolve, 0));
		}
		return await png.finish();
	} catch (e) {
		if (e instanceof ImageTooLargeError || (e instanceof Error && e.message.startsWith('This browser'))) throw e;
		throw new Error(`The PNG could not be drawn in this browser (${(e as Error).message || 'unknown error'}). Download the SVG, or print the board on pages.`);
	} finally {
		URL.revokeObjectURL(url);
	}
}

/** File name from a Content-Disposition header (`filename="…"`), or `fallback`. */
export function dispositionName(header: string | null, fallback: string): string {
	return /filename="([^"]+)"/.exec(header ?? '')?.[1] ?? fallback;
}

/** Saves `blob` as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
