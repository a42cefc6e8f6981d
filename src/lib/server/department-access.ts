import { error, type Cookies } from '@sveltejs/kit';
import { departmentForToken, departmentsForEmail, getDepartment } from './departments';
import { createJwtVerifier, JwtError, type JwtVerifier } from './jwt';
import { services } from './services';
import { hashToken } from './tokens';
import type { Department } from '$lib/tasks/types';

/** The cookie that keeps a department link's token after it was opened once. */
export const departmentCookie = (departmentId: string) => `gd_${departmentId}`;

interface RequestLike {
	request: Request;
	url: URL;
	cookies?: Cookies;
}

function bearer(event: RequestLike): string | null {
	const auth = event.request.headers.get('authorization');
	return auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : null;
}

/** Board tokens the request carries: a bearer token, `?token=`, and every board cookie. */
function boardTokens(event: RequestLike): string[] {
	const tokens: string[] = [];
	const b = bearer(event);
	if (b) tokens.push(b);
	const q = event.url.searchParams.get('token');
	if (q) tokens.push(q);
	for (const { name, value } of event.cookies?.getAll() ?? []) if (name.startsWith('gb_')) tokens.push(value);
	return tokens.filter((t) => t.length <= 200).slice(0, 50);
}

/**
 * Departments belong to the installation, not to one board: anyone holding a facilitator link of
 * any board may manage them, and anyone holding any board link may read the list.
 */
export async function boardRoleAnywhere(event: RequestLike): Promise<'facilitator' | 'member' | null> {
	const tokens = boardTokens(event);
	if (tokens.length === 0) return null;
	const rows = await services().db.query<{ role: string }>(
		'select role from board_tokens where token_hash = any($1) and revoked_at is null',
		[tokens.map(hashToken)]
	);
	if (rows.some((r) => r.role === 'facilitator')) return 'facilitator';
	return rows.length ? 'member' : null;
}

export async function requireFacilitatorAnywhere(event: RequestLike): Promise<void> {
	const role = await boardRoleAnywhere(event);
	if (role === 'facilitator') return;
	error(role ? 403 : 401, {
		message: role ? 'Only facilitators can manage departments.' : 'Open a facilitator link of one of your boards first.',
		hint: 'Departments are managed by workshop facilitators.'
	});
}

let verifier: { key: string; verify: JwtVerifier } | null = null;
function jwtVerifier(): JwtVerifier | null {
	const { supabase } = services().config;
	if (!supabase.jwtSecret && !supabase.jwksUrl) return null;
	const key = `${supabase.jwtSecret}|${supabase.jwksUrl}|${supabase.audience}`;
	if (verifier?.key !== key) {
		verifier = { key, verify: createJwtVerifier({ secret: supabase.jwtSecret, jwksUrl: supabase.jwksUrl, audience: supabase.audience }) };
	}
	return verifier.verify;
}

export type DepartmentAccessVia = 'link' | 'sign-in' | 'facilitator';

/**
 * Who may read a department's dashboard: a department link, a signed-in head (Supabase JWT
 * whose e-mail is the department head's, or whose app_metadata names the department), or a
 * facilitator. Throws 401/403/404 with a message that says what to do.
 */
export async function requireDepartmentAccess(event: RequestLike, departmentId: string): Promise<{ department: Department; via: DepartmentAccessVia }> {
	const { db } = services();
	const department = await getDepartment(db, departmentId);
	if (!department) error(404, { message: 'This department does not exist or was deleted.', hint: 'Check the link, or ask a facilitator for a new one.' });
	const token = bearer(event) ?? event.url.searchParams.get('token') ?? event.cookies?.get(departmentCookie(departmentId)) ?? null;
	if (token?.startsWith('dt_')) {
		if ((await departmentForToken(db, token)) === departmentId) return { department, via: 'link' };
		error(401, { message: 'This department link is not valid or was revoked.', hint: 'Ask a facilitator for a new department link.' });
	}
	const jwt = bearer(event);
	if (jwt && jwt.split('.').length === 3) {
		const verify = jwtVerifier();
		if (verify) {
			try {
				const user = await verify(jwt);
				const mine = user.email ? await departmentsForEmail(db, user.email) : [];
				if (user.departmentId === departmentId || mine.includes(departmentId)) return { department, via: 'sign-in' };
				error(403, { message: `You are signed in as ${user.email ?? user.sub}, who is not the head of ${department.name}.`, hint: 'Ask a facilitator to set you as the department head.' });
			} catch (e) {
				if (e instanceof JwtError) error(401, { message: e.message });
				throw e;
			}
		}
	}
	if ((await boardRoleAnywhere(event)) === 'facilitator') return { department, via: 'facilitator' };
	error(401, { message: 'You need a department link to open this dashboard.', hint: 'Ask a workshop facilitator for the link of your department.' });
}
