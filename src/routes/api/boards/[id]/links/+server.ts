import { error, json } from '@sveltejs/kit';
import { requireBoardRole } from '$lib/server/auth';
import { shareLinks } from '$lib/server/boards';
import { boardCookieOptions } from '$lib/server/cookies';
import { services } from '$lib/server/services';
import { readTokens, replaceLink } from '$lib/server/share-links';
import { ROLES, tokenCookie, type Role } from '$lib/server/tokens';

function linksOf(origin: string, boardId: string, tokens: Record<Role, string | null>) {
	const known = Object.fromEntries(Object.entries(tokens).filter(([, t]) => t)) as Partial<Record<Role, string>>;
	const links = shareLinks(origin, boardId, known);
	return { facilitator: links.facilitator ?? null, editor: links.editor ?? null, viewer: links.viewer ?? null };
}

/** GET /api/boards/:id/links → {links: {facilitator, editor, viewer}} (facilitator token). A link is null when it cannot be shown and needs replacing. */
export async function GET(event) {
	const { board, token } = await requireBoardRole(event, event.params.id, 'facilitator');
	const tokens = await readTokens(services().db, board.id, token);
	return json({ links: linksOf(event.url.origin, board.id, tokens) }, { headers: { 'cache-control': 'no-store' } });
}

/**
 * POST /api/boards/:id/links {role} → {links, disconnected} (facilitator token). Replaces the link
 * of a role: the old one stops working and everyone connected with it is disconnected, on
 * every process (`disconnected` counts this process's).
 */
export async function POST(event) {
	const { board, token } = await requireBoardRole(event, event.params.id, 'facilitator');
	let body: unknown;
	try {
		body = await event.request.json();
	} catch {
		error(400, { message: 'Send a JSON body such as {"role": "editor"}.' });
	}
	const role = (body as { role?: unknown })?.role;
	if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
		error(400, { message: `Say which link to replace: {"role": "facilitator" | "editor" | "viewer"}.` });
	}
	const { db, revocation } = services();
	const tokens = await replaceLink(db, board.id, role as Role, token);
	// Whoever replaced the facilitator link keeps access in this browser.
	if (role === 'facilitator' && event.cookies.get(tokenCookie(board.id))) {
		event.cookies.set(tokenCookie(board.id), tokens.facilitator!, boardCookieOptions(event.url));
	}
	const disconnected = revocation.boardLink(board.id, role as Role);
	return json({ links: linksOf(event.url.origin, board.id, tokens), disconnected }, { headers: { 'cache-control': 'no-store' } });
}
