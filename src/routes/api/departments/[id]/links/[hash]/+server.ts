import { error, json } from '@sveltejs/kit';
import { requireOwnDepartment } from '$lib/server/department-access';
import { revokeDepartmentLink } from '$lib/server/departments';
import { services } from '$lib/server/services';

/** DELETE /api/departments/:id/links/:hash → {revoked}: the link stops working at once (workspace members). */
export async function DELETE(event) {
	const department = await requireOwnDepartment(event, event.params.id);
	if (!(await revokeDepartmentLink(services().db, department.id, event.params.hash))) {
		error(404, { message: 'This department has no such working link.' });
	}
	return json({ revoked: event.params.hash });
}
