import { isNonAnswer } from '../context/nonanswer';
import { truncatedSvd, type Dense } from './svd';
import { addressedNames, boardLanguage, normaliseText, prepareText, tokenRuns, type Language, type PreparedText, type Token } from './text';
import { rowLength, tfidf, type SparseRows, type Vocabulary } from './vectors';

/** What every clustering tool computes from the notes' texts first, once per set of notes. */
export interface Features {
	texts: readonly string[];
	/** Each text read once (`prepareText`), after boilerplate is removed: what titles take phrases from. */
	prepared: PreparedText[];
	/** Content words of each text after boilerplate is removed. */
	tokens: Token[][];
	/** The same words cut into runs at stop words and punctuation: where phrases are taken from. */
	runs: Token[][][];
	/** Words ignored besides stop words: addressed names and the caller's list. */
	ignore: Set<string>;
	matrix: SparseRows;
	vocabulary: Vocabulary;
	/** Whether a text has any word left to compare by and is an answer ("N/A", "Did not answer" are not). */
	usable: boolean[];
	language: Language;
	/** Sentences removed from every text as survey boilerplate. */
	boilerplate: string[];
	/** LSA vectors (rows of length 1; zero rows for unusable texts), computed on first use. */
	lsa(dims?: number): Dense;
}

export interface FeatureOptions {
	/** Terms in more than this share of the texts are dropped (default 0.5, 1 below 20 texts). */
	maxDfShare?: number;
	/** Folded words to ignore besides stop words (e.g. the board's own ignore list). */
	ignore?: Iterable<string>;
	seed?: number;
}

/**
 * Tokens, TF-IDF (with word pairs) and, on demand, LSA vectors of a set of texts. Words customers
 * address rather than talk about (recurring @handles), redaction tokens and survey boilerplate
 * (see `findBoilerplate`) are left out; non-answers (`isNonAnswer`: "N/A", "Did not answer",
 * "nothing") are marked not usable, so no tool groups or sorts them.
 */
export function buildFeatures(texts: readonly string[], options: FeatureOptions = {}): Features {
	const boilerplate = findBoilerplate(texts);
	const cleaned = boilerplate.length ? texts.map((t) => stripBoilerplate(t, boilerplate)) : texts;
	const ignore = addressedNames(cleaned);
	for (const word of options.ignore ?? []) ignore.add(word);
	const prepared = cleaned.map(prepareText);
	const language = boardLanguage(prepared);
	const runs = prepared.map((t) => tokenRuns(t, undefined, ignore, language));
	const tokens = runs.map((r) => r.flat());
	const { matrix, vocabulary } = tfidf(tokens, options.maxDfShare !== undefined ? { maxDfShare: options.maxDfShare } : {});
	const usable = texts.map((text, i) => rowLength(matrix, i) > 0 && !isNonAnswer(text));
	const cache = new Map<number, Dense>();
	return {
		texts,
		prepared,
		tokens,
		runs,
		ignore,
		matrix,
		vocabulary,
		usable,
		language,
		boilerplate,
		lsa(dims = 60) {
			let out = cache.get(dims);
			if (!out) cache.set(dims, (out = lsaVectors(matrix, dims, options.seed ?? 1)));
			return out;
		}
	};
}

function lsaVectors(matrix: SparseRows, dims: number, seed: number): Dense {
	const n = matrix.rowStart.length - 1;
	if (n < 3 || matrix.width < 3) {
		// Too little to factor: the TF-IDF rows themselves, densified, are the vectors.
		const data = new Float64Array(n * matrix.width);
		for (let i = 0; i < n; i++) for (let e = matrix.rowStart[i]; e < matrix.rowStart[i + 1]; e++) data[i * matrix.width + matrix.cols[e]] = matrix.vals[e];
		return { rows: n, cols: matrix.width, data };
	}
	const { u, s } = truncatedSvd(matrix, dims, seed);
	const k = u.cols;
	const data = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		let norm = 0;
		for (let c = 0; c < k; c++) norm += (data[i * k + c] = u.data[i * k + c] * s[c]) ** 2;
		norm = Math.sqrt(norm);
		if (norm > 0) for (let c = 0; c < k; c++) data[i * k + c] /= norm;
	}
	return { rows: n, cols: k, data };
}

/** A sentence and its end: Latin and the full-width stops of Chinese and Japanese (。！？). */
const SENTENCE = /[^.!?。！？\n]+[.!?。！？]*/g;

function sentenceKey(sentence: string): string {
	return normaliseText(sentence).toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').trim();
}

/**
 * Survey boilerplate: a sentence of at least three words that recurs in at least 1% of the texts
 * (and in 5) next to other words, such as a signature ("Sent from my iPhone"), a form's template
 * ("Review collected in partnership with …") or the question repeated in each answer. A text that
 * is nothing but the sentence keeps it: that is a duplicate, not boilerplate.
 */
export function findBoilerplate(texts: readonly string[]): string[] {
	const min = Math.max(5, Math.ceil(texts.length * 0.01));
	if (texts.length < min) return [];
	const counts = new Map<string, number>();
	for (const text of texts) {
		const sentences = text.match(SENTENCE);
		if (!sentences || sentences.length < 2) continue;
		const seen = new Set<string>();
		for (const s of sentences) {
			const key = sentenceKey(s);
			if (key.split(' ').length < 3 || seen.has(key)) continue;
			seen.add(key);
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	return [...counts].filter(([, c]) => c >= min).map(([key]) => key);
}

function stripBoilerplate(text: string, boilerplate: readonly string[]): string {
	const sentences = text.match(SENTENCE);
	if (!sentences || sentences.length < 2) return text;
	const set = new Set(boilerplate);
	const kept = sentences.filter((s) => !set.has(sentenceKey(s)));
	return kept.length ? kept.join(' ') : text;
}
