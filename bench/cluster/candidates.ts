/**
 * Sorting candidates of 1 December (afternoon) beside the kept method, on one labelled set:
 *
 *   npx tsx bench/cluster/candidates.ts [airline|department|class|olist|olist2|olist3|hotel] [name filter]
 *   SAMPLE=300 npx tsx bench/cluster/candidates.ts department      (a seeded sample of 300 notes: a small board)
 *
 * Same protocol as `methods.ts`: accuracy on the notes not given as examples, 5, 10 and 20
 * examples per label, draws 1-6, ratio of the means to TF-IDF nearest centroid and the spread of
 * the per-draw ratios. The candidates:
 * - NB-LR: one-vs-rest logistic regressions on binary word and word-pair features scaled by the
 *   naive Bayes log-count ratio of their group against the others (Wang and Manning 2012, NBSVM's
 *   feature scaling with a logistic loss), each scaled row at length 1;
 * - label spreading (Zhou et al. 2004) over an approximate 10-nearest-neighbour graph in LSA space
 *   (random-hyperplane codes, neighbours looked for among the notes next to each other in the
 *   codes' order), with the kept blend's probabilities as the unsorted notes' starting mass;
 * - self-training with a threshold per group instead of a fixed count per round, by agreement of
 *   the logistic regression and the LSA centroid, of the whole blend, and with a count per round
 *   that shrinks on small boards;
 * - NB by log-count ratio alone, the logistic regression over random halves of the vocabulary or
 *   on TF-IDF with the LSA vector beside it, the nearest examples instead of the LSA centroid, and
 *   the logistic regression's penalty and epochs either side of the kept ones.
 * Results in BENCHMARKS.md ("Sorting methods measured").
 */
import { buildFeatures } from '../../src/lib/cluster/features';
import * as F from '../../src/lib/cluster/fewshot';
import { seededRandom } from '../../src/lib/cluster/rng';
import type { Dense } from '../../src/lib/cluster/svd';
import type { SparseRows } from '../../src/lib/cluster/vectors';
import { besideDense, compareMethods, namedSet } from './compare';

const which = process.argv[2] ?? 'airline';
const filter = process.argv[3] ?? '';
const set = await namedSet(which);
// SAMPLE=300: a seeded sample of the set's notes (a small board), for rules that matter on small boards.
if (process.env.SAMPLE) {
	const size = Math.min(Number(process.env.SAMPLE), set.texts.length);
	const random = seededRandom(7);
	const idx = [...set.texts.keys()];
	for (let i = 0; i < size; i++) {
		const j = i + Math.floor(random() * (idx.length - i));
		[idx[i], idx[j]] = [idx[j], idx[i]];
	}
	const picked = idx.slice(0, size).sort((a, b) => a - b);
	set.name += ` (sample of ${size})`;
	set.texts = picked.map((i) => set.texts[i]);
	set.labels = picked.map((i) => set.labels[i]);
}
const features = buildFeatures(set.texts);
const x = features.lsa();
const classes = [...new Set(set.labels)].sort();
const k = classes.length;
const n = set.texts.length;
const selfTrained = { selfTraining: 3, addPerRound: 10, refitEpochs: 50 };

function softmaxRows(p: Float64Array, k: number) {
	for (let i = 0; i < p.length / k; i++) F.softmaxRow(p, i * k, k);
}

/** The log-count ratio of every term for every group (k x V), on binary features (Wang and Manning 2012). */
function logCountRatios(m: SparseRows, labels: Int32Array, k: number, alpha: number): Float64Array {
	const v = m.width;
	const count = new Float64Array(k * v);
	const all = new Float64Array(v);
	for (let i = 0; i < labels.length; i++) {
		if (labels[i] < 0) continue;
		for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) {
			count[labels[i] * v + m.cols[e]] += 1;
			all[m.cols[e]] += 1;
		}
	}
	const r = new Float64Array(k * v);
	for (let c = 0; c < k; c++) {
		let pin = 0;
		let pout = 0;
		for (let j = 0; j < v; j++) {
			pin += count[c * v + j] + alpha;
			pout += all[j] - count[c * v + j] + alpha;
		}
		for (let j = 0; j < v; j++) r[c * v + j] = Math.log((count[c * v + j] + alpha) / pin) - Math.log((all[j] - count[c * v + j] + alpha) / pout);
	}
	return r;
}

/** NB-LR, one-vs-rest; scores of the k binary models become probabilities by a softmax. */
function nbLogistic(m: SparseRows, labels: Int32Array, k: number, options: { alpha?: number; l2?: number; epochs?: number; selfTraining?: number; addPerRound?: number } = {}): F.Posteriors {
	const alpha = options.alpha ?? 1;
	const l2 = options.l2 ?? 1e-3;
	const epochs = options.epochs ?? 150;
	const train = Int32Array.from(labels);
	const v = m.width;
	let p = new Float64Array(n * k);
	for (let round = 0; round <= (options.selfTraining ?? 0); round++) {
		const r = logCountRatios(m, train, k, alpha);
		// Row norms of the scaled binary rows, per group.
		const norm = new Float64Array(n * k);
		for (let i = 0; i < n; i++)
			for (let c = 0; c < k; c++) {
				let s = 0;
				for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) s += r[c * v + m.cols[e]] ** 2;
				norm[i * k + c] = Math.sqrt(s) || 1;
			}
		const rows: number[] = [];
		for (let i = 0; i < n; i++) if (train[i] >= 0) rows.push(i);
		const scores = new Float64Array(n * k);
		for (let c = 0; c < k; c++) {
			const w = new Float64Array(v + 1);
			const vel = new Float64Array(v + 1);
			const look = new Float64Array(v + 1);
			const grad = new Float64Array(v + 1);
			const positives = rows.filter((i) => train[i] === c).length;
			const posWeight = (rows.length - positives) / Math.max(1, positives);
			for (let epoch = 0; epoch < epochs; epoch++) {
				for (let j = 0; j <= v; j++) look[j] = w[j] + 0.9 * vel[j];
				grad.fill(0);
				for (const i of rows) {
					let s = look[v];
					const z = norm[i * k + c];
					for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) s += (r[c * v + m.cols[e]] / z) * look[m.cols[e]];
					const y = train[i] === c ? 1 : 0;
					const g = (1 / (1 + Math.exp(-s)) - y) * (y ? posWeight : 1);
					for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) grad[m.cols[e]] += g * (r[c * v + m.cols[e]] / z);
					grad[v] += g;
				}
				const scale = 1 / rows.length;
				for (let j = 0; j <= v; j++) {
					const gj = grad[j] * scale + (j < v ? l2 * look[j] : 0);
					vel[j] = 0.9 * vel[j] - 2 * gj;
					w[j] += vel[j];
				}
			}
			for (let i = 0; i < n; i++) {
				let s = w[v];
				const z = norm[i * k + c];
				for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) s += (r[c * v + m.cols[e]] / z) * w[m.cols[e]];
				scores[i * k + c] = s;
			}
		}
		softmaxRows(scores, k);
		p = scores;
		if (round === (options.selfTraining ?? 0)) break;
		F.addSurest(p, train, k, options.addPerRound ?? 10);
	}
	F.pinExamples(p, labels, k);
	return { p, k };
}

/**
 * Approximate k-nearest neighbours by cosine of unit rows: `tables` random-hyperplane codes of
 * `bits` bits; per code, the notes sorted by it; each note compared with the `window` notes on
 * either side in every order. Returns neighbour lists and their cosines (n x nn).
 */
function approximateNeighbours(x: Dense, nn: number, tables = 8, bits = 16, window = 12, seed = 1) {
	const { rows, cols: d, data } = x;
	const random = seededRandom(seed);
	const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
	const nbr = new Int32Array(rows * nn).fill(-1);
	const sim = new Float64Array(rows * nn).fill(-Infinity);
	const dot = (i: number, j: number) => {
		let s = 0;
		for (let c = 0; c < d; c++) s += data[i * d + c] * data[j * d + c];
		return s;
	};
	const insert = (i: number, j: number, s: number) => {
		// Several codes can put the same two notes side by side: each neighbour is listed once.
		for (let t = 0; t < nn; t++) if (nbr[i * nn + t] === j) return;
		F.insertTop(nbr, sim, i, nn, j, s);
	};
	const code = new Float64Array(rows);
	for (let t = 0; t < tables; t++) {
		const planes = Float64Array.from({ length: bits * d }, gauss);
		for (let i = 0; i < rows; i++) {
			let h = 0;
			for (let b = 0; b < bits; b++) {
				let s = 0;
				for (let c = 0; c < d; c++) s += data[i * d + c] * planes[b * d + c];
				h = h * 2 + (s > 0 ? 1 : 0);
			}
			code[i] = h;
		}
		const order = [...Array(rows).keys()].sort((a, b) => code[a] - code[b]);
		for (let a = 0; a < rows; a++) {
			const i = order[a];
			for (let b = a + 1; b <= Math.min(rows - 1, a + window); b++) {
				const j = order[b];
				const s = dot(i, j);
				insert(i, j, s);
				insert(j, i, s);
			}
		}
	}
	return { nbr, sim, nn };
}

/**
 * k nearest neighbours by TF-IDF cosine among the notes that share a term held by at most
 * `maxPosting` notes (an inverted index; common terms find no neighbours worth having).
 */
/** The LSA neighbours and the TF-IDF neighbours, `nn` of each. */
function both(nn: number) {
	const a = approximateNeighbours(x, nn);
	const b = tfidfNeighbours(features.matrix, nn);
	const nbr = new Int32Array(n * 2 * nn);
	const sim = new Float64Array(n * 2 * nn);
	for (let i = 0; i < n; i++)
		for (let t = 0; t < nn; t++) {
			nbr[i * 2 * nn + t] = a.nbr[i * nn + t];
			sim[i * 2 * nn + t] = a.sim[i * nn + t];
			nbr[i * 2 * nn + nn + t] = b.nbr[i * nn + t];
			sim[i * 2 * nn + nn + t] = b.sim[i * nn + t];
		}
	return { nbr, sim, nn: 2 * nn };
}

function tfidfNeighbours(m: SparseRows, nn: number, maxPosting = 300) {
	const postings: number[][] = Array.from({ length: m.width }, () => []);
	for (let i = 0; i < n; i++) for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) postings[m.cols[e]].push(i);
	const nbr = new Int32Array(n * nn).fill(-1);
	const sim = new Float64Array(n * nn).fill(-Infinity);
	const acc = new Float64Array(n);
	const touched: number[] = [];
	for (let i = 0; i < n; i++) {
		for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) {
			const list = postings[m.cols[e]];
			if (list.length > maxPosting) continue;
			const vi = m.vals[e];
			for (const j of list) {
				if (j === i) continue;
				if (acc[j] === 0) touched.push(j);
				// The other note's weight for this term: found by a binary search of its row.
				let lo = m.rowStart[j];
				let hi = m.rowStart[j + 1] - 1;
				while (lo < hi) {
					const mid = (lo + hi) >> 1;
					if (m.cols[mid] < m.cols[e]) lo = mid + 1;
					else hi = mid;
				}
				acc[j] += vi * m.vals[lo];
			}
		}
		for (const j of touched) {
			F.insertTop(nbr, sim, i, nn, j, acc[j]);
			acc[j] = 0;
		}
		touched.length = 0;
	}
	return { nbr, sim, nn };
}

type Graph = ReturnType<typeof approximateNeighbours>;
type GraphKind = 'lsa' | 'tfidf' | 'both';
/** Neighbour graphs depend on the notes only, not on the examples: built once per kind and size. */
const graphs = new Map<string, Graph>();
const graph = (kind: GraphKind, nn: number): Graph => {
	const key = `${kind} ${nn}`;
	let g = graphs.get(key);
	if (!g) graphs.set(key, (g = kind === 'tfidf' ? tfidfNeighbours(features.matrix, nn) : kind === 'both' ? both(nn) : approximateNeighbours(x, nn)));
	return g;
};

/** Label spreading with a prior: F <- a S F + (1 - a) Y, Y one-hot on examples and `gamma` x prior elsewhere. */
function spread(prior: F.Posteriors, labels: Int32Array, options: { alpha?: number; gamma?: number; iterations?: number; power?: number; neighbours?: number; graph?: GraphKind } = {}): F.Posteriors {
	const gamma = options.gamma ?? 1;
	const { nbr, sim, nn } = graph(options.graph ?? 'lsa', options.neighbours ?? 10);
	const y = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		if (labels[i] >= 0) y[i * k + labels[i]] = 1;
		else for (let c = 0; c < k; c++) y[i * k + c] = gamma * prior.p[i * k + c];
	}
	return F.spreadOverNeighbours(nbr, sim, nn, y, k, options.alpha ?? 0.5, options.iterations ?? 20, options.power ?? 1);
}

/** The kept method before the prior adjustment (sort.ts); `logistic` and `centroid` replace its members. */
function blend(l: Int32Array, logistic?: F.Posteriors, centroid?: F.Posteriors): F.Posteriors {
	const c = centroid ?? F.nearestCentroid(x, l, k);
	const t = F.sparseNearestCentroid(features.matrix, l, k);
	const g = logistic ?? F.logisticRegression(features.matrix, l, k, selfTrained);
	for (let i = 0; i < c.p.length; i++) c.p[i] = (c.p[i] + t.p[i]) / 4 + g.p[i] / 2;
	return c;
}

/**
 * Self-training with a threshold per group instead of a fixed count: each round, the unsorted notes
 * the logistic regression puts in a group with a probability at or above the median of that
 * group's notes (and at least 0.5), at most `cap` times the group's examples, join its examples.
 */
function thresholdSelfTrained(l: Int32Array, rounds = 3, cap = 3): F.Posteriors {
	const train = Int32Array.from(l);
	let post = F.logisticRegression(features.matrix, train, k);
	for (let r = 0; r < rounds; r++) {
		const seedsOf = Array.from({ length: k }, () => [] as number[]);
		for (let i = 0; i < n; i++) if (l[i] >= 0) seedsOf[l[i]].push(i);
		for (let c = 0; c < k; c++) {
			const cand: number[] = [];
			for (let i = 0; i < n; i++) if (train[i] < 0 && F.argmax(post.p, i, k) === c) cand.push(i);
			if (!cand.length) continue;
			const ps = cand.map((i) => post.p[i * k + c]).sort((a, b) => a - b);
			const threshold = Math.max(0.5, ps[Math.floor(ps.length * 0.5)]);
			cand.sort((a, b) => post.p[b * k + c] - post.p[a * k + c]);
			const limit = cap * Math.max(1, seedsOf[c].length);
			let added = 0;
			for (const i of cand) {
				if (post.p[i * k + c] < threshold || added >= limit) break;
				train[i] = c;
				added++;
			}
		}
		post = F.logisticRegression(features.matrix, train, k, { epochs: 150 });
	}
	F.pinExamples(post.p, l, k);
	return post;
}

/**
 * Self-training of the whole blend: each round the unsorted notes the blend (after the priors) is
 * surest of, `perRound` per group, join the examples of all three members, which are fitted again.
 */
function blendSelfTrained(l: Int32Array, rounds = 3, perRound = 10): F.Posteriors {
	const train = Int32Array.from(l);
	let post = F.adjustPriors(blend(train, F.logisticRegression(features.matrix, train, k)), train, { maxRatio: 3 });
	for (let r = 0; r < rounds; r++) {
		F.addSurest(post.p, train, k, perRound);
		post = F.adjustPriors(blend(train, F.logisticRegression(features.matrix, train, k)), train, { maxRatio: 3 });
	}
	// The pseudo-labelled notes are answered with the last model's probabilities, not as examples.
	const last = blend(train, F.logisticRegression(features.matrix, train, k));
	return F.adjustPriors(last, l, { maxRatio: 3 });
}

/**
 * Self-training by agreement (in the spirit of co-training, Blum and Mitchell 1998): each round,
 * per group, the 10 unsorted notes that the logistic regression and the LSA centroid both put in
 * the group, surest first by the product of their probabilities, join the logistic regression's
 * examples; the regression is fitted again from scratch.
 */
function agreementSelfTrained(l: Int32Array, rounds = 3, perRound = 10): F.Posteriors {
	const train = Int32Array.from(l);
	const centroid = F.nearestCentroid(x, l, k);
	let post = F.logisticRegression(features.matrix, train, k);
	for (let r = 0; r < rounds; r++) {
		for (let c = 0; c < k; c++) {
			const cand: number[] = [];
			for (let i = 0; i < n; i++) if (train[i] < 0 && F.argmax(post.p, i, k) === c && F.argmax(centroid.p, i, k) === c) cand.push(i);
			const score = (i: number) => post.p[i * k + c] * centroid.p[i * k + c];
			cand.sort((a, b) => score(b) - score(a));
			for (const i of cand.slice(0, perRound)) train[i] = c;
		}
		post = F.logisticRegression(features.matrix, train, k);
	}
	F.pinExamples(post.p, l, k);
	return post;
}

/**
 * The TF-IDF rows with each note's LSA vector beside them (`weight` x the unit LSA row, then each
 * row at length 1 again): the logistic regression can then learn from co-occurrence as well as
 * from exact words.
 */
const withLsa = (m: SparseRows, weight: number): SparseRows => besideDense(m, x, weight);
const augmented = new Map<number, SparseRows>();
const withLsaCached = (w: number) => augmented.get(w) ?? (augmented.set(w, withLsa(features.matrix, w)), augmented.get(w)!);

/**
 * The examples themselves as prototypes in LSA space: a group's score is the mean cosine of the
 * note to its `top` nearest examples of that group (softmax at 0.05, as the centroid's).
 */
function nearestExamples(l: Int32Array, top = 3): F.Posteriors {
	const d = x.cols;
	const byGroup = Array.from({ length: k }, () => [] as number[]);
	for (let i = 0; i < n; i++) if (l[i] >= 0) byGroup[l[i]].push(i);
	const p = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		for (let c = 0; c < k; c++) {
			const sims = byGroup[c].map((j) => {
				let s = 0;
				for (let t = 0; t < d; t++) s += x.data[i * d + t] * x.data[j * d + t];
				return s;
			});
			sims.sort((a, b) => b - a);
			const kept = sims.slice(0, top);
			p[i * k + c] = kept.reduce((a, b) => a + b, 0) / Math.max(1, kept.length) / 0.05;
		}
	}
	softmaxRows(p, k);
	F.pinExamples(p, l, k);
	return { p, k };
}

/** Naive Bayes by log-count ratio alone: score of group c = sum of r_c over the note's terms (Wang and Manning's MNB). */
function logCountRatioScores(l: Int32Array, alpha = 1): F.Posteriors {
	const m = features.matrix;
	const r = logCountRatios(m, l, k, alpha);
	const p = new Float64Array(n * k);
	for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) p[i * k + c] += r[c * m.width + m.cols[e]];
	softmaxRows(p, k);
	return { p, k };
}

/** A row subset of the columns: each term kept with probability `share` (seeded), rows re-scaled to length 1. */
function randomColumns(m: SparseRows, share: number, seed: number): SparseRows {
	const random = seededRandom(seed);
	const keep = Uint8Array.from({ length: m.width }, () => (random() < share ? 1 : 0));
	const rowStart = new Int32Array(n + 1);
	const cols: number[] = [];
	const vals: number[] = [];
	for (let i = 0; i < n; i++) {
		let norm = 0;
		const start = cols.length;
		for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++)
			if (keep[m.cols[e]]) {
				cols.push(m.cols[e]);
				vals.push(m.vals[e]);
				norm += m.vals[e] ** 2;
			}
		norm = Math.sqrt(norm) || 1;
		for (let t = start; t < vals.length; t++) vals[t] /= norm;
		rowStart[i + 1] = cols.length;
	}
	return { rowStart, cols: Int32Array.from(cols), vals: Float64Array.from(vals), width: m.width };
}
const subspaces = [1, 2, 3].map((seed) => randomColumns(features.matrix, 0.5, seed));

/** The self-trained logistic regression averaged over three random halves of the vocabulary (random subspaces, Ho 1998). */
function subspaceLogistic(l: Int32Array): F.Posteriors {
	return mix(subspaces.map((m) => [1 / 3, F.logisticRegression(m, l, k, selfTrained)] as [number, F.Posteriors]));
}

const mix = (parts: [number, F.Posteriors][]): F.Posteriors => {
	const p = new Float64Array(n * k);
	for (const [w, q] of parts) for (let i = 0; i < p.length; i++) p[i] += w * q.p[i];
	return { p, k };
};
const keptCache = new WeakMap<Int32Array, F.Posteriors>();
const kept = (l: Int32Array) => {
	let post = keptCache.get(l);
	if (!post) keptCache.set(l, (post = F.adjustPriors(blend(l), l, { maxRatio: 3 })));
	return post;
};

const methods: Record<string, (labels: Int32Array) => F.Posteriors> = {
	'kept (LSA 1/4 + TF-IDF 1/4 + self-trained logistic 1/2, priors within 3x)': kept,
	'NB-LR': (l) => nbLogistic(features.matrix, l, k),
	'NB-LR, self-trained': (l) => nbLogistic(features.matrix, l, k, { selfTraining: 3 }),
	'blend with NB-LR for logistic': (l) => F.adjustPriors(blend(l, nbLogistic(features.matrix, l, k, { selfTraining: 3 })), l, { maxRatio: 3 }),
	'kept + NB-LR (3/4, 1/4)': (l) => F.adjustPriors(mix([[0.75, blend(l)], [0.25, nbLogistic(features.matrix, l, k, { selfTraining: 3 })]]), l, { maxRatio: 3 }),
	'kept, self-training by agreement with the LSA centroid': (l) => F.adjustPriors(blend(l, agreementSelfTrained(l)), l, { maxRatio: 3 }),
	'kept, logistic on TF-IDF + LSA (weight 0.5)': (l) => F.adjustPriors(blend(l, F.logisticRegression(withLsaCached(0.5), l, k, selfTrained)), l, { maxRatio: 3 }),
	'kept, logistic on TF-IDF + LSA (weight 1)': (l) => F.adjustPriors(blend(l, F.logisticRegression(withLsaCached(1), l, k, selfTrained)), l, { maxRatio: 3 }),
	'kept, LSA nearest 3 examples for the LSA centroid': (l) => F.adjustPriors(blend(l, undefined, nearestExamples(l)), l, { maxRatio: 3 }),
	'kept, logistic with L2 1e-2': (l) => F.adjustPriors(blend(l, F.logisticRegression(features.matrix, l, k, { ...selfTrained, l2: 1e-2 })), l, { maxRatio: 3 }),
	'kept, logistic with L2 1e-4': (l) => F.adjustPriors(blend(l, F.logisticRegression(features.matrix, l, k, { ...selfTrained, l2: 1e-4 })), l, { maxRatio: 3 }),
	'kept, logistic with 300 epochs': (l) => F.adjustPriors(blend(l, F.logisticRegression(features.matrix, l, k, { ...selfTrained, epochs: 300, refitEpochs: 100 })), l, { maxRatio: 3 }),
	'kept, LSA with 20 dimensions': (l) => F.adjustPriors(blend(l, undefined, F.nearestCentroid(features.lsa(20), l, k)), l, { maxRatio: 3 }),
	'kept, LSA with 30 dimensions': (l) => F.adjustPriors(blend(l, undefined, F.nearestCentroid(features.lsa(30), l, k)), l, { maxRatio: 3 }),
	'kept, logistic not self-trained': (l) => F.adjustPriors(blend(l, F.logisticRegression(features.matrix, l, k)), l, { maxRatio: 3 }),
	'kept, self-training adds 5 per group per round': (l) => F.adjustPriors(blend(l, F.logisticRegression(features.matrix, l, k, { ...selfTrained, addPerRound: 5 })), l, { maxRatio: 3 }),
	'kept, self-training adds min(10, 2% of the unsorted) per group per round': (l) => {
		const unsorted = l.filter((v) => v < 0).length;
		return F.adjustPriors(blend(l, F.logisticRegression(features.matrix, l, k, { ...selfTrained, addPerRound: Math.max(1, Math.min(10, Math.round(0.02 * unsorted))) })), l, { maxRatio: 3 });
	},
	'kept, self-training adds min(10, 1% of the unsorted) per group per round': (l) => {
		const unsorted = l.filter((v) => v < 0).length;
		return F.adjustPriors(blend(l, F.logisticRegression(features.matrix, l, k, { ...selfTrained, addPerRound: Math.max(1, Math.min(10, Math.round(0.01 * unsorted))) })), l, { maxRatio: 3 });
	},
	'NB by log-count ratio (MNB)': (l) => logCountRatioScores(l),
	'blend with the logistic over three random halves of the vocabulary': (l) => F.adjustPriors(blend(l, subspaceLogistic(l)), l, { maxRatio: 3 }),
	'kept, threshold self-training': (l) => F.adjustPriors(blend(l, thresholdSelfTrained(l)), l, { maxRatio: 3 }),
	'kept, then spread (a 0.5)': (l) => spread(kept(l), l, { alpha: 0.5 }),
	'kept, then spread (a 0.8)': (l) => spread(kept(l), l, { alpha: 0.8 }),
	'kept, then spread (a 0.5, cos^3)': (l) => spread(kept(l), l, { alpha: 0.5, power: 3 }),
	'kept, then spread (a 0.3)': (l) => spread(kept(l), l, { alpha: 0.3 }),
	'kept, then spread (a 0.5, 20 neighbours)': (l) => spread(kept(l), l, { alpha: 0.5, neighbours: 20 }),
	'kept, then spread (a 0.5, 5 neighbours)': (l) => spread(kept(l), l, { alpha: 0.5, neighbours: 5 }),
	'kept, then spread (a 0.5, 5 iterations)': (l) => spread(kept(l), l, { alpha: 0.5, iterations: 5 }),
	'kept, then spread over TF-IDF neighbours (a 0.5)': (l) => spread(kept(l), l, { alpha: 0.5, graph: 'tfidf' }),
	'kept, then spread over TF-IDF neighbours (a 0.3)': (l) => spread(kept(l), l, { alpha: 0.3, graph: 'tfidf' }),
	'kept, then spread over LSA and TF-IDF neighbours (a 0.5)': (l) => spread(kept(l), l, { alpha: 0.5, graph: 'both' }),
	'blend self-trained (3 rounds, 10 per group)': (l) => blendSelfTrained(l),
	'blend self-trained (3 rounds, 10 per group), then spread (a 0.5)': (l) => spread(blendSelfTrained(l), l, { alpha: 0.5 }),
	'blend self-trained (5 rounds, 10 per group)': (l) => blendSelfTrained(l, 5),
	'blend, spread (a 0.5), then priors': (l) => F.adjustPriors(spread(blend(l), l, { alpha: 0.5 }), l, { maxRatio: 3 })
};
compareMethods(
	set,
	Object.entries(methods).filter(([name]) => name.includes(filter) || name.startsWith('kept (')),
	72
);
