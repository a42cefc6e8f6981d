import Sentiment from 'sentiment';
import { normaliseText } from './text';

/** The customer fields sentiment reads: the satisfaction answer's rank (1 = lowest), when there is one. */
export type PolarityFields = Record<string, string | number | null | undefined> | undefined;

let analyser: Sentiment | null = null;

/**
 * The polarity of a comment's words, -1 (complaint) to 1 (praise): the AFINN-165 lexicon with
 * negation and emoji of the `sentiment` package (Nielsen 2011), its per-word score squashed by
 * tanh. English only: other languages score 0 and rely on the satisfaction answer.
 */
export function textPolarity(text: string): number {
	analyser ??= new Sentiment();
	const { comparative } = analyser.analyze(normaliseText(text));
	return Math.tanh(comparative * 1.5);
}

/**
 * The polarity of each note, -1 to 1. Where a note carries a satisfaction answer
 * (`fields.satisfactionRank`, 1 = lowest) it weighs 0.6 against 0.4 for the words: a "3 out of
 * 10" that says "fine" is a complaint. The rank is scaled by the highest rank among the notes.
 */
export function polarities(texts: readonly string[], fields?: readonly PolarityFields[]): Float64Array {
	let maxRank = 0;
	for (const f of fields ?? []) {
		const r = f?.satisfactionRank;
		if (typeof r === 'number' && Number.isFinite(r)) maxRank = Math.max(maxRank, r);
	}
	return Float64Array.from(texts, (text, i) => {
		const words = textPolarity(text);
		const rank = fields?.[i]?.satisfactionRank;
		if (typeof rank !== 'number' || !Number.isFinite(rank) || maxRank < 2) return words;
		const satisfaction = (2 * (Math.min(rank, maxRank) - 1)) / (maxRank - 1) - 1;
		return 0.6 * satisfaction + 0.4 * words;
	});
}
