import * as Y from 'yjs';
import { roots, type Origin } from '$lib/board/schema';

/**
 * Undo and redo of this user's own changes only. The manager tracks exactly one origin object
 * (from `userOrigin`), so remote edits, imports and server migrations are never undone by
 * someone else's Ctrl+Z. Keystrokes within half a second merge into one step.
 */
export function createUndoManager(doc: Y.Doc, origin: Origin, captureTimeout = 500): Y.UndoManager {
	const { notes, place, groups } = roots(doc);
	return new Y.UndoManager([notes, place, groups], {
		trackedOrigins: new Set([origin]),
		captureTimeout
	});
}
