import { describe, expect, it } from 'vitest';
import { kmeans } from './kmeans';

const unit = (deg: number) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];

describe('spherical k-means', () => {
	it('separates two bundles of directions', () => {
		const points = [0, 5, 10, 90, 95, 100].map(unit);
		const x = { rows: 6, cols: 2, data: Float64Array.from(points.flat()) };
		const { assignment, similarity } = kmeans(x, 2, { seed: 4 });
		expect(assignment[0]).toBe(assignment[1]);
		expect(assignment[1]).toBe(assignment[2]);
		expect(assignment[3]).toBe(assignment[4]);
		expect(assignment[0]).not.toBe(assignment[3]);
		// the middle of each bundle is its centre
		expect(similarity[1]).toBeCloseTo(1, 6);
	});

	it('gives the same answer for the same seed', () => {
		const x = { rows: 8, cols: 2, data: Float64Array.from([0, 20, 40, 60, 80, 100, 120, 140].map(unit).flat()) };
		expect([...kmeans(x, 3, { seed: 9 }).assignment]).toEqual([...kmeans(x, 3, { seed: 9 }).assignment]);
	});
});
