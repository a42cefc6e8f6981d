import { error, type Cookies } from '@sveltejs/kit';
import { getBoard, type BoardRow } from './boards';
import { services } from './services';
import { accessForCredentials, atLeast, tokenCookie, tokenFromRequest, type Role } from './tokens';
import { WORKSPACE_COOKIE } from './workspace-access';

export interface BoardAccess {
	board: BoardRow;
	role: Role;
	/** The board link's token; null for a workspace member without one. */
	token: string | null;
}

/**
 * The board a request is about and the role its credential grants, checked on every request:
 * a board link (bearer, `?token=`, the board's cookie) or membership of the board's workspace.
 * Throws 404 for an unknown board and 401/403 when the token is missing, wrong or too weak.
 */
export async function requireBoardRole(
	event: { request: Request; url: URL; cookies?: Cookies },
	boardId: string,
	needed: Role
): Promise<BoardAccess> {
	const { db } = services();
	const board = await getBoard(db, boardId);
	if (!board) error(404, { message: 'This board does not exist or was deleted.' });
	const token = tokenFromRequest(event.request.headers, event.url, boardId) ?? event.cookies?.get(tokenCookie(boardId)) ?? null;
	const access = await accessForCredentials(db, boardId, token, event.cookies?.get(WORKSPACE_COOKIE));
	if (!access) {
		error(401, {
			message: 'This link is not valid or was revoked.',
			hint: 'Ask the facilitator of the board for a new link.'
		});
	}
	const { role } = access;
	if (!atLeast(role, needed)) {
		error(403, { message: `This needs ${withArticle(needed)} link; yours is ${withArticle(role)} link.` });
	}
	// Access a workspace link granted came with no board link: the request's credential (the
	// workspace link itself, as a bearer) is not the board's facilitator link and is never shown as one.
	return { board, role, token: access.workspaceTokenHash ? null : token };
}

/** A role name with its indefinite article: "an editor", "a viewer", "a facilitator". */
function withArticle(role: string): string {
	return `${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}`;
}
