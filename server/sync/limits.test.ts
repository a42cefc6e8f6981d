import { describe, expect, it } from 'vitest';
import { fewOf, MAX_LOGGED_PROBLEMS, PresenceBudget, RefusalBudget } from './limits';

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

	it('counts the connections being checked once an address has been refused, not before', () => {
		const budget = new RefusalBudget(5, 3);
		const t = 1_000_000;
		// Refused nothing lately: a workshop behind one address may all be checked at once.
		for (let i = 0; i < 10; i++) {
			expect(budget.allows('ip:a', t)).toBe(true);
			budget.begin('ip:a');
		}
		for (let i = 0; i < 10; i++) budget.end('ip:a', false, t);
		expect(budget.tokens('ip:a', t)).toBe(3);
		// Once refused, checks in flight count as refusals to come: two more pass on two tokens.
		budget.spend('ip:a', t);
		const passed: number[] = [];
		for (let i = 0; i < 10; i++) {
			if (!budget.allows('ip:a', t)) continue;
			budget.begin('ip:a');
			passed.push(i);
		}
		expect(passed).toHaveLength(2);
		// Both were good links: the budget is as it was, and checks may start again.
		budget.end('ip:a', false, t);
		budget.end('ip:a', false, t);
		expect(budget.tokens('ip:a', t)).toBe(2);
		expect(budget.allows('ip:a', t)).toBe(true);
	});
});

describe('PresenceBudget', () => {
	it('takes messages of an address from one budget of messages and bytes, all or none, and refills both', () => {
		// 10 messages a second (bursts of 100), 25,600 bytes a second (bursts of 256,000).
		const budget = new PresenceBudget(10);
		const t = 1_000_000;
		for (let i = 0; i < 100; i++) expect(budget.spend('ip:a', 300, t)).toBe(true);
		expect(budget.spend('ip:a', 300, t)).toBe(false);
		// Every connection of another address has a budget of its own.
		expect(budget.spend('ip:b', 300, t)).toBe(true);
		// One message back every 100 ms.
		expect(budget.spend('ip:a', 300, t + 100)).toBe(true);
		expect(budget.spend('ip:a', 300, t + 100)).toBe(false);
		// Bytes run out first for large states; a refusal takes no message either.
		expect(budget.spend('ip:c', 200_000, t)).toBe(true);
		expect(budget.spend('ip:c', 60_000, t)).toBe(false);
		for (let i = 0; i < 99; i++) expect(budget.spend('ip:c', 100, t)).toBe(true);
		expect(budget.spend('ip:c', 100, t)).toBe(false);
		// A message larger than the whole burst passes on a full budget only.
		expect(budget.spend('ip:d', 1_000_000, t)).toBe(true);
		expect(budget.spend('ip:d', 1_000_000, t + 1_000)).toBe(false);
		budget.prune(t + 60_000);
		expect(budget.spend('ip:d', 1_000_000, t + 60_000)).toBe(true);
	});
});

describe('fewOf', () => {
	it('names at most the first few problems and counts the rest', () => {
		expect(fewOf([])).toBe('');
		expect(fewOf(['a', 'b'], 2)).toBe('a; b');
		expect(fewOf(['a', 'b', 'c'], 2)).toBe('a; b; and 1 more');
		const many = Array.from({ length: 5000 }, (_, i) => `note note_s${i}: its author set to the writer`);
		const line = fewOf(many);
		expect(line.split('; ')).toHaveLength(MAX_LOGGED_PROBLEMS + 1);
		expect(line).toMatch(/and 4990 more$/);
	});
});
