import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNotes, makeNote, readNotes, readPlacement } from './note';
import { groupMapOf, labelText, readGroups } from './group';
import { MAX_NESTING } from './layout';
import {
	createGroup,
	dropNotesOnNote,
	groupOfNote,
	membersOf,
	childGroupsOf,
	mergeGroups,
	moveNotesToGroup,
	nestGroup,
	placeGroup,
	removeNotesFromGroups,
	renameGroup,
	setGroupCollapsed,
	splitIntoNewGroup,
	ungroup
} from './grouping';
import { layoutBoard, NOTE_W, HEADER, PAD } from './layout';
import { roots } from './schema';
import { userOrigin } from './origin';

const alice = userOrigin('alice');
const bob = userOrigin('bob');

function board(n: number, doc = new Y.Doc()) {
	const notes = Array.from({ length: n }, (_, i) =>
		makeNote({ id: `note_n${i}`, text: `comment ${i}`, x: i * 300, y: 0 })
	);
	addNotes(doc, notes, { kind: 'import' });
	return { doc, ids: notes.map((n) => n.id) };
}

function groupIds(doc: Y.Doc) {
	return [...roots(doc).groups.keys()].sort();
}

/** Two replicas of one board that exchange updates only when told to (a network with latency). */
function pair(n: number) {
	const a = board(n).doc;
	const b = new Y.Doc();
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	const sync = () => {
		const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
		const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
		Y.applyUpdate(b, fromA, 'remote');
		Y.applyUpdate(a, fromB, 'remote');
	};
	return { a, b, sync };
}

function layoutOf(doc: Y.Doc) {
	return layoutBoard(
		readNotes(doc).notes.map((n) => ({ ...n, hidden: !!n.stackedOn })),
		readGroups(doc).groups
	);
}

function snapshot(doc: Y.Doc) {
	const layout = layoutOf(doc);
	return { groups: [...layout.members.entries()].sort(), notes: [...layout.notes.entries()].sort() };
}

const group = (doc: Y.Doc, id: string) => groupMapOf(doc, id)!;
const placement = (doc: Y.Doc, id: string) => readPlacement(roots(doc).place.get(id));

describe('grouping', () => {
	it('dropping a note on a loose note makes a group where the target was', () => {
		const { doc, ids } = board(3);
		const g = dropNotesOnNote(doc, [ids[1]], ids[0], alice)!;
		expect(membersOf(doc, g)).toEqual([ids[0], ids[1]]);
		const grp = group(doc, g);
		expect(grp.get('x')).toBe(0 - PAD);
		expect(grp.get('y')).toBe(0 - HEADER);
		expect(grp.has('w')).toBe(false);
		expect(layoutOf(doc).groups.get(g)!.w).toBeGreaterThanOrEqual(NOTE_W * 2);
		expect(groupOfNote(doc, ids[2])).toBeNull();
	});

	it('dropping on a grouped note joins its group right after it', () => {
		const { doc, ids } = board(4);
		const g = createGroup(doc, [ids[0], ids[1]], { x: 0, y: 0 }, alice);
		dropNotesOnNote(doc, [ids[3], ids[2]], ids[0], alice);
		expect(membersOf(doc, g)).toEqual([ids[0], ids[3], ids[2], ids[1]]);
	});

	it('joining, reordering and leaving keep fractional order without renumbering', () => {
		const { doc, ids } = board(4);
		const g = createGroup(doc, [ids[0], ids[1], ids[2]], { x: 0, y: 0 }, alice);
		const order = (id: string) => (placement(doc, id) as { order: string }).order;
		const before = ids.slice(0, 3).map(order);
		moveNotesToGroup(doc, [ids[3]], g, alice, 1);
		expect(membersOf(doc, g)).toEqual([ids[0], ids[3], ids[1], ids[2]]);
		expect(ids.slice(0, 3).map(order)).toEqual(before);
		moveNotesToGroup(doc, [ids[2]], g, alice, 0);
		expect(membersOf(doc, g)).toEqual([ids[2], ids[0], ids[3], ids[1]]);
		removeNotesFromGroups(doc, [{ id: ids[3], x: 900, y: 900 }], alice);
		expect(membersOf(doc, g)).toEqual([ids[2], ids[0], ids[1]]);
		expect(placement(doc, ids[3])).toEqual({ x: 900, y: 900 });
	});

	it('removes a group when its last note leaves, in the same transaction', () => {
		const { doc, ids } = board(3);
		const g = createGroup(doc, [ids[0]], { x: 0, y: 0 }, alice);
		const g2 = createGroup(doc, [ids[1]], { x: 500, y: 0 }, alice);
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		moveNotesToGroup(doc, [ids[0]], g2, alice);
		expect(transactions).toBe(1);
		expect(roots(doc).groups.has(g)).toBe(false);
		removeNotesFromGroups(doc, [{ id: ids[0], x: 0, y: 0 }, { id: ids[1], x: 0, y: 200 }], alice);
		expect(groupIds(doc)).toEqual([]);
	});

	it('moves a group with its notes; the notes are laid out inside it', () => {
		const { doc, ids } = board(5);
		const g = createGroup(doc, ids, { x: 0, y: 0 }, alice);
		placeGroup(doc, g, 1000, 2000, alice);
		const s = snapshot(doc);
		const rects = new Map(s.notes);
		for (const id of ids) {
			expect(rects.get(id)!.x).toBeGreaterThanOrEqual(1000);
			expect(rects.get(id)!.y).toBeGreaterThanOrEqual(2000 + HEADER);
		}
		// 5 notes: a tidy 3-column grid, two rows.
		expect(new Set(ids.map((id) => rects.get(id)!.y)).size).toBe(2);
	});

	it('nests a group into a super-group, refuses loops, and un-nests by placing it', () => {
		const { doc, ids } = board(3);
		const g1 = createGroup(doc, [ids[0]], { x: 0, y: 0 }, alice);
		const g2 = createGroup(doc, [ids[1]], { x: 500, y: 0 }, alice);
		const g3 = createGroup(doc, [ids[2]], { x: 900, y: 0 }, alice);
		expect(nestGroup(doc, g1, g2, alice)).toBe(true);
		expect(nestGroup(doc, g2, g3, alice)).toBe(true);
		expect(nestGroup(doc, g3, g1, alice)).toBe(false);
		expect(childGroupsOf(doc, g2)).toEqual([g1]);
		const s = layoutOf(doc);
		const outer = s.groups.get(g3)!;
		const inner = s.groups.get(g1)!;
		expect(inner.x).toBeGreaterThan(outer.x);
		expect(inner.y + inner.h).toBeLessThanOrEqual(outer.y + outer.h);
		expect(s.depth.get(g1)).toBe(2);
		placeGroup(doc, g1, 5000, 0, alice);
		expect(childGroupsOf(doc, g2)).toEqual([]);
		expect(group(doc, g1).get('parentId')).toBeNull();
	});

	it('a super-group whose only nested group leaves, and that has no notes, disappears', () => {
		const { doc, ids } = board(2);
		const g1 = createGroup(doc, [ids[0]], { x: 0, y: 0 }, alice);
		const g2 = createGroup(doc, [ids[1]], { x: 500, y: 0 }, alice);
		nestGroup(doc, g1, g2, alice);
		moveNotesToGroup(doc, [ids[1]], g1, alice);
		expect(roots(doc).groups.has(g2)).toBe(true); // still holds g1
		placeGroup(doc, g1, 0, 0, alice);
		expect(roots(doc).groups.has(g2)).toBe(false);
	});

	it('merges two groups: notes appended, nested groups moved, name kept when the target has none', () => {
		const { doc, ids } = board(5);
		const a = createGroup(doc, [ids[0], ids[1]], { x: 0, y: 0, label: '' }, alice);
		const b = createGroup(doc, [ids[2], ids[3]], { x: 500, y: 0, label: 'Late delivery' }, alice);
		const c = createGroup(doc, [ids[4]], { x: 900, y: 0 }, alice);
		nestGroup(doc, c, b, alice);
		expect(mergeGroups(doc, b, a, alice)).toBe(true);
		expect(roots(doc).groups.has(b)).toBe(false);
		expect(membersOf(doc, a)).toEqual([ids[0], ids[1], ids[2], ids[3]]);
		expect(childGroupsOf(doc, a)).toEqual([c]);
		expect(labelText(group(doc, a))!.toString()).toBe('Late delivery');
	});

	it('splits a selection out of a group into a new group', () => {
		const { doc, ids } = board(4);
		const g = createGroup(doc, ids, { x: 0, y: 0 }, alice);
		const h = splitIntoNewGroup(doc, [ids[1], ids[3]], { x: 2000, y: 0, label: 'Billing' }, alice);
		expect(membersOf(doc, g)).toEqual([ids[0], ids[2]]);
		expect(membersOf(doc, h)).toEqual([ids[1], ids[3]]);
	});

	it('ungrouping leaves the notes where they were drawn', () => {
		const { doc, ids } = board(2);
		const g = createGroup(doc, ids, { x: 100, y: 100 }, alice);
		const drawn = new Map(snapshot(doc).notes);
		ungroup(doc, g, alice);
		for (const id of ids) {
			expect(placement(doc, id)).toEqual({ x: drawn.get(id)!.x, y: drawn.get(id)!.y });
			expect(groupOfNote(doc, id)).toBeNull();
		}
	});

	it('collapsing a group hides its notes from the layout', () => {
		const { doc, ids } = board(3);
		const g = createGroup(doc, ids, { x: 0, y: 0 }, alice);
		setGroupCollapsed(doc, g, true, alice);
		const s = snapshot(doc);
		expect(s.notes).toEqual([]);
		expect(s.groups).toEqual([[g, ids]]);
	});
});

describe('grouping by two people at once', () => {
	it('both drag a note into the same group at the same moment: one group, both notes, same order everywhere', () => {
		const { a, b, sync } = pair(4);
		const ids = [...roots(a).notes.keys()].sort();
		const g = createGroup(a, [ids[0]], { x: 0, y: 0 }, alice);
		sync();
		moveNotesToGroup(a, [ids[1]], g, alice);
		moveNotesToGroup(b, [ids[2]], g, bob);
		sync();
		expect(membersOf(a, g)).toEqual(membersOf(b, g));
		expect(new Set(membersOf(a, g))).toEqual(new Set([ids[0], ids[1], ids[2]]));
		expect(snapshot(a)).toEqual(snapshot(b));
	});

	it('both drop a note on the same loose note at the same moment: they end up in one group', () => {
		const { a, b, sync } = pair(3);
		const ids = [...roots(a).notes.keys()].sort();
		const ga = dropNotesOnNote(a, [ids[1]], ids[0], alice);
		const gb = dropNotesOnNote(b, [ids[2]], ids[0], bob);
		expect(ga).toBe(gb);
		sync();
		expect(groupIds(a)).toEqual([ga]);
		expect(membersOf(a, ga!)[0]).toBe(ids[0]);
		expect(new Set(membersOf(a, ga!))).toEqual(new Set(ids));
		expect(snapshot(a)).toEqual(snapshot(b));
	});

	it('one empties a group while the other adds to it: no note is lost', () => {
		const { a, b, sync } = pair(3);
		const ids = [...roots(a).notes.keys()].sort();
		const g = createGroup(a, [ids[0]], { x: 0, y: 0 }, alice);
		sync();
		removeNotesFromGroups(a, [{ id: ids[0], x: 0, y: 0 }], alice);
		moveNotesToGroup(b, [ids[1]], g, bob);
		sync();
		expect(snapshot(a)).toEqual(snapshot(b));
		// The group is gone; the note that joined it goes back to the unsorted area, still on the board.
		const layout = layoutOf(a);
		expect(layout.notes.has(ids[1])).toBe(true);
		expect(layout.unsorted).toContain(ids[1]);
	});

	it(`nests and merges no deeper than ${MAX_NESTING} levels below the top`, () => {
		const { doc, ids } = board(MAX_NESTING + 4);
		const chain = ids.slice(0, MAX_NESTING + 3).map((id, i) => createGroup(doc, [id], { x: i * 400, y: 0 }, alice));
		// chain[i] inside chain[i + 1]: chain[MAX_NESTING] is the top, chain[0] MAX_NESTING levels below it.
		for (let i = 0; i < MAX_NESTING; i++) expect(nestGroup(doc, chain[i], chain[i + 1], alice)).toBe(true);
		expect(layoutOf(doc).depth.get(chain[0])).toBe(MAX_NESTING);
		expect(nestGroup(doc, chain[MAX_NESTING], chain[MAX_NESTING + 1], alice)).toBe(false);
		expect(nestGroup(doc, chain[MAX_NESTING + 2], chain[0], alice)).toBe(false);
		expect(nestGroup(doc, chain[MAX_NESTING + 2], chain[1], alice)).toBe(true);
		// Merging a group that holds another into the deepest one would put that one a level too deep.
		expect(mergeGroups(doc, chain[MAX_NESTING + 1], chain[0], alice)).toBe(true);
		expect(nestGroup(doc, chain[MAX_NESTING + 2], chain[3], alice)).toBe(true);
		const holder = createGroup(doc, [ids[MAX_NESTING + 3]], { x: 9000, y: 0 }, alice);
		expect(nestGroup(doc, chain[MAX_NESTING + 2], holder, alice)).toBe(true);
		expect(mergeGroups(doc, holder, chain[0], alice)).toBe(false);
		expect(mergeGroups(doc, holder, chain[1], alice)).toBe(true);
		expect(Math.max(...layoutOf(doc).depth.values())).toBeLessThanOrEqual(MAX_NESTING);
	});

	it('two people nesting crosswise still converge to one tree without a loop', () => {
		const { a, b, sync } = pair(2);
		const ids = [...roots(a).notes.keys()].sort();
		const g1 = createGroup(a, [ids[0]], { x: 0, y: 0 }, alice);
		const g2 = createGroup(a, [ids[1]], { x: 600, y: 0 }, alice);
		sync();
		nestGroup(a, g1, g2, alice);
		nestGroup(b, g2, g1, bob);
		sync();
		const s = snapshot(a);
		expect(s).toEqual(snapshot(b));
		expect(s.notes.length).toBe(2);
	});

	it('two people typing a group name at once both keep their text', () => {
		const { a, b, sync } = pair(1);
		const ids = [...roots(a).notes.keys()];
		const g = createGroup(a, ids, { x: 0, y: 0, label: 'Delivery' }, alice);
		sync();
		renameGroup(a, g, 'Late Delivery', alice);
		renameGroup(b, g, 'Delivery problems', bob);
		sync();
		const la = labelText(group(a, g))!.toString();
		expect(la).toBe(labelText(group(b, g))!.toString());
		expect(la).toBe('Late Delivery problems');
	});
});
