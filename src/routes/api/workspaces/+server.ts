import { json } from '@sveltejs/kit';
import { answer, readJson } from '$lib/server/api';
import { takeBoardQuota } from '$lib/server/board-quota';
import { services } from '$lib/server/services';
import { requireWorkspace } from '$lib/server/workspace-access';
import { createWorkspace, getWorkspace } from '$lib/server/workspaces';

/** GET /api/workspaces → {id, name}: the workspace of the caller's credential. */
export async function GET(event) {
	const { workspaceId } = await requireWorkspace(event, 'Reading the workspace');
	return json(await getWorkspace(services().db, workspaceId));
}

/**
 * POST /api/workspaces {name} → 201 {id, name, link} (workspace credential): a new, separate
 * workspace (another team), with its own boards, departments and mappings. Its link is shown
 * only in this answer; the new workspace shares nothing with the caller's.
 */
export async function POST(event) {
	const { workspaceId } = await requireWorkspace(event, 'Creating a workspace');
	// A new workspace has allowances of its own: making one counts as making a board.
	takeBoardQuota(event, workspaceId);
	const body = await readJson(event.request, '{"name": "Customer Care EMEA"}');
	return answer(async () => {
		const { workspace, token } = await createWorkspace(services().db, String(body.name ?? ''));
		return { ...workspace, link: `${event.url.origin}/?token=${encodeURIComponent(token)}` };
	}, 201);
}
