import { error, type RequestEvent } from '@sveltejs/kit';
import { BoardContext, SATISFACTION_KEY } from '$lib/context/board';
import { HIDDEN_FIELD_KEYS } from '$lib/context/roles';
import { requireDepartmentAccess } from './department-access';
import { listImports } from './imports';
import { services } from './services';
import { departmentScorecard, getTask, listTasks, taskEvidence } from './tasks';
import { changesSincePublishing } from './board-tasks';
import { addressKey } from './rate-limit';

/**
 * The department dashboard's data (`/departments/:id`): its tasks, scorecard, and how each task's
 * group changed on its board since publishing (`changes`, a promise: it reads every board the
 * tasks came from on the heavy reads' budget of the reader's address). The page streams `changes`
 * after its content; its refresh (`GET` of the page's address asking for JSON) awaits it. Throws
 * `requireDepartmentAccess`'s 401/403/404.
 */
export async function dashboardData(event: RequestEvent<{ id: string }>) {
	const { department, via } = await requireDepartmentAccess(event, event.params.id);
	const { db } = services();
	const tasks = await listTasks(db, { departmentId: department.id });
	return {
		department,
		via,
		tasks,
		scorecard: await departmentScorecard(db, department.id),
		changes: changesSincePublishing(tasks, addressKey(event))
	};
}

/**
 * A task's page's data (`/departments/:id/tasks/:taskId`): the task, its evidence with each
 * comment's customer context in the words of the board's imports, and how its group changed on its
 * board since publishing (`changes`, a promise, as on the dashboard). Throws 401/403/404 for the
 * department (`requireDepartmentAccess`), and 404 when the task is gone or belongs to another
 * department.
 */
export async function taskPageData(event: RequestEvent<{ id: string; taskId: string }>) {
	const { department } = await requireDepartmentAccess(event, event.params.id);
	const { db } = services();
	const task = await getTask(db, event.params.taskId);
	if (!task || task.departmentId !== department.id) {
		error(404, { message: 'This task was deleted or moved to another department.', hint: `Go back to the ${department.name} dashboard for its current tasks.` });
	}
	// Each comment's customer context in the words of the board's imports: "Customer ID", not
	// "customerId"; "1 · Very good" on a labelled scale. A board deleted since keeps its keys' labels.
	const context = new BoardContext(task.boardId ? await listImports(db, task.boardId) : []);
	const evidence = (await taskEvidence(db, task.id)).map((e) => ({
		...e,
		context: Object.entries(e.fields)
			.filter(([key, value]) => !HIDDEN_FIELD_KEYS.has(key) && value !== null && value !== '')
			.map(([key, value]) => ({ key, label: context.label(key), value: context.display(key, value) }))
			// Stored fields come back in the database's key order: satisfaction first, then by name.
			.sort((a, b) => Number(b.key === SATISFACTION_KEY) - Number(a.key === SATISFACTION_KEY) || a.label.localeCompare(b.label))
	}));
	return {
		department,
		task,
		evidence,
		changes: changesSincePublishing([task], addressKey(event)).then((c) => ({ change: c.changes[task.id] ?? null, unread: c.unread > 0, retryAfter: c.retryAfter }))
	};
}
