import { error, redirect } from '@sveltejs/kit';
import { boardEpoch, getBoard } from '$lib/server/boards';
import { listImports } from '$lib/server/imports';
import { boardCookieOptions } from '$lib/server/cookies';
import { services } from '$lib/server/services';
import { roleForCredentials, roleForToken, tokenCookie } from '$lib/server/tokens';
import { WORKSPACE_COOKIE, workspaceOf } from '$lib/server/workspace-access';

export async function load(event) {
	const { params, url, cookies, locals } = event;
	const { db } = services();
	const board = await getBoard(db, params.id);
	if (!board) {
		error(404, {
			message: 'This board does not exist or was deleted.',
			hint: 'Check the link, or ask the facilitator for a new one.'
		});
	}
	const linkToken = url.searchParams.get('token');
	if (linkToken) {
		if (!(await roleForToken(db, board.id, linkToken))) {
			error(401, { message: 'This link is not valid or was revoked.', hint: 'Ask the facilitator of the board for a new link.' });
		}
		// Keep the token in a cookie and take it out of the address bar, where it would be shared by accident.
		cookies.set(tokenCookie(board.id), linkToken, boardCookieOptions(url));
		redirect(303, `/b/${board.id}`);
	}
	// A board link, or membership of the board's workspace (as a facilitator).
	const role = await roleForCredentials(db, board.id, cookies.get(tokenCookie(board.id)), cookies.get(WORKSPACE_COOKIE));
	if (!role) {
		error(401, { message: 'You need a link to open this board.', hint: 'Ask the facilitator of the board for a link.' });
	}
	// What the board's imports say about its notes' fields (labels, scales, questions); not in the
	// document, so every participant gets them with the page.
	// Workspace members manage departments and restore backups; a board link's facilitator does not.
	const member = (await workspaceOf(event))?.workspaceId === board.workspace_id;
	return { board: { id: board.id, title: board.title, epoch: await boardEpoch(db, board.id) }, role, member, participant: locals.participant, imports: await listImports(db, board.id) };
}
