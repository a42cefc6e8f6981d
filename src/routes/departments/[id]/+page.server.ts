import { isHttpError, redirect } from '@sveltejs/kit';
import { departmentCookie, refuseDepartmentLink } from '$lib/server/department-access';
import { departmentForToken } from '$lib/server/departments';
import { boardCookieOptions } from '$lib/server/cookies';
import { services } from '$lib/server/services';
import { dashboardData } from '$lib/server/department-pages';

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
		// `changes` is streamed after the page; the page's refresh reads its address as JSON (`+server.ts`).
		return { signIn: null, ...(await dashboardData(event)) };
	} catch (e) {
		const { supabase } = services().config;
		if (isHttpError(e) && e.status === 401 && supabase.url && supabase.anonKey) {
			return { signIn: { url: supabase.url, anonKey: supabase.anonKey }, department: null, via: null, tasks: [], scorecard: [], changes: null };
		}
		throw e;
	}
}
