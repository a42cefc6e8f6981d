import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNotes, deleteNotes, makeNote, moveNotes, readPlacement } from './note';
import {
	createGroup,
	layoutOfDoc,
	membersOf,
	mergeGroups,
	moveNotesToGroup,
	nestGroup,
	placeGroup,
	removeNotesFromGroups,
	setGroupCollapsed,
	splitIntoNewGroup,
	stackNotes,
	tidyBoard,
	unsortNotes,
	unstackNotes
} from './grouping';
import { columnsFor, groupSize, HEADER, intersects, layoutBoard, MAX_GROUP_COLUMNS, MAX_NESTING, NOTE_H, NOTE_W, occupancyOf, type BoardLayout, type Rect } from './layout';
import { makeGroup } from './group';
import { roots } from './schema';
import { userOrigin } from './origin';

const alice = userOrigin('alice');

/** Ids of the group and every group around it. */
function ancestors(layout: BoardLayout, groupId: string): Set<string> {
	const parent = new Map<string, string>();
	for (const [p, kids] of layout.children) for (const k of kids) parent.set(k, p);
	const out = new Set<string>();
	let cur: string | undefined = groupId;
	while (cur && !out.has(cur)) {
		out.add(cur);
		cur = parent.get(cur);
	}
	return out;
}

/**
 * Every way two drawn things can cover each other: two visible notes; a note and a group it is
 * not in; two groups neither of which holds the other; the unsorted area and anything outside
 * it; and any group header covered by a note or a group drawn over it.
 */
function overlaps(layout: BoardLayout): string[] {
	const problems: string[] = [];
	const noteGroup = new Map<string, string>();
	for (const [g, ids] of layout.members) for (const id of ids) noteGroup.set(id, g);
	const notes = [...layout.notes];
	const groups = [...layout.groups];
	const inside = new Map(groups.map(([id]) => [id, ancestors(layout, id)]));
	for (let i = 0; i < notes.length; i++)
		for (let j = i + 1; j < notes.length; j++)
			if (intersects(notes[i][1], notes[j][1])) problems.push(`notes ${notes[i][0]} and ${notes[j][0]}`);
	for (const [nid, r] of notes) {
		const g = noteGroup.get(nid);
		const around = g ? inside.get(g) : undefined;
		for (const [gid, gr] of groups) if (!around?.has(gid) && intersects(r, gr)) problems.push(`note ${nid} and group ${gid}`);
		if (layout.tray && !layout.unsorted.includes(nid) && intersects(r, layout.tray)) problems.push(`note ${nid} and the unsorted area`);
	}
	for (let i = 0; i < groups.length; i++) {
		const [a, ra] = groups[i];
		if (layout.tray && intersects(ra, layout.tray)) problems.push(`group ${a} and the unsorted area`);
		for (let j = i + 1; j < groups.length; j++) {
			const [b, rb] = groups[j];
			if (inside.get(a)!.has(b) || inside.get(b)!.has(a)) continue;
			if (intersects(ra, rb)) problems.push(`groups ${a} and ${b}`);
		}
		// Nothing but the groups around it is drawn over a header.
		const header: Rect = { x: ra.x, y: ra.y, w: ra.w, h: HEADER };
		for (const [nid, r] of notes) if (intersects(r, header)) problems.push(`note ${nid} over the header of ${a}`);
		for (const [b, rb] of groups) if (b !== a && !inside.get(a)!.has(b) && intersects(rb, header)) problems.push(`group ${b} over the header of ${a}`);
	}
	return problems;
}

type Op =
	| { kind: 'import'; count: number; loose: boolean; x: number; y: number }
	| { kind: 'create'; pick: number[]; x: number; y: number }
	| { kind: 'move'; pick: number[]; group: number }
	| { kind: 'merge'; a: number; b: number }
	| { kind: 'split'; group: number; take: number; x: number; y: number }
	| { kind: 'collapse'; group: number }
	| { kind: 'placeGroup'; group: number; x: number; y: number }
	| { kind: 'nest'; a: number; b: number }
	| { kind: 'drop'; pick: number[]; x: number; y: number }
	| { kind: 'takeOut'; pick: number[]; x: number; y: number }
	| { kind: 'unsort'; pick: number[] }
	| { kind: 'trash'; pick: number[] }
	| { kind: 'stack'; keeper: number; pick: number[] }
	| { kind: 'unstack'; keeper: number }
	| { kind: 'tidy' };

const coord = fc.integer({ min: -3000, max: 3000 });
const picks = fc.array(fc.nat(200), { minLength: 1, maxLength: 8 });
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ kind: fc.constant('import' as const), count: fc.integer({ min: 1, max: 25 }), loose: fc.boolean(), x: coord, y: coord }),
	fc.record({ kind: fc.constant('create' as const), pick: picks, x: coord, y: coord }),
	fc.record({ kind: fc.constant('move' as const), pick: picks, group: fc.nat(50) }),
	fc.record({ kind: fc.constant('merge' as const), a: fc.nat(50), b: fc.nat(50) }),
	fc.record({ kind: fc.constant('split' as const), group: fc.nat(50), take: fc.integer({ min: 1, max: 5 }), x: coord, y: coord }),
	fc.record({ kind: fc.constant('collapse' as const), group: fc.nat(50) }),
	fc.record({ kind: fc.constant('placeGroup' as const), group: fc.nat(50), x: coord, y: coord }),
	fc.record({ kind: fc.constant('nest' as const), a: fc.nat(50), b: fc.nat(50) }),
	fc.record({ kind: fc.constant('drop' as const), pick: picks, x: coord, y: coord }),
	fc.record({ kind: fc.constant('takeOut' as const), pick: picks, x: coord, y: coord }),
	fc.record({ kind: fc.constant('unsort' as const), pick: picks }),
	fc.record({ kind: fc.constant('trash' as const), pick: picks }),
	fc.record({ kind: fc.constant('stack' as const), keeper: fc.nat(200), pick: picks }),
	fc.record({ kind: fc.constant('unstack' as const), keeper: fc.nat(200) }),
	fc.record({ kind: fc.constant('tidy' as const) })
);

function apply(doc: Y.Doc, o: Op, serial: { n: number }) {
	const noteIds = [...roots(doc).notes.keys()].sort();
	const groupIds = [...roots(doc).groups.keys()].sort();
	const notesOf = (pick: number[]) => (noteIds.length ? [...new Set(pick.map((i) => noteIds[i % noteIds.length]))] : []);
	const groupAt = (i: number) => (groupIds.length ? groupIds[i % groupIds.length] : null);
	switch (o.kind) {
		case 'import': {
			// Customer comments (with a source) go to the trash when deleted.
			const notes = Array.from({ length: o.count }, (_, i) =>
				makeNote({
					id: `note_p${serial.n++}`,
					text: `comment ${i}`,
					source: { importId: 'imp_prop', row: serial.n },
					createdAt: serial.n,
					...(o.loose ? { x: o.x + i * 37, y: o.y + i * 11 } : {})
				})
			);
			addNotes(doc, notes, { kind: 'import' });
			break;
		}
		case 'create': {
			const ids = notesOf(o.pick);
			if (ids.length) createGroup(doc, ids, { x: o.x, y: o.y }, alice);
			break;
		}
		case 'move': {
			const g = groupAt(o.group);
			if (g) moveNotesToGroup(doc, notesOf(o.pick), g, alice);
			break;
		}
		case 'merge': {
			const a = groupAt(o.a);
			const b = groupAt(o.b);
			if (a && b) mergeGroups(doc, a, b, alice);
			break;
		}
		case 'split': {
			const g = groupAt(o.group);
			const ids = g ? membersOf(doc, g).slice(0, o.take) : [];
			if (ids.length) splitIntoNewGroup(doc, ids, { x: o.x, y: o.y }, alice);
			break;
		}
		case 'collapse': {
			const g = groupAt(o.group);
			if (g) setGroupCollapsed(doc, g, (roots(doc).groups.get(g) as Y.Map<unknown> | undefined)?.get('collapsed') !== true, alice);
			break;
		}
		case 'placeGroup': {
			const g = groupAt(o.group);
			if (g) placeGroup(doc, g, o.x, o.y, alice);
			break;
		}
		case 'nest': {
			const a = groupAt(o.a);
			const b = groupAt(o.b);
			if (a && b && a !== b) nestGroup(doc, a, b, alice);
			break;
		}
		case 'drop':
			moveNotes(doc, notesOf(o.pick).map((id, i) => ({ id, x: o.x + i * 50, y: o.y })), alice);
			break;
		case 'takeOut':
			removeNotesFromGroups(doc, notesOf(o.pick).map((id, i) => ({ id, x: o.x + i * 50, y: o.y + i * 20 })), alice);
			break;
		case 'unsort':
			unsortNotes(doc, notesOf(o.pick), alice);
			break;
		case 'trash':
			deleteNotes(doc, notesOf(o.pick), alice);
			break;
		case 'stack': {
			const keeper = noteIds.length ? noteIds[o.keeper % noteIds.length] : null;
			if (keeper) stackNotes(doc, keeper, notesOf(o.pick), alice);
			break;
		}
		case 'unstack': {
			const keeper = noteIds.length ? noteIds[o.keeper % noteIds.length] : null;
			if (keeper) unstackNotes(doc, keeper, alice);
			break;
		}
		case 'tidy':
			tidyBoard(doc, alice);
			break;
	}
}

describe('layout: nothing overlaps, by construction', () => {
	it('after any sequence of create, move, merge, split, collapse, nest, drop, import, trash, stack and tidy up, no two drawn items overlap and every header is free', () => {
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
				const doc = new Y.Doc();
				const serial = { n: 0 };
				apply(doc, { kind: 'import', count: 12, loose: false, x: 0, y: 0 }, serial);
				for (const o of ops) {
					apply(doc, o, serial);
					const problems = overlaps(layoutOfDoc(doc));
					if (problems.length) throw new Error(`after ${o.kind}: ${problems.slice(0, 3).join('; ')}`);
				}
			}),
			{ numRuns: 150, seed: 20261130 }
		);
	});

	it('every client draws the same board from the same document', () => {
		fc.assert(
			fc.property(fc.array(op, { minLength: 1, maxLength: 20 }), (ops) => {
				const doc = new Y.Doc();
				const serial = { n: 0 };
				for (const o of ops) apply(doc, o, serial);
				const copy = new Y.Doc();
				Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
				const a = layoutOfDoc(doc);
				const b = layoutOfDoc(copy);
				expect([...b.notes].sort()).toEqual([...a.notes].sort());
				expect([...b.groups].sort()).toEqual([...a.groups].sort());
			}),
			{ numRuns: 40, seed: 7 }
		);
	});

	it('a group that grows pushes the loose note beside it away instead of covering it (five-note board)', () => {
		const doc = new Y.Doc();
		const texts = ['Phone queue too long', 'Driver was late', 'Food was cold', 'App crashed at checkout', 'Refund took weeks'];
		const notes = texts.map((text, i) => makeNote({ id: `note_f${i}`, text, x: 40 + (i % 3) * (NOTE_W + 24), y: 40 + Math.floor(i / 3) * (NOTE_H + 24) }));
		addNotes(doc, notes, { kind: 'import' });
		const g = createGroup(doc, ['note_f0', 'note_f1'], { x: 40 - 14, y: 40 - HEADER }, alice);
		const layout = layoutOfDoc(doc);
		expect(overlaps(layout)).toEqual([]);
		for (const n of notes) expect(layout.notes.has(n.id)).toBe(true);
		expect(layout.members.get(g)).toEqual(['note_f0', 'note_f1']);
		// The group stays where it was made; the note it grew over is drawn beside it.
		expect(layout.groups.get(g)!.x).toBe(40 - 14);
		expect(layout.displaced).toBeGreaterThan(0);
	});

	it('groups made one after another at the same spot are all drawn, apart', () => {
		const doc = new Y.Doc();
		addNotes(doc, Array.from({ length: 30 }, (_, i) => makeNote({ id: `note_s${i}`, text: `n${i}`, createdAt: i })), { kind: 'import' });
		const made = [0, 1, 2].map((k) => createGroup(doc, [`note_s${k * 3}`, `note_s${k * 3 + 1}`, `note_s${k * 3 + 2}`], { x: 0, y: 0 }, alice));
		const layout = layoutOfDoc(doc);
		expect(overlaps(layout)).toEqual([]);
		for (const g of made) expect(layout.groups.has(g)).toBe(true);
	});

	it('unsorted notes keep their places while people cluster; a row closes up only when it empties', () => {
		const doc = new Y.Doc();
		addNotes(doc, Array.from({ length: 40 }, (_, i) => makeNote({ id: `note_u${String(i).padStart(2, '0')}`, text: `n${i}`, createdAt: i })), { kind: 'import' });
		const before = layoutOfDoc(doc);
		expect(before.unsorted).toHaveLength(40);
		// Hand clustering: a pair here, a note into that group there, a loose note dragged off.
		const g = createGroup(doc, ['note_u03', 'note_u17'], { x: 0, y: 0 }, alice);
		moveNotesToGroup(doc, ['note_u25'], g, alice);
		moveNotes(doc, [{ id: 'note_u31', x: 9000, y: 9000 }], alice);
		const after = layoutOfDoc(doc);
		expect(overlaps(after)).toEqual([]);
		for (const id of after.unsorted) expect(after.notes.get(id)).toEqual(before.notes.get(id));
		expect(after.unsorted).toHaveLength(36);
		// Taking a whole row (12 columns at 40 notes) closes it up; the rows below move up one row.
		moveNotesToGroup(doc, Array.from({ length: 12 }, (_, i) => `note_u${String(i).padStart(2, '0')}`).filter((id) => id !== 'note_u03'), g, alice);
		const closed = layoutOfDoc(doc);
		expect(closed.notes.get('note_u12')!.y).toBe(before.notes.get('note_u00')!.y);
		expect(closed.notes.get('note_u12')!.x).toBe(before.notes.get('note_u12')!.x);
		expect(overlaps(closed)).toEqual([]);
	});

	it('the free spot for something new is the wished spot when free, else the nearest spot that covers nothing', () => {
		const doc = new Y.Doc();
		addNotes(doc, [makeNote({ id: 'note_a', text: 'a', x: 0, y: 0 })], { kind: 'import' });
		const occ = occupancyOf(layoutOfDoc(doc));
		expect(occ.freeSpot({ x: 1000, y: 1000 }, NOTE_W, NOTE_H, 12)).toEqual({ x: 1000, y: 1000 });
		const size = groupSize(3);
		const spot = occ.freeSpot({ x: 10, y: 10 }, size.w, size.h, 24);
		expect(intersects({ ...spot, ...size }, { x: -24, y: -24, w: NOTE_W + 48, h: NOTE_H + 48 })).toBe(false);
		// Nearest: pushed just past the note on one side, not far away.
		expect(Math.hypot(spot.x - 10, spot.y - 10)).toBeLessThan(size.w + NOTE_W + 48);
	});

	it('the unsorted area keeps its columns while notes are sorted out of it', () => {
		const doc = new Y.Doc();
		addNotes(doc, Array.from({ length: 60 }, (_, i) => makeNote({ id: `note_u${String(i).padStart(2, '0')}`, text: `n${i}`, createdAt: i })), { kind: 'import' });
		const columns = (l: BoardLayout) => new Set(l.unsorted.map((id) => l.notes.get(id)!.x)).size;
		const before = layoutOfDoc(doc);
		const cols = columns(before);
		expect(cols).toBeGreaterThan(1);
		for (let k = 1; k <= 5; k++) {
			createGroup(doc, Array.from({ length: 10 }, (_, i) => `note_u${String(60 - k * 10 + i).padStart(2, '0')}`), { x: 4000, y: k * 2000 }, alice);
			const after = layoutOfDoc(doc);
			expect(after.unsorted).toHaveLength(60 - k * 10);
			expect(columns(after)).toBe(Math.min(cols, 60 - k * 10));
			// The notes left keep their places: only later rows empty out.
			for (const id of after.unsorted) expect(after.notes.get(id)).toEqual(before.notes.get(id));
		}
	});

	it('trashing or stacking a note leaves a hole: no other unsorted note moves until Tidy up', () => {
		const doc = new Y.Doc();
		const source = (row: number) => ({ importId: 'imp_t', row });
		addNotes(doc, Array.from({ length: 40 }, (_, i) => makeNote({ id: `note_h${String(i).padStart(2, '0')}`, text: `n${i}`, source: source(i), createdAt: i })), { kind: 'import' });
		const before = layoutOfDoc(doc);
		deleteNotes(doc, ['note_h02', 'note_h05'], alice);
		stackNotes(doc, 'note_h00', ['note_h07', 'note_h30'], alice);
		const after = layoutOfDoc(doc);
		expect(after.unsorted).toHaveLength(36);
		for (const id of after.unsorted) expect(after.notes.get(id)).toEqual(before.notes.get(id));
		expect(after.stackCount.get('note_h00')).toBe(3);
	});

	it('"Tidy up" closes the holes of the unsorted area, keeps its order, and new notes follow', () => {
		const doc = new Y.Doc();
		const id = (i: number) => `note_c${String(i).padStart(2, '0')}`;
		addNotes(doc, Array.from({ length: 40 }, (_, i) => makeNote({ id: id(i), text: `n${i}`, source: { importId: 'imp_c', row: i }, createdAt: i })), { kind: 'import' });
		const fresh = layoutOfDoc(doc);
		createGroup(doc, [id(1), id(4), id(13)], { x: 6000, y: 0 }, alice);
		deleteNotes(doc, [id(2)], alice);
		stackNotes(doc, id(0), [id(3)], alice);
		const holey = layoutOfDoc(doc);
		const undo = new Y.UndoManager([roots(doc).place, roots(doc).groups], { trackedOrigins: new Set([alice]) });
		undo.stopCapturing();
		tidyBoard(doc, alice);
		const tidy = layoutOfDoc(doc);
		expect(overlaps(tidy)).toEqual([]);
		// Same notes in the same order, now in the first slots: each at the place the note of its
		// rank had on the fresh board.
		expect(tidy.unsorted).toEqual(holey.unsorted);
		tidy.unsorted.forEach((n, i) => expect(tidy.notes.get(n)).toEqual(fresh.notes.get(id(i))));
		// Holes stay stable after tidying too, and a note that comes back follows the tidied ones.
		createGroup(doc, [id(20)], { x: 6000, y: 3000 }, alice);
		unsortNotes(doc, [id(1)], alice);
		const later = layoutOfDoc(doc);
		for (const n of later.unsorted) if (n !== id(1)) expect(later.notes.get(n)).toEqual(tidy.notes.get(n));
		expect(later.unsorted.at(-1)).toBe(id(1));
		expect(overlaps(later)).toEqual([]);
		// One step to undo: the slots go with it.
		undo.undo();
		undo.undo();
		undo.undo();
		expect([...layoutOfDoc(doc).notes].sort()).toEqual([...holey.notes].sort());
		expect(holey.unsorted.every((n) => !readPlacement(roots(doc).place.get(n)))).toBe(true);
	});

	it('"Tidy up" is one step to undo', () => {
		const doc = new Y.Doc();
		addNotes(doc, Array.from({ length: 12 }, (_, i) => makeNote({ id: `note_t${i}`, text: `n${i}`, x: i * 7, y: i * 5 })), { kind: 'import' });
		createGroup(doc, ['note_t0', 'note_t1'], { x: 5000, y: -4000 }, alice);
		createGroup(doc, ['note_t2'], { x: -7000, y: 9000 }, alice);
		const before = layoutOfDoc(doc);
		const undo = new Y.UndoManager([roots(doc).place, roots(doc).groups], { trackedOrigins: new Set([alice]) });
		tidyBoard(doc, alice);
		const after = layoutOfDoc(doc);
		expect(overlaps(after)).toEqual([]);
		expect(after.displaced).toBe(0);
		undo.undo();
		expect([...layoutOfDoc(doc).groups].sort()).toEqual([...before.groups].sort());
		expect([...layoutOfDoc(doc).notes].sort()).toEqual([...before.notes].sort());
	});

	it('a big group grows in both directions: its frame stays near 3:2 landscape, its notes in reading order', () => {
		for (const n of [37, 120, 441, 1000, 2000]) {
			const { w, h } = groupSize(n);
			expect(w / h, `${n} notes: ${w} × ${h}`).toBeGreaterThan(1.1);
			expect(w / h, `${n} notes: ${w} × ${h}`).toBeLessThan(2);
		}
		// A 1,000-note group was a strip 6 notes wide and 23,000 units tall.
		expect(groupSize(1000).h).toBeLessThan(5000);
		const doc = new Y.Doc();
		const ids = Array.from({ length: 1000 }, (_, i) => `note_b${String(i).padStart(4, '0')}`);
		addNotes(doc, ids.map((id, i) => makeNote({ id, text: `n${i}`, createdAt: i })), { kind: 'import' });
		const g = createGroup(doc, ids.slice(0, 1000), { x: 0, y: 0 }, alice);
		const layout = layoutOfDoc(doc);
		expect(overlaps(layout)).toEqual([]);
		const members = layout.members.get(g)!;
		const reading = [...members].sort((a, b) => layout.notes.get(a)!.y - layout.notes.get(b)!.y || layout.notes.get(a)!.x - layout.notes.get(b)!.x);
		expect(reading).toEqual(members);
		expect(layout.groups.get(g)).toMatchObject(groupSize(1000));
	});

	it('a group only ever gains columns as it fills, up to the maximum', () => {
		let before = columnsFor(0);
		for (let n = 1; n <= 20000; n++) {
			const cols = columnsFor(n);
			if (cols < before || cols > MAX_GROUP_COLUMNS) throw new Error(`${n} notes: ${cols} columns after ${before}`);
			before = cols;
		}
		expect(columnsFor(20000)).toBe(MAX_GROUP_COLUMNS);
		// Small groups keep their near-square grid.
		expect([1, 2, 4, 5, 9, 10, 36].map(columnsFor)).toEqual([1, 2, 2, 3, 3, 4, 6]);
	});

	it('big groups made, grown, merged and collapsed anywhere never overlap each other or the unsorted area', () => {
		const bigOp = fc.record({ start: fc.nat(1200), take: fc.integer({ min: 1, max: 500 }), x: coord, y: coord, merge: fc.boolean(), collapse: fc.boolean() });
		fc.assert(
			fc.property(fc.array(bigOp, { minLength: 1, maxLength: 5 }), (ops) => {
				const doc = new Y.Doc();
				const ids = Array.from({ length: 1500 }, (_, i) => `note_g${String(i).padStart(4, '0')}`);
				addNotes(doc, ids.map((id, i) => makeNote({ id, text: `n${i}`, createdAt: i })), { kind: 'import' });
				const made: string[] = [];
				for (const o of ops) {
					const g = createGroup(doc, ids.slice(o.start, o.start + o.take), { x: o.x, y: o.y }, alice);
					if (o.merge && made.length && roots(doc).groups.has(made[made.length - 1]) && roots(doc).groups.has(g)) mergeGroups(doc, g, made[made.length - 1], alice);
					else made.push(g);
					if (o.collapse && roots(doc).groups.has(g)) setGroupCollapsed(doc, g, true, alice);
					const problems = overlaps(layoutOfDoc(doc));
					if (problems.length) throw new Error(problems.slice(0, 3).join('; '));
				}
			}),
			{ numRuns: 25, seed: 20261201 }
		);
	});
	it(`draws a chain of thousands of nested groups at once, no group more than ${MAX_NESTING} levels deep, and cuts loops the same way`, () => {
		// A hand-made client can store such a chain; it cost every tab seconds per change, then overflowed the stack.
		const n = 5000;
		const chain = Array.from({ length: n }, (_, i) => makeGroup({ id: `grp_${String(i).padStart(4, '0')}`, parentId: i ? `grp_${String(i - 1).padStart(4, '0')}` : null }));
		const started = performance.now();
		const layout = layoutBoard([], chain);
		expect(performance.now() - started).toBeLessThan(2000);
		expect(layout.groups.size).toBe(n);
		expect(Math.max(...layout.depth.values())).toBe(MAX_NESTING);
		// The chain is cut every MAX_NESTING + 1 levels, from its top down.
		expect(layout.topGroups).toHaveLength(Math.ceil(n / (MAX_NESTING + 1)));
		expect(layout.depth.get('grp_0011')).toBe(0);
		expect(layout.depth.get('grp_0012')).toBe(1);
		// The same chain closed into a loop: cut at its smallest id, whatever order it is read in.
		const loop = chain.map((g, i) => (i === 0 ? { ...g, parentId: chain[n - 1].id } : g));
		const a = layoutBoard([], loop);
		const b = layoutBoard([], [...loop].reverse());
		expect(a.topGroups).toContain('grp_0000');
		expect(a.depth.size).toBe(n);
		expect([...a.depth].sort()).toEqual([...b.depth].sort());
	});
});
