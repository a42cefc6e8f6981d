import { json } from '@sveltejs/kit';
import { requireBoardRole } from '$lib/server/auth';
import { followThrough, loadBoardData } from '$lib/server/board-tasks';
import { services } from '$lib/server/services';
import { listTasks } from '$lib/server/tasks';

/** GET /api/boards/:id/tasks → {tasks, earlier, recurring}: this board's tasks and follow-through. */
export async function GET(event) {
	await requireBoardRole(event, event.params.id, 'viewer');
	const board = await loadBoardData(event.params.id);
	const tasks = await listTasks(services().db, { boardId: event.params.id });
	return json({ tasks, ...(await followThrough(event.params.id, board)) });
}
