import { CJK_FUNCTION_WORDS, isShortWord, matchWords } from '../text/segment';

/** Word tokens for comparing comments: lower case, letters and digits, stop words dropped. */
const STOP = new Set(
	(
		'the a an and or but if then else of to in on at for with from by as is are was were be been being ' +
		'it its this that these those i me my we our you your he she they them their his her not no so too ' +
		'very just have has had do does did will would can could should about into over after before up down ' +
		'out than there here what which who whom when where why how all any both each few more most other some ' +
		'such only own same also am get got one dont im ive its thats'
	)
		.split(' ')
		.concat(CJK_FUNCTION_WORDS)
);

/**
 * The content words of a comment in their matching form (`matchWords`: folded, Chinese and
 * Japanese split into words), without stop words, numbers and words under three letters.
 */
export function tokens(text: string): string[] {
	const out: string[] = [];
	for (const word of matchWords(text)) {
		if (isShortWord(word, 3) || STOP.has(word) || /^\d+$/.test(word)) continue;
		out.push(word);
	}
	return out;
}

export type TermVector = Map<string, number>;

/** Term counts of a set of texts, normalised to unit length for cosine similarity. */
export function termVector(texts: Iterable<string>): TermVector {
	const v: TermVector = new Map();
	for (const text of texts) for (const t of new Set(tokens(text))) v.set(t, (v.get(t) ?? 0) + 1);
	let norm = 0;
	for (const x of v.values()) norm += x * x;
	norm = Math.sqrt(norm) || 1;
	for (const [k, x] of v) v.set(k, x / norm);
	return v;
}

export function cosine(a: TermVector, b: TermVector): number {
	const [small, large] = a.size < b.size ? [a, b] : [b, a];
	let dot = 0;
	for (const [k, x] of small) dot += x * (large.get(k) ?? 0);
	return dot;
}
