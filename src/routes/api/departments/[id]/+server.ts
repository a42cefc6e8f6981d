import { answer, readJson } from '$lib/server/api';
import { requireOwnDepartment } from '$lib/server/department-access';
import { deleteDepartment, updateDepartment } from '$lib/server/departments';
import { services } from '$lib/server/services';

/** PUT /api/departments/:id {name, color?, headName?, headEmail?} (workspace members). */
export async function PUT(event) {
	const department = await requireOwnDepartment(event, event.params.id);
	const body = await readJson(event.request, '{"name": "Customer Care"}');
	return answer(() => updateDepartment(services().db, department.workspaceId, department.id, body as never));
}

/** DELETE /api/departments/:id: only departments without tasks (workspace members). */
export async function DELETE(event) {
	const department = await requireOwnDepartment(event, event.params.id);
	return answer(async () => {
		await deleteDepartment(services().db, department.workspaceId, department.id);
		// Groups can no longer be assigned to it; those that are keep it until someone assigns another.
		await services().rooms.departmentsChanged(department.workspaceId);
		return { deleted: department.id };
	});
}
