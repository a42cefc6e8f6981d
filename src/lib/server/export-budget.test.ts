import { describe, expect, it } from 'vitest';
import { ExportCache, TimeBudget } from './export-budget';

describe('TimeBudget', () => {
	it('lets a key spend its burst at once, then its rate; another key is not affected', () => {
		const budget = new TimeBudget(250, 1000);
		const t = 1_000_000;
		expect(budget.wait('ip:a', t)).toBe(0);
		budget.spend('ip:a', 1500, t);
		// 500 ms over: back above zero after 2 s, at 250 ms a second.
		expect(budget.wait('ip:a', t)).toBe(2);
		expect(budget.wait('ip:a', t + 1000)).toBe(1);
		expect(budget.wait('ip:a', t + 2100)).toBe(0);
		expect(budget.wait('ip:b', t)).toBe(0);
	});
});

describe('ExportCache', () => {
	it('keeps the most recently used entries', () => {
		const cache = new ExportCache<number>(2);
		cache.set('a', 1);
		cache.set('b', 2);
		expect(cache.get('a')).toBe(1);
		cache.set('c', 3);
		expect(cache.get('b')).toBeUndefined();
		expect(cache.get('a')).toBe(1);
		expect(cache.get('c')).toBe(3);
	});
});
