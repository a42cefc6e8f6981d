import { seededRandom } from './rng';
import type { SparseRows } from './vectors';

/** A dense matrix, row-major. */
export interface Dense {
	rows: number;
	cols: number;
	data: Float64Array;
}

/**
 * out (n x l, row-major) <- A (n x V sparse) times M (V x l, row-major). `out` is overwritten,
 * so a caller multiplying in a loop (NMF) reuses one buffer.
 */
export function sparseTimesInto(a: SparseRows, m: Float64Array, l: number, out: Float64Array): void {
	out.fill(0);
	const { rowStart, cols, vals } = a;
	const n = rowStart.length - 1;
	for (let i = 0; i < n; i++) {
		const o = i * l;
		for (let e = rowStart[i], end = rowStart[i + 1]; e < end; e++) {
			const v = vals[e];
			const r = cols[e] * l;
			for (let c = 0; c < l; c++) out[o + c] += v * m[r + c];
		}
	}
}

/** A (n x V sparse) times M (V x l dense) -> n x l. */
function sparseTimesDense(a: SparseRows, m: Dense): Dense {
	const out = new Float64Array((a.rowStart.length - 1) * m.cols);
	sparseTimesInto(a, m.data, m.cols, out);
	return { rows: a.rowStart.length - 1, cols: m.cols, data: out };
}

/** A^T (V x n) times Y (n x l) -> V x l. */
function sparseTransposeTimesDense(a: SparseRows, y: Dense): Dense {
	const n = a.rowStart.length - 1;
	const l = y.cols;
	const out = new Float64Array(a.width * l);
	for (let i = 0; i < n; i++) {
		const r = i * l;
		for (let e = a.rowStart[i]; e < a.rowStart[i + 1]; e++) {
			const v = a.vals[e];
			const o = a.cols[e] * l;
			for (let c = 0; c < l; c++) out[o + c] += v * y.data[r + c];
		}
	}
	return { rows: a.width, cols: l, data: out };
}

/** Scales each column to length 1, in place (a zero column stays zero). */
function normaliseColumns(m: Dense): void {
	const { rows, cols, data } = m;
	const norms = new Float64Array(cols);
	for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) norms[c] += data[r * cols + c] ** 2;
	for (let c = 0; c < cols; c++) norms[c] = norms[c] > 0 ? 1 / Math.sqrt(norms[c]) : 0;
	for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] *= norms[c];
}

/**
 * Orthonormal columns by modified Gram-Schmidt, in place; a column that vanishes becomes zero.
 * Works on a column-major copy: walking a row-major matrix by columns is what made this slow.
 */
function orthonormaliseColumns(m: Dense): void {
	const { rows, cols, data } = m;
	const columns: Float64Array[] = [];
	for (let c = 0; c < cols; c++) {
		const col = new Float64Array(rows);
		for (let r = 0; r < rows; r++) col[r] = data[r * cols + c];
		for (const prev of columns) {
			let dot = 0;
			for (let r = 0; r < rows; r++) dot += col[r] * prev[r];
			for (let r = 0; r < rows; r++) col[r] -= dot * prev[r];
		}
		let norm = 0;
		for (let r = 0; r < rows; r++) norm += col[r] * col[r];
		norm = Math.sqrt(norm);
		const scale = norm > 1e-12 ? 1 / norm : 0;
		for (let r = 0; r < rows; r++) col[r] *= scale;
		columns.push(col);
	}
	for (let c = 0; c < cols; c++) {
		const col = columns[c];
		for (let r = 0; r < rows; r++) data[r * cols + c] = col[r];
	}
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(input: Float64Array, size: number): { values: Float64Array; vectors: Float64Array } {
	const a = Float64Array.from(input);
	const v = new Float64Array(size * size);
	for (let i = 0; i < size; i++) v[i * size + i] = 1;
	for (let sweep = 0; sweep < 50; sweep++) {
		let off = 0;
		for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) off += a[p * size + q] ** 2;
		if (off < 1e-22) break;
		for (let p = 0; p < size; p++) {
			for (let q = p + 1; q < size; q++) {
				const apq = a[p * size + q];
				if (Math.abs(apq) < 1e-300) continue;
				const theta = (a[q * size + q] - a[p * size + p]) / (2 * apq);
				const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				const c = 1 / Math.sqrt(t * t + 1);
				const s = t * c;
				for (let k = 0; k < size; k++) {
					const akp = a[k * size + p];
					const akq = a[k * size + q];
					a[k * size + p] = c * akp - s * akq;
					a[k * size + q] = s * akp + c * akq;
				}
				for (let k = 0; k < size; k++) {
					const apk = a[p * size + k];
					const aqk = a[q * size + k];
					a[p * size + k] = c * apk - s * aqk;
					a[q * size + k] = s * apk + c * aqk;
				}
				for (let k = 0; k < size; k++) {
					const vkp = v[k * size + p];
					const vkq = v[k * size + q];
					v[k * size + p] = c * vkp - s * vkq;
					v[k * size + q] = s * vkp + c * vkq;
				}
			}
		}
	}
	const values = new Float64Array(size);
	for (let i = 0; i < size; i++) values[i] = a[i * size + i];
	return { values, vectors: v };
}

export interface TruncatedSvd {
	/** n x k left singular vectors, row-major. */
	u: Dense;
	/** k singular values, largest first. */
	s: Float64Array;
	/** V x k right singular vectors, row-major. */
	v: Dense;
	/** The first `columns` right singular vectors (V x columns): as `v`, computed only that far. */
	rightVectors(columns: number): Dense;
}

/** The `rank` strongest singular triplets of A (randomised SVD, Halko et al. 2011). */
export function truncatedSvd(a: SparseRows, rank: number, seed = 1, powerIterations = 2): TruncatedSvd {
	const n = a.rowStart.length - 1;
	const k = Math.max(1, Math.min(rank, n - 1, a.width - 1));
	const l = Math.min(k + 10, n, a.width);
	const random = seededRandom(seed);
	const omega: Dense = { rows: a.width, cols: l, data: new Float64Array(a.width * l) };
	for (let i = 0; i < omega.data.length; i++) omega.data[i] = random() * 2 - 1;

	// Power iterations Y = A (A^T A)^q Omega. The span is what counts, and it does not depend on the
	// basis kept in between: columns are only scaled to length 1 there (five powers of the singular
	// values stay far inside double precision) and orthonormalised once, at the end. Four
	// Gram-Schmidt passes fewer than orthonormalising after every product; on 10,000 tweets the LSA
	// vectors' cosines differ from that by at most 1e-12.
	let y = sparseTimesDense(a, omega);
	for (let q = 0; q < powerIterations; q++) {
		normaliseColumns(y);
		const z = sparseTransposeTimesDense(a, y);
		normaliseColumns(z);
		y = sparseTimesDense(a, z);
	}
	orthonormaliseColumns(y);
	// B = Q^T A (l x V); the eigenvectors of B B^T rotate Q onto the singular directions.
	const bt = sparseTransposeTimesDense(a, y);
	// B B^T as dot products of B's rows (B^T's columns), each summed in a register over a
	// contiguous copy: accumulating into the l x l matrix row by row of B^T cost four times as much.
	const bRows: Float64Array[] = [];
	for (let i = 0; i < l; i++) {
		const row = new Float64Array(bt.rows);
		for (let r = 0; r < bt.rows; r++) row[r] = bt.data[r * l + i];
		bRows.push(row);
	}
	const gram = new Float64Array(l * l);
	for (let i = 0; i < l; i++) {
		const bi = bRows[i];
		for (let j = i; j < l; j++) {
			const bj = bRows[j];
			let sum = 0;
			for (let r = 0; r < bi.length; r++) sum += bi[r] * bj[r];
			gram[i * l + j] = gram[j * l + i] = sum;
		}
	}
	const { values, vectors } = symmetricEigen(gram, l);
	const order = [...values.keys()].sort((x, z) => values[z] - values[x]).slice(0, k);
	const s = Float64Array.from(order, (c) => Math.sqrt(Math.max(0, values[c])));

	// The rotation, l x k: column c is the eigenvector of the c-th largest eigenvalue.
	const rotation = new Float64Array(l * k);
	for (let j = 0; j < l; j++) for (let c = 0; c < k; c++) rotation[j * k + c] = vectors[j * l + order[c]];
	const u = new Float64Array(n * k);
	rotate(y.data, n, l, rotation, k, k, u);
	// V = B^T U_b / sigma, on first use and only the columns asked for: LSA needs only U and S,
	// NNDSVD only the first few columns, and all of V costs as much as U again.
	let v: Dense | undefined;
	const rightVectors = (columns: number): Dense => {
		const cols = Math.max(0, Math.min(k, columns));
		if (v && v.cols >= cols) return v.cols === cols ? v : firstColumns(v, cols);
		const data = new Float64Array(a.width * cols);
		rotate(bt.data, a.width, l, rotation, k, cols, data);
		for (let r = 0; r < a.width; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = s[c] === 0 ? 0 : data[r * cols + c] / s[c];
		return (v = { rows: a.width, cols, data });
	};
	return {
		u: { rows: n, cols: k, data: u },
		s,
		get v() {
			return rightVectors(k);
		},
		rightVectors
	};
}

/** out (rows x cols) <- M (rows x l) times the first `cols` columns of R (l x k), row by row. */
function rotate(m: Float64Array, rows: number, l: number, r: Float64Array, k: number, cols: number, out: Float64Array): void {
	for (let i = 0; i < rows; i++) {
		const o = i * cols;
		const mi = i * l;
		for (let j = 0; j < l; j++) {
			const x = m[mi + j];
			if (x === 0) continue;
			const rj = j * k;
			for (let c = 0; c < cols; c++) out[o + c] += x * r[rj + c];
		}
	}
}

function firstColumns(m: Dense, cols: number): Dense {
	const data = new Float64Array(m.rows * cols);
	for (let r = 0; r < m.rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = m.data[r * m.cols + c];
	return { rows: m.rows, cols, data };
}

/**
 * Latent semantic analysis: the notes projected on the `dims` strongest directions of the
 * TF-IDF matrix (U S of a truncated SVD), rows scaled to length 1. Words that appear in the same
 * kind of comment ("late", "delayed") end up close even when no comment uses both.
 */
export function lsa(a: SparseRows, dims: number, seed = 1, powerIterations = 2): Dense {
	const { u, s } = truncatedSvd(a, dims, seed, powerIterations);
	const { rows: n, cols: k } = u;
	const out = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		let norm = 0;
		for (let c = 0; c < k; c++) {
			const x = u.data[i * k + c] * s[c];
			out[i * k + c] = x;
			norm += x * x;
		}
		norm = Math.sqrt(norm);
		if (norm > 0) for (let c = 0; c < k; c++) out[i * k + c] /= norm;
	}
	return { rows: n, cols: k, data: out };
}
