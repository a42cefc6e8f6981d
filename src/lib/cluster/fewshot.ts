import { seededRandom } from './rng';
import type { Dense } from './svd';
import type { SparseRows } from './vectors';

/**
 * Few-shot classifiers for "sort the rest": every one takes the notes' vectors, the group of the
 * notes people sorted (`labels[i]` = group index, or -1 for an unsorted note) and answers, for
 * every note, a probability per group (n x k, rows summing to 1). All of them see the unsorted
 * notes too (semi-supervised learning): with ten examples per group, what the other thousands of
 * comments say about which words go together is most of what there is to learn from.
 *
 * `bench/cluster/run.ts` measures them side by side; `sortRest` (sort.ts) uses the winner.
 */
export interface Posteriors {
	/** n x k, row-major; row i sums to 1. */
	p: Float64Array;
	k: number;
}

function rowsFromLabels(labels: Int32Array, k: number): Posteriors {
	const n = labels.length;
	const p = new Float64Array(n * k);
	for (let i = 0; i < n; i++) if (labels[i] >= 0) p[i * k + labels[i]] = 1;
	return { p, k };
}

/** Turns the `k` scores at `offset` into probabilities, in place. */
export function softmaxRow(scores: Float64Array, offset: number, k: number, temperature = 1): void {
	let max = -Infinity;
	for (let c = 0; c < k; c++) max = Math.max(max, scores[offset + c]);
	let sum = 0;
	for (let c = 0; c < k; c++) sum += scores[offset + c] = Math.exp((scores[offset + c] - max) / temperature);
	for (let c = 0; c < k; c++) scores[offset + c] /= sum;
}

/** Row-normalised centres of the rows in each group, weighted by their probability of being in it. */
function centres(x: Dense, post: Posteriors, weightOf: (i: number) => number): Dense {
	const { rows: n, cols: d, data } = x;
	const k = post.k;
	const out = new Float64Array(k * d);
	for (let i = 0; i < n; i++) {
		const w = weightOf(i);
		if (w === 0) continue;
		for (let c = 0; c < k; c++) {
			const pc = post.p[i * k + c] * w;
			if (pc < 1e-6) continue;
			for (let j = 0; j < d; j++) out[c * d + j] += pc * data[i * d + j];
		}
	}
	for (let c = 0; c < k; c++) {
		let norm = 0;
		for (let j = 0; j < d; j++) norm += out[c * d + j] ** 2;
		norm = Math.sqrt(norm) || 1;
		for (let j = 0; j < d; j++) out[c * d + j] /= norm;
	}
	return { rows: k, cols: d, data: out };
}

function cosineScores(x: Dense, centroids: Dense): Float64Array {
	const { rows: n, cols: d, data } = x;
	const k = centroids.rows;
	const out = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		for (let c = 0; c < k; c++) {
			let s = 0;
			for (let j = 0; j < d; j++) s += data[i * d + j] * centroids.data[c * d + j];
			out[i * k + c] = s;
		}
	}
	return out;
}

/**
 * Nearest centroid (Rocchio) on dense vectors: a note goes to the group whose examples' mean it
 * is closest to (cosine). Scores become probabilities by a softmax at `temperature` (default 0.05,
 * for LSA; sentence encoders' cosines lie closer together, see `sortRest`).
 */
export function nearestCentroid(x: Dense, labels: Int32Array, k: number, temperature = 0.05): Posteriors {
	const seeds = rowsFromLabels(labels, k);
	const c = centres(x, seeds, (i) => (labels[i] >= 0 ? 1 : 0));
	const p = cosineScores(x, c);
	for (let i = 0; i < x.rows; i++) softmaxRow(p, i * k, k, temperature);
	return { p, k };
}

/**
 * Nearest centroid on the sparse TF-IDF rows (word pairs included): a note goes to the group
 * whose examples share its exact words and word pairs, weighted by rarity. Scores (cosines to the
 * length-1 mean of each group's examples) become probabilities by a softmax at `temperature`
 * (default 0.02: TF-IDF cosines are smaller than LSA's, so a lower temperature than
 * `nearestCentroid`'s 0.05; chosen on the tuning sets, see BENCHMARKS.md). It catches what the
 * LSA centroid blurs: a group one word names ("dress", "jeans", "não recebi"). Work: k x V for
 * the centres, one pass over the non-zeros per group.
 */
export function sparseNearestCentroid(a: SparseRows, labels: Int32Array, k: number, temperature = 0.02): Posteriors {
	const n = a.rowStart.length - 1;
	const v = a.width;
	const centre = new Float64Array(k * v);
	for (let i = 0; i < n; i++) {
		const l = labels[i];
		if (l < 0) continue;
		for (let e = a.rowStart[i]; e < a.rowStart[i + 1]; e++) centre[l * v + a.cols[e]] += a.vals[e];
	}
	for (let c = 0; c < k; c++) {
		let norm = 0;
		for (let j = 0; j < v; j++) norm += centre[c * v + j] ** 2;
		norm = Math.sqrt(norm) || 1;
		for (let j = 0; j < v; j++) centre[c * v + j] /= norm;
	}
	const p = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		for (let c = 0; c < k; c++) {
			let s = 0;
			for (let e = a.rowStart[i]; e < a.rowStart[i + 1]; e++) s += a.vals[e] * centre[c * v + a.cols[e]];
			p[i * k + c] = s;
		}
		softmaxRow(p, i * k, k, temperature);
	}
	return { p, k };
}

/**
 * Seeded spherical k-means (Basu, Banerjee and Mooney 2002, "constrained" variant): centres start
 * at the examples' means; unsorted notes are assigned softly, the centres move to the weighted
 * mean of their examples (weight `seedWeight` each) and the notes now in them, and so on for
 * `rounds` rounds. The examples never change group.
 */
export function seededKMeans(
	x: Dense,
	labels: Int32Array,
	k: number,
	options: { rounds?: number; seedWeight?: number; temperature?: number } = {}
): Posteriors {
	const rounds = options.rounds ?? 8;
	const seedWeight = options.seedWeight ?? 3;
	const temperature = options.temperature ?? 0.05;
	const n = x.rows;
	let post = rowsFromLabels(labels, k);
	let c = centres(x, post, (i) => (labels[i] >= 0 ? 1 : 0));
	for (let r = 0; r < rounds; r++) {
		const p = cosineScores(x, c);
		for (let i = 0; i < n; i++) {
			if (labels[i] >= 0) {
				p.fill(0, i * k, i * k + k);
				p[i * k + labels[i]] = 1;
			} else softmaxRow(p, i * k, k, temperature);
		}
		post = { p, k };
		if (r === rounds - 1) break;
		c = centres(x, post, (i) => (labels[i] >= 0 ? seedWeight : 1));
	}
	return post;
}

/**
 * Multinomial naive Bayes trained by EM over the sorted and unsorted notes (Nigam, McCallum,
 * Thrun and Mitchell 2000, "Text classification from labeled and unlabeled documents using EM"),
 * on TF-IDF weights as counts (Rennie et al. 2003). Unsorted notes count `unlabelledWeight` each
 * in the M step, so thousands of them do not drown ten examples.
 */
export function naiveBayesEm(
	m: SparseRows,
	labels: Int32Array,
	k: number,
	options: { iterations?: number; unlabelledWeight?: number; alpha?: number; temperature?: number } = {}
): Posteriors {
	const iterations = options.iterations ?? 6;
	const lambda = options.unlabelledWeight ?? 0.1;
	const alpha = options.alpha ?? 0.1;
	const temperature = options.temperature ?? 1;
	const n = m.rowStart.length - 1;
	const v = m.width;
	let post = rowsFromLabels(labels, k);
	const logTheta = new Float64Array(k * v);
	const logPrior = new Float64Array(k);
	for (let it = 0; it <= iterations; it++) {
		// M step
		const counts = new Float64Array(k * v);
		const totals = new Float64Array(k);
		const mass = new Float64Array(k);
		for (let i = 0; i < n; i++) {
			const w = labels[i] >= 0 ? 1 : it === 0 ? 0 : lambda;
			if (w === 0) continue;
			for (let c = 0; c < k; c++) {
				const pc = post.p[i * k + c] * w;
				if (pc < 1e-6) continue;
				mass[c] += pc;
				for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) {
					counts[c * v + m.cols[e]] += pc * m.vals[e];
					totals[c] += pc * m.vals[e];
				}
			}
		}
		const massTotal = mass.reduce((s, x) => s + x, 0);
		for (let c = 0; c < k; c++) {
			logPrior[c] = Math.log((mass[c] + 1) / (massTotal + k));
			const denom = Math.log(totals[c] + alpha * v);
			for (let j = 0; j < v; j++) logTheta[c * v + j] = Math.log(counts[c * v + j] + alpha) - denom;
		}
		// E step
		const p = new Float64Array(n * k);
		for (let i = 0; i < n; i++) {
			for (let c = 0; c < k; c++) {
				let s = logPrior[c];
				for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) s += m.vals[e] * logTheta[c * v + m.cols[e]];
				p[i * k + c] = s;
			}
			if (labels[i] >= 0) {
				p.fill(0, i * k, i * k + k);
				p[i * k + labels[i]] = 1;
			} else softmaxRow(p, i * k, k, temperature);
		}
		post = { p, k };
	}
	return post;
}

/**
 * Multinomial logistic regression with an L2 penalty on sparse TF-IDF rows (word pairs included),
 * fitted by full-batch gradient descent with Nesterov momentum on the sorted notes; with
 * `selfTraining` rounds, the unsorted notes it is surest of (per group, in proportion to the
 * examples) join the training set as pseudo-labels and it is fitted again (Yarowsky 1995).
 */
export function logisticRegression(
	m: SparseRows,
	labels: Int32Array,
	k: number,
	options: { l2?: number; epochs?: number; selfTraining?: number; addPerRound?: number; refitEpochs?: number } = {}
): Posteriors {
	const l2 = options.l2 ?? 1e-3;
	const epochs = options.epochs ?? 150;
	const n = m.rowStart.length - 1;
	const train = Int32Array.from(labels);
	let p: Float64Array = new Float64Array(n * k);
	const rounds = options.selfTraining ?? 0;
	let w: Float64Array | undefined;
	for (let round = 0; round <= rounds; round++) {
		w = fitLogistic(m, train, k, l2, round === 0 ? epochs : (options.refitEpochs ?? epochs), w);
		p = predictLogistic(m, w, k);
		if (round === rounds) break;
		addSurest(p, train, k, options.addPerRound ?? 10);
	}
	pinExamples(p, labels, k);
	return { p, k };
}

/**
 * One round of self-training: per group, the `perGroup` unsorted notes (`train[i]` = -1) most
 * probably in it, by `p`, join its examples in `train`.
 */
export function addSurest(p: Float64Array, train: Int32Array, k: number, perGroup: number): void {
	const n = train.length;
	for (let c = 0; c < k; c++) {
		const candidates: number[] = [];
		for (let i = 0; i < n; i++) if (train[i] < 0 && argmax(p, i, k) === c) candidates.push(i);
		candidates.sort((a, b) => p[b * k + c] - p[a * k + c]);
		for (const i of candidates.slice(0, perGroup)) train[i] = c;
	}
}

/** Sets the rows of the examples to certainty in their own group, in place. */
export function pinExamples(p: Float64Array, labels: Int32Array, k: number): void {
	for (let i = 0; i < labels.length; i++) {
		if (labels[i] >= 0) {
			p.fill(0, i * k, i * k + k);
			p[i * k + labels[i]] = 1;
		}
	}
}

function fitLogistic(m: SparseRows, labels: Int32Array, k: number, l2: number, epochs: number, start?: Float64Array): Float64Array {
	const v = m.width;
	const rows: number[] = [];
	for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) rows.push(i);
	const w = start ? Float64Array.from(start) : new Float64Array((v + 1) * k);
	const velocity = new Float64Array(w.length);
	const grad = new Float64Array(w.length);
	const scores = new Float64Array(k);
	const rate = 2;
	const momentum = 0.9;
	const look = new Float64Array(w.length);
	for (let epoch = 0; epoch < epochs; epoch++) {
		for (let j = 0; j < w.length; j++) look[j] = w[j] + momentum * velocity[j];
		grad.fill(0);
		for (const i of rows) {
			for (let c = 0; c < k; c++) scores[c] = look[v * k + c];
			for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) {
				const base = m.cols[e] * k;
				for (let c = 0; c < k; c++) scores[c] += m.vals[e] * look[base + c];
			}
			softmaxRow(scores, 0, k);
			scores[labels[i]] -= 1;
			for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) {
				const base = m.cols[e] * k;
				for (let c = 0; c < k; c++) grad[base + c] += m.vals[e] * scores[c];
			}
			for (let c = 0; c < k; c++) grad[v * k + c] += scores[c];
		}
		const scale = 1 / Math.max(1, rows.length);
		for (let j = 0; j < w.length; j++) {
			const g = grad[j] * scale + (j < v * k ? l2 * look[j] : 0);
			velocity[j] = momentum * velocity[j] - rate * g;
			w[j] += velocity[j];
		}
	}
	return w;
}

function predictLogistic(m: SparseRows, w: Float64Array, k: number): Float64Array<ArrayBuffer> {
	const n = m.rowStart.length - 1;
	const v = m.width;
	const p = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		for (let c = 0; c < k; c++) p[i * k + c] = w[v * k + c];
		for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) {
			const base = m.cols[e] * k;
			for (let c = 0; c < k; c++) p[i * k + c] += m.vals[e] * w[base + c];
		}
		softmaxRow(p, i * k, k);
	}
	return p;
}

/**
 * Label spreading (Zhou, Bousquet, Lal, Weston and Schölkopf 2004) over a k-nearest-neighbour
 * graph of the dense vectors: F <- alpha S F + (1 - alpha) Y with S the symmetrically normalised
 * affinity, iterated; each note ends in the group with the most mass. The neighbours of every
 * note are found exactly (n^2 d / 2 multiply-adds), which bounds it to boards of a few thousand.
 */
export function labelSpreading(
	x: Dense,
	labels: Int32Array,
	k: number,
	options: { neighbours?: number; alpha?: number; iterations?: number } = {}
): Posteriors {
	const { rows: n, cols: d, data } = x;
	const nn = Math.min(options.neighbours ?? 10, n - 1);
	const alpha = options.alpha ?? 0.9;
	const iterations = options.iterations ?? 20;
	const nbr = new Int32Array(n * nn);
	const sim = new Float64Array(n * nn).fill(-Infinity);
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			let s = 0;
			for (let c = 0; c < d; c++) s += data[i * d + c] * data[j * d + c];
			insertTop(nbr, sim, i, nn, j, s);
			insertTop(nbr, sim, j, nn, i, s);
		}
	}
	return spreadOverNeighbours(nbr, sim, nn, rowsFromLabels(labels, k).p, k, alpha, iterations);
}

/**
 * Label spreading's propagation over neighbour lists (`nn` per note; a neighbour of -1 or a
 * cosine of 0 or below is none): the symmetric affinity W = max(A, A^T) weighted by cos^power,
 * S = D^-1/2 W D^-1/2, and F <- alpha S F + (1 - alpha) Y from F = Y (n x k) for `iterations`
 * rounds. Rows end summing to 1 (evenly spread where no mass arrived).
 */
export function spreadOverNeighbours(
	nbr: Int32Array,
	sim: Float64Array,
	nn: number,
	y: Float64Array,
	k: number,
	alpha: number,
	iterations: number,
	power = 1
): Posteriors {
	const n = y.length / k;
	const adj: Map<number, number>[] = Array.from({ length: n }, () => new Map());
	for (let i = 0; i < n; i++) {
		for (let t = 0; t < nn; t++) {
			const j = nbr[i * nn + t];
			if (j < 0 || sim[i * nn + t] <= 0) continue;
			const s = sim[i * nn + t] ** power;
			adj[i].set(j, Math.max(adj[i].get(j) ?? 0, s));
			adj[j].set(i, Math.max(adj[j].get(i) ?? 0, s));
		}
	}
	const degree = Float64Array.from(adj, (a) => {
		let s = 0;
		for (const w of a.values()) s += w;
		return Math.sqrt(s) || 1;
	});
	let f = Float64Array.from(y);
	for (let it = 0; it < iterations; it++) {
		const next = new Float64Array(n * k);
		for (let i = 0; i < n; i++) {
			for (const [j, w] of adj[i]) {
				const s = w / (degree[i] * degree[j]);
				for (let c = 0; c < k; c++) next[i * k + c] += s * f[j * k + c];
			}
			for (let c = 0; c < k; c++) next[i * k + c] = alpha * next[i * k + c] + (1 - alpha) * y[i * k + c];
		}
		f = next;
	}
	for (let i = 0; i < n; i++) {
		let sum = 0;
		for (let c = 0; c < k; c++) sum += f[i * k + c];
		if (sum <= 0) for (let c = 0; c < k; c++) f[i * k + c] = 1 / k;
		else for (let c = 0; c < k; c++) f[i * k + c] /= sum;
	}
	return { p: f, k };
}

/** Puts neighbour `j` at cosine `s` into note `i`'s list of the `nn` nearest (sorted, nearest first) if it is near enough. */
export function insertTop(nbr: Int32Array, sim: Float64Array, i: number, nn: number, j: number, s: number) {
	const o = i * nn;
	if (s <= sim[o + nn - 1]) return;
	let t = nn - 1;
	while (t > 0 && sim[o + t - 1] < s) {
		sim[o + t] = sim[o + t - 1];
		nbr[o + t] = nbr[o + t - 1];
		t--;
	}
	sim[o + t] = s;
	nbr[o + t] = j;
}

export function argmax(p: Float64Array, i: number, k: number): number {
	let best = 0;
	for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
	return best;
}

/** Picks `perLabel` example indices of each label at random (all of a label when it has fewer). */
export function pickSeeds(labels: readonly string[], perLabel: number, seed: number): Map<number, string> {
	const random = seededRandom(seed);
	const byLabel = new Map<string, number[]>();
	labels.forEach((l, i) => {
		const list = byLabel.get(l);
		if (list) list.push(i);
		else byLabel.set(l, [i]);
	});
	const out = new Map<number, string>();
	for (const [label, idx] of [...byLabel].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
		for (let t = 0; t < Math.min(perLabel, idx.length); t++) {
			const j = t + Math.floor(random() * (idx.length - t));
			[idx[t], idx[j]] = [idx[j], idx[t]];
			out.set(idx[t], label);
		}
	}
	return out;
}

/**
 * Adjusts posteriors to the group sizes of the board rather than of the examples (Saerens,
 * Latinne and Decaestecker 2002): examples come a few per group, but one group may hold a third
 * of the comments. EM over the unsorted notes: priors <- mean posterior, posteriors re-weighted
 * by prior / example share, until the priors settle. `maxRatio` bounds how far a group's prior may
 * move from its share of the examples (a factor; unbounded by default): with posteriors that are
 * not calibrated, unbounded EM can hand most notes to one group.
 */
export function adjustPriors(
	post: Posteriors,
	labels: Int32Array,
	options: { iterations?: number; strength?: number; maxRatio?: number } = {}
): Posteriors {
	const strength = options.strength ?? 1;
	const maxRatio = options.maxRatio ?? Infinity;
	const { k } = post;
	const n = labels.length;
	const trainPrior = new Float64Array(k);
	let seen = 0;
	for (let i = 0; i < n; i++) if (labels[i] >= 0) (trainPrior[labels[i]]++, seen++);
	for (let c = 0; c < k; c++) trainPrior[c] = (trainPrior[c] + 1) / (seen + k);
	let prior = Float64Array.from(trainPrior);
	const p = new Float64Array(post.p.length);
	for (let it = 0; it < (options.iterations ?? 20); it++) {
		const next = new Float64Array(k);
		let count = 0;
		for (let i = 0; i < n; i++) {
			if (labels[i] >= 0) {
				p.fill(0, i * k, i * k + k);
				p[i * k + labels[i]] = 1;
				continue;
			}
			let sum = 0;
			for (let c = 0; c < k; c++) sum += p[i * k + c] = post.p[i * k + c] * (prior[c] / trainPrior[c]) ** strength;
			for (let c = 0; c < k; c++) next[c] += p[i * k + c] /= sum || 1;
			count++;
		}
		if (count === 0) break;
		let total = 0;
		for (let c = 0; c < k; c++) total += next[c] = Math.min(Math.max(next[c] / count, 1e-4, trainPrior[c] / maxRatio), trainPrior[c] * maxRatio);
		for (let c = 0; c < k; c++) next[c] /= total;
		prior = next;
	}
	return { p, k };
}
