import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addDraftNotes, draftNoteIds, type DraftNote } from './drafts';
import { addNotes, importFieldsOf, makeNote, readNoteContent } from './note';

const draft = (id: string, author: string, text: string, at = 1): DraftNote => ({ id, author, text, x: 0, y: 0, at });
const origin = { kind: 'test' } as never;

describe('draftNoteIds', () => {
	it('keeps a draft whose id someone else wrote a note under, claiming its author with other words', () => {
		const doc = new Y.Doc();
		// Another editor guessed the id and wrote a note "by" the draft's author.
		addNotes(doc, [makeNote({ id: 'note_ann000000001', text: 'Forged', createdBy: 'user_ann' })], origin);
		const ids = draftNoteIds(doc, [draft('note_ann000000001', 'user_ann', 'Delivery was late')]);
		const id = ids.get('user_ann\nnote_ann000000001');
		expect(id).toMatch(/^note_ann000000001-[0-9a-z]{7}$/);
		expect(addDraftNotes(doc, [draft('note_ann000000001', 'user_ann', 'Delivery was late')], origin)).toBe(1);
		const notes = doc.getMap('notes');
		expect(readNoteContent(notes.get(id!), importFieldsOf(doc))?.text).toBe('Delivery was late');
	});

	it('keeps a draft whose id holds a note stored before authors were checked, naming its author with its words', () => {
		const doc = new Y.Doc();
		addNotes(doc, [makeNote({ id: 'note_ann000000002', text: 'Delivery was late', createdBy: 'user_ann', createdAt: 5 })], origin);
		const d = draft('note_ann000000002', 'user_ann', 'Delivery was late', 9);
		expect(draftNoteIds(doc, [d]).get('user_ann\nnote_ann000000002')).toMatch(/^note_ann000000002-[0-9a-z]{7}$/);
		expect(addDraftNotes(doc, [d], origin)).toBe(1);
		expect(doc.getMap('notes').size).toBe(2);
	});

	it('leaves out a draft an earlier attempt wrote already: same id, author and words', () => {
		const doc = new Y.Doc();
		const d = draft('note_bob000000001', 'user_bob', 'Kind staff');
		expect(addDraftNotes(doc, [d], origin)).toBe(1);
		expect(draftNoteIds(doc, [d]).get('user_bob\nnote_bob000000001')).toBeNull();
		expect(addDraftNotes(doc, [d], origin)).toBe(0);
		expect(doc.getMap('notes').size).toBe(1);
	});
});
