import { seededRandom } from './rng';
import type { Dense } from './svd';

export interface KMeansResult {
	/** Cluster of each row. */
	assignment: Int32Array;
	/** k x dims, rows of length 1. */
	centroids: Dense;
	/** Cosine of each row to its centroid. */
	similarity: Float64Array;
}

function normaliseRows(m: Dense): void {
	for (let r = 0; r < m.rows; r++) {
		let norm = 0;
		for (let c = 0; c < m.cols; c++) norm += m.data[r * m.cols + c] ** 2;
		norm = Math.sqrt(norm);
		if (norm > 0) for (let c = 0; c < m.cols; c++) m.data[r * m.cols + c] /= norm;
	}
}

function dot(a: Float64Array, ai: number, b: Float64Array, bi: number, dims: number): number {
	let s = 0;
	for (let c = 0; c < dims; c++) s += a[ai + c] * b[bi + c];
	return s;
}

/** Slack for rounding in the bounds: a row is only spared the comparison when clearly closer to its centre. */
const BOUND_MARGIN = 1e-9;

/** k-means++ seeding on cosine distance: spread-out first centres make k-means converge well. */
function plusPlus(x: Dense, k: number, random: () => number, weights?: Float64Array): Dense {
	const { rows: n, cols: d, data } = x;
	const centres = new Float64Array(k * d);
	const dist = new Float64Array(n).fill(Infinity);
	let pick = Math.floor(random() * n);
	for (let c = 0; c < k; c++) {
		centres.set(data.subarray(pick * d, pick * d + d), c * d);
		let total = 0;
		for (let i = 0; i < n; i++) {
			const dd = Math.max(0, 1 - dot(data, i * d, centres, c * d, d));
			if (dd < dist[i]) dist[i] = dd;
			total += dist[i] * (weights ? weights[i] : 1);
		}
		if (total <= 0) break;
		let target = random() * total;
		pick = n - 1;
		for (let i = 0; i < n; i++) {
			target -= dist[i] * (weights ? weights[i] : 1);
			if (target <= 0) {
				pick = i;
				break;
			}
		}
	}
	return { rows: k, cols: d, data: centres };
}

/**
 * Spherical k-means (cosine similarity, centres of length 1) with k-means++ seeding. Optional
 * weights count a row several times (a micro-cluster standing for many notes).
 */
export function kmeans(
	x: Dense,
	k: number,
	options: {
		seed?: number;
		maxIterations?: number;
		weights?: Float64Array;
		init?: Dense;
		/** Stop once no more than this share of the rows change cluster in a round. */
		tolerance?: number;
	} = {}
): KMeansResult {
	const { rows: n, cols: d, data } = x;
	k = Math.max(1, Math.min(k, n));
	const random = seededRandom(options.seed ?? 1);
	const centroids = options.init ?? plusPlus(x, k, random, options.weights);
	const assignment = new Int32Array(n).fill(-1);
	const similarity = new Float64Array(n);
	const maxIterations = options.maxIterations ?? 40;
	// Bounds that skip most of the comparisons once few rows move (Elkan 2003, in cosine terms):
	// `bound[i * k + c]` is at least the similarity of row i to centre c. A centre that moves by
	// `shift` changes a row's similarity to it by at most |row| * shift (Cauchy-Schwarz). A row's
	// similarity to its own centre is computed every round; a centre whose bound stays below it
	// cannot be the row's best and is not compared. The result is the plain algorithm's, round for
	// round, ties included.
	const bound = new Float64Array(n * k).fill(Infinity);
	const norms = new Float64Array(n);
	for (let i = 0; i < n; i++) norms[i] = Math.sqrt(dot(data, i * d, data, i * d, d));
	const previous = new Float64Array(k * d);
	const shift = new Float64Array(k);
	for (let iter = 0; iter < maxIterations; iter++) {
		let changed = 0;
		for (let i = 0; i < n; i++) {
			const own = assignment[i];
			const b = i * k;
			const ownSim = own >= 0 ? (bound[b + own] = dot(data, i * d, centroids.data, own * d, d)) : -Infinity;
			let best = 0;
			let bestSim = -Infinity;
			for (let c = 0; c < k; c++) {
				let s: number;
				if (c === own) s = ownSim;
				else if (bound[b + c] + BOUND_MARGIN < ownSim) continue;
				else s = bound[b + c] = dot(data, i * d, centroids.data, c * d, d);
				if (s > bestSim) {
					bestSim = s;
					best = c;
				}
			}
			if (assignment[i] !== best) changed++;
			assignment[i] = best;
			similarity[i] = bestSim;
		}
		if (iter > 0 && changed <= (options.tolerance ?? 0) * n) break;
		previous.set(centroids.data);
		centroids.data.fill(0);
		const sizes = new Float64Array(k);
		for (let i = 0; i < n; i++) {
			const w = options.weights ? options.weights[i] : 1;
			const c = assignment[i];
			sizes[c] += w;
			for (let j = 0; j < d; j++) centroids.data[c * d + j] += w * data[i * d + j];
		}
		for (let c = 0; c < k; c++) {
			if (sizes[c] > 0) continue;
			// An empty cluster restarts at the row its centre explains worst.
			let worst = 0;
			for (let i = 1; i < n; i++) if (similarity[i] < similarity[worst]) worst = i;
			centroids.data.set(data.subarray(worst * d, worst * d + d), c * d);
			similarity[worst] = 1;
		}
		normaliseRows(centroids);
		for (let c = 0; c < k; c++) {
			let sq = 0;
			for (let j = 0; j < d; j++) sq += (centroids.data[c * d + j] - previous[c * d + j]) ** 2;
			shift[c] = Math.sqrt(sq);
		}
		for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) bound[i * k + c] += norms[i] * shift[c];
	}
	return { assignment, centroids, similarity };
}

/** Assigns every row to its most similar centre. */
export function assign(x: Dense, centroids: Dense): { assignment: Int32Array; similarity: Float64Array } {
	const { rows: n, cols: d, data } = x;
	const assignment = new Int32Array(n);
	const similarity = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let best = 0;
		let bestSim = -Infinity;
		for (let c = 0; c < centroids.rows; c++) {
			const s = dot(data, i * d, centroids.data, c * d, d);
			if (s > bestSim) {
				bestSim = s;
				best = c;
			}
		}
		assignment[i] = best;
		similarity[i] = bestSim;
	}
	return { assignment, similarity };
}

/** The rows listed, as their own matrix. */
export function pickRows(x: Dense, rows: readonly number[]): Dense {
	const data = new Float64Array(rows.length * x.cols);
	rows.forEach((r, i) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
	return { rows: rows.length, cols: x.cols, data };
}
