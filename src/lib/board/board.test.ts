import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNotes,
	initBoard,
	linesToNoteTexts,
	makeNote,
	migrateBoard,
	readNote,
	repairNote,
	roots,
	SCHEMA_VERSION,
	validateNote
} from './index';

describe('board document', () => {
	it('creates a board with the current schema version', () => {
		const doc = new Y.Doc();
		initBoard(doc, 'Q3 survey');
		expect(roots(doc).meta.get('title')).toBe('Q3 survey');
		expect(roots(doc).meta.get('schemaVersion')).toBe(SCHEMA_VERSION);
	});

	it('round-trips a note through the document', () => {
		const doc = new Y.Doc();
		const note = makeNote({ text: 'Delivery was late', fields: { region: 'North', rating: 2 }, x: 10, y: 20 });
		addNotes(doc, [note], { kind: 'user', userId: 'u1' });
		const read = readNote(note.id, roots(doc).notes.get(note.id)!);
		expect(read).toEqual(note);
		expect(validateNote(read).problems).toEqual([]);
	});

	it('splits pasted lines into notes and drops blank ones', () => {
		expect(linesToNoteTexts('one\r\n\n  two \u00a0\rthree')).toEqual(['one', 'two', 'three']);
	});

	it('repairs a damaged note instead of dropping it', () => {
		const { value, problems } = repairNote({ id: 'bad id', text: 'Kept', x: 'NaN', fields: { a: 1, b: {} } });
		expect(value?.text).toBe('Kept');
		expect(value?.id).toMatch(/^note_/);
		expect(value?.x).toBe(0);
		expect(value?.fields).toEqual({ a: 1, b: '[object Object]' });
		expect(problems.length).toBeGreaterThan(0);
		expect(repairNote({ x: 1 }).value).toBeNull();
	});

	it('migrates a document without a schema version', () => {
		const doc = new Y.Doc();
		roots(doc).meta.set('title', 'old');
		expect(migrateBoard(doc)).toEqual(['add-meta-defaults']);
		expect(roots(doc).meta.get('schemaVersion')).toBe(SCHEMA_VERSION);
		expect(roots(doc).meta.get('phase')).toBe('import');
	});
});
