import { answer } from '$lib/server/api';
import { requireBoardRole } from '$lib/server/auth';
import { publishBoard } from '$lib/server/board-tasks';

/** POST /api/boards/:id/publish → {tasks, skipped}; publishing again updates the same tasks. */
export async function POST(event) {
	await requireBoardRole(event, event.params.id, 'facilitator');
	return answer(() => publishBoard(event.params.id, event.url.origin));
}
