import { error, json } from '@sveltejs/kit';
import { answer, readJson } from '$lib/server/api';
import { requireDepartmentAccess } from '$lib/server/department-access';
import { services } from '$lib/server/services';
import { setGroupStatuses } from '$lib/server/board-tasks';
import { changeTaskStatus, getTask, parseStatus, taskEvidence } from '$lib/server/tasks';

async function load(event: Parameters<typeof GET>[0]) {
	const task = await getTask(services().db, event.params.id);
	if (!task || !task.departmentId) error(404, { message: 'This task does not exist or was deleted.' });
	await requireDepartmentAccess(event, task.departmentId);
	return task;
}

/** GET /api/tasks/:id → the task with its evidence comments. */
export async function GET(event) {
	const task = await load(event);
	return json({ ...task, evidence: await taskEvidence(services().db, task.id) });
}

/** PATCH /api/tasks/:id {status} → the task. */
export async function PATCH(event) {
	const task = await load(event);
	const body = await readJson(event.request, '{"status": "in_progress"}');
	// The group on the board shows the same status as its task; if the board cannot store it,
	// the task keeps its status and the answer is an error.
	return answer(() =>
		changeTaskStatus(services().db, task.id, parseStatus(body.status), async (updated) => {
			await setGroupStatuses(task.boardId, new Map([[task.groupId, updated.status]]));
		})
	);
}
