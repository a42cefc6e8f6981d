import { error, json } from '@sveltejs/kit';
import { boardCookieOptions } from '$lib/server/cookies';
import { services } from '$lib/server/services';
import { bearer, requireWorkspace, WORKSPACE_COOKIE } from '$lib/server/workspace-access';
import { rotateWorkspaceToken } from '$lib/server/workspaces';

/**
 * POST /api/workspaces/link (workspace link, as bearer token or cookie) → {link, disconnected}:
 * replaces the link the caller used. The old token stops working at once on every process, and
 * every board connection it opened is closed (4401), here and, through Redis, on the others; the
 * caller's browser keeps access with the new link's cookie. No restart is needed.
 */
export async function POST(event) {
	const { workspaceId, via } = await requireWorkspace(event, 'Replacing the workspace link');
	if (via !== 'link') error(400, { message: 'You are signed in, not using a workspace link: there is no link to replace.' });
	const fromBearer = bearer(event);
	const cookie = event.cookies.get(WORKSPACE_COOKIE);
	const old = fromBearer && fromBearer.split('.').length !== 3 ? fromBearer : cookie;
	if (!old) error(400, { message: 'Send the workspace link to replace as Authorization: Bearer <token>.' });
	const { db, revocation } = services();
	const rotated = await rotateWorkspaceToken(db, workspaceId, old);
	if (!rotated) error(401, { message: 'This workspace link was already replaced.', hint: 'Use the newer link.' });
	if (cookie === old) event.cookies.set(WORKSPACE_COOKIE, rotated.token, boardCookieOptions(event.url));
	const disconnected = revocation.workspaceLink(rotated.oldHash);
	return json({ link: `${event.url.origin}/?token=${encodeURIComponent(rotated.token)}`, disconnected }, { headers: { 'cache-control': 'no-store' } });
}
