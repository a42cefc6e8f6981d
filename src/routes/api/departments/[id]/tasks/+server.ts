import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { requireDepartmentAccess } from '$lib/server/department-access';
import { services } from '$lib/server/services';
import { departmentScorecard, listTasks, parseStatusFilter } from '$lib/server/tasks';

/**
 * GET /api/departments/:id/tasks[?status=open,in_progress&board=…] → {department, tasks, scorecard}.
 * Department link token, Supabase JWT of the department head, or the workspace credential. An
 * unknown status answers 400.
 */
export async function GET(event) {
	const { department } = await requireDepartmentAccess(event, event.params.id);
	const { db } = services();
	return answer(async () => {
		const status = parseStatusFilter(event.url.searchParams.get('status'));
		const boardId = event.url.searchParams.get('board') ?? undefined;
		const { workspaceId: _, ...shown } = department;
		return {
			department: shown,
			tasks: await listTasks(db, { departmentId: department.id, status, boardId }),
			scorecard: await departmentScorecard(db, department.id)
		};
	});
}
