/**
 * Display width in columns and truncation with an ellipsis. East Asian Wide and Fullwidth
 * characters (UAX #11) and emoji take two columns, combining marks and zero-width characters none:
 * "配送" is as wide as "abcd". Widths come from `string-width` (grapheme-aware, UAX #11 data via
 * `get-east-asian-width`); cuts fall between grapheme clusters only.
 */
import stringWidth from 'string-width';
import { graphemeSegments, isOneUnitPerGrapheme } from './graphemes';
import { toWellFormed } from './wellformed';

export const ELLIPSIS = '\u2026';

const SIMPLE = /^[\x20-\x7e]*$/;

/** Widths of clusters seen, since the same few hundred characters make up most text. */
const widthCache = new Map<string, number>();

function clusterWidth(segment: string): number {
	if (segment.length === 1) {
		const c = segment.charCodeAt(0);
		if (c >= 0x20 && c < 0x7f) return 1;
	}
	let w = widthCache.get(segment);
	if (w === undefined) {
		w = stringWidth(segment, { countAnsiEscapeCodes: true });
		if (widthCache.size >= 10_000) widthCache.clear();
		widthCache.set(segment, w);
	}
	return w;
}

interface Cluster {
	segment: string;
	width: number;
}

/** The grapheme clusters of `text`, lazily, with their display widths. */
function* clusters(text: string): Generator<Cluster> {
	if (isOneUnitPerGrapheme(text)) {
		for (let i = 0; i < text.length; i++) yield { segment: text[i], width: clusterWidth(text[i]) };
		return;
	}
	for (const { segment } of graphemeSegments(toWellFormed(text))) yield { segment, width: clusterWidth(segment) };
}

/** Columns `text` takes in a monospace rendering (1 for Latin, 2 for CJK and emoji, 0 for marks). */
export function displayWidth(text: string): number {
	if (SIMPLE.test(text)) return text.length;
	let w = 0;
	for (const c of clusters(text)) w += c.width;
	return w;
}

/** The longest run of whole clusters at the start of `text` that fits in `room` columns. */
function fit(text: string, room: number): string {
	let end = 0;
	let used = 0;
	for (const c of clusters(text)) {
		if (used + c.width > room) break;
		end += c.segment.length;
		used += c.width;
	}
	return toWellFormed(text.slice(0, end));
}

/**
 * `text` cut to at most `maxWidth` columns, ending in `ellipsis` when anything was cut (spaces
 * before the ellipsis are dropped). Never cuts inside a grapheme cluster; stops reading at the
 * first cluster past the limit, so a long comment costs what is shown. With `maxWidth` smaller
 * than the ellipsis, as much of the ellipsis as fits.
 */
export function truncateWidth(text: string, maxWidth: number, ellipsis = ELLIPSIS): string {
	const room = maxWidth - displayWidth(ellipsis);
	if (SIMPLE.test(text)) {
		if (text.length <= maxWidth) return text;
		if (room >= 0) return text.slice(0, room).trimEnd() + ellipsis;
	}
	let used = 0;
	let fits = 0;
	for (const c of clusters(text)) {
		used += c.width;
		if (used > maxWidth) return room < 0 ? fit(ellipsis, maxWidth) : toWellFormed(text.slice(0, fits)).trimEnd() + ellipsis;
		if (used <= room) fits += c.segment.length;
	}
	return toWellFormed(text);
}

/**
 * `text` cut to at most `maxGraphemes` grapheme clusters including the ellipsis, ending in
 * `ellipsis` when anything was cut. For places that count characters rather than columns.
 */
export function ellipsize(text: string, maxGraphemes: number, ellipsis = ELLIPSIS): string {
	const keep = Math.max(0, maxGraphemes - 1);
	let count = 0;
	let end = 0;
	for (const c of clusters(text)) {
		count++;
		if (count > maxGraphemes) return toWellFormed(text.slice(0, end)).trimEnd() + ellipsis;
		if (count <= keep) end += c.segment.length;
	}
	return toWellFormed(text);
}

/**
 * Wraps `text` into lines of at most `maxWidth` columns (white space collapsed), breaking at
 * spaces where it can and between grapheme clusters where a word is longer than a line (or the
 * text has no spaces, as Chinese and Japanese). A single cluster wider than `maxWidth` gets a line
 * of its own. With `maxLines`, the last line kept ends in an ellipsis when text was left out.
 */
export function wrapWidth(text: string, maxWidth: number, maxLines = Infinity): string[] {
	const lines: string[] = [];
	let line = '';
	let width = 0;
	const push = () => {
		lines.push(line.trimEnd());
		line = '';
		width = 0;
	};
	const words = toWellFormed(text).replace(/\s+/g, ' ').trim().split(/(?<= )/);
	for (const word of words) {
		if (lines.length > maxLines) break;
		const bare = displayWidth(word.trimEnd());
		if (width > 0 && width + bare > maxWidth) push();
		if (bare <= maxWidth) {
			line += word;
			width += displayWidth(word);
			continue;
		}
		for (const c of clusters(word)) {
			if (width > 0 && width + c.width > maxWidth) push();
			if (width === 0 && c.segment === ' ') continue;
			line += c.segment;
			width += c.width;
		}
	}
	if (line.trim()) push();
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = endWith(kept[maxLines - 1], maxWidth);
	return kept;
}

/** `line` shortened as needed so that it fits in `maxWidth` columns with an ellipsis after it. */
function endWith(line: string, maxWidth: number): string {
	const room = maxWidth - 1;
	return room < 0 ? '' : fit(line, room).trimEnd() + ELLIPSIS;
}

/**
 * Width of one display column as a share of the font size. Sans-serif Latin text averages about
 * 0.5 em a letter (DejaVu Sans, the widest common system sans, about 0.55 for mixed-case text);
 * wide (CJK) characters are two columns, and their glyphs are 1 em. 0.58 keeps ordinary text
 * inside its box in the common system fonts; wider text (long runs of capitals) is clipped by
 * the box, never drawn outside it.
 */
export const COLUMN_EM = 0.58;

/** Columns of `font`-px text that fit in `px` pixels, by the estimate above (at least 1). */
export function columnsIn(px: number, font: number): number {
	return Math.max(1, Math.floor(px / (font * COLUMN_EM)));
}

/** Pixels `text` takes at `font` px, by the estimate above: its display width in columns × `font` × COLUMN_EM. */
export function estimatedWidth(text: string, font: number): number {
	return displayWidth(text) * font * COLUMN_EM;
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
let measuring: Context2D | null | undefined;
const measured = new Map<string, number>();

/**
 * Pixels `text` takes in the CSS font `font` (such as `600 13px Inter, sans-serif`, whose size is
 * `size` px), as the browser's canvas text metrics give it; where there is no canvas (the server,
 * a worker without OffscreenCanvas) the estimate above at `size`. Widths are kept per font and text.
 */
export function measuredWidth(text: string, font: string, size: number): number {
	if (measuring === undefined) {
		measuring =
			typeof OffscreenCanvas !== 'undefined'
				? new OffscreenCanvas(1, 1).getContext('2d')
				: typeof document !== 'undefined'
					? document.createElement('canvas').getContext('2d')
					: null;
	}
	if (!measuring) return estimatedWidth(text, size);
	const key = `${font}\n${text}`;
	let w = measured.get(key);
	if (w === undefined) {
		measuring.font = font;
		w = measuring.measureText(text).width;
		if (measured.size >= 5000) measured.clear();
		measured.set(key, w);
	}
	return w;
}
