import type * as Y from 'yjs';
import { MAX_GROUPS, MAX_NOTES } from '../board/repair.ts';
import { roots } from '../board/schema.ts';
import { ImportError } from './errors';

const fmt = (n: number) => n.toLocaleString('en');

/**
 * Refuses an import the board has no room for, before anything of it is written: the server's
 * repair removes every new note of a change past `MAX_NOTES` (and every new group past
 * `MAX_GROUPS`), so an import written anyway would be reported as imported and then vanish.
 * `notes` and `groups` are how many the import would still add; the board's own count includes
 * notes in the trash, as the limit does.
 * Throws `ImportError('board-full')` saying how many the board holds, the limit and how many the
 * file would add.
 */
export function checkBoardRoom(doc: Y.Doc, adding: { notes: number; groups: number }, fileName: string): void {
	const { notes, groups } = roots(doc);
	const held = notes.size;
	if (adding.notes > 0 && held + adding.notes > MAX_NOTES) {
		const room = Math.max(0, MAX_NOTES - held);
		throw new ImportError(
			'board-full',
			`This board holds ${fmt(held)} notes and “${fileName}” would add ${fmt(adding.notes)}; a board holds at most ${fmt(MAX_NOTES)} notes (the trash included). ` +
				(room > 0 ? `Import at most ${fmt(room)} comments here, or ` : 'Nothing more fits here: ') +
				'import the file into a new board.'
		);
	}
	const heldGroups = groups.size;
	if (adding.groups > 0 && heldGroups + adding.groups > MAX_GROUPS) {
		throw new ImportError(
			'board-full',
			`This board holds ${fmt(heldGroups)} groups and importing “${fileName}” would add ${fmt(adding.groups)} (for its non-answers); a board holds at most ${fmt(MAX_GROUPS)} groups. ` +
				'Import the non-answers like any comment or skip them, or import the file into a new board.'
		);
	}
}
