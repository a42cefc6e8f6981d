import { describe, expect, it } from 'vitest';
import { RefusalBudget } from './limits';

describe('RefusalBudget', () => {
	it('lets an address be refused `burst` times at once, then `rate` times a second, and forgets it once full again', () => {
		const budget = new RefusalBudget(5, 10);
		const t = 1_000_000;
		for (let i = 0; i < 10; i++) {
			expect(budget.allows('ip:a', t)).toBe(true);
			budget.spend('ip:a', t);
		}
		expect(budget.allows('ip:a', t)).toBe(false);
		// Another address is not affected.
		expect(budget.allows('ip:b', t)).toBe(true);
		// One more refusal after 200 ms (5 a second), not two.
		expect(budget.allows('ip:a', t + 200)).toBe(true);
		budget.spend('ip:a', t + 200);
		expect(budget.allows('ip:a', t + 200)).toBe(false);
		expect(budget.size).toBe(1);
		budget.prune(t + 200 + 2_000);
		expect(budget.size).toBe(0);
		expect(budget.allows('ip:a', t + 200 + 2_000)).toBe(true);
	});
});
