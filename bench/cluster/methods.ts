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
import { tfidfNearestCentroid } from './baselines';
import { airlineComplaints, clothingReviews, hotelThemes, olistThemes } from './datasets';

const which = process.argv[2] ?? 'airline';
const set =
	which === 'airline'
		? airlineComplaints()
		: which === 'olist'
			? await olistThemes(1)
			: which === 'olist2' || which === 'olist3'
				? await olistThemes(which === 'olist2' ? 2 : 3)
				: which === 'hotel'
					? hotelThemes()
					: clothingReviews(which === 'department' ? 'Department Name' : 'Class Name');
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
const DRAWS = [1, 2, 3, 4, 5, 6];
console.log(`${set.name}: ${set.texts.length} notes, ${k} labels, ${DRAWS.length} draws of examples`);
for (const per of [5, 10, 20]) {
	const acc: Record<string, number[]> = { 'TF-IDF nearest centroid (baseline)': [] };
	const ratios: Record<string, number[]> = {};
	for (const seed of DRAWS) {
		const seeds = F.pickSeeds(set.labels, per, seed);
		const labels = new Int32Array(set.texts.length).fill(-1);
		for (const [i, l] of seeds) labels[i] = classes.indexOf(l);
		const score = (guess: (i: number) => number) => {
			let right = 0;
			let total = 0;
			for (let i = 0; i < set.texts.length; i++) {
				if (labels[i] >= 0) continue;
				total++;
				if (classes[guess(i)] === set.labels[i]) right++;
			}
			return right / total;
		};
		const nc = tfidfNearestCentroid(set.texts, labels, k);
		acc['TF-IDF nearest centroid (baseline)'].push(score((i) => nc[i]));
		for (const [name, fn] of Object.entries(methods)) {
			const post = fn(labels);
			(acc[name] ??= []).push(score((i) => F.argmax(post.p, i, k)));
			(ratios[name] ??= []).push(acc[name].at(-1)! / acc['TF-IDF nearest centroid (baseline)'].at(-1)!);
		}
	}
	const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
	const base = mean(acc['TF-IDF nearest centroid (baseline)']);
	console.log(`\n${per} examples per label`);
	const sd = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
	for (const [name, a] of Object.entries(acc)) {
		const r = ratios[name];
		const spread = r ? `  ±${sd(r).toFixed(2)}, lowest draw ${Math.min(...r).toFixed(2)}x` : '';
		console.log(`  ${name.padEnd(58)} ${mean(a).toFixed(3)}  ${(mean(a) / base).toFixed(2)}x${spread}`);
	}
}
