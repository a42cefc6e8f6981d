import { boardImports } from '$lib/context/source';
import type { ImportSummary } from '$lib/context/summary';
import { BoardInsights } from '$lib/insights';
import { boardTitle, privateColumns, publicFields, type BoardData } from '$lib/export/board-data';
import { taskDescription } from './description';
import type { Evidence, TaskDraft } from './types';

export function groupTitle(label: string): string {
	return label.replace(/\s+/g, ' ').trim() || 'Untitled group';
}

/**
 * Insights that never read a private column, so no breakdown reveals one. `imports` are the
 * board's import summaries (the server's list on the server; `boardImports` in the browser).
 * Every comment counts, near-duplicates stacked on another note included (in its keeper's group).
 */
export function publicInsights(board: BoardData, imports: ImportSummary[] = boardImports(board), opts: { question?: string | null; acrossQuestions?: boolean } = {}): BoardInsights {
	return new BoardInsights(board.notes, board.groups, imports, { hiddenFields: privateColumns(board), ...opts });
}

/**
 * The tasks a board would publish: one per group assigned to a department that has at least one
 * comment. Evidence keeps each comment's customer context minus the private columns.
 */
export function draftTasks(board: BoardData, insights: BoardInsights = publicInsights(board)): TaskDraft[] {
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
		const full = groupTitle(group.label);
		drafts.push({
			groupId: group.id,
			title: full,
			description: taskDescription(safeInsights, title, insights.context),
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
