import { sparseTimesInto, truncatedSvd, type TruncatedSvd } from './svd';
import type { SparseRows } from './vectors';

export interface Factors {
	/** n x k note-topic weights, row-major. */
	w: Float64Array;
	/** V x k term-topic weights (H transposed), row-major. */
	ht: Float64Array;
	k: number;
}

/**
 * Non-negative matrix factorisation A ~ W H of the TF-IDF matrix (multiplicative updates of
 * Lee & Seung on the Frobenius loss). Each topic is a set of words that occur together; a note
 * belongs to the topic with its largest weight.
 */
export function nmf(
	a: SparseRows,
	k: number,
	options: { seed?: number; iterations?: number; svd?: TruncatedSvd } = {}
): Factors {
	const n = a.rowStart.length - 1;
	const v = a.width;
	const { w, ht } = nndsvd(a, k, options.svd ?? truncatedSvd(a, k, options.seed ?? 1));
	const eps = 1e-12;
	const iterations = options.iterations ?? 100;
	const ahT = new Float64Array(n * k);
	const waT = new Float64Array(v * k);
	const at = transpose(a);
	const gramH = new Float64Array(k * k);
	const gramW = new Float64Array(k * k);
	const columns = new Float64Array(Math.max(n, v) * k);
	for (let it = 0; it < iterations; it++) {
		// W <- W * (A H^T) / (W (H H^T))
		sparseTimesInto(a, ht, k, ahT);
		gramOf(ht, v, k, gramH, columns);
		update(w, n, k, ahT, gramH, eps);
		// H^T <- H^T * (A^T W) / (H^T (W^T W))
		sparseTimesInto(at, w, k, waT);
		gramOf(w, n, k, gramW, columns);
		update(ht, v, k, waT, gramW, eps);
	}
	return { w, ht, k };
}

/**
 * Below this a weight is set to exactly 0. Multiplicative updates shrink the weights of words a
 * topic does not use by a constant factor per iteration, down into subnormal numbers, which x86
 * processors compute with 10-100 times slower; weights of topics and notes are 1e-3..1, so one
 * below 1e-100 changes no sum. A zero stays zero under the updates, as such a weight would have.
 */
const FLUSH = 1e-100;

/** M <- M * num / (M gram + eps), row by row (M is rows x k). */
function update(m: Float64Array, rows: number, k: number, num: Float64Array, gram: Float64Array, eps: number): void {
	for (let i = 0; i < rows; i++) {
		const o = i * k;
		for (let c = 0; c < k; c++) {
			// Row c of the Gram matrix is its column c (it is symmetric), read contiguously.
			const g = c * k;
			let den = 0;
			for (let d = 0; d < k; d++) den += m[o + d] * gram[g + d];
			const x = m[o + c] * (num[o + c] / (den + eps));
			m[o + c] = x < FLUSH ? 0 : x;
		}
	}
}

/**
 * A's transpose in the same layout (its columns as rows, each in ascending row order), so that
 * A^T M is summed row by row of the output instead of scattered into it.
 */
function transpose(a: SparseRows): SparseRows {
	const n = a.rowStart.length - 1;
	const rowStart = new Int32Array(a.width + 1);
	for (let e = 0; e < a.cols.length; e++) rowStart[a.cols[e] + 1]++;
	for (let j = 0; j < a.width; j++) rowStart[j + 1] += rowStart[j];
	const next = rowStart.slice(0, a.width);
	const cols = new Int32Array(a.cols.length);
	const vals = new Float64Array(a.cols.length);
	for (let i = 0; i < n; i++) {
		for (let e = a.rowStart[i]; e < a.rowStart[i + 1]; e++) {
			const at = next[a.cols[e]]++;
			cols[at] = i;
			vals[at] = a.vals[e];
		}
	}
	return { rowStart, cols, vals, width: n };
}

/**
 * out (k x k) <- M^T M for M (rows x k, row-major). M's columns are copied into `columns` (k x
 * rows) first, so that each entry is one dot product summed in a register; summing into the k x k
 * matrix row by row of M cost a load and a store per multiply-add. Only one triangle is summed.
 */
function gramOf(m: Float64Array, rows: number, k: number, out: Float64Array, columns: Float64Array): void {
	for (let r = 0; r < rows; r++) for (let c = 0; c < k; c++) columns[c * rows + r] = m[r * k + c];
	for (let c = 0; c < k; c++) {
		const a = c * rows;
		for (let d = c; d < k; d++) {
			const b = d * rows;
			let sum = 0;
			for (let r = 0; r < rows; r++) sum += columns[a + r] * columns[b + r];
			out[c * k + d] = out[d * k + c] = sum;
		}
	}
}

/**
 * NNDSVD start (Boutsidis & Gallopoulos 2008, zeros filled with the mean as in NNDSVDa): the
 * positive parts of the leading singular vectors. Deterministic, so the same notes always give
 * the same topics, and close to a good answer, so few iterations are needed.
 */
function nndsvd(a: SparseRows, k: number, svd: TruncatedSvd): { w: Float64Array; ht: Float64Array } {
	const n = a.rowStart.length - 1;
	const v = a.width;
	const w = new Float64Array(n * k);
	const ht = new Float64Array(v * k);
	const ku = svd.u.cols;
	const used = Math.min(k, ku);
	const right = svd.rightVectors(used).data;
	let mean = 0;
	for (let e = 0; e < a.vals.length; e++) mean += a.vals[e];
	mean /= Math.max(1, n * v);
	for (let c = 0; c < k; c++) {
		if (c >= ku) {
			for (let i = 0; i < n; i++) w[i * k + c] = mean;
			for (let j = 0; j < v; j++) ht[j * k + c] = mean;
			continue;
		}
		const u = (i: number) => svd.u.data[i * ku + c];
		const x = (j: number) => right[j * used + c];
		let upn = 0, unn = 0, vpn = 0, vnn = 0;
		for (let i = 0; i < n; i++) {
			const val = u(i);
			if (val > 0) upn += val * val;
			else unn += val * val;
		}
		for (let j = 0; j < v; j++) {
			const val = x(j);
			if (val > 0) vpn += val * val;
			else vnn += val * val;
		}
		upn = Math.sqrt(upn);
		unn = Math.sqrt(unn);
		vpn = Math.sqrt(vpn);
		vnn = Math.sqrt(vnn);
		const positive = upn * vpn >= unn * vnn;
		const sign = positive ? 1 : -1;
		const un = positive ? upn : unn;
		const vn = positive ? vpn : vnn;
		const scale = Math.sqrt(svd.s[c] * un * vn);
		for (let i = 0; i < n; i++) {
			const val = Math.max(0, sign * u(i));
			w[i * k + c] = val > 0 && un > 0 ? (scale * val) / un : mean;
		}
		for (let j = 0; j < v; j++) {
			const val = Math.max(0, sign * x(j));
			ht[j * k + c] = val > 0 && vn > 0 ? (scale * val) / vn : mean;
		}
	}
	return { w, ht };
}
