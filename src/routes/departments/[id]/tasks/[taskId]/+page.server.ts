import { error } from '@sveltejs/kit';
import { BoardContext, SATISFACTION_KEY } from '$lib/context/board';
import { HIDDEN_FIELD_KEYS } from '$lib/context/roles';
import { requireDepartmentAccess } from '$lib/server/department-access';
import { listImports } from '$lib/server/imports';
import { services } from '$lib/server/services';
import { getTask, taskEvidence } from '$lib/server/tasks';
import { changesSincePublishing } from '$lib/server/board-tasks';
import { addressKey } from '$lib/server/rate-limit';

export async function load(event) {
	const { department } = await requireDepartmentAccess(event, event.params.id);
	// The page loads again on its refresh (`LiveRefresh`).
	event.depends('app:department-task');
	const { db } = services();
	const task = await getTask(db, event.params.taskId);
	if (!task || task.departmentId !== department.id) error(404, { message: 'This task does not exist or belongs to another department.', hint: 'Go back to the dashboard.' });
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
		// Streamed after the page, as on the dashboard: it reads the task's board.
		changes: changesSincePublishing([task], addressKey(event)).then((c) => ({ change: c.changes[task.id] ?? null, unread: c.unread > 0, retryAfter: c.retryAfter }))
	};
}
