import { json } from '@sveltejs/kit';
import { departmentCookie, requireDepartmentAccess } from '$lib/server/department-access';
import { boardCookieOptions } from '$lib/server/cookies';
import { createDepartmentLink } from '$lib/server/departments';
import { services } from '$lib/server/services';

/**
 * POST /api/departments/:id/session with `Authorization: Bearer <Supabase access token>`:
 * a signed-in department head gets a dashboard cookie, so pages work like a department link.
 */
export async function POST(event) {
	const { department, via } = await requireDepartmentAccess(event, event.params.id);
	if (via === 'sign-in') {
		const token = await createDepartmentLink(services().db, department.id, 'Signed in with Supabase');
		event.cookies.set(departmentCookie(department.id), token, { ...boardCookieOptions(event.url), maxAge: 60 * 60 * 12 });
	}
	return json({ department: department.id, via });
}
