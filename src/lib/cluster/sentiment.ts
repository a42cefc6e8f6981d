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
 * 10" that says "fine" is a complaint. The rank is read on the scale it most likely comes from
 * (`points`, or by the highest rank seen: up to 5 a 5-point scale, up to 7 a 7-point one, else
 * 0-10), so a board where everyone answered "Dissatisfied" is not read as praise.
 */
export function polarities(texts: readonly string[], fields?: readonly PolarityFields[], points?: number): Float64Array {
	let maxRank = 0;
	for (const f of fields ?? []) {
		const r = f?.satisfactionRank;
		if (typeof r === 'number' && Number.isFinite(r)) maxRank = Math.max(maxRank, r);
	}
	const scale = points ?? (maxRank <= 5 ? 5 : maxRank <= 7 ? 7 : 11);
	return Float64Array.from(texts, (text, i) => {
		const words = textPolarity(text);
		const rank = fields?.[i]?.satisfactionRank;
		if (typeof rank !== 'number' || !Number.isFinite(rank) || maxRank < 1) return words;
		const satisfaction = (2 * (Math.min(rank, scale) - 1)) / (scale - 1) - 1;
		return 0.6 * satisfaction + 0.4 * words;
	});
}
