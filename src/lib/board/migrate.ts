import * as Y from 'yjs';
import { clampText } from '../text/graphemes.ts';
import { GROUP_FIELDS, groupFieldSchemas, groupMap, makeGroup, MAX_LABEL, readGroup, type Group } from './group.ts';
import { newId } from './ids.ts';
import {
	addNotes,
	clampCoord,
	fieldsSchema,
	GROUP_ID,
	makeNote,
	MAX_FIELD_KEY,
	MAX_FIELD_VALUE,
	MAX_FIELDS,
	MAX_NOTE_TEXT,
	noteContentSchema,
	NOTE_ID,
	readPlacement,
	sourceSchema,
	type FieldValue,
	type Note,
	type Placement
} from './note.ts';
import { isOrderKey, keysAfter } from './order.ts';
import { roots, SCHEMA_VERSION, schemaVersionOf, type Origin } from './schema.ts';

/**
 * Migrations of stored boards, named by the version they start from and run up only. Version 1
 * kept every note as a Y.Map of fields (text, source, fields, x, y, groupId, order, …), and the
 * facilitator's controls, the votes and the import records in the same document. Version 2 keeps
 * a note's content as one immutable object and its placement as another, and moves controls,
 * votes and import records out. Version 3 stores a note's content as one array, an imported
 * note's fields as values aligned to its import's field keys, kept once per import in `meta`
 * (DESIGN.md). A migration builds a fresh version-3 document rather than rewriting the old one
 * in place: the result has no history of the old layout, and a copy of the old document can
 * never merge into it (the server raises the board's epoch).
 */

/** What a version-1 or version-2 board becomes. */
export interface MigratedBoard {
	/** The version-3 content document, as one update. */
	update: Uint8Array;
	/**
	 * The old `meta` as plain values (title, phase, locked, timer, votesPerPerson, … on boards
	 * that kept the controls in the document), for the server's tables.
	 */
	meta: Record<string, unknown>;
	/** Votes kept in the document (a `votes` root): one row per group and voter. */
	votes: { groupId: string; voter: string; count: number }[];
	/** Version-1 import records, by import id, as they were stored (none from version 2). */
	imports: { id: string; record: unknown }[];
	/** Records that could not be read, in words a facilitator can act on. */
	problems: string[];
	notes: number;
	groups: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Customer fields as a note accepts them: values of other kinds become text, the rest is cut to the limits. */
export function repairFields(input: unknown): Record<string, FieldValue> {
	const out: Record<string, FieldValue> = {};
	if (!isRecord(input)) return out;
	for (const [k, v] of Object.entries(input)) {
		if (Object.keys(out).length >= MAX_FIELDS) break;
		const key = clampText(k, MAX_FIELD_KEY);
		if (!key) continue;
		if (v === null || v === undefined) out[key] = null;
		else if (typeof v === 'number') out[key] = Number.isFinite(v) ? v : null;
		else out[key] = clampText(typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)), MAX_FIELD_VALUE);
	}
	return fieldsSchema.safeParse(out).success ? out : {};
}

/**
 * A note from any earlier shape (a version-1 note map read as plain values, a backup's note) as a
 * `Note`; null when there is no text to keep.
 */
export function repairNote(input: unknown, groupIds?: ReadonlySet<string>): { note: Note | null; problems: string[] } {
	if (!isRecord(input) || typeof input.text !== 'string') return { note: null, problems: ['note has no text'] };
	const problems: string[] = [];
	const id = str(input.id);
	const source = sourceSchema.safeParse(input.source).success ? (input.source as Note['source']) : null;
	if (input.source && !source) problems.push(`note ${id ?? '?'}: unreadable source row dropped`);
	const groupId = str(input.groupId);
	const inGroup = groupId && GROUP_ID.test(groupId) && (!groupIds || groupIds.has(groupId)) ? groupId : null;
	const order = str(input.order);
	const x = num(input.x);
	const y = num(input.y);
	const pos = num(isRecord(input.pos) ? input.pos.x : undefined);
	const note = makeNote({
		id: id && NOTE_ID.test(id) ? id : undefined,
		text: clampText(input.text, MAX_NOTE_TEXT),
		source,
		fields: repairFields(input.fields),
		createdBy: clampText(str(input.createdBy) ?? str(input.by) ?? 'unknown', 80) || 'unknown',
		createdAt: Math.max(0, num(input.createdAt) ?? num(input.at) ?? 0),
		groupId: inGroup,
		order: inGroup ? (order && isOrderKey(order) ? order : 'a0') : '',
		stackedOn: str(input.stackedOn) && NOTE_ID.test(str(input.stackedOn)!) ? str(input.stackedOn) : null,
		...(!inGroup && x !== undefined && y !== undefined ? { x: clampCoord(x), y: clampCoord(y) } : {}),
		...(!inGroup && pos !== undefined && isRecord(input.pos) ? { x: clampCoord(pos), y: clampCoord(num(input.pos.y) ?? 0) } : {})
	});
	return { note, problems };
}

/** A group from any earlier shape (a version-1 group map read as plain values, a backup's group). */
export function repairGroup(input: unknown): { group: Group | null; problems: string[] } {
	if (!isRecord(input)) return { group: null, problems: ['group is not an object'] };
	const id = str(input.id);
	if (!id || !GROUP_ID.test(id)) return { group: null, problems: [`group ${id ?? '?'}: unreadable id`] };
	const problems: string[] = [];
	const group = makeGroup({ id, label: clampText(str(input.label) ?? '', MAX_LABEL) });
	for (const key of GROUP_FIELDS) {
		if (!(key in input)) continue;
		const value = key === 'x' || key === 'y' ? clampCoord(Number(input[key])) : input[key];
		const parsed = groupFieldSchemas[key].safeParse(value);
		if (parsed.success) (group as unknown as Record<string, unknown>)[key] = parsed.data;
		else problems.push(`group ${id}: unreadable ${key}`);
	}
	return { group, problems };
}

/** The plain values of a Y.Map (Y.Text as its string), one level deep. */
function plain(map: Y.Map<unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of map.entries()) out[k] = v instanceof Y.Text ? v.toString() : v instanceof Y.AbstractType ? v.toJSON() : v;
	return out;
}

/**
 * Builds the current (version-3) board from an older document: version 1 (`fromVersion1`) or
 * version 2 (`fromVersion2`). Note and group ids are kept (published tasks point at them);
 * damaged records are skipped and listed in `problems`. Throws when the document is current.
 */
export function migrateBoard(old: Y.Doc): MigratedBoard {
	const version = schemaVersionOf(old);
	if (version >= SCHEMA_VERSION) throw new Error(`This board is already at schema version ${SCHEMA_VERSION}.`);
	return version < 2 ? fromVersion1(old) : fromVersion2(old);
}

/** Votes a document kept in a `votes` root (version 1, and version 2 before they left it), for groups that exist. */
function documentVotes(old: Y.Doc, groupIds: ReadonlySet<string>): MigratedBoard['votes'] {
	const votes: MigratedBoard['votes'] = [];
	if (!old.share.has('votes')) return votes;
	for (const [groupId, ballot] of old.getMap<unknown>('votes').entries()) {
		if (!(ballot instanceof Y.Map) || !groupIds.has(groupId)) continue;
		for (const [voter, count] of ballot.entries()) {
			if (typeof count === 'number' && Number.isInteger(count) && count > 0) votes.push({ groupId, voter, count });
		}
	}
	return votes;
}

/**
 * Version 2 to 3: each note's content object becomes the array `storeNote` makes (its fields
 * aligned to its import's keys, stored once in `meta`), placements and groups are copied as they
 * read. A field whose value is null is not kept (version 3 stores no value for it, which readers
 * see alike). A note whose content or id does not read is skipped.
 */
function fromVersion2(old: Y.Doc): MigratedBoard {
	const problems: string[] = [];
	const { notes: oldNotes, place: oldPlace, groups: oldGroups, meta } = roots(old);
	const groups: Group[] = [];
	oldGroups.forEach((value, id) => {
		const g = readGroup(id, value);
		if (g) groups.push(g);
		else problems.push(`group ${id}: not a group; skipped`);
	});
	const notes: Note[] = [];
	const placements: [string, Placement][] = [];
	oldNotes.forEach((value, id) => {
		const parsed = noteContentSchema.safeParse(value);
		if (!NOTE_ID.test(id) || !parsed.success) {
			problems.push(`note ${id}: not a note; skipped`);
			return;
		}
		const c = parsed.data;
		notes.push({ id, text: c.text, source: c.source, fields: c.fields, createdBy: c.by, createdAt: c.at, groupId: null, order: '', pos: null, stackedOn: null });
		const p = readPlacement(oldPlace.get(id));
		if (p) placements.push([id, p]);
		else if (oldPlace.has(id)) problems.push(`note ${id}: unreadable placement; left unsorted`);
	});
	const update = currentBoard(groups, notes, placements);
	const votes = documentVotes(old, new Set(groups.map((g) => g.id)));
	return { update, meta: plain(meta), votes, imports: [], problems, notes: notes.length, groups: groups.length };
}

/**
 * Version 1 to 3: a stacked note's folded duplicates become notes of their own, stacked on it;
 * groups that shared an order key get distinct ones.
 */
function fromVersion1(old: Y.Doc): MigratedBoard {
	const problems: string[] = [];
	const oldNotes = old.getMap<unknown>('notes');
	const oldGroups = old.getMap<unknown>('groups');

	const groups: Group[] = [];
	for (const [id, value] of oldGroups.entries()) {
		if (!(value instanceof Y.Map)) {
			problems.push(`group ${id}: not a group; skipped`);
			continue;
		}
		const { group, problems: p } = repairGroup({ ...plain(value), id });
		problems.push(...p);
		if (group) groups.push(group);
	}
	const groupIds = new Set(groups.map((g) => g.id));
	const notes: Note[] = [];
	const taken = new Set<string>();
	for (const [id, value] of oldNotes.entries()) {
		if (!(value instanceof Y.Map)) {
			problems.push(`note ${id}: not a note; skipped`);
			continue;
		}
		const raw = plain(value);
		const { note, problems: p } = repairNote({ ...raw, id }, groupIds);
		problems.push(...p);
		if (!note) continue;
		notes.push(note);
		taken.add(note.id);
		const stacked = Array.isArray(raw.stacked) ? raw.stacked : [];
		for (const entry of stacked) {
			const { note: dup } = repairNote(entry);
			if (!dup) continue;
			if (taken.has(dup.id)) dup.id = newId('note');
			taken.add(dup.id);
			notes.push({ ...dup, groupId: null, order: '', pos: null, stackedOn: note.id });
		}
	}
	// Groups in version 1 could share an order key; give each top-level sibling set distinct keys.
	const siblings = new Map<string | null, Group[]>();
	for (const g of groups) siblings.set(g.parentId, [...(siblings.get(g.parentId) ?? []), g]);
	for (const list of siblings.values()) {
		const seen = new Set<string>();
		for (const g of list) {
			if (seen.has(g.order)) g.order = keysAfter([...seen].sort(), 1)[0];
			seen.add(g.order);
		}
	}

	const update = currentBoard(groups, notes);

	const votes = documentVotes(old, groupIds);
	const imports = [...old.getMap<unknown>('imports').entries()].map(([id, record]) => ({ id, record }));
	return { update, meta: plain(old.getMap('meta')), votes, imports, problems, notes: notes.length, groups: groups.length };
}

/** A board at the current schema version holding these groups, notes and placements, as one update. */
function currentBoard(groups: Group[], notes: Note[], placements: [string, Placement][] = []): Uint8Array {
	const doc = new Y.Doc();
	const origin: Origin = { kind: 'server' };
	doc.transact(() => {
		const r = roots(doc);
		r.meta.set('schemaVersion', SCHEMA_VERSION);
		for (const g of groups) r.groups.set(g.id, groupMap(g));
		addNotes(doc, notes, origin);
		for (const [id, p] of placements) r.place.set(id, p);
	}, origin);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/** Whether a stored document needs `migrateBoard` before it can be served. */
export function needsMigration(doc: Y.Doc): boolean {
	return schemaVersionOf(doc) < SCHEMA_VERSION;
}
