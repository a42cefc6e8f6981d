import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNotes, initBoard, makeNote, updateGroup } from '$lib/board';
import { createGroup } from '$lib/board/grouping';
import { stackNotes } from '$lib/cluster/board';
import { makeBackup, restoreBackup } from '$lib/export/backup';
import { readBoard } from '$lib/export/board-data';
import { draftTasks } from './derive';

const origin = { kind: 'user' as const, userId: 'u1' };

function boardWithStack() {
	const doc = new Y.Doc();
	initBoard(doc);
	const notes = [
		makeNote({ id: 'note_keep', text: 'Parcel arrived late', source: { row: 0, importId: 'imp_a' }, fields: { region: 'North' } }),
		makeNote({ id: 'note_dup1', text: 'Parcel arrived late!', source: { row: 1, importId: 'imp_a' }, fields: { region: 'South' } }),
		makeNote({ id: 'note_dup2', text: 'parcel arrived late', source: { row: 2, importId: 'imp_a' }, fields: { region: 'East' } }),
		makeNote({ id: 'note_other', text: 'Invoice was wrong', source: { row: 3, importId: 'imp_a' }, fields: { region: 'North' } })
	];
	addNotes(doc, notes, origin);
	stackNotes(doc, [{ keepId: 'note_keep', noteIds: ['note_dup1', 'note_dup2'] }], origin);
	const groupId = createGroup(doc, ['note_keep', 'note_other'], { x: 0, y: 0, label: 'Delivery' }, origin);
	updateGroup(doc, groupId, { department: 'dept_logistics' }, origin);
	return { doc, groupId };
}

describe('stacked duplicates stay evidence', () => {
	it('publishes every stacked comment as evidence of its group', () => {
		const { doc } = boardWithStack();
		expect(readBoard(doc).notes.filter((n) => !n.stackedOn)).toHaveLength(2);
		const [task] = draftTasks(readBoard(doc));
		expect(task.noteCount).toBe(4);
		expect(task.evidence.map((e) => e.noteId).sort()).toEqual(['note_dup1', 'note_dup2', 'note_keep', 'note_other']);
		expect(task.evidence.find((e) => e.noteId === 'note_dup2')?.fields).toEqual({ region: 'East' });
	});

	it('keeps stacked comments through a backup and restore', () => {
		const { doc } = boardWithStack();
		const restored = restoreBackup(JSON.parse(JSON.stringify(makeBackup(doc))));
		const notes = readBoard(restored.doc).notes;
		const keep = notes.find((n) => n.text === 'Parcel arrived late')!;
		expect(notes.filter((n) => n.stackedOn === keep.id).map((s) => s.source?.row)).toEqual([1, 2]);
		expect(draftTasks(readBoard(restored.doc))[0].noteCount).toBe(4);
	});
});
