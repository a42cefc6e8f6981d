import type { FieldValue, Priority, TaskStatus } from '$lib/board';

export { TASK_STATUSES, PRIORITIES, type TaskStatus, type Priority } from '$lib/board';

export const STATUS_LABELS: Record<TaskStatus, string> = {
	open: 'Open',
	in_progress: 'In progress',
	done: 'Done',
	wont_do: "Won't do"
};

export const PRIORITY_LABELS: Record<Priority, string> = {
	critical: 'Critical',
	high: 'High',
	medium: 'Medium',
	low: 'Low'
};

/** Higher is more urgent; used for sorting. */
export const PRIORITY_RANK: Record<Priority, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export interface Evidence {
	noteId: string;
	text: string;
	/** Customer context of the comment, private columns removed. */
	fields: Record<string, FieldValue>;
	dissatisfied: boolean;
}

/** What publishing a group writes: everything but the database's own columns. */
export interface TaskDraft {
	groupId: string;
	title: string;
	description: string;
	departmentId: string;
	ownerName: string;
	ownerEmail: string;
	priority: Priority | null;
	due: string | null;
	noteCount: number;
	dissatisfiedCount: number;
	evidence: Evidence[];
}

export interface Task {
	id: string;
	boardId: string;
	boardTitle: string;
	groupId: string;
	title: string;
	description: string;
	departmentId: string | null;
	departmentName: string;
	ownerName: string;
	ownerEmail: string;
	priority: Priority | null;
	due: string | null;
	status: TaskStatus;
	noteCount: number;
	dissatisfiedCount: number;
	publishedAt: string;
	updatedAt: string;
}

/**
 * A task as its own board's Tasks panel reads it (`GET /api/boards/:id/tasks`): with the ids of
 * the comments it links to, in evidence order, so the panel can tell which comments of the group
 * changed since it was published.
 */
export interface PublishedTask extends Task {
	noteIds: string[];
}

export interface Department {
	id: string;
	name: string;
	color: string;
	headName: string;
	headEmail: string;
}
