/**
 * Display width in columns and truncation with an ellipsis. East Asian Wide and Fullwidth
 * characters (UAX #11) and emoji take two columns, combining marks and zero-width characters none:
 * "配送" is as wide as "abcd". Widths come from `string-width` (grapheme-aware, UAX #11 data via
 * `get-east-asian-width`); cuts fall between grapheme clusters only.
 */
import stringWidth from 'string-width';
import { graphemeSegmenter } from './graphemes';
import { toWellFormed } from './wellformed';

export const ELLIPSIS = '\u2026';

const SIMPLE = /^[\x20-\x7e]*$/;

/** Columns `text` takes in a monospace rendering (1 for Latin, 2 for CJK and emoji, 0 for marks). */
export function displayWidth(text: string): number {
	if (SIMPLE.test(text)) return text.length;
	return stringWidth(text, { countAnsiEscapeCodes: true });
}

/** The grapheme clusters of `text` with their display widths. */
function clusters(text: string): { segment: string; width: number }[] {
	if (SIMPLE.test(text)) return Array.from(text, (segment) => ({ segment, width: 1 }));
	return Array.from(graphemeSegmenter().segment(toWellFormed(text)), ({ segment }) => ({
		segment,
		width: stringWidth(segment, { countAnsiEscapeCodes: true })
	}));
}

/** The longest run of whole clusters of `text` that fits in `room` columns. */
function fit(text: string, room: number): string {
	let out = '';
	let used = 0;
	for (const c of clusters(text)) {
		if (used + c.width > room) break;
		out += c.segment;
		used += c.width;
	}
	return out;
}

/**
 * `text` cut to at most `maxWidth` columns, ending in `ellipsis` when anything was cut (spaces
 * before the ellipsis are dropped). Never cuts inside a grapheme cluster. With `maxWidth` smaller
 * than the ellipsis, the ellipsis alone (or nothing when `maxWidth` is 0).
 */
export function truncateWidth(text: string, maxWidth: number, ellipsis = ELLIPSIS): string {
	if (displayWidth(text) <= maxWidth) return text;
	return endWith(text, maxWidth, ellipsis);
}

/** `text` shortened as needed so that `text + ellipsis` fits in `maxWidth` columns. */
function endWith(text: string, maxWidth: number, ellipsis: string): string {
	const room = maxWidth - displayWidth(ellipsis);
	if (room < 0) return maxWidth > 0 ? fit(ellipsis, maxWidth) : '';
	return fit(text, room).trimEnd() + ellipsis;
}

/**
 * `text` cut to at most `maxGraphemes` grapheme clusters including the ellipsis, ending in
 * `ellipsis` when anything was cut. For places that count characters rather than columns.
 */
export function ellipsize(text: string, maxGraphemes: number, ellipsis = ELLIPSIS): string {
	const all = clusters(text);
	if (all.length <= maxGraphemes) return text;
	const keep = Math.max(0, maxGraphemes - 1);
	return all.slice(0, keep).map((c) => c.segment).join('').trimEnd() + ellipsis;
}

/**
 * Wraps `text` into lines of at most `maxWidth` columns (white space collapsed), breaking at
 * spaces where it can and between grapheme clusters where a word is longer than a line (or the
 * text has no spaces, as Chinese and Japanese). With `maxLines`, the last line kept ends in an
 * ellipsis when text was left out.
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
	kept[maxLines - 1] = endWith(kept[maxLines - 1], maxWidth, ELLIPSIS);
	return kept;
}
