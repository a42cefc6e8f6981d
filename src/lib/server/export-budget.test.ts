import { describe, expect, it } from 'vitest';
import { ExportCache, TimeBudget, withinTimeBudget } from './export-budget';

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

describe('withinTimeBudget', () => {
	it('answers while the address has time, counts what the work took, then answers 429 with Retry-After', async () => {
		const budget = new TimeBudget(100, 50);
		const from = (address: string) => ({ getClientAddress: () => address });
		const slow = async () => {
			const until = performance.now() + 80;
			while (performance.now() < until);
			return new Response('made');
		};
		const first = await withinTimeBudget(from('1.2.3.4'), 'Too many.', slow, budget);
		expect(await first.text()).toBe('made');
		let ran = false;
		const refused = await withinTimeBudget(from('1.2.3.4'), 'Too many.', async () => ((ran = true), new Response('made')), budget);
		expect(ran).toBe(false);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(await refused.json()).toMatchObject({ message: 'Too many.', code: 'rate-limited', hint: expect.stringMatching(/^Wait \d+ s/) });
		// Another address has its own time; work that throws is counted too.
		await expect(withinTimeBudget(from('5.6.7.8'), 'Too many.', async () => slow().then(() => Promise.reject(new Error('broke'))), budget)).rejects.toThrow('broke');
		expect((await withinTimeBudget(from('5.6.7.8'), 'Too many.', slow, budget)).status).toBe(429);
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
