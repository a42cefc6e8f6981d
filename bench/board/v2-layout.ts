/**
 * The version-2 board document's note writer and reader, kept unchanged in substance as the
 * baseline of `bench:import` (update bytes, inserting, applying on another client and reading
 * every note, against the version-3 document in the same run). Source: `src/lib/board/note.ts`
 * at commit d2f2fae, the last commit before the version-3 document.
 *
 * Version 2 keeps a note's content as one object per note, its customer fields as an object with
 * their keys: { text, source: { importId, row } | null, fields: { key: value }, by, at }.
 */
import * as Y from 'yjs';
import { MAX_FIELD_KEY, MAX_FIELD_VALUE, MAX_FIELDS, MAX_NOTE_TEXT, placementOf, type Note, type NoteContent } from '../../src/lib/board/note';

/** Adds notes as version 2 stored them: a content object and a placement each, in one transaction. */
export function addNotesV2(doc: Y.Doc, notes: Note[], origin: unknown): void {
	const contents = doc.getMap('notes');
	const place = doc.getMap('place');
	doc.transact(() => {
		for (const note of notes) {
			contents.set(note.id, { text: note.text, source: note.source, fields: note.fields, by: note.createdBy, at: note.createdAt });
			const placement = placementOf(note);
			if (placement) place.set(note.id, placement);
		}
	}, origin);
}

const hasOnly = (o: object, keys: Set<string>, required: number) => {
	let n = 0;
	for (const k in o) {
		if (!Object.hasOwn(o, k) || !keys.has(k)) return false;
		n++;
	}
	return n === required;
};
const CONTENT_KEYS = new Set(['text', 'source', 'fields', 'by', 'at']);
const SOURCE_KEYS = new Set(['importId', 'row']);
const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Version 2's hand-written check of a well-formed note (its zod fallback is left out: the benchmark's notes are well formed). */
function plainlyValidContent(v: unknown): v is NoteContent {
	if (!isRecord(v) || !hasOnly(v, CONTENT_KEYS, 5)) return false;
	const { text, source, fields, by, at } = v;
	if (typeof text !== 'string' || text.length > MAX_NOTE_TEXT) return false;
	if (typeof by !== 'string' || by.length < 1 || by.length > 80) return false;
	if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return false;
	if (source !== null) {
		if (!isRecord(source) || !hasOnly(source, SOURCE_KEYS, 2)) return false;
		const { importId, row } = source;
		if (typeof importId !== 'string' || importId.length < 1 || importId.length > 64) return false;
		if (typeof row !== 'number' || !Number.isInteger(row) || row < 0 || row > 10_000_000) return false;
	}
	if (!isRecord(fields)) return false;
	let count = 0;
	for (const key in fields) {
		if (!Object.hasOwn(fields, key) || key.length < 1 || key.length > MAX_FIELD_KEY || key === '__proto__' || ++count > MAX_FIELDS) return false;
		const value = fields[key];
		if (value === null) continue;
		if (typeof value === 'string' ? value.length > MAX_FIELD_VALUE : typeof value !== 'number' || !Number.isFinite(value)) return false;
	}
	return true;
}

/** A version-2 note's content as readers used it (a copy), or null. */
export function readNoteContentV2(value: unknown): NoteContent | null {
	if (!plainlyValidContent(value)) return null;
	const { text, source, fields, by, at } = value;
	return { text, source: source && { importId: source.importId, row: source.row }, fields: { ...fields }, by, at };
}
