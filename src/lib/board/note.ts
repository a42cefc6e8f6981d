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

/** The content of a note as readers see it (what `readNoteContent` answers), whatever its stored form. */
export const noteContentSchema = z
	.object({
		text: z.string().max(MAX_NOTE_TEXT),
		source: sourceSchema.nullable(),
		fields: fieldsSchema,
		by: z.string().min(1).max(80),
		at: finite.nonnegative()
	})
	.strict();

/** Most field keys one import's list holds (an import keeps at most 200 public columns; restores may add more). */
export const MAX_IMPORT_FIELDS = 1000;

const fieldKey = z.string().min(1).max(MAX_FIELD_KEY).refine((k) => k !== '__proto__', 'is not a field name');
const fieldValue = z.union([z.string().max(MAX_FIELD_VALUE), finite, z.null()]);

/**
 * The field keys of one import, in the order its notes' values are stored: the value of the
 * import's key in `meta` (`importFieldsKey`), written by the server only. Keys are unique; the
 * list only ever grows at its end (a later part of the same import may add keys).
 */
export const importFieldsSchema = z
	.array(fieldKey)
	.max(MAX_IMPORT_FIELDS)
	.refine((keys) => new Set(keys).size === keys.length, 'keys must be unique');

/**
 * A note as the content document (schemaVersion 3) stores it: one immutable array.
 * - `[text, by, at]`: a note written on the board (no source, no fields).
 * - `[text, by, at, importId, row, ...values]`: a customer comment from row `row` (0-based) of
 *   import `importId`; the value at `5 + i` is the value of the import's i-th field key (`meta`'s
 *   list for that import, `importFieldsKey`), null where the row has none; trailing nulls are
 *   left off. The values are not an array of their own: a decoded array reserves room for about
 *   16 elements, so one array per note instead of two holds the same board in ~15 % less heap.
 * - `[text, by, at, fields]`: a note without a source that carries fields as an object (only
 *   notes of older boards and backups; nothing on a version-3 board writes one).
 * `by` is the participant or `import` that made it, `at` when (ms since the epoch). The field
 * keys, repeated in every note of a version-2 board, are stored once per import.
 */
export const storedNoteSchema = z.union([
	z.tuple([z.string().max(MAX_NOTE_TEXT), z.string().min(1).max(80), finite.nonnegative()]),
	z.tuple([z.string().max(MAX_NOTE_TEXT), z.string().min(1).max(80), finite.nonnegative(), fieldsSchema]),
	z
		.tuple([z.string().max(MAX_NOTE_TEXT), z.string().min(1).max(80), finite.nonnegative(), sourceSchema.shape.importId, sourceSchema.shape.row])
		.rest(fieldValue)
		.refine((v) => v.length <= 5 + MAX_IMPORT_FIELDS, `at most ${MAX_IMPORT_FIELDS} values`)
]);

export type StoredNote =
	| [text: string, by: string, at: number]
	| [text: string, by: string, at: number, fields: Record<string, FieldValue>]
	| [text: string, by: string, at: number, importId: string, row: number, ...values: FieldValue[]];

/** The key of `meta` that holds the field keys of import `importId` (`importFieldsSchema`). */
export function importFieldsKey(importId: string): string {
	return `fields/${importId}`;
}

/** The field keys of an import as `meta` holds them, or null when there are none or they are damaged. */
export type ImportFields = (importId: string) => readonly string[] | null;

function plainImportFields(v: unknown): readonly string[] | null {
	if (!Array.isArray(v) || v.length > MAX_IMPORT_FIELDS) return null;
	const seen = new Set<string>();
	for (const k of v) {
		if (typeof k !== 'string' || k.length < 1 || k.length > MAX_FIELD_KEY || k === '__proto__' || seen.has(k)) return null;
		seen.add(k);
	}
	return v as string[];
}

/**
 * The field lists of a document's imports, read from `meta` once per import and remembered: make
 * one per pass over the notes (a list read before a change to `meta` is not read again).
 */
export function importFieldsOf(doc: Y.Doc): ImportFields {
	const meta = roots(doc).meta;
	const known = new Map<string, readonly string[] | null>();
	return (importId) => {
		let keys = known.get(importId);
		if (keys === undefined) known.set(importId, (keys = plainImportFields(meta.get(importFieldsKey(importId)))));
		return keys;
	};
}

/**
 * The field lists of a document's imports as they were before a change to `meta`: `replaced` holds
 * the `meta` keys the change set or removed, with their values before it (`ChangedRecords.meta` of
 * `repair.ts`); every other list is read from the document as `importFieldsOf` does. A list that
 * did not exist before reads as null.
 */
export function importFieldsBefore(doc: Y.Doc, replaced: ReadonlyMap<string, { old: unknown }>): ImportFields {
	const now = importFieldsOf(doc);
	if (replaced.size === 0) return now;
	return (importId) => {
		const change = replaced.get(importFieldsKey(importId));
		return change ? plainImportFields(change.old) : now(importId);
	};
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** A note's fields given as an object (`[text, by, at, fields]`), checked by hand; null when invalid. */
function plainFields(fields: unknown): Record<string, FieldValue> | null {
	if (!isRecord(fields)) return null;
	const out: Record<string, FieldValue> = {};
	let count = 0;
	for (const key in fields) {
		if (!Object.hasOwn(fields, key) || key.length < 1 || key.length > MAX_FIELD_KEY || key === '__proto__' || ++count > MAX_FIELDS) return null;
		const value = fields[key];
		if (value !== null && (typeof value === 'string' ? value.length > MAX_FIELD_VALUE : typeof value !== 'number' || !Number.isFinite(value))) return null;
		out[key] = value as FieldValue;
	}
	return out;
}

/**
 * The one reader of stored notes: the content of a note as readers use it (`NoteContent`), from
 * its stored value (`StoredNote`) and its import's field keys (`fields`, from `importFieldsOf`).
 * Null when the value is not a valid note: not one of the three forms, a value past a limit, an
 * import whose field list is missing or damaged, more values than the list has keys, or more than
 * `MAX_FIELDS` values. An imported note's fields come in its import's key order, without the
 * keys it has no value for. Checked by hand (a board of 10,000 notes reads every note when it is
 * opened), accepting exactly what `storedNoteSchema` does plus the check against the field list.
 */
export function readNoteContent(value: unknown, fields: ImportFields): NoteContent | null {
	if (!Array.isArray(value) || value.length < 3 || value.length > 5 + MAX_IMPORT_FIELDS) return null;
	const text = value[0];
	const by = value[1];
	const at = value[2];
	if (typeof text !== 'string' || text.length > MAX_NOTE_TEXT) return null;
	if (typeof by !== 'string' || by.length < 1 || by.length > 80) return null;
	if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return null;
	if (value.length === 3) return { text, source: null, fields: {}, by, at };
	if (value.length === 4) {
		const own = plainFields(value[3]);
		return own && { text, source: null, fields: own, by, at };
	}
	const importId = value[3];
	const row = value[4];
	if (typeof importId !== 'string' || importId.length < 1 || importId.length > 64) return null;
	if (typeof row !== 'number' || !Number.isInteger(row) || row < 0 || row > 10_000_000) return null;
	const keys = fields(importId);
	if (!keys || value.length - 5 > keys.length) return null;
	const out: Record<string, FieldValue> = {};
	let count = 0;
	for (let i = 5; i < value.length; i++) {
		const v = value[i];
		if (v === null) continue;
		if (typeof v === 'string' ? v.length > MAX_FIELD_VALUE : typeof v !== 'number' || !Number.isFinite(v)) return null;
		if (++count > MAX_FIELDS) return null;
		out[keys[i - 5]] = v;
	}
	return { text, source: { importId, row }, fields: out, by, at };
}

/**
 * A note's content in its stored form (`StoredNote`). An imported note's values are aligned to
 * `keys`, its import's field list, to which keys the list does not have yet are appended (the
 * caller writes the grown list to `meta`; past `MAX_IMPORT_FIELDS` keys a new field is dropped).
 * A null field value is not stored: a note has no value for that field.
 */
export function storeNote(content: NoteContent, keys?: string[]): StoredNote {
	const { text, by, at, source, fields } = content;
	if (!source) {
		for (const _ in fields) return [text, by, at, { ...fields }];
		return [text, by, at];
	}
	if (!keys) throw new Error(`storeNote: the field keys of import ${source.importId} are needed to store its note`);
	const stored: StoredNote = [text, by, at, source.importId, source.row];
	for (const key in fields) {
		const v = fields[key];
		if (v === null || v === undefined) continue;
		let i = keys.indexOf(key);
		if (i < 0) {
			if (keys.length >= MAX_IMPORT_FIELDS) continue;
			i = keys.push(key) - 1;
		}
		while (stored.length < 5 + i) stored.push(null);
		stored[5 + i] = v;
	}
	return stored;
}

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

/**
 * Adds notes (content and placement) in one transaction. Notes with a source are stored with
 * their values aligned to their import's field list in `meta` (`storeNote`), which grows by the
 * keys they bring: only the server writes them (imports, restores, migrations).
 */
export function addNotes(doc: Y.Doc, notes: Note[], origin: Origin): void {
	const { meta, notes: contents, place } = roots(doc);
	doc.transact(() => {
		const lists = new Map<string, { keys: string[]; before: number }>();
		const known = importFieldsOf(doc);
		for (const note of notes) {
			let list: { keys: string[]; before: number } | undefined;
			if (note.source) {
				const importId = note.source.importId;
				list = lists.get(importId);
				if (!list) {
					const keys = [...(known(importId) ?? [])];
					lists.set(importId, (list = { keys, before: meta.has(importFieldsKey(importId)) ? keys.length : -1 }));
				}
			}
			contents.set(note.id, storeNote(contentOf(note), list?.keys));
			const placement = placementOf(note);
			if (placement) place.set(note.id, placement);
		}
		for (const [importId, { keys, before }] of lists) if (keys.length !== before) meta.set(importFieldsKey(importId), keys);
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
	const fields = importFieldsOf(doc);
	const out: Note[] = [];
	const skipped: string[] = [];
	const trashed: Note[] = [];
	const byId = new Map<string, Note>();
	contents.forEach((value, id) => {
		const content = NOTE_ID.test(id) ? readNoteContent(value, fields) : null;
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
	// A stacked duplicate counts where its keeper is, the end of its chain of stacks; a stack onto a
	// missing note, or a loop of stacks (two people stacking crosswise), leaves the note unstacked.
	// Each note's keeper is worked out once and remembered for every note whose chain passes through
	// it: walking each chain anew was O(n²), and a hand-made chain of 5,000 stacks held the server
	// for seconds on every export.
	const keeperOf = new Map<string, Note | null>();
	for (const note of out) {
		if (!note.stackedOn || keeperOf.has(note.id)) continue;
		const chain: Note[] = [];
		const onChain = new Set<string>();
		let cur: Note | undefined = note;
		let keeper: Note | null = null;
		for (;;) {
			if (onChain.has(cur.id)) break;
			const known = keeperOf.get(cur.id);
			if (known !== undefined) {
				keeper = known;
				break;
			}
			if (!cur.stackedOn) {
				keeper = cur;
				break;
			}
			chain.push(cur);
			onChain.add(cur.id);
			const next = byId.get(cur.stackedOn);
			if (!next) break;
			cur = next;
		}
		for (const n of chain) keeperOf.set(n.id, keeper);
	}
	for (const note of out) {
		if (!note.stackedOn) continue;
		const keeper = keeperOf.get(note.id) ?? null;
		if (!keeper) note.stackedOn = null;
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
	const content = readNoteContent(notes.get(id), importFieldsOf(doc));
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
		if (!p || !('stackedOn' in p)) return;
		const onIt = stackedOn.get(p.stackedOn);
		if (onIt) onIt.push(id);
		else stackedOn.set(p.stackedOn, [id]);
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
	const fields = importFieldsOf(doc);
	doc.transact(() => {
		for (const id of gone) {
			const content = readNoteContent(notes.get(id), fields);
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
