import { describe, expect, it } from 'vitest';
import { nmf } from './nmf';
import type { SparseRows } from './vectors';

describe('non-negative matrix factorisation', () => {
	it('finds the two topics of a block matrix and reconstructs it', () => {
		const dense = [
			[1, 1, 0, 0],
			[1, 0.8, 0, 0],
			[0.9, 1, 0, 0.1],
			[0, 0, 1, 1],
			[0, 0.1, 0.7, 1]
		];
		const rowStart = [0];
		const cols: number[] = [];
		const vals: number[] = [];
		for (const row of dense) {
			row.forEach((v, j) => v && (cols.push(j), vals.push(v)));
			rowStart.push(cols.length);
		}
		const a: SparseRows = { rowStart: Int32Array.from(rowStart), cols: Int32Array.from(cols), vals: Float64Array.from(vals), width: 4 };
		const { w, ht, k } = nmf(a, 2, { iterations: 200 });
		const topic = (i: number) => (w[i * k] > w[i * k + 1] ? 0 : 1);
		expect(topic(0)).toBe(topic(1));
		expect(topic(1)).toBe(topic(2));
		expect(topic(3)).toBe(topic(4));
		expect(topic(0)).not.toBe(topic(3));
		for (let i = 0; i < 5; i++) {
			for (let j = 0; j < 4; j++) {
				const approx = w[i * k] * ht[j * k] + w[i * k + 1] * ht[j * k + 1];
				expect(Math.abs(approx - dense[i][j])).toBeLessThan(0.25);
			}
		}
		expect([...w, ...ht].every((x) => x >= 0)).toBe(true);
	});
});
