import { answer, readJson } from '$lib/server/api';
import { requireOwnDepartment } from '$lib/server/department-access';
import { editDepartment, removeDepartment } from '$lib/server/department-changes';

/** PUT /api/departments/:id {name, color?, headName?, headEmail?} (workspace members). */
export async function PUT(event) {
	const department = await requireOwnDepartment(event, event.params.id);
	const body = await readJson(event.request, '{"name": "Customer Care"}');
	return answer(() => editDepartment(department.workspaceId, department.id, body as never));
}

/** DELETE /api/departments/:id: only departments without tasks (workspace members). */
export async function DELETE(event) {
	const department = await requireOwnDepartment(event, event.params.id);
	return answer(async () => {
		await removeDepartment(department.workspaceId, department.id);
		return { deleted: department.id };
	});
}
