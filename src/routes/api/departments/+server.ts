import { error, json } from '@sveltejs/kit';
import { answer, readJson } from '$lib/server/api';
import { boardRoleAnywhere, requireFacilitatorAnywhere } from '$lib/server/department-access';
import { createDepartment, listDepartments } from '$lib/server/departments';
import { services } from '$lib/server/services';

/** GET /api/departments → the departments of this installation (any board link). */
export async function GET(event) {
	if (!(await boardRoleAnywhere(event))) error(401, { message: 'Open one of your board links first.' });
	return json(await listDepartments(services().db));
}

/** POST /api/departments {name, color?, headName?, headEmail?} → 201 the department (facilitators). */
export async function POST(event) {
	await requireFacilitatorAnywhere(event);
	const body = await readJson(event.request, '{"name": "Customer Care"}');
	return answer(() => createDepartment(services().db, body as never), 201);
}
