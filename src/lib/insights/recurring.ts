import { cosine, termVector, type TermVector } from './text';

export interface EarlierTask {
	id: string;
	title: string;
	boardId: string;
	status: string;
	evidence: string[];
}

export interface RecurringTheme {
	groupId: string;
	taskId: string;
	taskTitle: string;
	boardId: string;
	status: string;
	similarity: number;
}

/** Cosine similarity of word sets above which two clusters are treated as the same theme. */
export const RECURRING_THRESHOLD = 0.35;

/**
 * Flags groups whose comments read like the evidence of a task from an earlier workshop. Each
 * group gets at most one match: the most similar task above the threshold.
 */
export function findRecurringThemes(
	groups: { groupId: string; texts: string[] }[],
	tasks: EarlierTask[],
	threshold = RECURRING_THRESHOLD
): RecurringTheme[] {
	const taskVectors: [EarlierTask, TermVector][] = tasks
		.filter((t) => t.evidence.length > 0)
		.map((t) => [t, termVector([t.title, ...t.evidence])]);
	const out: RecurringTheme[] = [];
	// Nothing to compare with (a workspace's first board): no group's vector is worth making.
	if (taskVectors.length === 0) return out;
	for (const g of groups) {
		if (g.texts.length === 0) continue;
		const v = termVector(g.texts);
		let best: RecurringTheme | null = null;
		for (const [task, tv] of taskVectors) {
			const similarity = cosine(v, tv);
			if (similarity >= threshold && (!best || similarity > best.similarity)) {
				best = { groupId: g.groupId, taskId: task.id, taskTitle: task.title, boardId: task.boardId, status: task.status, similarity };
			}
		}
		if (best) out.push(best);
	}
	return out;
}
