/**
 * The sorting methods side by side, to choose the one `sortRest` uses:
 *
 *   npx tsx bench/cluster/methods.ts [airline|department|class|olist|olist2|olist3|hotel]   (default airline)
 *
 * Accuracy on the unsorted notes with 5, 10 and 20 examples per label, mean of six draws of
 * examples (and the spread of the ratio to the baseline over the draws),
 * against TF-IDF nearest centroid, on the same features `sortRest` builds (TF-IDF with word pairs;
 * LSA, 60 dimensions, over every note). Label spreading builds an exact k-NN graph: it runs when
 * SPREAD=1 (n² work). Results in BENCHMARKS.md.
 */
import { buildFeatures } from '../../src/lib/cluster/features';
import * as F from '../../src/lib/cluster/fewshot';
import { compareMethods, namedSet } from './compare';

const which = process.argv[2] ?? 'airline';
const set = await namedSet(which);
const features = buildFeatures(set.texts);
const x = features.lsa();
const classes = [...new Set(set.labels)].sort();
const k = classes.length;
const mean2 = (a: F.Posteriors, b: F.Posteriors) => {
	for (let i = 0; i < a.p.length; i++) a.p[i] = (a.p[i] + b.p[i]) / 2;
	return a;
};
const selfTrained = { selfTraining: 3, addPerRound: 10, refitEpochs: 50 };
const methods: Record<string, (labels: Int32Array) => F.Posteriors> = {
	'centroid (LSA)': (l) => F.nearestCentroid(x, l, k),
	'centroid (LSA) + priors': (l) => F.adjustPriors(F.nearestCentroid(x, l, k), l),
	'seeded k-means (LSA)': (l) => F.seededKMeans(x, l, k),
	'naive Bayes': (l) => F.naiveBayesEm(features.matrix, l, k, { iterations: 0 }),
	'naive Bayes + EM': (l) => F.naiveBayesEm(features.matrix, l, k),
	'logistic regression': (l) => F.logisticRegression(features.matrix, l, k),
	'logistic regression + priors': (l) => F.adjustPriors(F.logisticRegression(features.matrix, l, k), l),
	'logistic regression, self-training': (l) => F.logisticRegression(features.matrix, l, k, { selfTraining: 3 }),
	'centroid + logistic (mean)': (l) => mean2(F.nearestCentroid(x, l, k), F.logisticRegression(features.matrix, l, k)),
	'centroid + logistic + priors (before)': (l) => F.adjustPriors(mean2(F.nearestCentroid(x, l, k), F.logisticRegression(features.matrix, l, k)), l),
	'centroid + logistic + priors within 3x': (l) => F.adjustPriors(mean2(F.nearestCentroid(x, l, k), F.logisticRegression(features.matrix, l, k)), l, { maxRatio: 3 }),
	'centroid + self-trained logistic, no priors': (l) => mean2(F.nearestCentroid(x, l, k), F.logisticRegression(features.matrix, l, k, selfTrained)),
	'centroid + self-trained logistic + priors within 2x': (l) => F.adjustPriors(mean2(F.nearestCentroid(x, l, k), F.logisticRegression(features.matrix, l, k, selfTrained)), l, { maxRatio: 2 }),
	'centroid + self-trained logistic + priors within 3x (before)': (l) => F.adjustPriors(mean2(F.nearestCentroid(x, l, k), F.logisticRegression(features.matrix, l, k, selfTrained)), l, { maxRatio: 3 }),
	'LSA centroid 1/4 + TF-IDF centroid 1/4 + self-trained logistic 1/2 + priors within 3x (kept)': (l) => {
		const c = F.nearestCentroid(x, l, k);
		const t = F.sparseNearestCentroid(features.matrix, l, k);
		const g = F.logisticRegression(features.matrix, l, k, selfTrained);
		for (let i = 0; i < c.p.length; i++) c.p[i] = (c.p[i] + t.p[i]) / 4 + g.p[i] / 2;
		return F.adjustPriors(c, l, { maxRatio: 3 });
	},
	'centroid + logistic + priors, 3 rounds': (l) => F.adjustPriors(mean2(F.nearestCentroid(x, l, k), F.logisticRegression(features.matrix, l, k)), l, { iterations: 3 }),
	'centroid + logistic + half priors': (l) => F.adjustPriors(mean2(F.nearestCentroid(x, l, k), F.logisticRegression(features.matrix, l, k)), l, { strength: 0.5 }),
	'logistic, self-training + half priors': (l) => F.adjustPriors(F.logisticRegression(features.matrix, l, k, { selfTraining: 3 }), l, { strength: 0.5 }),
	...(process.env.SPREAD ? { 'label spreading (k-NN, LSA)': (l: Int32Array) => F.labelSpreading(x, l, k) } : {})
};
compareMethods(set, Object.entries(methods), 58);
