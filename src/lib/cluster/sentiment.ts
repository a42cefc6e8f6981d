import Sentiment from 'sentiment';
import lexiconDe from '@nlpjs/lang-de/src/sentiment/senticon_de.json';
import lexiconEs from '@nlpjs/lang-es/src/sentiment/afinn_es.json';
import lexiconFr from '@nlpjs/lang-fr/src/sentiment/pattern_fr.json';
import lexiconIt from '@nlpjs/lang-it/src/sentiment/pattern_it.json';
import lexiconPt from '@nlpjs/lang-pt/src/sentiment/afinn_pt.json';
import negationsPt from '@nlpjs/lang-pt/src/sentiment/negations_pt.json';
import { REVIEW_WORDS } from './lexicons';
import { clauses, fold, negations, prepareText, stem, stopWords, textLanguage, type Language, type PreparedText } from './text';

/**
 * What clustering reads of a note besides its text: its customer fields (the question it answers,
 * `question`) and where its satisfaction answer falls on its own scale (`satisfactionPosition`:
 * 0 = the worst answer, 1 = the best, whichever end the import's scale says is best; see
 * `BoardContext.positionOf`). Absent or null: no answer on the scale.
 */
export type PolarityFields = Record<string, string | number | null | undefined> | undefined;

/** The key of `PolarityFields` that carries the satisfaction answer's position on its scale (0-1). */
export const SATISFACTION_POSITION = 'satisfactionPosition';

let analyser: Sentiment | null = null;

/** Portuguese AFINN-style scores of stems (nlp.js `@nlpjs/lang-pt`, 685 Snowball stems, -5..5). */
const PT_SCORES: ReadonlyMap<string, number> = new Map(Object.entries(lexiconPt as Record<string, number>));
const PT_NEGATIONS: ReadonlySet<string> = new Set((negationsPt as { words: string[] }).words.map(fold));

/** Stems with a score on the AFINN scale (-5 … 5), folded, for one language. */
export type Lexicon = ReadonlyMap<string, number>;

/**
 * A lexicon of `REVIEW_WORDS[language]`, keyed by folded stem and folded word, over `base` (a
 * general lexicon keyed by stem, on the AFINN scale): a review word replaces the base's score.
 */
export function reviewLexicon(language: Language, base?: Lexicon): Lexicon {
	const out = new Map(base ?? []);
	for (const [word, score] of Object.entries(REVIEW_WORDS[language] ?? {})) {
		out.set(stem(word, language), score);
		out.set(fold(word), score);
	}
	return out;
}

const reviewWordSets = new Map<Language, ReadonlySet<string>>();

/** The folded words of `REVIEW_WORDS[language]`. */
function reviewWords(language: Language): ReadonlySet<string> {
	let set = reviewWordSets.get(language);
	if (!set) reviewWordSets.set(language, (set = new Set(Object.keys(REVIEW_WORDS[language] ?? {}).map(fold))));
	return set;
}

/** A general lexicon of nlp.js (keys are its Snowball stems), its scores multiplied to the AFINN scale. */
function stems(lexicon: Record<string, number>, scale: number): Lexicon {
	return new Map(Object.entries(lexicon).map(([key, score]) => [fold(key), score * scale]));
}

/**
 * Languages whose polarity is read from their words, and the lexicon each is read with: nlp.js's
 * lexicon of the language (Spanish: its AFINN translation, -5 … 5; German: ML-SentiCon; French and
 * Italian: Pattern; these three -1 … 1, times 5) under `REVIEW_WORDS`. Spanish reads AFINN rather
 * than its ML-SentiCon, which was wrong on 6 of 18 scored held-out sentences (BENCHMARKS.md).
 */
const LEXICONS = new Map<Language, () => Lexicon>([
	['es', () => reviewLexicon('es', stems(lexiconEs as Record<string, number>, 1))],
	['fr', () => reviewLexicon('fr', stems(lexiconFr as Record<string, number>, 5))],
	['de', () => reviewLexicon('de', stems(lexiconDe as Record<string, number>, 5))],
	['it', () => reviewLexicon('it', stems(lexiconIt as Record<string, number>, 5))]
]);
const loaded = new Map<Language, Lexicon>();

/**
 * Negations that may follow the verb they negate ("funktionierte nicht", "stürzt nie ab", "werkte
 * niet"); "kein", "ohne" and "geen" always come before what they negate.
 */
const NEGATION_AFTER: Partial<Record<Language, ReadonlySet<string>>> = {
	de: new Set(['nicht', 'nie', 'niemals']),
	nl: new Set(['niet', 'nooit'])
};
/** Words after a negation in which it turns the first scored word round. */
const NEGATION_REACH = 3;

/**
 * The polarity of a comment's words, -1 (complaint) to 1 (praise), its per-word score squashed by
 * tanh. The comment's language is `detectLanguage`'s, the board's (`board`) deciding a tie.
 * - English: the AFINN-165 lexicon with negation and emoji of the `sentiment` package (Nielsen 2011).
 * - Portuguese: the AFINN-style lexicon of nlp.js over Snowball stems, a word's score flipped after
 *   a negation ("não", "nunca", "nem"), as the `sentiment` package does in English.
 * - Spanish, French, German, Italian: nlp.js's lexicon of the language corrected by
 *   `REVIEW_WORDS` (lexicons.ts; `LEXICONS`), over Snowball stems, with the language's negations
 *   (`lexiconScore`). Measured on hand-made praise and complaints (tests/fixtures/languages;
 *   BENCHMARKS.md, "Comment languages").
 * - Dutch and any other language: 0, so that only the satisfaction answer splits praise from
 *   complaints: no lexicon was measured to separate them.
 */
export function textPolarity(text: string, board: Language = 'en'): number {
	const prepared = prepareText(text);
	return Math.tanh((wordScore(prepared, textLanguage(prepared, board)) ?? 0) * 1.5);
}

const evaluativeWords = new Map<string, boolean>();

/**
 * Lexicon score (AFINN scale, −5 … 5) from which a word only says how someone felt: "great",
 * "nice", "good", "love", "amazing" (3-4), "bad", "terrible", "worst" (−3). Milder words mostly
 * name what was wrong or right and make titles people keep: "delayed", "cancelled" (−1), "dirty",
 * "rude" (−2), "clean", "friendly", "comfortable" (2).
 */
export const EVALUATIVE_SCORE = 3;

/**
 * Whether a phrase only says how customers felt, not about what: every word of it that is not a
 * grammar word or a negation (`stopWords`, `negations`) scores at least `EVALUATIVE_SCORE` either
 * way in `language`'s lexicon ("great", "very nice", "not good", "ótimo"; not "great location",
 * "staff", "delayed"). False for a language without a lexicon (`wordScore` null).
 */
export function evaluativeOnly(phrase: string, language: Language): boolean {
	const stop = stopWords(language);
	const negation = negations(language);
	let content = 0;
	for (const word of phrase.split(/\s+/)) {
		const folded = fold(word.toLowerCase());
		if (!folded || stop.has(folded) || negation.has(folded)) continue;
		content++;
		const key = `${language}:${folded}`;
		let scores = evaluativeWords.get(key);
		if (scores === undefined) {
			const score = wordScore(prepareText(word), language);
			scores = score !== null && Math.abs(score) >= EVALUATIVE_SCORE;
			if (evaluativeWords.size < 50_000) evaluativeWords.set(key, scores);
		}
		if (!scores) return false;
	}
	return content > 0;
}

/**
 * The score per word of a prepared comment read as `language`, on the AFINN scale (a sum of word
 * valences −5 … 5 over the comment's word count: the `sentiment` package's "comparative"), with
 * the lexicon and negations `textPolarity` describes for that language; English reads the
 * normalised text. Null for a language without a polarity (Dutch and any other: no lexicon was
 * measured to separate praise from complaints), so callers can tell "no lexicon" from "neutral".
 */
export function wordScore(prepared: PreparedText, language: Language): number | null {
	if (language === 'pt') return portugueseScore(prepared.words);
	if (language === 'en') {
		analyser ??= new Sentiment();
		// The lexicon is read in lower case: the prepared text (normalised, lower case) scores the same.
		return analyser.analyze(prepared.normalised).comparative;
	}
	const make = LEXICONS.get(language);
	if (!make) return null;
	let lexicon = loaded.get(language);
	if (!lexicon) loaded.set(language, (lexicon = make()));
	return lexiconScore(prepared, language, lexicon);
}

/**
 * Lexicon score per word of a comment (the `sentiment` package's "comparative": the sum of its
 * words' scores over its word count). A word is looked up by its stem in `language`, then as
 * written (folded); grammar words (`stopWords`) score 0 unless `REVIEW_WORDS` has them. A
 * negation of the language (`negations`) turns round the first scored word within
 * `NEGATION_REACH` words after it in the same clause ("no funciona", "ne marchait pas", "sin
 * complicaciones"); German "nicht" and "nie" and Dutch "niet" and "nooit", which often follow
 * the verb they negate ("funktionierte nicht"), turn round the nearest scored word before them
 * when none follows. Each
 * word is turned round at most once ("n'ont jamais réglé").
 */
export function lexiconScore(prepared: PreparedText, language: Language, lexicon: Lexicon): number {
	if (prepared.words.length === 0) return 0;
	const negating = negations(language);
	const grammar = stopWords(language);
	const after = NEGATION_AFTER[language];
	let sum = 0;
	for (const clause of clauses(prepared)) {
		const scores: number[] = [];
		const flipped: boolean[] = [];
		const unresolved: number[] = [];
		let pending = 0;
		let from = -1;
		for (let i = 0; i < clause.length; i++) {
			const word = clause[i];
			const folded = fold(word);
			scores.push(0);
			flipped.push(false);
			if (negating.has(folded)) {
				pending = NEGATION_REACH;
				from = after?.has(folded) ? i : -1;
				continue;
			}
			// Grammar words judge nothing: the stem lexicons' own collisions score them ("con" is -5 in
			// nlp.js's Spanish AFINN, a stem of "con" the swindle).
			const score = grammar.has(folded) && !reviewWords(language).has(folded) ? 0 : (lexicon.get(stem(word.replace(/['’]/g, ''), language)) ?? lexicon.get(folded) ?? 0);
			if (score !== 0 && pending > 0) {
				scores[i] = -score;
				flipped[i] = true;
				pending = 0;
				continue;
			}
			scores[i] = score;
			if (pending > 0 && --pending === 0 && from >= 0) unresolved.push(from);
		}
		if (pending > 0 && from >= 0) unresolved.push(from);
		for (const at of unresolved) {
			for (let j = at - 1; j >= Math.max(0, at - NEGATION_REACH - 1); j--) {
				if (scores[j] === 0 || flipped[j]) continue;
				scores[j] = -scores[j];
				flipped[j] = true;
				break;
			}
		}
		for (const s of scores) sum += s;
	}
	return sum / prepared.words.length;
}

/** Lexicon score per word of a Portuguese comment (the `sentiment` package's "comparative"). */
function portugueseScore(words: readonly string[]): number {
	if (words.length === 0) return 0;
	let sum = 0;
	for (let i = 0; i < words.length; i++) {
		const word = fold(words[i]);
		const score = PT_SCORES.get(stem(word, 'pt')) ?? PT_SCORES.get(word);
		if (!score) continue;
		sum += i > 0 && PT_NEGATIONS.has(fold(words[i - 1])) ? -score : score;
	}
	return sum / words.length;
}

/**
 * The polarity of each note, -1 to 1. Where a note carries a satisfaction answer on its scale
 * (`fields.satisfactionPosition`, 0 = worst … 1 = best) it weighs 0.6 against 0.4 for the words:
 * a "3 out of 10" that says "fine" is a complaint, and on a scale whose best answer is 1 a 1 is
 * praise. The position comes from the board's customer context, so the scale's direction and its
 * answers that are not on it ("Don't know": no position) are read as everywhere else. `board` is
 * the board's language, which decides for comments without grammar words ("produto excelente").
 */
export function polarities(texts: readonly string[], fields?: readonly PolarityFields[], board: Language = 'en'): Float64Array {
	return Float64Array.from(texts, (text, i) => {
		const words = textPolarity(text, board);
		const position = fields?.[i]?.[SATISFACTION_POSITION];
		if (typeof position !== 'number' || !Number.isFinite(position) || position < 0 || position > 1) return words;
		return 0.6 * (2 * position - 1) + 0.4 * words;
	});
}
