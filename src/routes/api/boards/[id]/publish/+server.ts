import * as Y from 'yjs';
import { answer } from '$lib/server/api';
import { requireBoardRole } from '$lib/server/auth';
import { publishBoard } from '$lib/server/board-tasks';

/**
 * POST /api/boards/:id/publish → {tasks, skipped}; publishing again updates the same tasks.
 * Optional body `{"stateVector": "<base64>"}`: the caller's Yjs state vector; the server then
 * waits (up to 5 s) until it has stored every change the caller had, so a group assigned a moment
 * before publishing is included.
 */
export async function POST(event) {
	const { board } = await requireBoardRole(event, event.params.id, 'facilitator');
	let after: Uint8Array | undefined;
	const text = await event.request.text();
	if (text.trim()) {
		try {
			const sv = (JSON.parse(text) as { stateVector?: unknown }).stateVector;
			if (typeof sv === 'string') {
				after = new Uint8Array(Buffer.from(sv, 'base64'));
				Y.decodeStateVector(after);
			}
		} catch {
			return new Response(JSON.stringify({ message: 'Send no body, or JSON with a valid base64 state vector, such as {"stateVector": "<base64>"}.' }), {
				status: 400,
				headers: { 'content-type': 'application/json' }
			});
		}
	}
	return answer(() => publishBoard(board.id, board.workspace_id, event.url.origin, after));
}
