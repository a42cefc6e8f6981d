import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, normalisedMutualInformation } from './metrics';

describe('partition agreement', () => {
	it('is 1 for the same partition under other names', () => {
		expect(adjustedRandIndex(['a', 'a', 'b', 'b'], [7, 7, 3, 3])).toBe(1);
		expect(normalisedMutualInformation(['a', 'a', 'b', 'b'], [7, 7, 3, 3])).toBeCloseTo(1, 12);
	});

	it('matches hand-computed values when one group is split', () => {
		// pairs: index 1, expected 2*1/6, max (2+1)/2 -> (1 - 1/3) / (3/2 - 1/3) = 4/7
		expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
		// MI = H(a) = ln 2; H(b) = 1.5 ln 2 -> ln 2 / (1.25 ln 2) = 0.8
		expect(normalisedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 12);
	});

	it('is about 0 for unrelated partitions', () => {
		expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeLessThan(0);
		expect(normalisedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
	});

	it('refuses partitions of different sizes', () => {
		expect(() => adjustedRandIndex([1], [1, 2])).toThrow(/differ in size/);
	});
});
