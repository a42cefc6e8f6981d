import { fail, redirect } from '@sveltejs/kit';
import { createBoard, getBoards, MAX_TITLE, workspaceBoards } from '$lib/server/boards';
import { services } from '$lib/server/services';
import { roleForToken, tokenCookie, type Role } from '$lib/server/tokens';
import { boardCookieOptions } from '$lib/server/cookies';
import { WORKSPACE_COOKIE, workspaceOf } from '$lib/server/workspace-access';
import { createWorkspace, getWorkspace, workspaceForToken } from '$lib/server/workspaces';

/**
 * The boards this browser may open: every board of its workspace (when the workspace link was
 * opened here) and the boards it holds a link for (their tokens are in per-board cookies).
 * `/?token=<workspace token>` is the workspace link: it is kept in a cookie and taken out of the
 * address bar.
 */
export async function load(event) {
	const { cookies, url } = event;
	const { db, config } = services();
	const linkToken = url.searchParams.get('token');
	if (linkToken !== null) {
		if (!(await workspaceForToken(db, linkToken))) {
			return { workspace: null, boards: [], openBoards: config.openBoards, linkError: 'This workspace link is not valid any more. Ask for the current one: the server prints it when it starts.' };
		}
		cookies.set(WORKSPACE_COOKIE, linkToken, boardCookieOptions(url));
		redirect(303, '/');
	}
	const member = await workspaceOf(event);
	const workspace = member ? await getWorkspace(db, member.workspaceId) : null;
	const boards: { id: string; title: string; createdAt: string; role: Role }[] = [];
	const seen = new Set<string>();
	if (workspace) {
		for (const row of await workspaceBoards(db, workspace.id)) {
			boards.push({ id: row.id, title: row.title, createdAt: row.created_at.toISOString(), role: 'facilitator' });
			seen.add(row.id);
		}
	}
	const ids = cookies
		.getAll()
		.filter((c) => c.name.startsWith('gb_') && !seen.has(c.name.slice(3)))
		.map((c) => c.name.slice(3));
	for (const row of await getBoards(db, ids)) {
		const role = await roleForToken(db, row.id, cookies.get(tokenCookie(row.id)));
		if (role) boards.push({ id: row.id, title: row.title, createdAt: row.created_at.toISOString(), role });
	}
	return { workspace, boards, openBoards: config.openBoards, linkError: null };
}

export const actions = {
	async create(event) {
		const { request, cookies, url } = event;
		const { db, config } = services();
		const title = String((await request.formData()).get('title') ?? '').trim();
		if (!title) return fail(400, { title, error: 'Give the board a title, for example "Q3 NPS survey".' });
		if (title.length > MAX_TITLE) return fail(400, { title, error: `A title has at most ${MAX_TITLE} characters.` });
		let workspaceId = (await workspaceOf(event))?.workspaceId;
		if (!workspaceId) {
			if (!config.openBoards) return fail(401, { title, error: 'Creating a board needs the workspace link. The server prints it when it starts ("Workspace link: …").' });
			// A demo board gets a workspace of its own; this browser becomes its member.
			const created = await createWorkspace(db, `Open board: ${title.slice(0, 60)}`);
			workspaceId = created.workspace.id;
			cookies.set(WORKSPACE_COOKIE, created.token, boardCookieOptions(url));
		}
		const board = await createBoard(db, workspaceId, title);
		cookies.set(tokenCookie(board.id), board.tokens.facilitator, boardCookieOptions(url));
		redirect(303, `/b/${board.id}`);
	}
};
