import { json } from '@sveltejs/kit';
import { requireBoardRole } from '$lib/server/auth';
import { followThrough, loadBoardData } from '$lib/server/board-tasks';
import { withinTimeBudget } from '$lib/server/export-budget';
import { services } from '$lib/server/services';
import { listTasks } from '$lib/server/tasks';
import { workspaceOf } from '$lib/server/workspace-access';

/**
 * GET /api/boards/:id/tasks → {tasks, earlier, recurring}: this board's tasks and follow-through
 * within its workspace. Other boards' evidence is only in the answer for workspace members.
 * It reads the whole board, so it draws on the exports' time budget (`heavyReads`): past it, 429.
 */
export async function GET(event) {
	const { board } = await requireBoardRole(event, event.params.id, 'viewer');
	const member = (await workspaceOf(event))?.workspaceId === board.workspace_id;
	return withinTimeBudget(event, 'Too many requests for this board\'s tasks from this address in a short time.', async () => {
		const data = await loadBoardData(board.id);
		const tasks = await listTasks(services().db, { boardId: board.id });
		return json({ tasks, ...(await followThrough(board.id, board.workspace_id, data, member)) });
	});
}
