/**
 * Grapheme clusters: what a reader counts as one character ("é" as e + U+0301, "👍🏽", "👨‍👩‍👧",
 * "🇯🇵"), as defined by Unicode UAX #29 extended grapheme clusters and implemented by
 * `Intl.Segmenter` with granularity "grapheme". Cutting text anywhere else splits a character:
 * a surrogate pair (an invalid string), a combining sequence (a different letter) or an emoji
 * ZWJ sequence (a different emoji).
 */
import { toWellFormed } from './wellformed.ts';

let segmenter: Intl.Segmenter | null = null;

/** One shared grapheme segmenter (creating one costs more than segmenting a short label). */
export function graphemeSegmenter(): Intl.Segmenter {
	return (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
}

/** Printable ASCII only: every code unit is one grapheme (CR LF is one grapheme, so no controls). */
const SIMPLE = /^[\x20-\x7e]*$/;

/**
 * Code points that can take part in a cluster of more than one code unit (UAX #29, table 2): CR,
 * astral characters (emoji, modifiers, flags, tags) and lone surrogates, marks (Extend and
 * SpacingMark are almost all \p{M}), ZWNJ/ZWJ, the Extend and SpacingMark characters that are not
 * marks (half-width katakana voiced sound marks, Thai and Lao AM), Hangul jamo, and the Prepend
 * characters of the BMP. Between two code points that are both outside this set there is always a
 * boundary (rule GB999), so `Intl.Segmenter` is only needed around these; the property tests check
 * the result against segmenting the whole text.
 */
const JOINING_CLASS =
	'[\\r\\uD800-\\uDFFF\\u{10000}-\\u{10FFFF}\\p{M}\\u200C\\u200D\\uFF9E\\uFF9F\\u0E33\\u0EB3\\u1100-\\u11FF\\uA960-\\uA97F\\uD7B0-\\uD7FF\\u0600-\\u0605\\u06DD\\u070F\\u0890\\u0891\\u08E2\\u0D4E]';
const JOINING = new RegExp(JOINING_CLASS, 'u');
const JOINING_RUNS = new RegExp(JOINING_CLASS + '+', 'gu');
/**
 * A run of astral characters that neither join nor are joined (emoji without modifier or ZWJ,
 * astral letters): each is a cluster of its own, no segmenter needed. Left out: marks, emoji
 * modifiers, regional indicators, tags and the astral Prepend characters.
 */
const STANDALONE_RUN =
	/^[[\u{10000}-\u{10FFFF}]--[\p{M}\p{Emoji_Modifier}\p{Regional_Indicator}\u{E0000}-\u{E0FFF}\u{110BD}\u{110CD}\u{111C2}\u{111C3}\u{1193F}\u{11941}\u{11A3A}\u{11A84}-\u{11A89}\u{11D46}\u{11F02}]]+$/v;

/** True when every code unit of `text` is a grapheme cluster of its own. */
export function isOneUnitPerGrapheme(text: string): boolean {
	return SIMPLE.test(text) || !JOINING.test(text);
}

export interface GraphemeSegment {
	segment: string;
	/** UTF-16 offset in the text. */
	index: number;
}

/**
 * The grapheme clusters of `text` with their offsets, lazily. Stretches without joining code
 * points yield one cluster per code unit; each run of joining code points, with the code point
 * before and after it (a base letter, or an emoji such as ❤ that a ZWJ joins), is segmented by
 * `Intl.Segmenter`. Same result as segmenting the whole text, several times faster on comments
 * with an emoji or an accent here and there.
 */
export function* graphemeSegments(text: string): Generator<GraphemeSegment> {
	let at = 0;
	if (!isOneUnitPerGrapheme(text)) {
		let from = -1;
		let to = -1;
		const region = function* (): Generator<GraphemeSegment> {
			yield* codePoints(text, at, from);
			for (const s of graphemeSegmenter().segment(text.slice(from, to))) yield { segment: s.segment, index: from + s.index };
			at = to;
		};
		for (const m of text.matchAll(JOINING_RUNS)) {
			if (STANDALONE_RUN.test(m[0])) continue;
			const start = Math.max(0, m.index - 1);
			const end = Math.min(text.length, m.index + m[0].length + 1);
			if (from >= 0 && start < to) to = end;
			else {
				if (from >= 0) yield* region();
				from = start;
				to = end;
			}
		}
		if (from >= 0) yield* region();
	}
	yield* codePoints(text, at, text.length);
}

/** Each code point of `text` in [from, to) as a segment of its own. */
function* codePoints(text: string, from: number, to: number): Generator<GraphemeSegment> {
	for (let i = from; i < to; ) {
		const c = text.charCodeAt(i);
		const len = c >= 0xd800 && c <= 0xdbff && i + 1 < to && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
		yield { segment: len === 1 ? text[i] : text.slice(i, i + 2), index: i };
		i += len;
	}
}

/** The grapheme clusters of `text`, in order. */
export function graphemes(text: string): string[] {
	if (isOneUnitPerGrapheme(text)) return text.split('');
	return Array.from(graphemeSegments(text), (s) => s.segment);
}

/** The number of grapheme clusters in `text` (what "characters" means to a person). */
export function graphemeCount(text: string): number {
	if (isOneUnitPerGrapheme(text)) return text.length;
	let n = 0;
	for (const _ of graphemeSegments(text)) n++;
	return n;
}

/** True when UTF-16 index `index` certainly is a boundary: neither code unit beside it joins. */
function plainBoundary(text: string, index: number): boolean {
	return index <= 0 || index >= text.length || (!JOINING.test(text[index - 1]) && !JOINING.test(text[index]));
}

/**
 * The grapheme cluster of `text` that contains UTF-16 index `index`, found by segmenting only the
 * stretch around it that lies between two certain boundaries (see {@link graphemeSegments}), so
 * that a keystroke in a long text costs what is near the caret.
 */
function clusterAt(text: string, index: number): { start: number; end: number } {
	let from = index;
	while (!plainBoundary(text, from)) from--;
	let to = index + 1;
	while (!plainBoundary(text, to)) to++;
	for (const s of graphemeSegmenter().segment(text.slice(from, to))) {
		const start = from + s.index;
		const end = start + s.segment.length;
		if (index < end) return { start, end };
	}
	return { start: index, end: index };
}

/**
 * The start of the grapheme cluster that contains UTF-16 index `index` of `text`: `index` itself
 * when it already is a boundary. Indices at or past the end give `text.length`.
 */
export function graphemeStart(text: string, index: number): number {
	if (index <= 0) return 0;
	if (index >= text.length) return text.length;
	if (plainBoundary(text, index)) return index;
	return clusterAt(text, index).start;
}

/** The end of the grapheme cluster that contains UTF-16 index `index` (`index` when it is a boundary). */
export function graphemeEnd(text: string, index: number): number {
	if (index <= 0) return 0;
	if (index >= text.length) return text.length;
	if (plainBoundary(text, index)) return index;
	const { start, end } = clusterAt(text, index);
	return start === index ? index : end;
}

/** Longer than any real character (the longest emoji sequences take 15 code units): only abuse. */
const HUGE_CLUSTER = 32;

/**
 * The longest prefix of `text` that has at most `maxGraphemes` grapheme clusters and at most
 * `maxCodeUnits` UTF-16 code units, cut between two clusters, never inside one. The code-unit
 * bound keeps storage bounded (one "character" can carry thousands of combining marks); it
 * defaults to 16 code units per cluster, room for the longest emoji sequences. A cluster that does
 * not fit is left out whole, except a first cluster of more than 32 code units (no real
 * character is that long), which is cut at a code point so that such text is bounded, not
 * emptied. The result is always well-formed UTF-16: lone surrogates become U+FFFD.
 *
 * Use it for every length limit on text people type or import (group names, titles, names).
 */
export function truncateGraphemes(text: string, maxGraphemes: number, maxCodeUnits = maxGraphemes * 16): string {
	const max = Math.max(0, Math.floor(maxGraphemes));
	const units = Math.max(0, Math.floor(maxCodeUnits));
	text = toWellFormed(text);
	if (isOneUnitPerGrapheme(text)) return text.slice(0, Math.min(max, units));
	if (text.length <= max && text.length <= units) return text;
	let end = 0;
	let count = 0;
	for (const { index, segment } of graphemeSegments(text)) {
		if (count === max) break;
		if (index + segment.length > units) {
			if (count === 0 && segment.length > HUGE_CLUSTER) return cutCodePoints(segment, units);
			break;
		}
		end = index + segment.length;
		count++;
	}
	return text.slice(0, end);
}

/** `text` cut to at most `maxCodeUnits` code units on a grapheme boundary: a safe `text.slice(0, n)`. */
export function clampText(text: string, maxCodeUnits: number): string {
	return truncateGraphemes(text, maxCodeUnits, maxCodeUnits);
}

/** True when `text` is within both limits of {@link truncateGraphemes} and well-formed. */
export function fitsGraphemes(text: string, maxGraphemes: number, maxCodeUnits = maxGraphemes * 16): boolean {
	if (text.length > maxCodeUnits) return false;
	return truncateGraphemes(text, maxGraphemes, maxCodeUnits) === text;
}

function cutCodePoints(text: string, units: number): string {
	let end = 0;
	for (const ch of text) {
		if (end + ch.length > units) break;
		end += ch.length;
	}
	return text.slice(0, end);
}
