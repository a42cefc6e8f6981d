import { describe, expect, it } from 'vitest';
import { fisherGreater, holm, standOut } from './stats';

describe('Fisher exact test (one-sided, greater)', () => {
	it('matches the textbook tea-tasting table and R’s fisher.test', () => {
		// fisher.test(matrix(c(3,1,1,3),2), alternative="greater")$p.value = 0.2428571
		expect(fisherGreater(3, 4, 4, 8)).toBeCloseTo(17 / 70, 10);
		// fisher.test(matrix(c(10,2,3,15),2), alternative="greater")$p.value = 0.0004651
		expect(fisherGreater(10, 12, 13, 30)).toBeCloseTo(0.000465, 5);
	});

	it('is 1 when there is nothing to test', () => {
		expect(fisherGreater(0, 10, 5, 100)).toBe(1);
		expect(fisherGreater(3, 0, 5, 100)).toBe(1);
	});

	it('stays finite on board-sized tables', () => {
		const p = fisherGreater(240, 300, 2000, 8000);
		expect(p).toBeGreaterThan(0);
		expect(p).toBeLessThan(1e-50);
	});
});

describe('Holm adjustment', () => {
	it('multiplies the i-th smallest p by m − i + 1 and keeps the order monotone', () => {
		expect(holm([0.01, 0.04, 0.03]).map((p) => +p.toFixed(6))).toEqual([0.03, 0.06, 0.06]);
		expect(holm([0.5, 0.9])).toEqual([1, 1]);
	});
});

describe('standOut', () => {
	it('needs a large difference and a significant one', () => {
		const [big, small, rare] = standOut([
			{ count: 24, answered: 30, boardCount: 60, boardAnswered: 200 },
			{ count: 16, answered: 30, boardCount: 100, boardAnswered: 200 },
			{ count: 2, answered: 30, boardCount: 2, boardAnswered: 200 }
		]);
		expect(big.standsOut).toBe(true);
		expect(small.standsOut).toBe(false);
		// Both of the board's 2 notes in this group: a lift of infinity, but too few to be a trend.
		expect(rare.standsOut).toBe(false);
	});
});
