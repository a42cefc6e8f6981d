import { PRIORITY_RANK, type Task, type TaskStatus } from './types';

/** The orders a department dashboard lists its tasks in. */
export type TaskOrder = 'due' | 'priority' | 'status' | 'board' | 'published';

const STATUS_ORDER: Record<TaskStatus, number> = { open: 0, in_progress: 1, done: 2, wont_do: 3 };

type Sortable = Pick<Task, 'due' | 'priority' | 'status' | 'title' | 'boardTitle' | 'publishedAt'>;

const byDue = (a: Sortable, b: Sortable) => (a.due ?? '9999').localeCompare(b.due ?? '9999');
const byPriority = (a: Sortable, b: Sortable) => (b.priority ? PRIORITY_RANK[b.priority] : 0) - (a.priority ? PRIORITY_RANK[a.priority] : 0);

/**
 * Compares two tasks for `order`: by due date (none last), then the higher priority, then title;
 * by priority (highest first), then due date; by status, workshop, or newest published. Tasks due
 * the same day come highest priority first, as a head reading the list down would work on them.
 */
export function compareTasks(order: TaskOrder): (a: Sortable, b: Sortable) => number {
	switch (order) {
		case 'due':
			return (a, b) => byDue(a, b) || byPriority(a, b) || a.title.localeCompare(b.title);
		case 'priority':
			return (a, b) => byPriority(a, b) || byDue(a, b);
		case 'status':
			return (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.title.localeCompare(b.title);
		case 'board':
			return (a, b) => a.boardTitle.localeCompare(b.boardTitle) || a.title.localeCompare(b.title);
		default:
			return (a, b) => b.publishedAt.localeCompare(a.publishedAt);
	}
}
