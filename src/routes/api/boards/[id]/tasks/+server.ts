import { json } from '@sveltejs/kit';
import { requireBoardRole } from '$lib/server/auth';
import { followThrough, loadBoardData } from '$lib/server/board-tasks';
import { withinTimeBudget } from '$lib/server/export-budget';
import { services } from '$lib/server/services';
import { evidenceNoteIds, listTasks } from '$lib/server/tasks';
import { workspaceOf } from '$lib/server/workspace-access';

/**
 * GET /api/boards/:id/tasks → {tasks, earlier, recurring}: this board's tasks (each with `noteIds`,
 * the comments it links to, so the panel shows what changed since publishing) and follow-through
 * within its workspace. Other boards' evidence is only in the answer for workspace members.
 * It reads the whole board, so it draws on the exports' time budget (`heavyReads`): past it, 429.
 */
export async function GET(event) {
	const { board } = await requireBoardRole(event, event.params.id, 'viewer');
	const member = (await workspaceOf(event))?.workspaceId === board.workspace_id;
	return withinTimeBudget(event, 'Too many requests for this board\'s tasks from this address in a short time.', async () => {
		const data = await loadBoardData(board.id);
		const tasks = await listTasks(services().db, { boardId: board.id });
		const noteIds = await evidenceNoteIds(services().db, tasks.map((t) => t.id));
		return json({ tasks: tasks.map((t) => ({ ...t, noteIds: noteIds.get(t.id) ?? [] })), ...(await followThrough(board.id, board.workspace_id, data, member)) });
	});
}
