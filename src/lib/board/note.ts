import * as Y from 'yjs';
import { z } from 'zod';
import { newId } from './ids';
import { roots, type Origin } from './schema';

/** A customer-metadata value as kept on a note: strings, numbers, or nothing. */
export type FieldValue = string | number | null;

/**
 * A comment folded into another note as a near-duplicate. It keeps its text, source row and
 * customer fields, so it stays evidence and can be put back on the board.
 */
export interface StackedNote {
	id: string;
	text: string;
	source: Note['source'];
	fields: Note['fields'];
	createdBy: string;
	createdAt: number;
}

export interface Note {
	id: string;
	text: string;
	source: { row: number; importId: string } | null;
	fields: Record<string, FieldValue>;
	x: number;
	y: number;
	groupId: string | null;
	order: string;
	color?: string;
	hidden?: boolean;
	/** Near-duplicate comments stacked into this one (see `$lib/cluster/board`). */
	stacked?: StackedNote[];
	createdBy: string;
	createdAt: number;
}

export const MAX_NOTE_TEXT = 5000;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const sourceSchema = z.object({ row: z.number().int().nonnegative(), importId: z.string() }).nullable();
const fieldsSchema = z.record(z.string(), z.union([z.string(), finite, z.null()]));

export const stackedNoteSchema = z.object({
	id: z.string().regex(/^note_[A-Za-z0-9_-]+$/),
	text: z.string().max(MAX_NOTE_TEXT),
	source: sourceSchema,
	fields: fieldsSchema,
	createdBy: z.string(),
	createdAt: finite
});

export const noteSchema = z.object({
	id: z.string().regex(/^note_[A-Za-z0-9_-]+$/),
	text: z.string().max(MAX_NOTE_TEXT),
	source: sourceSchema,
	fields: fieldsSchema,
	x: finite,
	y: finite,
	groupId: z.string().regex(/^grp_/).nullable(),
	order: z.string(),
	color: z.string().optional(),
	hidden: z.boolean().optional(),
	stacked: z.array(stackedNoteSchema).optional(),
	createdBy: z.string(),
	createdAt: finite
});

export type NoteInput = Pick<Note, 'text'> & Partial<Omit<Note, 'id' | 'text'>> & { id?: string };

/** Fills defaults; the result still has to pass `noteSchema`. */
export function makeNote(input: NoteInput): Note {
	return {
		id: input.id ?? newId('note'),
		text: input.text,
		source: input.source ?? null,
		fields: input.fields ?? {},
		x: input.x ?? 0,
		y: input.y ?? 0,
		groupId: input.groupId ?? null,
		order: input.order ?? 'a0',
		...(input.color !== undefined ? { color: input.color } : {}),
		...(input.hidden !== undefined ? { hidden: input.hidden } : {}),
		...(input.stacked !== undefined ? { stacked: input.stacked } : {}),
		createdBy: input.createdBy ?? 'unknown',
		createdAt: input.createdAt ?? Date.now()
	};
}

function toYMap(note: Note): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(note)) {
		if (key === 'id' || value === undefined) continue;
		map.set(key, value);
	}
	return map;
}

/** Reads a note out of the document into a plain object; missing fields get safe defaults. */
export function readNote(id: string, map: Y.Map<unknown>): Note {
	const num = (key: string) => {
		const v = map.get(key);
		return typeof v === 'number' && Number.isFinite(v) ? v : 0;
	};
	const fields = map.get('fields');
	const source = map.get('source') as Note['source'] | undefined;
	const groupId = map.get('groupId');
	const color = map.get('color');
	const note: Note = {
		id,
		text: String(map.get('text') ?? ''),
		source: source ?? null,
		fields: fields && typeof fields === 'object' ? (fields as Record<string, FieldValue>) : {},
		x: num('x'),
		y: num('y'),
		groupId: typeof groupId === 'string' ? groupId : null,
		order: String(map.get('order') ?? 'a0'),
		createdBy: String(map.get('createdBy') ?? 'unknown'),
		createdAt: num('createdAt')
	};
	if (typeof color === 'string') note.color = color;
	if (map.get('hidden') === true) note.hidden = true;
	const stacked = map.get('stacked');
	if (Array.isArray(stacked) && stacked.length > 0) note.stacked = stacked as StackedNote[];
	return note;
}

/**
 * Every customer comment behind a list of notes: each stacked near-duplicate counts as a comment
 * of its own, in its keeper's group. Insights and published evidence read this, so stacking
 * duplicates on the board never makes a theme look smaller or drops a row from a task.
 */
export function expandStacks(notes: Note[]): Note[] {
	if (!notes.some((n) => n.stacked?.length)) return notes;
	const out: Note[] = [];
	for (const note of notes) {
		out.push(note);
		if (!note.stacked) continue;
		const { stacked, ...keeper } = note;
		for (const comment of stacked) out.push({ ...keeper, ...comment });
	}
	return out;
}

/** Adds notes in one transaction. */
export function addNotes(doc: Y.Doc, notes: Note[], origin: Origin): void {
	const { notes: map } = roots(doc);
	doc.transact(() => {
		for (const note of notes) map.set(note.id, toYMap(note));
	}, origin);
}

export function moveNotes(
	doc: Y.Doc,
	moves: { id: string; x: number; y: number }[],
	origin: Origin
): void {
	const { notes } = roots(doc);
	doc.transact(() => {
		for (const { id, x, y } of moves) {
			const map = notes.get(id);
			if (!map) continue;
			map.set('x', Math.round(x));
			map.set('y', Math.round(y));
		}
	}, origin);
}

export function deleteNotes(doc: Y.Doc, ids: string[], origin: Origin): void {
	const { notes } = roots(doc);
	doc.transact(() => {
		for (const id of ids) notes.delete(id);
	}, origin);
}

/** Splits pasted text into note texts: one per non-empty line. */
export function linesToNoteTexts(pasted: string): string[] {
	return pasted
		.split(/\r\n|\r|\n/)
		.map((line) => line.replace(/\u00a0/g, ' ').trim())
		.filter((line) => line.length > 0)
		.map((line) => line.slice(0, MAX_NOTE_TEXT));
}
