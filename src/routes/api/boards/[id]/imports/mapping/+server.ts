import { error, json } from '@sveltejs/kit';
import { requireBoardRole } from '$lib/server/auth';
import { rememberedMapping } from '$lib/server/imports';
import { services } from '$lib/server/services';

/** GET /api/boards/:id/imports/mapping?signature=… — the mapping this board's workspace last used for this header (facilitator). */
export async function GET(event) {
	const { board } = await requireBoardRole(event, event.params.id, 'facilitator');
	const signature = event.url.searchParams.get('signature');
	if (!signature || signature.length > 100) error(400, { message: 'Pass the header signature as ?signature=.' });
	return json({ mapping: await rememberedMapping(services().db, board.workspace_id, signature) });
}
