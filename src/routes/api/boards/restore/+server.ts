import { error, json } from '@sveltejs/kit';
import * as Y from 'yjs';
import { restoredTitle } from '$lib/export/restored-title';
import { createBoard, shareLinks } from '$lib/server/boards';
import { requireWorkspace } from '$lib/server/workspace-access';
import { returnBoardQuota, takeBoardQuota } from '$lib/server/board-quota';
import { services } from '$lib/server/services';
import { MAX_BACKUP_BYTES } from '$lib/server/body-limit';
import { readBody } from '$lib/server/upload';
import { busyResponse, isWorkersBusy } from '$lib/server/workers-busy';


/**
 * POST /api/boards/restore (workspace credential), body: a board backup (JSON) → 201 {id, title, url, links, notes,
 * groups, problems}. The backup is validated and repaired into a new board titled "… (restored
 * <date>)"; the original board is not touched. `problems` lists what was repaired or left out.
 * When the board's content cannot be stored, the new board is removed again and the answer is a
 * 500 whose message says nothing was kept. When every worker thread and its queue are taken the
 * backup is not read: 503 with Retry-After and `{message, code: 'busy', retryAfter}` (429 when
 * this workspace already has two files being read or waiting).
 */
export async function POST(event) {
	const { workspaceId } = await requireWorkspace(event, 'Restoring a board');
	takeBoardQuota(event, workspaceId);
	const { db, rooms, readBackup } = services();
	let restored;
	try {
		// Counted while it streams: a larger body stops being read as soon as it passes the limit.
		const bytes = await readBody(event.request, MAX_BACKUP_BYTES, 'This backup', 'Restore a backup exported by Gistboard (the JSON export of a board).');
		// Validated and repaired on a worker thread with a time and memory limit (server/restore-reader.ts).
		restored = await readBackup(bytes, `workspace:${workspaceId}`);
	} catch (e) {
		// No board is made of a backup that was refused or not read.
		returnBoardQuota(event, workspaceId);
		if (isWorkersBusy(e)) return busyResponse(e);
		// By name: the reader lives in the server's bundle, which has its own copy of the class.
		if (e instanceof Error && e.name === 'BackupError') error(400, { message: e.message });
		throw e;
	}
	const board = await createBoard(db, workspaceId, restoredTitle(restored.title));
	// The imports the notes came from, with their summaries and private columns, so insights read
	// the scales and a restored import can be undone like any other.
	await db.transaction(async (tx) => {
		for (const [id, summary] of Object.entries(restored.imports)) {
			const fileName = summary && typeof summary === 'object' && typeof (summary as { fileName?: unknown }).fileName === 'string' ? (summary as { fileName: string }).fileName : 'Restored backup';
			const notes = restored.importNotes[id] ?? 0;
			await tx.query(
				`INSERT INTO imports (id, board_id, file_name, signature, created_by, rows, notes, skipped, private_columns, summary)
				 VALUES ($1, $2, $3, '', 'restore', $4, $4, 0, $5, $6::jsonb)`,
				[id, board.id, fileName.slice(0, 300), notes, restored.privateColumns, summary === null ? null : JSON.stringify({ ...(summary as object), id })]
			);
		}
		// Votes go back to the ballot table, keyed by the participants who cast them.
		for (const [groupId, ballot] of Object.entries(restored.votes)) {
			for (const [participant, votes] of Object.entries(ballot)) {
				await tx.query('INSERT INTO board_votes (board_id, participant, group_id, votes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
					board.id,
					participant.slice(0, 80),
					groupId,
					votes
				]);
			}
		}
	});
	const { update } = restored;
	try {
		await rooms.change(board.id, (doc) => Y.applyUpdate(doc, update), { kind: 'restore' });
	} catch (err) {
		// A restore is a whole new board or none: the board whose content could not be stored goes.
		await db.query('DELETE FROM boards WHERE id = $1', [board.id]).catch((e) => console.error(`Could not remove the unfinished restore ${board.id}:`, e));
		throw err;
	}
	const links = shareLinks(event.url.origin, board.id, board.tokens);
	return json(
		{ id: board.id, title: board.title, url: `${event.url.origin}/b/${board.id}`, links, notes: restored.notes, groups: restored.groups, problems: restored.problems },
		{ status: 201 }
	);
}
