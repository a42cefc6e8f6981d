import { error, json } from '@sveltejs/kit';
import { answer, readJson } from '$lib/server/api';
import { requireBoardRole } from '$lib/server/auth';
import { addDepartment } from '$lib/server/department-changes';
import { listDepartments, listDepartmentsPublic } from '$lib/server/departments';
import { services } from '$lib/server/services';
import { requireWorkspace, workspaceOf, WORKSPACE_HINT } from '$lib/server/workspace-access';

/**
 * GET /api/departments[?board=<id>] → the departments of a workspace. Workspace members get their
 * workspace's, with heads' names and e-mails; a board link (with `?board=`) gets the departments of
 * that board's workspace to assign groups to, without heads' names or e-mails.
 */
export async function GET(event) {
	const member = await workspaceOf(event);
	const boardId = event.url.searchParams.get('board');
	if (boardId) {
		const { board } = await requireBoardRole(event, boardId, 'viewer');
		const { db } = services();
		return json(member?.workspaceId === board.workspace_id ? await listDepartments(db, board.workspace_id) : await listDepartmentsPublic(db, board.workspace_id));
	}
	if (!member) error(401, { message: 'Listing departments needs the workspace link, or a board link with ?board=<id>.', hint: WORKSPACE_HINT });
	return json(await listDepartments(services().db, member.workspaceId));
}

/**
 * POST /api/departments {name, color?, headName?, headEmail?} → 201 the department (workspace
 * members); the workspace's boards let groups be assigned to it from then on.
 */
export async function POST(event) {
	const { workspaceId } = await requireWorkspace(event, 'Managing departments');
	const body = await readJson(event.request, '{"name": "Customer Care"}');
	return answer(() => addDepartment(workspaceId, body as never), 201);
}
