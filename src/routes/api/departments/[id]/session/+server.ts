import { json } from '@sveltejs/kit';
import { departmentCookie, requireDepartmentAccess } from '$lib/server/department-access';
import { boardCookieOptions } from '$lib/server/cookies';
import { createDepartmentLink } from '$lib/server/departments';
import { services } from '$lib/server/services';

/** The longest a dashboard cookie from a sign-in lasts, even when the sign-in token lasts longer. */
const MAX_SESSION_SECONDS = 60 * 60 * 12;

/**
 * POST /api/departments/:id/session with `Authorization: Bearer <Supabase access token>`:
 * a signed-in department head gets a dashboard cookie, so pages work like a department link.
 * The link behind the cookie ends when the sign-in token does, and stops when the department's
 * head e-mail changes.
 */
export async function POST(event) {
	const { department, via, signIn } = await requireDepartmentAccess(event, event.params.id);
	if (via === 'sign-in' && signIn) {
		const seconds = Math.min(MAX_SESSION_SECONDS, Math.floor((signIn.expiresAt.getTime() - Date.now()) / 1000));
		if (seconds > 0) {
			const expiresAt = new Date(Date.now() + seconds * 1000);
			const headEmail = signIn.email && signIn.email === department.headEmail.toLowerCase() ? signIn.email : undefined;
			const token = await createDepartmentLink(services().db, department, 'Signed in with Supabase', { expiresAt, headEmail });
			event.cookies.set(departmentCookie(department.id), token, { ...boardCookieOptions(event.url), maxAge: seconds });
		}
	}
	return json({ department: department.id, via });
}
