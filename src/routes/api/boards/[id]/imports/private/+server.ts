import { json } from '@sveltejs/kit';
import { requireBoardRole } from '$lib/server/auth';
import { privateValues } from '$lib/server/imports';
import { services } from '$lib/server/services';

/** GET /api/boards/:id/imports/private[?import=<id>] — private column values (facilitator token). */
export async function GET(event) {
	const access = await requireBoardRole(event, event.params.id, 'facilitator');
	const rows = await privateValues(services().db, access.board.id, event.url.searchParams.get('import') ?? undefined);
	return json({ rows }, { headers: { 'cache-control': 'no-store' } });
}
