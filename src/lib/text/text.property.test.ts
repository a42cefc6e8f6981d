import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextChange } from '../board/text';
import { editText, randomEdit, unicodeString } from '../../../tests/helpers/unicode';
import {
	applyEdit,
	clampText,
	displayWidth,
	foldText,
	foldTextWithOffsets,
	graphemeEnd,
	graphemes,
	graphemeStart,
	isWellFormed,
	textDiff,
	toWellFormed,
	truncateGraphemes,
	truncateWidth,
	wrapWidth
} from './index';

const reference = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Every grapheme boundary of `text`, from `Intl.Segmenter` over the whole text (the reference). */
function boundaries(text: string): Set<number> {
	const out = new Set<number>([0, text.length]);
	for (const s of reference.segment(text)) out.add(s.index);
	return out;
}

describe('graphemes on random Unicode', () => {
	it('segment only around joining code points and still agree with the segmenter on the whole text', () => {
		fc.assert(
			fc.property(unicodeString(), (text) => {
				expect(graphemes(text)).toEqual(Array.from(reference.segment(text), (s) => s.segment));
			}),
			{ numRuns: 500 }
		);
	});

	it('find the cluster around any index from its neighbourhood alone', () => {
		fc.assert(
			fc.property(unicodeString(), fc.nat(), (text, at) => {
				const index = at % (text.length + 1);
				const all = [...boundaries(text)].sort((x, y) => x - y);
				const start = Math.max(...all.filter((b) => b <= index));
				const end = Math.min(...all.filter((b) => b >= index));
				expect(graphemeStart(text, index)).toBe(start);
				expect(graphemeEnd(text, index)).toBe(end);
			}),
			{ numRuns: 500 }
		);
	});
});

describe('textDiff on random Unicode', () => {
	it('turns one text into the other with an edit on grapheme boundaries of both', () => {
		fc.assert(
			fc.property(unicodeString(), unicodeString(), fc.nat(), (prev, other, seed) => {
				// Half the time, a nearby text (an edit of prev), which is what typing produces.
				const next = seed % 2 ? other : editText(prev, { kind: (seed % 3) as 0 | 1 | 2, at: seed, length: 2, piece: other.slice(0, 4) ? other : 'x', raw: false }, graphemes);
				const edit = textDiff(prev, next);
				expect(applyEdit(prev, edit)).toBe(next);
				if (!edit) return;
				const inPrev = boundaries(prev);
				const inNext = boundaries(next);
				expect(inPrev.has(edit.index) && inPrev.has(edit.index + edit.remove)).toBe(true);
				expect(inNext.has(edit.index) && inNext.has(edit.index + edit.insert.length)).toBe(true);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('cutting and folding random Unicode', () => {
	it('never leaves half a character', () => {
		fc.assert(
			fc.property(unicodeString(), fc.integer({ min: 0, max: 30 }), (text, n) => {
				// A first cluster of more than 32 code units is abuse, cut at a code point by design.
				fc.pre((graphemes(text)[0]?.length ?? 0) <= 32);
				const cut = truncateGraphemes(text, n);
				expect(isWellFormed(cut)).toBe(true);
				expect(text.startsWith(cut)).toBe(true);
				expect(graphemes(cut).length).toBeLessThanOrEqual(n);
				// Whole clusters only: the cut is a boundary of the original.
				expect(boundaries(text).has(cut.length)).toBe(true);
				expect(boundaries(text).has(clampText(text, n).length)).toBe(true);
				expect(clampText(text, n).length).toBeLessThanOrEqual(n);
				const short = truncateWidth(text, n);
				expect(displayWidth(short)).toBeLessThanOrEqual(n);
				expect(isWellFormed(short)).toBe(true);
				// A line is only wider than asked when it holds a cluster wider than that ("ᄀ🏽").
				const max = Math.max(2, n);
				for (const line of wrapWidth(text, max, 3)) {
					if (graphemes(line).every((g) => displayWidth(g) <= max)) expect(displayWidth(line)).toBeLessThanOrEqual(max);
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('folds cluster by cluster exactly as a whole, so highlights map back', () => {
		fc.assert(
			fc.property(unicodeString(), (text) => {
				const folded = foldText(text);
				expect(isWellFormed(folded)).toBe(true);
				expect(foldTextWithOffsets(text).folded).toBe(folded);
				expect(foldText(folded)).toBe(folded);
			}),
			{ numRuns: 300 }
		);
	});
});

/** Sends what `from` has and `to` lacks. */
function sync(from: Y.Doc, to: Y.Doc) {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('two documents editing one Y.Text concurrently', () => {
	it('converge to the same well-formed text with every character intact', () => {
		fc.assert(
			fc.property(
				unicodeString(),
				fc.array(fc.tuple(fc.boolean(), randomEdit(), fc.boolean()), { minLength: 1, maxLength: 16 }),
				(initial, steps) => {
					const a = new Y.Doc();
					const b = new Y.Doc();
					a.getText('label').insert(0, initial);
					sync(a, b);
					for (const [onA, edit, syncNow] of steps) {
						const doc = onA ? a : b;
						const text = doc.getText('label');
						const next = editText(text.toString(), edit, graphemes);
						doc.transact(() => applyTextChange(text, next));
						// The editing tab keeps exactly what was typed.
						expect(text.toString()).toBe(next);
						if (syncNow) {
							sync(a, b);
							sync(b, a);
						}
					}
					sync(a, b);
					sync(b, a);
					const left = a.getText('label').toString();
					expect(b.getText('label').toString()).toBe(left);
					expect(isWellFormed(left)).toBe(true);
					// Yjs writes U+FFFD when an edit splits a surrogate pair; none of the inputs has one.
					expect(left).not.toContain('\ufffd');
					// The stored update decodes to the same text in a third document.
					const c = new Y.Doc();
					Y.applyUpdate(c, Y.encodeStateAsUpdate(a));
					expect(c.getText('label').toString()).toBe(left);
				}
			),
			{
				numRuns: 150,
				// The reported case: "👍 Fast delivery" renamed to "👎 Fast delivery" while the other tab types.
				examples: [
					[
						'👍 Fast delivery',
						[
							[true, { kind: 2, at: 0, length: 1, piece: '👎', raw: false }, false],
							[false, { kind: 0, at: 15, length: 1, piece: '!', raw: false }, true]
						]
					]
				]
			}
		);
	});

	it('repair what a client that cuts by code unit sends, instead of storing half a character', () => {
		fc.assert(
			fc.property(unicodeString(), fc.array(randomEdit(0.5), { minLength: 1, maxLength: 8 }), (initial, edits) => {
				const doc = new Y.Doc();
				const text = doc.getText('label');
				text.insert(0, initial);
				for (const edit of edits) {
					const next = editText(text.toString(), edit, graphemes);
					doc.transact(() => applyTextChange(text, next));
					expect(text.toString()).toBe(toWellFormed(next));
				}
				expect(isWellFormed(text.toString())).toBe(true);
			}),
			{ numRuns: 100 }
		);
	});
});
