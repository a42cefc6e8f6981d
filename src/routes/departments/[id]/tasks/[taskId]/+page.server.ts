import { error } from '@sveltejs/kit';
import { requireDepartmentAccess } from '$lib/server/department-access';
import { services } from '$lib/server/services';
import { getTask, taskEvidence } from '$lib/server/tasks';

export async function load(event) {
	const { department } = await requireDepartmentAccess(event, event.params.id);
	const { db } = services();
	const task = await getTask(db, event.params.taskId);
	if (!task || task.departmentId !== department.id) error(404, { message: 'This task does not exist or belongs to another department.', hint: 'Go back to the dashboard.' });
	return { department, task, evidence: await taskEvidence(db, task.id) };
}
