import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNotes,
	deleteNotes,
	initBoard,
	linesToNoteTexts,
	makeNote,
	migrateBoard,
	readGroups,
	readNote,
	readNotes,
	repairNote,
	roots,
	SCHEMA_VERSION,
	schemaVersionOf,
	importFieldsKey,
	type Note
} from './index';
import { stackNotes } from './grouping';

/** A board as version 1 stored it: one Y.Map per note, controls and votes in the same document. */
function versionOneBoard(): Y.Doc {
	const doc = new Y.Doc();
	doc.transact(() => {
		const meta = doc.getMap('meta');
		meta.set('title', 'Q3 survey');
		meta.set('schemaVersion', 1);
		meta.set('phase', 'vote');
		meta.set('locked', true);
		meta.set('votesPerPerson', 3);
		const group = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ x: 40, y: 60, w: 300, h: 200, parentId: null, order: 'a0', color: '#bfdbfe', department: 'dept_1', owner: null, priority: 'high', due: '2026-12-01', status: null, collapsed: false })) group.set(k, v);
		group.set('label', new Y.Text('Late delivery'));
		doc.getMap('groups').set('grp_1', group);
		const note = (fields: Record<string, unknown>) => {
			const m = new Y.Map<unknown>();
			for (const [k, v] of Object.entries(fields)) m.set(k, v);
			return m;
		};
		const notes = doc.getMap('notes');
		notes.set('note_a', note({ text: 'Parcel late', source: { row: 0, importId: 'imp_1' }, fields: { rating: 1 }, x: 0, y: 0, groupId: 'grp_1', order: 'a0', createdBy: 'import', createdAt: 5, stackCount: 2, stacked: [{ id: 'note_dup', text: 'Parcel late!', source: { row: 3, importId: 'imp_1' }, fields: { rating: 2 }, createdBy: 'import', createdAt: 6 }] }));
		notes.set('note_b', note({ text: 'Loose one', source: null, fields: {}, x: 700, y: 90, groupId: null, order: 'a0', createdBy: 'user_x', createdAt: 7 }));
		notes.set('note_bad', 'not a note');
		const ballot = new Y.Map<number>();
		ballot.set('user_x', 2);
		doc.getMap('votes').set('grp_1', ballot);
		doc.getMap('imports').set('imp_1', { fileName: 'survey.csv', rows: 4 });
	});
	return doc;
}

describe('board document', () => {
	it('creates a board with the current schema version and nothing else', () => {
		const doc = new Y.Doc();
		initBoard(doc);
		expect(roots(doc).meta.toJSON()).toEqual({ schemaVersion: SCHEMA_VERSION });
	});

	it('stores a note as one content value and one placement value', () => {
		const doc = new Y.Doc();
		const note = makeNote({ text: 'Delivery was late', fields: { region: 'North', rating: 2 }, x: 10, y: 20, createdBy: 'user_a', createdAt: 1 });
		addNotes(doc, [note], { kind: 'user', userId: 'user_a' });
		expect(roots(doc).notes.get(note.id)).toEqual(['Delivery was late', 'user_a', 1, { region: 'North', rating: 2 }]);
		expect(roots(doc).place.get(note.id)).toEqual({ x: 10, y: 20 });
		expect(readNote(doc, note.id)).toEqual(note);
	});

	it("stores an imported note's field keys once per import, in meta, and its values in their order", () => {
		const doc = new Y.Doc();
		const source = (row: number) => ({ importId: 'imp_1', row });
		const first = makeNote({ text: 'Parcel late', source: source(0), fields: { region: 'North', rating: 2 }, createdBy: 'import', createdAt: 1 });
		const second = makeNote({ text: 'Too small', source: source(1), fields: { rating: 4 }, createdBy: 'import', createdAt: 1 });
		addNotes(doc, [first, second], { kind: 'import' });
		// A later part of the same import brings a key the first part did not have.
		const third = makeNote({ text: 'Lovely', source: source(2), fields: { product: 'Dress', region: 'South' }, createdBy: 'import', createdAt: 1 });
		addNotes(doc, [third], { kind: 'import' });
		expect(roots(doc).meta.get(importFieldsKey('imp_1'))).toEqual(['region', 'rating', 'product']);
		expect(roots(doc).notes.get(second.id)).toEqual(['Too small', 'import', 1, 'imp_1', 1, null, 4]);
		expect(roots(doc).notes.get(third.id)).toEqual(['Lovely', 'import', 1, 'imp_1', 2, 'South', null, 'Dress']);
		for (const n of [first, second, third]) expect(readNote(doc, n.id)).toEqual(n);
	});

	it('leaves an unsorted note without a placement', () => {
		const doc = new Y.Doc();
		const note = makeNote({ text: 'unsorted' });
		addNotes(doc, [note], { kind: 'import' });
		expect(roots(doc).place.has(note.id)).toBe(false);
		expect(readNote(doc, note.id)?.pos).toBeNull();
	});

	it('skips damaged records instead of failing', () => {
		const doc = new Y.Doc();
		addNotes(doc, [makeNote({ id: 'note_ok', text: 'fine' })], { kind: 'import' });
		roots(doc).notes.set('note_x', 'x');
		roots(doc).notes.set('note_y', { text: 5 });
		roots(doc).place.set('note_ok', { groupId: 'grp_missing', order: 7 });
		roots(doc).groups.set('grp_x', 'not a group');
		const { notes, skipped } = readNotes(doc);
		expect(notes.map((n) => n.id)).toEqual(['note_ok']);
		expect(notes[0].groupId).toBeNull();
		expect(skipped.sort()).toEqual(['note_x', 'note_y']);
		expect(readGroups(doc).skipped).toEqual(['grp_x']);
	});

	it('counts a stacked duplicate in its keeper group, and resolves stacks onto missing notes', () => {
		const doc = new Y.Doc();
		addNotes(
			doc,
			[makeNote({ id: 'note_k', text: 'keeper', groupId: 'grp_1', order: 'a0', createdAt: 1 }), makeNote({ id: 'note_d', text: 'dup', createdAt: 2 }), makeNote({ id: 'note_o', text: 'orphan', stackedOn: 'note_gone', createdAt: 3 })],
			{ kind: 'import' }
		);
		doc.getMap('groups').set('grp_1', new Y.Map());
		stackNotes(doc, 'note_k', ['note_d'], { kind: 'user' });
		const byId = new Map(readNotes(doc).notes.map((n) => [n.id, n]));
		expect(byId.get('note_d')).toMatchObject({ stackedOn: 'note_k', groupId: 'grp_1' });
		expect(byId.get('note_o')).toMatchObject({ stackedOn: null, groupId: null });
	});

	it('resolves chains and loops of stacks a hand-made client writes, in time linear in the notes', () => {
		const doc = new Y.Doc();
		const { notes, place } = roots(doc);
		const id = (i: number) => `note_${String(i).padStart(6, '0')}`;
		// Each note stacked on the next, read from the first: a walk per note took 5 s for 5,000 notes and 20 s for these.
		const chain = 10_000;
		doc.transact(() => {
			for (let i = 0; i < chain; i++) {
				notes.set(id(i), [`n${i}`, 'user_a', i]);
				if (i < chain - 1) place.set(id(i), { stackedOn: id(i + 1) });
			}
			place.set(id(chain - 1), { groupId: 'grp_1', order: 'a0' });
			doc.getMap('groups').set('grp_1', new Y.Map());
			// A loop of three, and a note stacked onto that loop.
			for (const [from, to] of [['note_loopa', 'note_loopb'], ['note_loopb', 'note_loopc'], ['note_loopc', 'note_loopa'], ['note_intoloop', 'note_loopa']]) {
				notes.set(from, [from, 'user_a', 1]);
				place.set(from, { stackedOn: to });
			}
		});
		const started = performance.now();
		const byId = new Map(readNotes(doc).notes.map((n) => [n.id, n]));
		expect(performance.now() - started).toBeLessThan(1_000);
		expect(byId.get(id(0))).toMatchObject({ stackedOn: id(chain - 1), groupId: 'grp_1' });
		expect(byId.get(id(chain - 2))).toMatchObject({ stackedOn: id(chain - 1), groupId: 'grp_1' });
		expect(byId.get(id(chain - 1))).toMatchObject({ stackedOn: null, groupId: 'grp_1' });
		for (const loop of ['note_loopa', 'note_loopb', 'note_loopc', 'note_intoloop']) expect(byId.get(loop)).toMatchObject({ stackedOn: null, groupId: null });
	});

	it('moves customer comments to the trash and removes hand-written notes, with their stacks', () => {
		const doc = new Y.Doc();
		addNotes(
			doc,
			[
				makeNote({ id: 'note_c', text: 'comment', source: { importId: 'imp_1', row: 0 } }),
				makeNote({ id: 'note_d', text: 'dup', source: { importId: 'imp_1', row: 1 }, stackedOn: 'note_c' }),
				makeNote({ id: 'note_h', text: 'hand-written' })
			],
			{ kind: 'import' }
		);
		deleteNotes(doc, ['note_c', 'note_h'], { kind: 'user' });
		const { notes, trashed } = readNotes(doc);
		expect(notes).toEqual([]);
		expect(trashed.map((n) => n.id).sort()).toEqual(['note_c', 'note_d']);
		expect(roots(doc).notes.has('note_h')).toBe(false);
	});

	it('splits pasted lines into notes and drops blank ones', () => {
		expect(linesToNoteTexts('one\r\n\n  two \u00a0\rthree')).toEqual(['one', 'two', 'three']);
	});

	it('repairs a damaged note from a file instead of dropping it', () => {
		const { note, problems } = repairNote({ id: 'bad id', text: 'Kept', x: 'NaN', fields: { a: 1, b: {} }, source: { row: -1 } });
		expect(note?.text).toBe('Kept');
		expect(note?.id).toMatch(/^note_/);
		expect(note?.pos).toBeNull();
		expect(note?.fields).toEqual({ a: 1, b: '{}' });
		expect(problems.length).toBeGreaterThan(0);
		expect(repairNote({ x: 1 }).note).toBeNull();
	});

	it('migrates a version-1 board: notes, stacks, groups, and what leaves the document', () => {
		const old = versionOneBoard();
		const m = migrateBoard(old);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, m.update);
		expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION);
		expect([...doc.share.keys()].sort()).toEqual(['groups', 'meta', 'notes', 'place']);
		const notes = new Map(readNotes(doc).notes.map((n) => [n.id, n]));
		expect(notes.get('note_a')).toMatchObject({ text: 'Parcel late', groupId: 'grp_1', order: 'a0', source: { row: 0, importId: 'imp_1' } });
		expect(notes.get('note_dup')).toMatchObject({ text: 'Parcel late!', stackedOn: 'note_a', groupId: 'grp_1', source: { row: 3, importId: 'imp_1' } });
		expect(notes.get('note_b')).toMatchObject({ pos: { x: 700, y: 90 }, groupId: null });
		expect(readGroups(doc).groups).toEqual([expect.objectContaining({ id: 'grp_1', label: 'Late delivery', department: 'dept_1', priority: 'high', x: 40, y: 60 })]);
		expect(m.meta).toMatchObject({ title: 'Q3 survey', phase: 'vote', locked: true, votesPerPerson: 3 });
		expect(m.votes).toEqual([{ groupId: 'grp_1', voter: 'user_x', count: 2 }]);
		expect(m.imports).toEqual([{ id: 'imp_1', record: { fileName: 'survey.csv', rows: 4 } }]);
		expect(m.problems.join()).toMatch(/note_bad/);
		expect(() => migrateBoard(doc)).toThrow(/already at schema version 3/);
	});

	it('migrates a version-2 board: every note, field, placement and group, the field keys stored once', () => {
		const old = new Y.Doc();
		old.transact(() => {
			const r = roots(old);
			r.meta.set('schemaVersion', 2);
			const group = new Y.Map<unknown>();
			for (const [k, v] of Object.entries({ x: 40, y: 60, parentId: null, order: 'a0', color: '#bfdbfe', department: 'dept_1', owner: null, priority: 'high', due: null, status: 'open', collapsed: false })) group.set(k, v);
			group.set('label', new Y.Text('Late delivery'));
			r.groups.set('grp_1', group);
			r.notes.set('note_a', { text: 'Parcel late', source: { importId: 'imp_1', row: 0 }, fields: { region: 'North', rating: 1, none: null }, by: 'import', at: 5 });
			r.notes.set('note_b', { text: 'Too small', source: { importId: 'imp_1', row: 1 }, fields: { rating: 4 }, by: 'import', at: 5 });
			r.notes.set('note_c', { text: 'Idea', source: null, fields: {}, by: 'user_x', at: 7 });
			r.notes.set('note_d', { text: 'Old pasted', source: null, fields: { channel: 'mail' }, by: 'user_x', at: 8 });
			r.notes.set('note_bad', { text: 5 });
			r.place.set('note_a', { groupId: 'grp_1', order: 'a0' });
			r.place.set('note_b', { stackedOn: 'note_a' });
			r.place.set('note_c', { x: 700, y: 90 });
			r.place.set('note_d', { trashed: true });
		});
		const m = migrateBoard(old);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, m.update);
		expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION);
		expect(roots(doc).meta.get(importFieldsKey('imp_1'))).toEqual(['region', 'rating']);
		const after = readNotes(doc);
		const note = (n: Partial<Note>): Note => ({ groupId: null, order: '', pos: null, stackedOn: null, source: null, fields: {}, ...n }) as Note;
		// A null field value is not kept: version 3 stores no value for it, which readers see alike.
		expect(after.notes).toEqual([
			note({ id: 'note_a', text: 'Parcel late', source: { importId: 'imp_1', row: 0 }, fields: { region: 'North', rating: 1 }, createdBy: 'import', createdAt: 5, groupId: 'grp_1', order: 'a0' }),
			note({ id: 'note_b', text: 'Too small', source: { importId: 'imp_1', row: 1 }, fields: { rating: 4 }, createdBy: 'import', createdAt: 5, groupId: 'grp_1', stackedOn: 'note_a' }),
			note({ id: 'note_c', text: 'Idea', createdBy: 'user_x', createdAt: 7, pos: { x: 700, y: 90 } })
		]);
		expect(after.trashed).toEqual([note({ id: 'note_d', text: 'Old pasted', fields: { channel: 'mail' }, createdBy: 'user_x', createdAt: 8 })]);
		expect(readGroups(doc).groups).toEqual(readGroups(old).groups);
		expect(readGroups(doc).groups[0]).toMatchObject({ label: 'Late delivery', department: 'dept_1', status: 'open' });
		expect(m.problems.join()).toMatch(/note_bad/);
		expect(m.imports).toEqual([]);
	});
});
