import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNotes, makeNote } from '../board/note';
import { createGroup, membersOf } from '../board/grouping';
import { groupMapOf, labelText } from '../board/group';
import { roots } from '../board/schema';
import { intersects, layoutBoard, layoutNotesOf } from '../board/layout';
import { readGroups } from '../board/group';
import { readNotes } from '../board/note';
import { userOrigin } from '../board/origin';
import { acceptSorted, acceptSuggestions, stackedInto, stackNotes, unsortedNotes, unstackNote } from './board';

function board() {
	const doc = new Y.Doc();
	const notes = ['a', 'b', 'c', 'd', 'e'].map((t, i) =>
		makeNote({ id: `note_${t}`, text: `comment ${t}`, createdAt: i, source: { row: i, importId: 'imp_1' }, fields: { region: `R${i}` } })
	);
	addNotes(doc, notes, { kind: 'import' });
	return doc;
}

describe('accepting suggestions', () => {
	it('makes ordinary named groups in one undoable step', () => {
		const doc = board();
		const origin = userOrigin('u1');
		const undo = new Y.UndoManager([roots(doc).notes, roots(doc).place, roots(doc).groups], { trackedOrigins: new Set([origin]) });
		const ids = acceptSuggestions(
			doc,
			[
				{ title: 'Lost bags', noteIds: ['note_a', 'note_b'] },
				{ title: 'Delays', noteIds: ['note_c'] }
			],
			origin
		);
		expect(ids).toHaveLength(2);
		expect(labelText(groupMapOf(doc, ids[0])!)!.toString()).toBe('Lost bags');
		expect(membersOf(doc, ids[0])).toEqual(['note_a', 'note_b']);
		expect(unsortedNotes(doc).map((n) => n.id)).toEqual(['note_d', 'note_e']);
		expect(undo.undoStack).toHaveLength(1);
		undo.undo();
		expect(roots(doc).groups.size).toBe(0);
		expect(unsortedNotes(doc)).toHaveLength(5);
	});

	it('leaves notes that someone sorted meanwhile where they are', () => {
		const doc = board();
		const theirs = createGroup(doc, ['note_a'], { x: 0, y: 0, label: 'Mine' }, userOrigin('u2'));
		const [id] = acceptSuggestions(doc, [{ title: 'Bags', noteIds: ['note_a', 'note_b', 'note_gone'] }], userOrigin('u1'));
		expect(membersOf(doc, theirs)).toEqual(['note_a']);
		expect(membersOf(doc, id)).toEqual(['note_b']);
		// placed below what was on the board
		expect(groupMapOf(doc, id)!.get('y')).toBeGreaterThan(0);
	});
});

describe('where accepted groups go', () => {
	it('puts eight groups of 150-200 notes several to a row, in a shape a screen fits, covering nothing', () => {
		const doc = new Y.Doc();
		const sizes = [201, 192, 167, 160, 153, 139, 131, 122];
		const all = sizes.flatMap((n, g) => Array.from({ length: n }, (_, i) => `note_g${g}n${i}`));
		addNotes(doc, all.map((id, i) => makeNote({ id, text: `comment ${i}`, createdAt: i, source: { row: i, importId: 'imp_1' } })), { kind: 'import' });
		const ids = acceptSuggestions(
			doc,
			sizes.map((n, g) => ({ title: `Theme ${g}`, noteIds: all.filter((id) => id.startsWith(`note_g${g}n`)) })),
			userOrigin('u1')
		);
		const { notes, trashed } = readNotes(doc);
		const layout = layoutBoard(layoutNotesOf(notes, trashed), readGroups(doc).groups);
		const rects = ids.map((id) => layout.groups.get(id)!);
		const rows = new Set(rects.map((r) => r.y));
		expect(rows.size).toBeGreaterThan(1);
		expect(rows.size).toBeLessThan(ids.length);
		const w = Math.max(...rects.map((r) => r.x + r.w)) - Math.min(...rects.map((r) => r.x));
		const h = Math.max(...rects.map((r) => r.y + r.h)) - Math.min(...rects.map((r) => r.y));
		expect(w / h).toBeGreaterThan(1);
		for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(intersects(rects[i], rects[j])).toBe(false);
	});
});

describe('stacking duplicates', () => {
	it('folds duplicates into one note that keeps every original row, and unstacks them again', () => {
		const doc = board();
		const origin = userOrigin('u1');
		const g = createGroup(doc, ['note_a', 'note_e'], { x: 0, y: 0 }, origin);
		expect(stackNotes(doc, [{ keepId: 'note_a', noteIds: ['note_a', 'note_b', 'note_c'] }], origin)).toBe(2);
		// The duplicates stay notes of their own, stacked on the keeper and counted in its group.
		expect(roots(doc).notes.has('note_b')).toBe(true);
		expect(membersOf(doc, g)).toEqual(['note_a', 'note_e']);
		expect(stackedInto(doc, 'note_a').map((s) => [s.id, s.source?.row, s.fields.region, s.groupId])).toEqual([
			['note_b', 1, 'R1', g],
			['note_c', 2, 'R2', g]
		]);
		expect(unsortedNotes(doc).map((n) => n.id)).toEqual(['note_d']);

		expect(unstackNote(doc, 'note_a', origin)).toBe(2);
		expect(stackedInto(doc, 'note_a')).toEqual([]);
		expect(membersOf(doc, g)).toEqual(['note_a', 'note_b', 'note_c', 'note_e']);
	});
});

describe('accepting sorted notes', () => {
	it('moves them into the existing groups in one undoable step, skipping notes sorted meanwhile', () => {
		const doc = board();
		const origin = userOrigin('u1');
		const g1 = createGroup(doc, ['note_a'], { x: 0, y: 0, label: 'One' }, origin);
		const g2 = createGroup(doc, ['note_b'], { x: 400, y: 0, label: 'Two' }, origin);
		const undo = new Y.UndoManager([roots(doc).notes, roots(doc).place, roots(doc).groups], { trackedOrigins: new Set([origin]) });
		// Someone else sorted note_e into group two already.
		createGroup(doc, ['note_e'], { x: 800, y: 0, label: 'Three' }, userOrigin('u2'));
		const moved = acceptSorted(
			doc,
			[
				{ groupId: g1, noteIds: ['note_c', 'note_e'] },
				{ groupId: g2, noteIds: ['note_d'] },
				{ groupId: 'grp_gone', noteIds: ['note_d'] }
			],
			origin
		);
		expect(moved).toBe(2);
		expect(membersOf(doc, g1)).toEqual(['note_a', 'note_c']);
		expect(membersOf(doc, g2)).toEqual(['note_b', 'note_d']);
		expect(unsortedNotes(doc).map((n) => n.id)).toEqual([]);
		undo.undo();
		expect(membersOf(doc, g1)).toEqual(['note_a']);
		expect(membersOf(doc, g2)).toEqual(['note_b']);
		expect(unsortedNotes(doc).map((n) => n.id)).toEqual(['note_c', 'note_d']);
	});
});
