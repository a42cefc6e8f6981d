import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNotes, makeNote } from '$lib/board/note';
import { createGroup, membersOf, moveNotesToGroup, renameGroup } from '$lib/board/grouping';
import { groupMapOf, labelText } from '$lib/board/group';
import { roots } from '$lib/board/schema';
import { userOrigin } from '$lib/board/origin';
import { createUndoManager } from './undo';

describe('undo', () => {
	it('undoes and redoes only my own changes, leaving a collaborator\'s intact', () => {
		const mine = new Y.Doc();
		const theirs = new Y.Doc();
		mine.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(theirs, u, 'remote'));
		theirs.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(mine, u, 'remote'));
		const notes = ['a', 'b', 'c'].map((t) => makeNote({ id: `note_${t}`, text: t }));
		addNotes(mine, notes, { kind: 'import' });
		const me = userOrigin('me');
		const undo = createUndoManager(mine, me, 0);

		const g = createGroup(mine, ['note_a', 'note_b'], { x: 0, y: 0 }, me);
		moveNotesToGroup(theirs, ['note_c'], g, userOrigin('them'));
		renameGroup(mine, g, 'Billing', me);
		expect(undo.undoStack.length).toBe(2);

		undo.undo();
		expect(labelText(groupMapOf(mine, g)!)!.toString()).toBe('');
		expect(labelText(groupMapOf(theirs, g)!)!.toString()).toBe('');
		expect(membersOf(mine, g)).toContain('note_c');

		undo.redo();
		expect(labelText(groupMapOf(theirs, g)!)!.toString()).toBe('Billing');

		undo.undo();
		undo.undo();
		// My grouping is gone; the import (not mine) is not undone.
		expect(roots(mine).notes.size).toBe(3);
		expect(roots(mine).place.has('note_a')).toBe(false);
		expect(undo.undoStack.length).toBe(0);
	});
});
