import { json } from '@sveltejs/kit';
import { requireDepartmentAccess } from '$lib/server/department-access';
import { services } from '$lib/server/services';
import { departmentScorecard, listTasks, parseStatus } from '$lib/server/tasks';

/**
 * GET /api/departments/:id/tasks[?status=open,in_progress&board=…] → {department, tasks, scorecard}.
 * Department link token, Supabase JWT of the department head, or a facilitator link.
 */
export async function GET(event) {
	const { department } = await requireDepartmentAccess(event, event.params.id);
	const { db } = services();
	const statusParam = event.url.searchParams.get('status');
	const status = statusParam ? statusParam.split(',').map(parseStatus) : undefined;
	const boardId = event.url.searchParams.get('board') ?? undefined;
	return json({
		department,
		tasks: await listTasks(db, { departmentId: department.id, status, boardId }),
		scorecard: await departmentScorecard(db, department.id)
	});
}
