import { describe, expect, it } from 'vitest';
import { lsa, symmetricEigen, truncatedSvd } from './svd';
import type { SparseRows } from './vectors';

/** Dense rows to the sparse layout. */
function sparse(rows: number[][]): SparseRows {
	const rowStart = [0];
	const cols: number[] = [];
	const vals: number[] = [];
	for (const row of rows) {
		row.forEach((v, j) => {
			if (v !== 0) {
				cols.push(j);
				vals.push(v);
			}
		});
		rowStart.push(cols.length);
	}
	return { rowStart: Int32Array.from(rowStart), cols: Int32Array.from(cols), vals: Float64Array.from(vals), width: rows[0].length };
}

describe('SVD and LSA', () => {
	it('diagonalises a small symmetric matrix', () => {
		const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
		expect([...values].sort()).toEqual([expect.closeTo(1, 10), expect.closeTo(3, 10)]);
	});

	it('finds the singular values of a block matrix', () => {
		// Two blocks of ones: 3x2 (sigma = sqrt 6) and 2x3 (sigma = sqrt 6), nothing else.
		const a = sparse([
			[1, 1, 0, 0, 0],
			[1, 1, 0, 0, 0],
			[1, 1, 0, 0, 0],
			[0, 0, 1, 1, 1],
			[0, 0, 1, 1, 1],
			[0, 0, 0, 0, 0]
		]);
		const { s } = truncatedSvd(a, 2);
		expect(s[0]).toBeCloseTo(Math.sqrt(6), 8);
		expect(s[1]).toBeCloseTo(Math.sqrt(6), 8);
	});

	it('puts notes of the same block together and others apart', () => {
		const a = sparse([
			[1, 1, 0, 0],
			[1, 0.5, 0, 0],
			[0, 0, 1, 1],
			[0, 0, 0.5, 1]
		]);
		const x = lsa(a, 2);
		const cos = (i: number, j: number) => x.data[i * 2] * x.data[j * 2] + x.data[i * 2 + 1] * x.data[j * 2 + 1];
		expect(cos(0, 1)).toBeGreaterThan(0.9);
		expect(cos(2, 3)).toBeGreaterThan(0.9);
		expect(Math.abs(cos(0, 2))).toBeLessThan(0.1);
	});
});
