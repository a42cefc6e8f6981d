/**
 * Words in text that has no spaces between them. Chinese, Japanese, Thai, Lao, Khmer and Burmese
 * are written without spaces, so splitting on spaces or on non-letters makes a whole sentence one
 * "word". `Intl.Segmenter` with granularity "word" (UAX #29 plus the ICU dictionaries for these
 * scripts) finds the words: "配送が遅すぎて" -> 配送 | が | 遅 | すぎ | て.
 */

let segmenter: Intl.Segmenter | null = null;

function wordSegmenter(): Intl.Segmenter {
	return (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' }));
}

/** Scripts written without spaces between words. */
const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const SPACELESS_RUN =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc\u3005\p{M}]+/gu;

/** True when `text` contains a script that is written without spaces between words. */
export function hasSpacelessScript(text: string): boolean {
	return SPACELESS.test(text);
}

export interface WordSegment {
	/** The word as written. */
	word: string;
	/** Its UTF-16 offset in the text. */
	index: number;
}

/** The words of `text` (letters and numbers; punctuation and spaces left out), in order, with offsets. */
export function wordSegments(text: string): WordSegment[] {
	const out: WordSegment[] = [];
	for (const s of wordSegmenter().segment(text)) if (s.isWordLike) out.push({ word: s.segment, index: s.index });
	return out;
}

/** The words of `text`, in order. */
export function segmentWords(text: string): string[] {
	return wordSegments(text).map((s) => s.word);
}

/**
 * `text` with a space between the words of every run of a spaceless script, and nothing else
 * changed, so that tokenisers that split on spaces or non-letters find the words:
 * "配送が遅すぎて。Late" -> "配送 が 遅 すぎ て。Late". Text without such a script is returned as is
 * (the segmenter is not run), so Latin text costs one regex test.
 */
export function spaceWords(text: string): string {
	if (!SPACELESS.test(text)) return text;
	return text.replace(SPACELESS_RUN, (run) => segmentWords(run).join(' ') || run);
}
