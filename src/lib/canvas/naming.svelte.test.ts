import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNotes, groupMapOf, initBoard, labelText, makeNote } from '$lib/board';
import { BoardEditor } from './editor.svelte';
import { renameGroup } from '$lib/board/grouping';
import { userOrigin } from '$lib/board/origin';

/** A board of three loose notes, edited by one person in one tab. */
function editor() {
	const doc = new Y.Doc();
	initBoard(doc);
	addNotes(
		doc,
		['Charged twice', 'Refund came late', 'Invoice was wrong'].map((text, i) => makeNote({ id: `note_${i}`, text, createdAt: 1_700_000_000_000 + i })),
		{ kind: 'import' }
	);
	const e = new BoardEditor(doc, 'user_alice');
	e.view.flush();
	return e;
}

const label = (e: BoardEditor, id: string) => (e.view.flush(), e.view.groups.get(id)?.label);

describe('naming a group', () => {
	it('Escape takes back only what was typed since the name was opened, and leaves no step to undo or redo', () => {
		const e = editor();
		const g = e.groupNotes(['note_0', 'note_1'])!;
		expect(e.editingGroup).toBe(g);
		e.rename(g, 'Bil');
		e.rename(g, 'Billing');
		e.doneNaming();
		expect(label(e, g)).toBe('Billing');

		// Opened again (F2 or double-click), typed over, then Escape.
		e.editingGroup = g;
		e.rename(g, 'p');
		e.rename(g, 'pay');
		e.cancelNaming(g);
		expect(label(e, g)).toBe('Billing');
		expect(e.editingGroup).toBeNull();
		expect(e.canRedo).toBe(false);
		expect(e.undoManager.redoStack).toHaveLength(0);

		// The next undo takes back the name typed first, the one after it the group.
		e.undo();
		expect(label(e, g)).toBe('');
		e.undo();
		expect(e.view.groups.has(g)).toBe(false);
	});

	it('Escape on a new group leaves it untitled, and the group is still one undo away', () => {
		const e = editor();
		const g = e.groupNotes(['note_2'])!;
		e.rename(g, 'Invoices');
		e.cancelNaming(g);
		expect(e.view.groups.has(g)).toBe(true);
		expect(label(e, g)).toBe('');
		e.undo();
		expect(e.view.groups.has(g)).toBe(false);
	});

	it('Escape keeps what someone else typed in the same name meanwhile', () => {
		const e = editor();
		const g = e.groupNotes(['note_0'])!;
		e.rename(g, 'Billing');
		e.doneNaming();
		e.editingGroup = g;
		e.rename(g, 'Billing and refunds');
		// Bob types at the start of the name while Alice types at its end.
		e.doc.transact(() => labelText(groupMapOf(e.doc, g)!)!.insert(0, 'Late '), { kind: 'user', userId: 'user_bob' });
		e.view.flush();
		expect(label(e, g)).toBe('Late Billing and refunds');
		e.cancelNaming(g);
		expect(label(e, g)).toBe('Late Billing');
	});

	it('Enter (or leaving the field) keeps the name, and Escape after it takes nothing back', () => {
		const e = editor();
		const g = e.groupNotes(['note_0'])!;
		e.rename(g, 'Billing');
		e.doneNaming();
		e.editingGroup = g;
		e.cancelNaming(g);
		expect(label(e, g)).toBe('Billing');
	});

	it('in a field that is always there (the outline), leaving it keeps the name and Escape later takes back only what is typed after', () => {
		const e = editor();
		const g = e.groupNotes(['note_0'])!;
		e.doneNaming();
		// Typed in the outline's field without the name being opened by G, F2 or a double-click.
		e.rename(g, 'Billing');
		e.commitNaming(g);
		e.rename(g, 'Billing twice');
		e.cancelNaming(g);
		expect(label(e, g)).toBe('Billing');
		e.rename(g, 'Refunds');
		e.cancelNaming(g);
		expect(label(e, g)).toBe('Billing');
	});
});

describe('a lock while a name is typed', () => {
	it('holds the name as typed, refuses more, and gives the field back at the unlock', () => {
		const e = editor();
		const g = e.groupNotes(['note_0', 'note_1'])!;
		e.rename(g, 'Custo');
		e.editable = false;
		expect(e.heldName).toEqual({ id: g, mine: 'Custo', theirs: null });
		e.rename(g, 'Customer');
		expect(label(e, g)).toBe('Custo');
		// Enter (or focus leaving) keeps the field open while the name is held.
		expect(e.commitNaming(g)).toBe(false);
		expect(e.editingGroup).toBe(g);
		e.editable = true;
		expect(e.heldName).toBeNull();
		expect(e.editingGroup).toBe(g);
		e.rename(g, 'Customer website');
		expect(e.commitNaming(g)).toBe(true);
		expect(label(e, g)).toBe('Customer website');
	});

	it('offers the held name when someone renamed the group meanwhile, and writes it only when chosen', () => {
		const e = editor();
		const g = e.groupNotes(['note_0', 'note_1'])!;
		e.rename(g, 'Custo');
		e.editable = false;
		renameGroupAsOther(e, g, 'Web shop');
		e.editable = true;
		expect(e.heldName).toEqual({ id: g, mine: 'Custo', theirs: 'Web shop' });
		expect(label(e, g)).toBe('Web shop');
		e.settleHeldName(true);
		expect(label(e, g)).toBe('Custo');
		expect(e.heldName).toBeNull();
	});

	it('Escape while locked writes nothing, and takes the typing back at the unlock', () => {
		const e = editor();
		const g = e.groupNotes(['note_0', 'note_1'])!;
		e.rename(g, 'Custo');
		e.editable = false;
		const before = Y.encodeStateVector(e.doc);
		e.cancelNaming(g);
		expect(Y.encodeStateVector(e.doc)).toEqual(before);
		expect(e.editingGroup).toBeNull();
		expect(label(e, g)).toBe('Custo');
		e.editable = true;
		expect(label(e, g)).toBe('');
		expect(e.view.groups.has(g)).toBe(true);
	});

	it('undo and redo while locked write nothing and say why', () => {
		const e = editor();
		e.groupNotes(['note_0', 'note_1']);
		e.doneNaming();
		e.readOnlyReason = 'The facilitator locked the board.';
		e.editable = false;
		const before = Y.encodeStateVector(e.doc);
		e.undo();
		expect(e.announcement).toContain('The facilitator locked the board. Undo waits');
		e.redo();
		expect(Y.encodeStateVector(e.doc)).toEqual(before);
	});
});

/** Someone else renames group `id` in the same document (their own origin, not this person's undo history). */
function renameGroupAsOther(e: BoardEditor, id: string, name: string) {
	renameGroup(e.doc, id, name, userOrigin('user_bob'));
	e.view.flush();
}
