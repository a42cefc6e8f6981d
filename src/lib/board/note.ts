import * as Y from 'yjs';
import { clampText } from '../text/graphemes.ts';
import { z } from 'zod';
import { newId } from './ids.ts';
import { isOrderKey } from './order.ts';
import { roots, type Origin } from './schema.ts';

/** A customer-metadata value as kept on a note: strings, numbers, or nothing. */
export type FieldValue = string | number | null;

/** The file row a note came from. `row` is the 0-based data row of that import. */
export interface NoteSource {
	importId: string;
	row: number;
}

/**
 * What a note says and where it came from: one value in `notes`, never changed once written.
 * `by` is the participant (or `import`) that created it, `at` when (ms since the epoch).
 */
export interface NoteContent {
	text: string;
	source: NoteSource | null;
	fields: Record<string, FieldValue>;
	by: string;
	at: number;
}

/**
 * Where a note is: in a group at a fractional-index `order`, put somewhere by hand, folded into
 * another note as a near-duplicate, or in the trash (a deleted customer comment stays evidence and
 * can be restored; only the server removes it for good). A note without a placement is unsorted,
 * and the layout puts it in the unsorted area; `{ slot }` is an unsorted note at the slot "Tidy
 * up" gave it there (0 = first, in the area's reading order).
 */
export type Placement =
	| { groupId: string; order: string }
	| { x: number; y: number }
	| { stackedOn: string }
	| { trashed: true }
	| { slot: number };

/** A note as readers see it: its content, and where it is. */
export interface Note {
	id: string;
	text: string;
	source: NoteSource | null;
	fields: Record<string, FieldValue>;
	createdBy: string;
	createdAt: number;
	/**
	 * The group the note counts in: its own, or, for a stacked duplicate, its keeper's. Null when
	 * it is in no group that exists.
	 */
	groupId: string | null;
	/** Order inside its group (a fractional index); '' when it is not in a group of its own. */
	order: string;
	/** Board position of a note put somewhere by hand; null when the layout places it. */
	pos: { x: number; y: number } | null;
	/** The note this one is folded into as a near-duplicate, or null. */
	stackedOn: string | null;
	/** Unsorted, at this slot of the unsorted area since the last "Tidy up"; null otherwise. */
	slot?: number | null;
}

export const MAX_NOTE_TEXT = 5000;
export const MAX_FIELDS = 200;
export const MAX_FIELD_KEY = 200;
export const MAX_FIELD_VALUE = 2000;
/** Board coordinates stay within ±10 million px: far beyond any board, small enough to stay exact. */
export const MAX_COORD = 10_000_000;
/** Slots of the unsorted area go up to this (far more notes than a board holds). */
export const MAX_SLOT = 10_000_000;

export const NOTE_ID = /^note_[A-Za-z0-9_-]{1,64}$/;
export const GROUP_ID = /^grp_[A-Za-z0-9_-]{1,64}$/;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const coord = finite.refine((v) => Math.abs(v) <= MAX_COORD, `must be within ±${MAX_COORD}`);

export const sourceSchema = z
	.object({ importId: z.string().min(1).max(64), row: z.number().int().nonnegative().max(10_000_000) })
	.strict();

export const fieldsSchema = z
	.record(z.string().min(1).max(MAX_FIELD_KEY), z.union([z.string().max(MAX_FIELD_VALUE), finite, z.null()]))
	.refine((f) => Object.keys(f).length <= MAX_FIELDS, `at most ${MAX_FIELDS} fields`);

export const noteContentSchema = z
	.object({
		text: z.string().max(MAX_NOTE_TEXT),
		source: sourceSchema.nullable(),
		fields: fieldsSchema,
		by: z.string().min(1).max(80),
		at: finite.nonnegative()
	})
	.strict();

export const placementSchema = z.union([
	z.object({ groupId: z.string().regex(GROUP_ID), order: z.string().refine(isOrderKey, 'is not an order key') }).strict(),
	z.object({ x: coord, y: coord }).strict(),
	z.object({ stackedOn: z.string().regex(NOTE_ID) }).strict(),
	z.object({ trashed: z.literal(true) }).strict(),
	z.object({ slot: z.number().int().nonnegative().max(MAX_SLOT) }).strict()
]);

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

/**
 * What `noteContentSchema` accepts, checked by hand for the well-formed case (a board of 10,000
 * notes reads every note when it is opened; zod costs about 20 µs a note there). False means
 * "ask the schema", never "invalid".
 */
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
		// `__proto__` is left to the schema, which drops it (a field of that name is never kept).
		if (!Object.hasOwn(fields, key) || key.length < 1 || key.length > MAX_FIELD_KEY || key === '__proto__' || ++count > MAX_FIELDS) return false;
		const value = fields[key];
		if (value === null) continue;
		if (typeof value === 'string' ? value.length > MAX_FIELD_VALUE : typeof value !== 'number' || !Number.isFinite(value)) return false;
	}
	return true;
}

/** The content of a note as stored, or null when the value is not a valid note. */
export function readNoteContent(value: unknown): NoteContent | null {
	if (plainlyValidContent(value)) {
		const { text, source, fields, by, at } = value;
		return { text, source: source && { importId: source.importId, row: source.row }, fields: { ...fields }, by, at };
	}
	const parsed = noteContentSchema.safeParse(value);
	return parsed.success ? parsed.data : null;
}

const IN_GROUP_KEYS = new Set(['groupId', 'order']);
const FREE_KEYS = new Set(['x', 'y']);
const STACKED_KEYS = new Set(['stackedOn']);
const TRASHED_KEYS = new Set(['trashed']);
const SLOT_KEYS = new Set(['slot']);
const isCoord = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORD;

/**
 * What `placementSchema` accepts, checked by hand (a board of 10,000 notes reads every placement
 * when it is opened); a copy of the value, or null meaning "ask the schema", never "invalid".
 */
function plainPlacement(v: unknown): Placement | null {
	if (!isRecord(v)) return null;
	if (hasOnly(v, IN_GROUP_KEYS, 2)) {
		const { groupId, order } = v;
		return typeof groupId === 'string' && GROUP_ID.test(groupId) && isOrderKey(order) ? { groupId, order } : null;
	}
	if (hasOnly(v, FREE_KEYS, 2)) return isCoord(v.x) && isCoord(v.y) ? { x: v.x, y: v.y } : null;
	if (hasOnly(v, STACKED_KEYS, 1)) return typeof v.stackedOn === 'string' && NOTE_ID.test(v.stackedOn) ? { stackedOn: v.stackedOn } : null;
	if (hasOnly(v, TRASHED_KEYS, 1)) return v.trashed === true ? { trashed: true } : null;
	if (hasOnly(v, SLOT_KEYS, 1)) return Number.isInteger(v.slot) && (v.slot as number) >= 0 && (v.slot as number) <= MAX_SLOT ? { slot: v.slot as number } : null;
	return null;
}

/** A placement as stored, or null (unsorted) when there is none or it is damaged. */
export function readPlacement(value: unknown): Placement | null {
	if (value === undefined || value === null) return null;
	const plain = plainPlacement(value);
	if (plain) return plain;
	const parsed = placementSchema.safeParse(value);
	return parsed.success ? (parsed.data as Placement) : null;
}

export type NoteInput = Pick<Note, 'text'> &
	Partial<Omit<Note, 'id' | 'text' | 'pos'>> & { id?: string; x?: number; y?: number };

/** Fills defaults; the result still has to pass the schemas when written. */
export function makeNote(input: NoteInput): Note {
	const hasPos = input.x !== undefined || input.y !== undefined;
	return {
		id: input.id ?? newId('note'),
		text: input.text,
		source: input.source ?? null,
		fields: input.fields ?? {},
		createdBy: input.createdBy ?? 'unknown',
		createdAt: input.createdAt ?? Date.now(),
		groupId: input.groupId ?? null,
		order: input.order ?? (input.groupId ? 'a0' : ''),
		pos: hasPos ? { x: Math.round(input.x ?? 0), y: Math.round(input.y ?? 0) } : null,
		stackedOn: input.stackedOn ?? null
	};
}

/** The stored content of a note. */
export function contentOf(note: Note): NoteContent {
	return { text: note.text, source: note.source, fields: note.fields, by: note.createdBy, at: note.createdAt };
}

/** The stored placement of a note, or null when it is unsorted. */
export function placementOf(note: Pick<Note, 'groupId' | 'order' | 'pos' | 'stackedOn'>): Placement | null {
	if (note.stackedOn) return { stackedOn: note.stackedOn };
	if (note.groupId) return { groupId: note.groupId, order: note.order || 'a0' };
	if (note.pos) return { x: note.pos.x, y: note.pos.y };
	return null;
}

/** Adds notes (content and placement) in one transaction. */
export function addNotes(doc: Y.Doc, notes: Note[], origin: Origin): void {
	const { notes: contents, place } = roots(doc);
	doc.transact(() => {
		for (const note of notes) {
			contents.set(note.id, contentOf(note));
			const placement = placementOf(note);
			if (placement) place.set(note.id, placement);
		}
	}, origin);
}

/** What readers get from a document: the valid records, and the ids of the ones skipped. */
export interface NotesRead {
	notes: Note[];
	/** Ids of notes whose stored value is damaged; they are left out, not fatal. */
	skipped: string[];
	/** Notes in the trash (deleted from the board, kept as evidence until the server removes them). */
	trashed: Note[];
}

/**
 * Every valid note of a document, in creation order, with its placement resolved: a stacked
 * duplicate counts in its keeper's group, a note whose group is gone is in no group. O(n).
 */
export function readNotes(doc: Y.Doc): NotesRead {
	const { notes: contents, place, groups } = roots(doc);
	const out: Note[] = [];
	const skipped: string[] = [];
	const trashed: Note[] = [];
	const byId = new Map<string, Note>();
	contents.forEach((value, id) => {
		const content = NOTE_ID.test(id) ? readNoteContent(value) : null;
		if (!content) {
			skipped.push(id);
			return;
		}
		const p = readPlacement(place.get(id));
		const note = noteView(id, content, p, groups);
		if (p && 'trashed' in p) {
			trashed.push(note);
			return;
		}
		out.push(note);
		byId.set(id, note);
	});
	// A stacked duplicate counts where its keeper is; a stack onto a missing note, or a loop of
	// stacks (two people stacking crosswise), leaves the note unstacked.
	for (const note of out) {
		if (!note.stackedOn) continue;
		let keeper = byId.get(note.stackedOn);
		const seen = new Set([note.id]);
		while (keeper?.stackedOn && !seen.has(keeper.id)) {
			seen.add(keeper.id);
			keeper = byId.get(keeper.stackedOn);
		}
		if (!keeper || seen.has(keeper.id)) note.stackedOn = null;
		else {
			note.stackedOn = keeper.id;
			note.groupId = keeper.groupId;
		}
	}
	out.sort(byCreation);
	return { notes: out, skipped, trashed };
}

/** Notes in the order they were made (ties by id), the same on every client. */
export function byCreation(a: Pick<Note, 'createdAt' | 'id'>, b: Pick<Note, 'createdAt' | 'id'>): number {
	return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** One note, or null when it does not exist, is damaged or is in the trash. Its stack is not resolved. */
export function readNote(doc: Y.Doc, id: string): Note | null {
	const { notes, place, groups } = roots(doc);
	const content = readNoteContent(notes.get(id));
	if (!content) return null;
	const p = readPlacement(place.get(id));
	if (p && 'trashed' in p) return null;
	return noteView(id, content, p, groups);
}

/** The view of one note from its content and placement; a group that does not exist leaves it ungrouped. */
function noteView(id: string, content: NoteContent, p: Placement | null, groups: Y.Map<unknown>): Note {
	return {
		id,
		text: content.text,
		source: content.source,
		fields: content.fields,
		createdBy: content.by,
		createdAt: content.at,
		groupId: p && 'groupId' in p && groups.get(p.groupId) instanceof Y.Map ? p.groupId : null,
		order: p && 'groupId' in p ? p.order : '',
		pos: p && 'x' in p ? { x: p.x, y: p.y } : null,
		stackedOn: p && 'stackedOn' in p && p.stackedOn !== id ? p.stackedOn : null,
		...(p && 'slot' in p ? { slot: p.slot } : {})
	};
}

/** Puts notes somewhere on the board by hand (they leave no group: see grouping for that). */
export function moveNotes(doc: Y.Doc, moves: { id: string; x: number; y: number }[], origin: Origin): void {
	const { notes, place } = roots(doc);
	doc.transact(() => {
		for (const { id, x, y } of moves) {
			if (!notes.has(id)) continue;
			place.set(id, { x: clampCoord(x), y: clampCoord(y) });
		}
	}, origin);
}

export function clampCoord(v: number): number {
	return Math.max(-MAX_COORD, Math.min(MAX_COORD, Math.round(Number.isFinite(v) ? v : 0)));
}

/**
 * Deletes notes, with the near-duplicates stacked on them (the board shows a stack as one note,
 * so deleting it deletes what the person saw). Customer comments from an import go to the trash
 * (they stay evidence, and only the server removes them for good); hand-written notes are removed.
 * Undo brings all of them back.
 */
export function deleteNotes(doc: Y.Doc, ids: string[], origin: Origin): void {
	const { notes, place } = roots(doc);
	const gone = new Set(ids.filter((id) => notes.has(id)));
	const stackedOn = new Map<string, string[]>();
	place.forEach((value, id) => {
		const p = readPlacement(value);
		if (p && 'stackedOn' in p) stackedOn.set(p.stackedOn, [...(stackedOn.get(p.stackedOn) ?? []), id]);
	});
	const queue = [...gone];
	while (queue.length) {
		for (const id of stackedOn.get(queue.pop()!) ?? []) {
			if (!gone.has(id)) {
				gone.add(id);
				queue.push(id);
			}
		}
	}
	doc.transact(() => {
		for (const id of gone) {
			const content = readNoteContent(notes.get(id));
			if (content?.source) place.set(id, { trashed: true });
			else {
				notes.delete(id);
				place.delete(id);
			}
		}
	}, origin);
}

/** Splits pasted text into note texts: one per non-empty line. */
export function linesToNoteTexts(pasted: string): string[] {
	return pasted
		.split(/\r\n|\r|\n/)
		.map((line) => line.replace(/\u00a0/g, ' ').trim())
		.filter((line) => line.length > 0)
		.map((line) => clampText(line, MAX_NOTE_TEXT));
}
