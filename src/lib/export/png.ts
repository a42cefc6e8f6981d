/**
 * PNG from one of the board's SVG images, drawn in the browser: the person's own fonts (Chinese,
 * Japanese, Arabic, emoji) render the text, and the server spends no time on pixels. Canvas limits
 * (Chromium: 32,767 px a side; Firefox and Safari less) cap the size: an image taller than
 * `MAX_SIDE` at 1× is refused with a message rather than shrunk to an unreadable strip.
 */

/** Longest side of a PNG, in device pixels; safe on every current browser's canvas. */
export const MAX_SIDE = 16_384;
/**
 * Most notes a whole-board PNG is drawn for. The board image sets ~6 cards per 1,200 px row, so
 * 4,000 notes make an SVG of some 90,000 px whose rasterisation at 1× would exceed `MAX_SIDE` and
 * take a browser tab seconds and gigabytes; larger boards are exported as SVG or as groups only.
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

/**
 * Renders `svg` to a PNG blob at `scale` device pixels per CSS px (2 for sharp print and
 * high-density screens), lowered as needed to stay within `MAX_SIDE`; below 1× it throws
 * `ImageTooLargeError`. The SVG is loaded as an image, so nothing in it can run.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
	const { width, height } = svgSize(svg);
	const s = Math.min(scale, MAX_SIDE / Math.max(width, height));
	if (s < 1) throw new ImageTooLargeError(width, height);
	const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
	try {
		const img = new Image();
		img.src = url;
		await img.decode();
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(width * s);
		canvas.height = Math.round(height * s);
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('This browser cannot draw images.');
		ctx.fillStyle = '#ffffff';
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
		return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be made.'))), 'image/png'));
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
