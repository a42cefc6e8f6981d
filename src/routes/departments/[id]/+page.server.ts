import { isHttpError, redirect } from '@sveltejs/kit';
import { departmentCookie, refuseDepartmentLink, requireDepartmentAccess } from '$lib/server/department-access';
import { departmentForToken } from '$lib/server/departments';
import { boardCookieOptions } from '$lib/server/cookies';
import { services } from '$lib/server/services';
import { departmentScorecard, listTasks } from '$lib/server/tasks';
import { changesSincePublishing } from '$lib/server/board-tasks';
import { addressKey } from '$lib/server/rate-limit';

export async function load(event) {
	const { params, url, cookies } = event;
	const linkToken = url.searchParams.get('token');
	if (linkToken?.startsWith('dt_')) {
		const linked = await departmentForToken(services().db, linkToken);
		if (linked !== params.id) await refuseDepartmentLink(linked);
		// Keep the token in a cookie and out of the address bar, where it would be shared by accident.
		cookies.set(departmentCookie(params.id), linkToken, boardCookieOptions(url));
		redirect(303, `/departments/${params.id}`);
	}
	try {
		const { department, via } = await requireDepartmentAccess(event, params.id);
		// The page loads again on its refresh (`LiveRefresh`).
		event.depends('app:department-tasks');
		const { db } = services();
		const tasks = await listTasks(db, { departmentId: department.id });
		return {
			signIn: null,
			department,
			via,
			tasks,
			scorecard: await departmentScorecard(db, department.id),
			// Streamed after the page: it reads every board these tasks came from.
			changes: changesSincePublishing(tasks, addressKey(event))
		};
	} catch (e) {
		const { supabase } = services().config;
		if (isHttpError(e) && e.status === 401 && supabase.url && supabase.anonKey) {
			return { signIn: { url: supabase.url, anonKey: supabase.anonKey }, department: null, via: null, tasks: [], scorecard: [], changes: null };
		}
		throw e;
	}
}
