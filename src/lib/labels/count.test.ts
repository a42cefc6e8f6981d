import { describe, expect, it } from 'vitest';
import { counted, formatCount } from '.';

const runtime = new Intl.NumberFormat();

describe('formatCount', () => {
	it('groups the digits as the runtime locale writes them', () => {
		expect(formatCount(1_234_567)).toBe(runtime.format(1_234_567));
		// Every locale groups a seven-digit number (some leave four digits alone).
		expect(formatCount(1_234_567)).not.toBe('1234567');
		expect(formatCount(12)).toBe(runtime.format(12));
	});

	it('reads a missing count as 0', () => {
		expect(formatCount(Number.NaN)).toBe(runtime.format(0));
		expect(formatCount(Number.POSITIVE_INFINITY)).toBe(runtime.format(0));
	});

	it('is the number counted nouns show', () => {
		expect(counted(2558, 'unsorted note')).toBe(`${runtime.format(2558)} unsorted notes`);
		expect(counted(1, 'note')).toBe(`${runtime.format(1)} note`);
	});
});
