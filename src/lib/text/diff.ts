/**
 * The smallest edit, on grapheme cluster boundaries, that turns one string into another: what a
 * collaborative text field sends so that someone else's concurrent typing elsewhere in the same
 * text survives, and so that no edit ever splits a surrogate pair, a combining sequence or an
 * emoji ZWJ sequence. (A plain code-unit diff of "👍 Fast" to "👎 Fast" keeps the shared high
 * surrogate and replaces only the low one: Yjs then stores U+FFFD for both halves.)
 */
import { graphemeEnd, graphemeStart } from './graphemes.ts';
import { toWellFormed } from './wellformed.ts';

/** Replace `remove` UTF-16 code units at `index` with `insert`. `index` and `index + remove` are
 * grapheme boundaries of the old text; `index` and `index + insert.length` are of the new text. */
export interface TextEdit {
	index: number;
	remove: number;
	insert: string;
}

/**
 * The single edit (common prefix and common suffix kept) from `prev` to `next`, or null when they
 * are equal. Offsets are UTF-16 code units, as Y.Text and String use them. Both ends of the
 * replaced range are grapheme boundaries in both strings. Lone surrogates in `next` become U+FFFD.
 *
 * Method: the common code-unit prefix is moved back to the start of the cluster it ends in (a
 * boundary before the first difference is a boundary in both strings, since UAX #29 rules look at
 * most one code point past a boundary); the common suffix is then moved forward until its start
 * is a boundary in both strings (boundaries there can differ, e.g. a ZWJ joins other emoji).
 */
export function textDiff(prev: string, next: string): TextEdit | null {
	next = toWellFormed(next);
	if (prev === next) return null;
	const max = Math.min(prev.length, next.length);
	let p = 0;
	while (p < max && prev.charCodeAt(p) === next.charCodeAt(p)) p++;
	const start = Math.min(graphemeStart(prev, p), graphemeStart(next, p));

	let s = 0;
	const room = max - start;
	while (s < room && prev.charCodeAt(prev.length - 1 - s) === next.charCodeAt(next.length - 1 - s)) s++;
	// Shrink the kept suffix until its start is a boundary in both strings.
	for (;;) {
		const inPrev = prev.length - graphemeEnd(prev, prev.length - s);
		const inNext = next.length - graphemeEnd(next, next.length - s);
		const shorter = Math.min(inPrev, inNext);
		if (shorter === s) break;
		s = shorter;
	}
	return { index: start, remove: prev.length - s - start, insert: next.slice(start, next.length - s) };
}

/** `text` with `edit` applied. */
export function applyEdit(text: string, edit: TextEdit | null): string {
	if (!edit) return text;
	return text.slice(0, edit.index) + edit.insert + text.slice(edit.index + edit.remove);
}
