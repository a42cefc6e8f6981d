import Sentiment from 'sentiment';
import { normaliseText } from './text';

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
 * The polarity of each note, -1 to 1. Where a note carries a satisfaction answer on its scale
 * (`fields.satisfactionPosition`, 0 = worst … 1 = best) it weighs 0.6 against 0.4 for the words:
 * a "3 out of 10" that says "fine" is a complaint, and on a scale whose best answer is 1 a 1 is
 * praise. The position comes from the board's customer context, so the scale's direction and its
 * answers that are not on it ("Don't know": no position) are read as everywhere else.
 */
export function polarities(texts: readonly string[], fields?: readonly PolarityFields[]): Float64Array {
	return Float64Array.from(texts, (text, i) => {
		const words = textPolarity(text);
		const position = fields?.[i]?.[SATISFACTION_POSITION];
		if (typeof position !== 'number' || !Number.isFinite(position) || position < 0 || position > 1) return words;
		return 0.6 * (2 * position - 1) + 0.4 * words;
	});
}
