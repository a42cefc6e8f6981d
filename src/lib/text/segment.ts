/**
 * Words in text that has no spaces between them. Chinese, Japanese, Thai, Lao, Khmer and Burmese
 * are written without spaces, so splitting on spaces or on non-letters makes a whole sentence one
 * "word". `Intl.Segmenter` with granularity "word" (UAX #29 plus the ICU dictionaries for these
 * scripts) finds the words: "配送が遅すぎて" -> 配送 | が | 遅 | すぎ | て.
 */
import { graphemeCount } from './graphemes';
import { foldText } from './normalize';

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
	return BEYOND_U0E00.test(text) && SPACELESS.test(text);
}

/**
 * Every script in SPACELESS starts at U+0E00 (Thai) or later, so text with no code unit from
 * there on has none of them: one range test per character instead of a Unicode property lookup,
 * for the Latin text most boards hold.
 */
const BEYOND_U0E00 = /[\u0e00-\uffff]/;

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
 * `text` with a space between the words of every run of a spaceless script (punctuation inside a
 * run goes), the rest unchanged, so that tokenisers that split on spaces or non-letters find the words:
 * "配送が遅すぎて。Late" -> "配送 が 遅 すぎ て。Late". Text without such a script is returned as is
 * (the segmenter is not run), so Latin text costs one regex test.
 */
export function spaceWords(text: string): string {
	if (!hasSpacelessScript(text)) return text;
	return text.replace(SPACELESS_RUN, (run) => segmentWords(run).join(' ') || run);
}

const HAN = /^\p{Script=Han}+$/u;
const SPACELESS_WORD = new RegExp(`^${SPACELESS.source}`, 'u');

/**
 * True for a word too short to carry a theme: fewer than `min` characters (grapheme clusters) in
 * a script written with spaces, fewer than 2 in Japanese kana, Thai and the like (one kana is a
 * particle: が, も, て); a Chinese character (Han) is a word on its own (箱 "box", 慢 "slow").
 */
export function isShortWord(word: string, min = 2): boolean {
	if (HAN.test(word)) return false;
	const n = graphemeCount(word);
	return SPACELESS_WORD.test(word) ? n < 2 : n < min;
}

/**
 * Grammar words of Chinese and Japanese that stop-word lists for European languages do not have,
 * as segmented by `Intl.Segmenter` (particles, auxiliaries, pronouns, "very", "also"). Single kana
 * are left out by {@link isShortWord} already.
 */
export const CJK_FUNCTION_WORDS: readonly string[] = [
	'的', '了', '也', '是', '很', '在', '和', '就', '都', '而', '及', '与', '着', '或', '把', '被', '让', '给', '这', '那',
	'我', '你', '他', '她', '它', '吗', '呢', '吧', '啊', '太', '还', '又', '说', '一个', '没有', '我们', '你们', '他们',
	'这个', '那个', '非常', '因为', '所以', '但是', '可以', '就是', '已经', '什么',
	'です', 'ます', 'でし', 'まし', 'した', 'して', 'いる', 'いた', 'ある', 'あり', 'ない', 'なく', 'から', 'けど', 'ので',
	'など', 'これ', 'それ', 'あれ', 'この', 'その', 'あの', 'こと', 'もの', 'よう', 'ため', 'とても', 'ちょっと', 'てい',
	'まで', 'より', 'だっ', 'でき', 'なっ', 'さん', 'でも', 'もう', 'せん', '私', '僕'
];

const NOT_WORD = /[^\p{L}\p{M}\p{N}]+/u;

/**
 * The words of `text` in their matching form ({@link foldText}): runs of letters, marks and
 * digits, with text in spaceless scripts segmented into words first. Marks stay inside words
 * (Devanagari vowel signs, Japanese dakuten), so no word is cut at an accent.
 */
export function matchWords(text: string): string[] {
	return foldText(spaceWords(text)).split(NOT_WORD).filter(Boolean);
}
