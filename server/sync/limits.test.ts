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

	it('reserves a refusal while a credential is looked up, so checks at the same time share the last tokens', () => {
		const budget = new RefusalBudget(5, 3);
		const t = 1_000_000;
		const passed: string[] = [];
		for (let i = 0; i < 10; i++) {
			if (!budget.allows('ip:a', t)) continue;
			budget.reserve('ip:a', t);
			passed.push(`c${i}`);
		}
		expect(passed).toHaveLength(3);
		// Two of them had good links: their reservations come back.
		budget.refund('ip:a', t);
		budget.refund('ip:a', t);
		expect(budget.allows('ip:a', t)).toBe(true);
		expect(budget.tokens('ip:a', t)).toBe(2);
		// A refund never lifts an address above its burst.
		budget.refund('ip:a', t);
		budget.refund('ip:a', t);
		expect(budget.tokens('ip:a', t + 1)).toBe(3);
	});
});
