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

/** The notes and groups one undo or redo step changed. */
export interface ChangedItems {
	notes: Set<string>;
	groups: Set<string>;
}

/**
 * What an undo or redo step changed, read from the undo manager's `stack-item-popped` event
 * (`changedParentTypes`): the notes whose content or placement changed, and the groups added,
 * removed, renamed or otherwise changed (a change inside a group's map or its name counts for
 * that group). The page says it and brings it into view, so a step taken back from minutes ago,
 * off the screen, is seen.
 */
export function changedItems(doc: Y.Doc, changedParentTypes: ReadonlyMap<unknown, readonly Y.YEvent<Y.AbstractType<unknown>>[]>): ChangedItems {
	const { notes, place, groups } = roots(doc);
	const out: ChangedItems = { notes: new Set(), groups: new Set() };
	const seen = new Set<unknown>();
	for (const events of changedParentTypes.values()) {
		for (const event of events) {
			if (seen.has(event)) continue;
			seen.add(event);
			const target = event.target as Y.AbstractType<unknown>;
			if (target === notes || target === place) {
				for (const key of (event as unknown as Y.YMapEvent<unknown>).keysChanged) out.notes.add(key);
				continue;
			}
			if (target === groups) {
				for (const key of (event as unknown as Y.YMapEvent<unknown>).keysChanged) out.groups.add(key);
				continue;
			}
			// A group's own map or its name: climb to the entry of the groups map that holds it.
			let type: Y.AbstractType<unknown> | null = target;
			while (type?._item) {
				const parent = type._item.parent as Y.AbstractType<unknown>;
				if (parent === groups) {
					if (type._item.parentSub) out.groups.add(type._item.parentSub);
					break;
				}
				type = parent;
			}
		}
	}
	return out;
}
