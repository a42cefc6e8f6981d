import { error, json } from '@sveltejs/kit';
import { BackupError, restoreBackup } from '$lib/export/backup';
import { restoredTitle } from '$lib/export/restored-title';
import { createBoard, shareLinks } from '$lib/server/boards';
import { requireFacilitatorAnywhere } from '$lib/server/department-access';
import { services } from '$lib/server/services';

const MAX_BYTES = 50 * 1024 * 1024;

/**
 * POST /api/boards/restore, body: a board backup (JSON) → 201 {id, title, url, links, notes,
 * groups, problems}. The backup is validated and repaired into a new board titled "… (restored
 * <date>)"; the original board is not touched. `problems` lists what was repaired or left out.
 */
export async function POST(event) {
	await requireFacilitatorAnywhere(event);
	const text = await event.request.text();
	if (text.length > MAX_BYTES) error(413, { message: 'This backup is larger than 50 MB.' });
	let probe;
	try {
		probe = restoreBackup(text);
	} catch (e) {
		if (e instanceof BackupError) error(400, { message: e.message });
		throw e;
	}
	const { db, rooms } = services();
	const board = await createBoard(db, restoredTitle(probe.title));
	probe.doc.destroy();
	await rooms.change(board.id, (doc) => restoreBackup(text, { doc, title: board.title }), { kind: 'restore' });
	const links = shareLinks(event.url.origin, board.id, board.tokens);
	return json({ id: board.id, title: board.title, url: `${event.url.origin}/b/${board.id}`, links, notes: probe.notes, groups: probe.groups, problems: probe.problems }, { status: 201 });
}
