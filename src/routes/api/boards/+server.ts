import { error, json } from '@sveltejs/kit';
import { createBoard, MAX_TITLE, shareLinks } from '$lib/server/boards';
import { takeBoardQuota } from '$lib/server/board-quota';
import { services } from '$lib/server/services';
import { requireWorkspace, workspaceOf } from '$lib/server/workspace-access';
import { createWorkspace } from '$lib/server/workspaces';

/**
 * POST /api/boards {title} → 201 {id, title, url, links: {facilitator, editor, viewer}}.
 * Needs the workspace credential (`Authorization: Bearer <workspace token>` or the workspace
 * link's cookie); the board belongs to that workspace. With OPEN_BOARDS=true anyone may create a
 * board without it: each such board gets a new workspace of its own, whose link is in
 * `workspace.link`, so it never sees another workspace's departments or tasks.
 */
export async function POST(event) {
	const { request, url } = event;
	const { db, config } = services();
	const member = config.openBoards ? await workspaceOf(event) : await requireWorkspace(event, 'Creating a board');
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		error(400, { message: 'Send a JSON body such as {"title": "Q3 survey"}.' });
	}
	const title = (body as { title?: unknown })?.title;
	if (typeof title !== 'string' || title.trim() === '') {
		error(400, { message: 'A board needs a title: send {"title": "…"}.' });
	}
	if (title.length > MAX_TITLE) error(400, { message: `A title has at most ${MAX_TITLE} characters.` });
	takeBoardQuota(event, member?.workspaceId ?? null);
	let workspaceId = member?.workspaceId;
	let workspace: { id: string; link: string } | undefined;
	if (!workspaceId) {
		const created = await createWorkspace(db, `Open board: ${title.trim().slice(0, 60)}`);
		workspaceId = created.workspace.id;
		workspace = { id: workspaceId, link: `${url.origin}/?token=${encodeURIComponent(created.token)}` };
	}
	const board = await createBoard(db, workspaceId, title);
	const links = shareLinks(url.origin, board.id, board.tokens);
	return json({ id: board.id, title: board.title, url: `${url.origin}/b/${board.id}`, links, ...(workspace ? { workspace } : {}) }, { status: 201 });
}
