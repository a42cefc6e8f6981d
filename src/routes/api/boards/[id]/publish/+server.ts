import * as Y from 'yjs';
import { GROUP_ID, MAX_GROUPS } from '$lib/board';
import { answer } from '$lib/server/api';
import { requireBoardRole } from '$lib/server/auth';
import { publishBoard } from '$lib/server/board-tasks';

const refusal = (message: string) => new Response(JSON.stringify({ message }), { status: 400, headers: { 'content-type': 'application/json' } });

/**
 * POST /api/boards/:id/publish → {tasks, skipped}; publishing again updates the same tasks.
 * Optional body `{"stateVector": "<base64>", "groups": ["grp_…"]}`. `stateVector`: the caller's
 * Yjs state vector; the server then waits (up to 5 s) until it has stored every change the caller
 * had, so a group assigned a moment before publishing is included. `groups`: publish only these
 * groups (at most MAX_GROUPS ids), e.g. again the one whose comments changed since; without it,
 * every assigned group.
 */
export async function POST(event) {
	const { board } = await requireBoardRole(event, event.params.id, 'facilitator');
	let after: Uint8Array | undefined;
	let groups: string[] | undefined;
	const text = await event.request.text();
	if (text.trim()) {
		let body: { stateVector?: unknown; groups?: unknown };
		try {
			body = JSON.parse(text) ?? {};
			const sv = body.stateVector;
			if (typeof sv === 'string') {
				after = new Uint8Array(Buffer.from(sv, 'base64'));
				Y.decodeStateVector(after);
			}
		} catch {
			return refusal('Send no body, or JSON with a valid base64 state vector, such as {"stateVector": "<base64>"}.');
		}
		if (body.groups !== undefined) {
			const list = body.groups;
			if (!Array.isArray(list) || list.length === 0 || list.length > MAX_GROUPS || !list.every((id) => typeof id === 'string' && GROUP_ID.test(id))) {
				return refusal(`"groups" must be a list of 1 to ${MAX_GROUPS} group ids, such as {"groups": ["grp_…"]}.`);
			}
			groups = list;
		}
	}
	return answer(() => publishBoard(board.id, board.workspace_id, event.url.origin, after, groups));
}
