import { adjustPriors, argmax, logisticRegression, nearestCentroid, sparseNearestCentroid } from './fewshot';
import { buildFeatures, type Features } from './features';
import type { Dense } from './svd';

export interface SortOptions {
	/**
	 * A note whose best group has a probability below this stays unsorted ("unsure"). Default
	 * 0.5: on the tuning set, notes above it are sorted right about twice as often as the rest.
	 */
	minConfidence?: number;
	/** Vectors from another representation (an embeddings provider), one row per text. */
	vectors?: Dense;
	/** Features already built for these texts (the worker keeps them between requests). */
	features?: Features;
	onProgress?: (done: number) => void;
}

export interface SortedNote {
	/** Index of the note in the input. */
	index: number;
	/** The group it goes to, or null when the best guess is below `minConfidence`. */
	group: number | null;
	/** The most likely group, sure or not. */
	best: number;
	/** The probability of `best` (0..1). */
	score: number;
}

export interface SortResult {
	/** One entry per unsorted input (labels[i] < 0), in input order. */
	notes: SortedNote[];
	/** How many of them stayed unsure. */
	unsure: number;
}

/**
 * Sorts the rest: given the groups people made (`labels[i]` = the group of note i, -1 for a note
 * still unsorted; `groups` = how many groups there are), proposes a group for every unsorted note
 * with a probability.
 *
 * Method (chosen with `bench/cluster/methods.ts` on the airline complaints and the clothing
 * reviews, see BENCHMARKS.md): a weighted mean of three classifiers' probabilities, a quarter
 * each for a nearest-centroid classifier in LSA space (the SVD is taken over every note, sorted or
 * not, so co-occurrence learned from the unsorted thousands carries over) and one on the TF-IDF
 * rows themselves (exact words and word pairs), and half for a multinomial logistic regression on
 * TF-IDF with word pairs, self-trained (three rounds, each adding the 10 unsorted notes it is surest
 * of per group as examples; Yarowsky 1995); the result is then re-weighted to the group sizes the
 * unsorted notes suggest (EM, Saerens et al. 2002), since people give a few examples per group
 * whatever its real size, with each group's share kept within 3x of its share of the examples.
 * With `vectors` (an embeddings provider) they take LSA's place in the first centroid, whose
 * softmax is then at temperature 0.02 instead of 0.05.
 *
 * Errors: throws when fewer than two groups have an example, or labels and texts differ in length.
 */
export function sortRest(texts: readonly string[], labels: Int32Array, groups: number, options: SortOptions = {}): SortResult {
	if (labels.length !== texts.length) throw new Error(`sortRest: ${texts.length} texts but ${labels.length} labels.`);
	const present = new Set<number>();
	for (const l of labels) if (l >= 0) present.add(l);
	if (present.size < 2) throw new Error('Sorting needs at least two groups with notes in them.');
	for (const l of present) if (l >= groups) throw new Error(`sortRest: label ${l} is not below the group count ${groups}.`);
	const minConfidence = options.minConfidence ?? 0.5;
	options.onProgress?.(0.05);
	const features = options.features ?? buildFeatures(texts);
	options.onProgress?.(0.5);
	const dense = options.vectors ?? features.lsa();
	options.onProgress?.(0.7);
	// Another representation's cosines lie closer together than LSA's: a sharper softmax (0.02,
	// chosen on the clothing sets with the local sentence encoder; BENCHMARKS.md, "Sentence
	// vectors computed locally") lets its centroid weigh as much in the blend.
	const centroid = nearestCentroid(dense, labels, groups, options.vectors ? 0.02 : 0.05);
	const words = sparseNearestCentroid(features.matrix, labels, groups);
	const logistic = logisticRegression(features.matrix, labels, groups, { selfTraining: 3, addPerRound: 10, refitEpochs: 50 });
	for (let i = 0; i < centroid.p.length; i++) centroid.p[i] = (centroid.p[i] + words.p[i]) / 4 + logistic.p[i] / 2;
	const post = adjustPriors(centroid, labels, { maxRatio: 3 });
	options.onProgress?.(0.95);
	const notes: SortedNote[] = [];
	let unsure = 0;
	for (let i = 0; i < texts.length; i++) {
		if (labels[i] >= 0) continue;
		const best = argmax(post.p, i, groups);
		const score = post.p[i * groups + best];
		const sure = score >= minConfidence && features.usable[i];
		if (!sure) unsure++;
		notes.push({ index: i, group: sure ? best : null, best, score });
	}
	options.onProgress?.(1);
	return { notes, unsure };
}
