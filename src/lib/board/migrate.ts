import * as Y from 'yjs';
import { clampText } from '../text/graphemes.ts';
import { GROUP_FIELDS, groupFieldSchemas, groupMap, makeGroup, MAX_LABEL, type Group } from './group.ts';
import { newId } from './ids.ts';
import {
	clampCoord,
	contentOf,
	fieldsSchema,
	GROUP_ID,
	makeNote,
	MAX_FIELD_KEY,
	MAX_FIELD_VALUE,
	MAX_FIELDS,
	MAX_NOTE_TEXT,
	NOTE_ID,
	placementOf,
	sourceSchema,
	type FieldValue,
	type Note
} from './note.ts';
import { isOrderKey, keysAfter } from './order.ts';
import { roots, SCHEMA_VERSION, schemaVersionOf, type Origin } from './schema.ts';

/**
 * Migrations of stored boards. Version 1 kept every note as a Y.Map of fields (text, source,
 * fields, x, y, groupId, order, …), and the facilitator's controls, the votes and the import
 * records in the same document. Version 2 keeps a note's content as one immutable value and its
 * placement as another, and moves controls, votes and import records out (DESIGN.md). A migration
 * builds a fresh version-2 document rather than rewriting the old one in place: the result has no
 * history of the old layout, and a copy of the old document can never merge into it (the server
 * raises the board's epoch).
 */

/** What a version-1 board becomes. */
export interface MigratedBoard {
	/** The version-2 content document, as one update. */
	update: Uint8Array;
	/** Version-1 `meta` as plain values (title, phase, locked, timer, votesPerPerson, …), for the server's tables. */
	meta: Record<string, unknown>;
	/** Version-1 votes: one row per group and voter. */
	votes: { groupId: string; voter: string; count: number }[];
	/** Version-1 import records, by import id, as they were stored. */
	imports: { id: string; record: unknown }[];
	/** Records that could not be read, in words a facilitator can act on. */
	problems: string[];
	notes: number;
	groups: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Customer fields as version 2 accepts them: values of other kinds become text, the rest is cut to the limits. */
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
 * version-2 note; null when there is no text to keep.
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
 * Builds the version-2 board from a version-1 document. Note and group ids are kept (published
 * tasks point at them); a stacked note's folded duplicates become notes of their own, stacked on
 * it; damaged records are skipped and listed in `problems`.
 */
export function migrateBoard(old: Y.Doc): MigratedBoard {
	if (schemaVersionOf(old) >= 2) throw new Error('This board is already at schema version 2 or later.');
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

	const doc = new Y.Doc();
	const origin: Origin = { kind: 'server' };
	doc.transact(() => {
		const r = roots(doc);
		r.meta.set('schemaVersion', SCHEMA_VERSION);
		for (const g of groups) r.groups.set(g.id, groupMap(g));
		for (const n of notes) {
			r.notes.set(n.id, contentOf(n));
			const p = placementOf(n);
			if (p) r.place.set(n.id, p);
		}
	}, origin);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();

	const votes: MigratedBoard['votes'] = [];
	for (const [groupId, ballot] of old.getMap<unknown>('votes').entries()) {
		if (!(ballot instanceof Y.Map) || !groupIds.has(groupId)) continue;
		for (const [voter, count] of ballot.entries()) {
			if (typeof count === 'number' && Number.isInteger(count) && count > 0) votes.push({ groupId, voter, count });
		}
	}
	const imports = [...old.getMap<unknown>('imports').entries()].map(([id, record]) => ({ id, record }));
	return { update, meta: plain(old.getMap('meta')), votes, imports, problems, notes: notes.length, groups: groups.length };
}

/** Whether a stored document needs `migrateBoard` before it can be served. */
export function needsMigration(doc: Y.Doc): boolean {
	return schemaVersionOf(doc) < SCHEMA_VERSION;
}
