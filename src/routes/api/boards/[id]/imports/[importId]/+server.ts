import { error, json } from '@sveltejs/kit';
import { requireBoardRole } from '$lib/server/auth';
import { runUndoImport } from '$lib/server/imports';

/** DELETE /api/boards/:id/imports/:importId — undoes a whole import (facilitator token). */
export async function DELETE(event) {
	const access = await requireBoardRole(event, event.params.id, 'facilitator');
	const by = event.url.searchParams.get('by') ?? access.role;
	const removed = await runUndoImport(access.board.id, event.params.importId, by);
	if (removed === null) error(404, { message: 'This board has no such import.' });
	return json({ removed });
}
