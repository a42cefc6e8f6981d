import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNotes, makeNote } from '$lib/board/note';
import { createGroup, membersOf, moveNotesToGroup, renameGroup } from '$lib/board/grouping';
import { groupMapOf, labelText } from '$lib/board/group';
import { roots } from '$lib/board/schema';
import { userOrigin } from '$lib/board/origin';
import { changedItems, createUndoManager, type ChangedItems } from './undo';

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

	it('tells which notes and groups a step changed, so the page can say it and show it', () => {
		const doc = new Y.Doc();
		addNotes(doc, ['a', 'b', 'c'].map((t) => makeNote({ id: `note_${t}`, text: t })), { kind: 'import' });
		const me = userOrigin('me');
		const undo = createUndoManager(doc, me, 0);
		let step: ChangedItems | null = null;
		undo.on('stack-item-popped', (e) => (step = changedItems(doc, e.changedParentTypes)));
		const sorted = (s: Set<string>) => [...s].sort();

		const g = createGroup(doc, ['note_a', 'note_b'], { x: 0, y: 0 }, me);
		renameGroup(doc, g, 'Staff', me);
		moveNotesToGroup(doc, ['note_c'], g, me);

		undo.undo();
		expect(sorted(step!.notes)).toEqual(['note_c']);
		expect(sorted(step!.groups)).toEqual([]);
		// Taking back the name is a change of that group, though nothing else about it changed.
		undo.undo();
		expect(sorted(step!.notes)).toEqual([]);
		expect(sorted(step!.groups)).toEqual([g]);
		undo.undo();
		expect(sorted(step!.notes)).toEqual(['note_a', 'note_b']);
		expect(sorted(step!.groups)).toEqual([g]);
		undo.redo();
		expect(sorted(step!.notes)).toEqual(['note_a', 'note_b']);
		expect(sorted(step!.groups)).toEqual([g]);
	});
});
