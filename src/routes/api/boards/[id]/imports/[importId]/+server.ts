import { error, json } from '@sveltejs/kit';
import { requireBoardRole } from '$lib/server/auth';
import { runUndoImport } from '$lib/server/imports';

/**
 * DELETE /api/boards/:id/imports/:importId — undoes a whole import (facilitator token): `{removed}`,
 * 404 when the board has no such import, 409 while it is still being written.
 */
export async function DELETE(event) {
	const access = await requireBoardRole(event, event.params.id, 'facilitator');
	const by = event.url.searchParams.get('by') ?? access.role;
	const outcome = await runUndoImport(access.board.id, event.params.importId, by);
	if ('refused' in outcome) {
		if (outcome.refused === 'missing') error(404, { message: 'This board has no such import.' });
		error(409, { message: 'This import is still being written. Undo it once it has finished: its notes are all on the board then.' });
	}
	return json({ removed: outcome.removed });
}
