import { describe, expect, it } from 'vitest';
import { compareTasks } from './dashboard-order';
import type { Task } from './types';

const task = (title: string, due: string | null, priority: Task['priority']) =>
	({ title, due, priority, status: 'open', boardTitle: 'October store feedback', publishedAt: '2026-12-03T07:00:00Z' }) as const;

describe('department dashboard order', () => {
	const tasks = [task('App problems', '2026-12-15', 'medium'), task('Checkout and payment', '2026-12-15', 'high'), task('Store staff', null, 'critical'), task('Late deliveries', '2026-12-01', 'low')];

	it('lists tasks due the same day highest priority first, and those without a date last', () => {
		expect([...tasks].sort(compareTasks('due')).map((t) => t.title)).toEqual(['Late deliveries', 'Checkout and payment', 'App problems', 'Store staff']);
	});

	it('lists by priority, then due date', () => {
		expect([...tasks].sort(compareTasks('priority')).map((t) => t.title)).toEqual(['Store staff', 'Checkout and payment', 'App problems', 'Late deliveries']);
	});
});
