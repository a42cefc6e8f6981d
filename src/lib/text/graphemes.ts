/**
 * Grapheme clusters: what a reader counts as one character ("é" as e + U+0301, "👍🏽", "👨‍👩‍👧",
 * "🇯🇵"), as defined by Unicode UAX #29 extended grapheme clusters and implemented by
 * `Intl.Segmenter` with granularity "grapheme". Cutting text anywhere else splits a character:
 * a surrogate pair (an invalid string), a combining sequence (a different letter) or an emoji
 * ZWJ sequence (a different emoji).
 */
import { toWellFormed } from './wellformed';

let segmenter: Intl.Segmenter | null = null;

/** One shared grapheme segmenter (creating one costs more than segmenting a short label). */
export function graphemeSegmenter(): Intl.Segmenter {
	return (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
}

/** Printable ASCII only: every code unit is one grapheme (CR LF is one grapheme, so no controls). */
const SIMPLE = /^[\x20-\x7e]*$/;

/** The grapheme clusters of `text`, in order. */
export function graphemes(text: string): string[] {
	if (SIMPLE.test(text)) return text.split('');
	return Array.from(graphemeSegmenter().segment(text), (s) => s.segment);
}

/** The number of grapheme clusters in `text` (what "characters" means to a person). */
export function graphemeCount(text: string): number {
	if (SIMPLE.test(text)) return text.length;
	let n = 0;
	for (const _ of graphemeSegmenter().segment(text)) n++;
	return n;
}

/**
 * The start of the grapheme cluster that contains UTF-16 index `index` of `text`: `index` itself
 * when it already is a boundary. Indices at or past the end give `text.length`.
 */
export function graphemeStart(text: string, index: number): number {
	if (index <= 0) return 0;
	if (index >= text.length) return text.length;
	return graphemeSegmenter().segment(text).containing(index)!.index;
}

/** The end of the grapheme cluster that contains UTF-16 index `index` (`index` when it is a boundary). */
export function graphemeEnd(text: string, index: number): number {
	if (index <= 0) return 0;
	if (index >= text.length) return text.length;
	const s = graphemeSegmenter().segment(text).containing(index)!;
	return s.index === index ? index : s.index + s.segment.length;
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
	if (SIMPLE.test(text)) return text.slice(0, Math.min(max, units));
	text = toWellFormed(text);
	if (text.length <= max && text.length <= units) return text;
	let end = 0;
	let count = 0;
	for (const { index, segment } of graphemeSegmenter().segment(text)) {
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
