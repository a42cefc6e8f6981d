/**
 * Text reduced to what matching compares: search, duplicate detection, suggestions and titles
 * treat "Ｄｅｌｉｖｅｒｙ", "delivery" and "DELIVERY" as one word, "café" as "cafe", "ｶﾞｽ" as "ガス".
 *
 * Steps (Unicode UAX #15 normalisation and the case folding of Unicode §3.13, simplified):
 * 1. NFKC: compatibility forms become their plain letters (full-width Latin and digits,
 *    half-width katakana, ligatures such as "ﬁ", the ideographic space).
 * 2. Full case folding: lower case, then "ß" as "ss" and final sigma "ς" as "σ".
 * 3. Marks removed only where they do not change which letter it is for a reader searching:
 *    accents on Latin and Greek letters, "ё" as "е", Arabic harakat, hamza seats and tatweel,
 *    Hebrew points. Marks that make another letter stay: Japanese dakuten (が ≠ か), Indic vowel
 *    signs, Cyrillic "й", Korean syllables.
 * The result is NFC. Display always uses the original text; this form is only compared.
 */
import { graphemeSegments } from './graphemes';
import { toWellFormed } from './wellformed';

const ASCII = /^[\x00-\x7f]*$/;
/**
 * A mark, a precomposed Latin, Greek or Cyrillic letter that decomposes into one, or Arabic and
 * Hebrew: text without any (most Chinese, Japanese, plain Latin) skips step 3.
 */
const FOLDABLE = /[\p{M}\u00C0-\u024F\u0370-\u03FF\u0451\u0591-\u06FF\u1E00-\u1FFF]/u;
const LATIN_GREEK_MARKS = /([\p{Script=Latin}\p{Script=Greek}])\p{M}+/gu;
const CYRILLIC_IO = /([\u0435])\u0308/g;
const ARABIC_HEBREW_MARKS = /[[\u0591-\u05C7\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]&&\p{M}]|\u0640/gv;

/** The matching form of `text` (see the module comment). Pure ASCII takes a fast path. */
export function foldText(text: string): string {
	if (ASCII.test(text)) return text.toLowerCase();
	const lower = toWellFormed(text).normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
	if (!FOLDABLE.test(lower)) return lower;
	return lower
		.normalize('NFD')
		.replace(LATIN_GREEK_MARKS, '$1')
		.replace(CYRILLIC_IO, '$1')
		.replace(ARABIC_HEBREW_MARKS, '')
		.normalize('NFC');
}

/**
 * `text` folded as {@link foldText}, with the way back: unit `i` of `folded` came from the
 * grapheme cluster `[start[i], end[i])` of `text` (UTF-16 offsets). Folding goes cluster by
 * cluster, so a match found in `folded` maps to whole characters of the original, for highlighting.
 */
export interface FoldedText {
	folded: string;
	start: Uint32Array;
	end: Uint32Array;
}

export function foldTextWithOffsets(text: string): FoldedText {
	if (ASCII.test(text)) {
		const start = new Uint32Array(text.length);
		const end = new Uint32Array(text.length);
		for (let i = 0; i < text.length; i++) {
			start[i] = i;
			end[i] = i + 1;
		}
		return { folded: text.toLowerCase(), start, end };
	}
	const pieces: string[] = [];
	const starts: number[] = [];
	const ends: number[] = [];
	for (const { segment, index } of graphemeSegments(text)) {
		const piece = foldText(segment);
		pieces.push(piece);
		for (let k = 0; k < piece.length; k++) {
			starts.push(index);
			ends.push(index + segment.length);
		}
	}
	return { folded: pieces.join(''), start: Uint32Array.from(starts), end: Uint32Array.from(ends) };
}

/** The range of the original text behind `[from, to)` of a {@link FoldedText}; null when empty. */
export function originalRange(f: FoldedText, from: number, to: number): [number, number] | null {
	if (to <= from || from < 0 || to > f.folded.length) return null;
	return [f.start[from], f.end[to - 1]];
}
