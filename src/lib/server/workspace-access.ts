import { error, type Cookies } from '@sveltejs/kit';
import { createJwtVerifier, JwtError, type JwtVerifier, type VerifiedUser } from './jwt';
import { services } from './services';
import { getWorkspace, workspaceForToken } from './workspaces';

/** The cookie that keeps the workspace link's token after it was opened once. */
export const WORKSPACE_COOKIE = 'gw';

export interface RequestLike {
	request: Request;
	url: URL;
	cookies?: Cookies;
}

export function bearer(event: RequestLike): string | null {
	const auth = event.request.headers.get('authorization');
	return auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : null;
}

let verifier: { key: string; verify: JwtVerifier } | null = null;

/** The Supabase Auth verifier when sign-in is configured, or null. */
export function jwtVerifier(): JwtVerifier | null {
	const { supabase } = services().config;
	if (!supabase.jwtSecret && !supabase.jwksUrl) return null;
	const key = `${supabase.jwtSecret}|${supabase.jwksUrl}|${supabase.audience}`;
	if (verifier?.key !== key) {
		verifier = { key, verify: createJwtVerifier({ secret: supabase.jwtSecret, jwksUrl: supabase.jwksUrl, audience: supabase.audience }) };
	}
	return verifier.verify;
}

/** The signed-in user of a request's bearer JWT; null without one. Throws 401 for a bad or expired one. */
export async function signedInUser(event: RequestLike): Promise<VerifiedUser | null> {
	const jwt = bearer(event);
	if (!jwt || jwt.split('.').length !== 3) return null;
	const verify = jwtVerifier();
	if (!verify) return null;
	try {
		return await verify(jwt);
	} catch (e) {
		if (e instanceof JwtError) error(401, { message: e.message });
		throw e;
	}
}

export type WorkspaceVia = 'link' | 'sign-in';

/**
 * The workspace a request's credential makes it a member of: a workspace token as `Authorization:
 * Bearer`, the workspace link's cookie, or a Supabase sign-in whose `app_metadata.workspace_id`
 * names it. Null for anyone else (board and department links are not workspace credentials).
 */
export async function workspaceOf(event: RequestLike): Promise<{ workspaceId: string; via: WorkspaceVia } | null> {
	const { db } = services();
	const token = bearer(event);
	if (token && token.split('.').length !== 3) {
		const id = await workspaceForToken(db, token);
		if (id) return { workspaceId: id, via: 'link' };
	}
	const cookie = event.cookies?.get(WORKSPACE_COOKIE);
	if (cookie) {
		const id = await workspaceForToken(db, cookie);
		if (id) return { workspaceId: id, via: 'link' };
	}
	const user = await signedInUser(event);
	if (user?.workspaceId && (await getWorkspace(db, user.workspaceId))) return { workspaceId: user.workspaceId, via: 'sign-in' };
	return null;
}

export const WORKSPACE_HINT =
	'Open the workspace link: the server prints it when it starts ("Workspace link: …"), or send WORKSPACE_TOKEN as Authorization: Bearer.';

/** Like `workspaceOf`, for what only workspace members may do: 401 with where the link comes from. */
export async function requireWorkspace(event: RequestLike, what = 'This'): Promise<{ workspaceId: string; via: WorkspaceVia }> {
	const member = await workspaceOf(event);
	if (member) return member;
	error(401, { message: `${what} needs the workspace link.`, hint: WORKSPACE_HINT });
}
