import { answer, readJson } from '$lib/server/api';
import { requireFacilitatorAnywhere } from '$lib/server/department-access';
import { deleteDepartment, updateDepartment } from '$lib/server/departments';
import { services } from '$lib/server/services';

/** PUT /api/departments/:id {name, color?, headName?, headEmail?} (facilitators). */
export async function PUT(event) {
	await requireFacilitatorAnywhere(event);
	const body = await readJson(event.request, '{"name": "Customer Care"}');
	return answer(() => updateDepartment(services().db, event.params.id, body as never));
}

/** DELETE /api/departments/:id: only departments without tasks (facilitators). */
export async function DELETE(event) {
	await requireFacilitatorAnywhere(event);
	return answer(async () => {
		await deleteDepartment(services().db, event.params.id);
		return { deleted: event.params.id };
	});
}
