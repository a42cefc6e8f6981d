import { BoardInsights, detectFieldRoles, rolesFromImports } from '$lib/insights';
import { boardTitle, privateColumns, publicFields, type BoardData } from '$lib/export/board-data';
import { taskDescription } from './description';
import type { Evidence, TaskDraft } from './types';

export function groupTitle(label: string): string {
	return label.replace(/\s+/g, ' ').trim() || 'Untitled group';
}

/** Insights that never read a private column, so no breakdown reveals one. */
export function publicInsights(board: BoardData): BoardInsights {
	const hidden = privateColumns(board);
	const declared = rolesFromImports(board.imports);
	const explicit = Object.fromEntries(Object.entries(declared.roles).filter(([, key]) => key && !hidden.has(key)));
	// Every comment counts, near-duplicates stacked on another note included (in its keeper's group).
	const comments = board.notes;
	const roles = detectFieldRoles(comments.map((n) => ({ fields: publicFields(n.fields, hidden) })), explicit);
	return new BoardInsights(comments, board.groups, roles, declared.scale);
}

/**
 * The tasks a board would publish: one per group assigned to a department that has at least one
 * comment. Evidence keeps each comment's customer context minus the private columns.
 */
export function draftTasks(board: BoardData, insights = publicInsights(board)): TaskDraft[] {
	const hidden = privateColumns(board);
	const title = boardTitle(board);
	const drafts: TaskDraft[] = [];
	for (const group of board.groups) {
		if (!group.department) continue;
		const gi = insights.group(group.id);
		if (!gi || gi.noteCount === 0) continue;
		const notes = insights.notesOf(group.id);
		const evidence: Evidence[] = notes.map((n) => ({
			noteId: n.id,
			text: n.text,
			fields: publicFields(n.fields, hidden),
			dissatisfied: insights.isDissatisfied(n)
		}));
		const safeInsights = { ...gi, quotes: gi.quotes.map((q) => ({ ...q, fields: publicFields(q.fields, hidden) })) };
		drafts.push({
			groupId: group.id,
			title: groupTitle(group.label),
			description: taskDescription(safeInsights, title),
			departmentId: group.department,
			ownerName: group.owner?.name.trim() ?? '',
			ownerEmail: group.owner?.email.trim() ?? '',
			priority: group.priority,
			due: group.due,
			noteCount: notes.length,
			dissatisfiedCount: evidence.filter((e) => e.dissatisfied).length,
			evidence
		});
	}
	return drafts;
}
