import * as Y from 'yjs';
import { clampText } from '../text/graphemes.ts';
import { GROUP_FIELDS, groupFieldSchemas, isWritableOwnerEmail, MAX_LABEL, type GroupField } from './group.ts';
import { GROUP_ID, importFieldsBefore, importFieldsOf, NOTE_ID, readNoteContent, readPlacement, storedNoteSchema, storeNote, type NoteContent } from './note.ts';
import { CONTENT_ROOTS, roots } from './schema.ts';
import { MAX_NESTING } from './tree.ts';

/**
 * Server-side validation of the content document, decided from what a transaction really did
 * (Yjs tells exactly which types and keys it changed once it is applied), never from where the
 * items of an update might land. See DESIGN.md "Validation and repair".
 */

/** The origin of the server's repairing transactions. */
export const REPAIR = Symbol('repair');

/** Most notes a board may hold; past it, new notes of a change are removed. */
export const MAX_NOTES = 30_000;
/** Most groups a board may hold. */
export const MAX_GROUPS = 5_000;
/**
 * How far a new note's time (`at`) may lie outside what the server knows (`Writer.noteTimes`), in
 * ms: a tab whose clock is not yet set by the server's (`ServerClock`) writes its device's time.
 */
export const NOTE_TIME_SKEW_MS = 5 * 60_000;

export type KeyAction = 'add' | 'update' | 'delete';

export interface KeyChange {
	action: KeyAction;
	/** The value before the transaction (a JSON value, or a Yjs type for group maps). */
	old: unknown;
	/**
	 * When `old` is a group's map: what it held before the transaction, read while it still could be
	 * (its values are gone once the transaction is cleaned up), the label as a string.
	 */
	fields?: Record<string, unknown>;
}

/** What one transaction changed in the content document, read while it was being applied. */
export interface ChangedRecords {
	meta: Map<string, KeyChange>;
	notes: Map<string, KeyChange>;
	place: Map<string, KeyChange>;
	/** Group ids added, replaced or deleted as a whole. */
	groups: Map<string, KeyChange>;
	/** Keys changed inside an existing group's map, per group id. */
	groupFields: Map<string, Map<string, KeyChange>>;
	/** Groups whose label text (or anything nested deeper in the group) changed. */
	groupContent: Set<string>;
	/** Root types outside the content document's roots that the transaction wrote to. */
	otherRoots: Set<string>;
}

export interface Writer {
	/** The participant id of the connection (`user_…`): the author of the notes it adds, and for the log. */
	participant: string;
	/**
	 * Server-side changes (imports, restores, migrations, publishing) may write notes with a
	 * source, remove customer comments and set a group's task status.
	 */
	server?: boolean;
	/** Keys of `meta` besides `schemaVersion` this writer may set (not validated here). */
	metaKeys?: readonly string[];
	/** Root types besides the content roots this writer may write (not validated here). */
	roots?: readonly string[];
	/**
	 * Whether a department id is one a group may be assigned to (one of the board's workspace's
	 * departments). Unset: any id the schema takes (the server's own changes, a restore).
	 */
	department?: (id: string) => boolean;
	/**
	 * What the server's clock says about the notes this writer adds (ms since the epoch): `now`, when
	 * the change arrived, and `since`, the earliest time a note of the board may carry (the board's
	 * creation, or its oldest note, such as a restored backup's). A new note's `at` must lie within
	 * [`since` − `NOTE_TIME_SKEW_MS`, `now` + `NOTE_TIME_SKEW_MS`]: a note written offline, or
	 * brought back by undo, keeps its time; one from before the board or from the future, or whose
	 * time is no number, gets the time the server received it. Unset: any time the schema takes.
	 */
	noteTimes?: NoteTimes;
}

/** The server's clock for the notes a client adds (`Writer.noteTimes`), in ms since the epoch. */
export interface NoteTimes {
	/** When the change arrived. */
	now: number;
	/** The earliest time a note of the board may carry. */
	since: number;
	/**
	 * The latest time given to a note so far, kept by the caller from one change to the next and
	 * raised by `repairContent`: notes timed by later changes come after it, so the parts of an
	 * offline tab's or a script's notes that arrive within one millisecond keep their order too.
	 */
	given: number;
}

function emptyChanges(): ChangedRecords {
	return {
		meta: new Map(),
		notes: new Map(),
		place: new Map(),
		groups: new Map(),
		groupFields: new Map(),
		groupContent: new Set(),
		otherRoots: new Set()
	};
}

function rootOf(type: Y.AbstractType<any>): Y.AbstractType<any> {
	let t = type;
	while (t._item) t = t._item.parent as Y.AbstractType<any>;
	return t;
}

function mapKeys(type: Y.AbstractType<any>, txn: Y.Transaction, keys: Set<string | null>): Map<string, KeyChange> {
	const event = new Y.YMapEvent(type as Y.Map<unknown>, txn, keys);
	const out = new Map<string, KeyChange>();
	for (const [key, change] of event.keys) {
		const old = change.oldValue instanceof Y.Text ? textBefore(change.oldValue, txn) : change.oldValue;
		out.set(key, change.oldValue instanceof Y.Map ? { action: change.action, old, fields: mapBefore(change.oldValue, txn) } : { action: change.action, old });
	}
	return out;
}

/** What a Y.Map held before `txn` (which may have deleted it, or changed its keys): plain values, texts as strings. */
function mapBefore(map: Y.Map<unknown>, txn: Y.Transaction): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, last] of map._map) {
		// The value a key held before is the newest of its items that was written before the
		// transaction and not deleted before it.
		for (let n: Y.Item | null = last; n; n = n.left) {
			const addedNow = n.id.clock >= (txn.beforeState.get(n.id.client) ?? 0);
			const deletedBefore = n.deleted && !Y.isDeleted(txn.deleteSet, n.id);
			if (addedNow) continue;
			if (deletedBefore) break;
			if (n.content instanceof Y.ContentAny) out[key] = n.content.getContent().at(-1);
			else if (n.content instanceof Y.ContentType && n.content.type instanceof Y.Text) out[key] = textBefore(n.content.type, txn);
			break;
		}
	}
	return out;
}

/** The string a Y.Text held before `txn` (which may have deleted it with its parent). */
function textBefore(text: Y.Text, txn: Y.Transaction): string {
	let out = '';
	for (let n = text._start; n; n = n.right) {
		const addedNow = n.id.clock >= (txn.beforeState.get(n.id.client) ?? 0);
		const deletedBefore = n.deleted && !Y.isDeleted(txn.deleteSet, n.id);
		if (!addedNow && !deletedBefore && n.content instanceof Y.ContentString) out += n.content.str;
	}
	return out;
}

/**
 * Reads what a transaction changed. Must run while the transaction is being cleaned up (in an
 * `afterTransaction` handler), when the values it replaced can still be read.
 */
export function changedRecords(txn: Y.Transaction): ChangedRecords {
	const doc = txn.doc;
	const { meta, notes, place, groups } = roots(doc);
	const out = emptyChanges();
	for (const [changedType, keys] of txn.changed) {
		const type = changedType as Y.AbstractType<any>;
		if (type === notes) out.notes = mapKeys(type, txn, keys);
		else if (type === place) out.place = mapKeys(type, txn, keys);
		else if (type === groups) out.groups = mapKeys(type, txn, keys);
		else if (type === meta) out.meta = mapKeys(type, txn, keys);
		else {
			const root = rootOf(type);
			if (root === groups) {
				// The group whose map holds this type, directly or further down.
				let t: Y.AbstractType<any> = type;
				while (t._item && t._item.parent !== groups) t = t._item.parent as Y.AbstractType<any>;
				const groupId = t._item?.parentSub;
				if (!groupId || t._item!.deleted) continue;
				if (t === type && type instanceof Y.Map) {
					const fields = out.groupFields.get(groupId) ?? new Map<string, KeyChange>();
					for (const [k, v] of mapKeys(type, txn, keys)) fields.set(k, v);
					out.groupFields.set(groupId, fields);
				} else out.groupContent.add(groupId);
			} else if (root === notes || root === place || root === meta) {
				// A Yjs type nested inside a note, a placement or meta: none belongs there. Its key
				// in the root was changed in the same transaction and is checked there.
				continue;
			} else {
				const name = rootName(doc, root);
				if (name) out.otherRoots.add(name);
			}
		}
	}
	return out;
}

function rootName(doc: Y.Doc, type: Y.AbstractType<any>): string | null {
	for (const [name, t] of doc.share) if (t === type) return name;
	return null;
}

/**
 * Runs `apply` (which applies one client's update to `doc`) and reads what it changed.
 * Use it on the server: `const changed = captureChanges(doc, () => Y.applyUpdate(doc, update, conn))`.
 */
export function captureChanges(doc: Y.Doc, apply: () => void): ChangedRecords {
	const out = emptyChanges();
	const merge = (txn: Y.Transaction) => {
		const c = changedRecords(txn);
		for (const key of ['meta', 'notes', 'place', 'groups'] as const) {
			for (const [k, v] of c[key]) {
				const prior = out[key].get(k);
				// Across transactions, keep the value from before the first one.
				// A key removed by one transaction and written again by a later one was replaced.
				const action = !prior ? v.action : v.action === 'delete' && prior.action === 'add' ? 'delete' : prior.action === 'delete' && v.action !== 'delete' ? 'update' : prior.action;
				out[key].set(k, prior ? { ...prior, action } : v);
			}
		}
		for (const [g, fields] of c.groupFields) {
			const into = out.groupFields.get(g) ?? new Map<string, KeyChange>();
			for (const [k, v] of fields) if (!into.has(k)) into.set(k, v);
			out.groupFields.set(g, into);
		}
		for (const g of c.groupContent) out.groupContent.add(g);
		for (const r of c.otherRoots) out.otherRoots.add(r);
	};
	// The roots must exist as maps before the update is applied: a root Yjs first meets in an
	// update is a plain type, replaced by a new map object when read as one, and the changes
	// recorded against the first object would not be recognised.
	roots(doc);
	doc.on('afterTransaction', merge);
	try {
		apply();
	} finally {
		doc.off('afterTransaction', merge);
	}
	return out;
}

/** Deletes every item of a type and of the types nested in it (a root nobody may write). */
function wipe(type: Y.AbstractType<any>, txn: Y.Transaction): void {
	const items: Y.Item[] = [];
	for (let n = type._start; n; n = n.right) items.push(n);
	for (const item of type._map.values()) {
		for (let n: Y.Item | null = item; n; n = n.left) items.push(n);
	}
	for (const item of items) if (!item.deleted) item.delete(txn);
}

function same(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether a Y.Text holds plain text only (no embeds, no formatting attributes). */
function plainText(text: Y.Text): boolean {
	for (let n = text._start; n; n = n.right) {
		if (!n.deleted && !(n.content instanceof Y.ContentString)) return false;
	}
	return true;
}

/**
 * Checks every record a change touched against the board schema and repairs what is invalid, in
 * one transaction with origin `REPAIR`. Returns what was repaired, in words for a log; empty when
 * the change was valid. Rules (clients; `writer.server` lifts the ones marked *):
 * - notes: a new note must be a valid `StoredNote` with a `note_` id (an imported one matching its
 *   import's field list in `meta`), * and no `source`, else it
 *   is removed; * its `by` is the writer's participant id (another is replaced by it, the rest of
 *   the note kept); * its time (`at`) lies within `writer.noteTimes` (else, or when it is no number,
 *   it is the server's: the time the change arrived, new notes of one change a millisecond apart
 *   in the order their times gave them); * an existing note's content, its time included, never
 *   changes and * a customer comment (one with a source) is never removed (the old value is put
 *   back); past `MAX_NOTES` new notes are removed.
 * - place: a placement must be valid and belong to an existing note, else the old value is put
 *   back (or the key removed).
 * - groups: a group must be a map with a `grp_` id; a damaged key gets its old value back (or its
 *   default), unknown keys are removed, the label is plain text of at most `MAX_LABEL`
 *   characters, * `status` is kept as it was (a new group a client writes whole has none; one put
 *   in place of a group keeps that group's, as do the fields it leaves out or damages), a
 *   `department` the change sets must be one `writer.department` accepts, * an owner's e-mail the
 *   change sets must be '' or a whole address (`isWritableOwnerEmail`; else the old value is put
 *   back); past `MAX_GROUPS` new groups are removed, and the notes the change put in them go back
 *   to where they were.
 * - meta holds `schemaVersion` and * the imports' field lists only; any other root is emptied.
 * `told`, when given, receives what the person who made the change must be told, in their words:
 * that new notes or groups past a board's limit were not kept (`limitNotice`).
 */
export function repairContent(doc: Y.Doc, changed: ChangedRecords, writer: Writer, told?: string[]): string[] {
	const problems: string[] = [];
	const { meta, notes, place, groups } = roots(doc);
	const fixes: ((txn: Y.Transaction) => void)[] = [];

	for (const name of changed.otherRoots) {
		if ((CONTENT_ROOTS as readonly string[]).includes(name) || writer.roots?.includes(name)) continue;
		const type = doc.share.get(name);
		if (!type) continue;
		problems.push(`removed writes to "${name}", which is not part of a board`);
		fixes.push((txn) => wipe(type, txn));
	}

	if (changed.meta.size > 0 && !writer.server) {
		for (const [key, change] of changed.meta) {
			if (key === 'schemaVersion') {
				if (meta.get(key) !== change.old) {
					problems.push('put back the schema version');
					fixes.push(() => (change.old === undefined ? meta.delete(key) : meta.set(key, change.old)));
				}
			} else if (!writer.metaKeys?.includes(key)) {
				problems.push(`removed meta key "${key}"`);
				fixes.push(() => (change.old === undefined ? meta.delete(key) : meta.set(key, change.old)));
			}
		}
	}

	let added = 0;
	/** New notes whose time is put right: given the server's, in the order they claimed. */
	const retimed: { id: string; content: NoteContent; claimed: unknown }[] = [];
	// A note's old value is read with the field list it was written against: a change that also
	// removes or replaces its import's list in `meta` must not make a customer comment read as
	// invalid, which would let it be removed (or its content replaced) for good. A client's changes
	// to `meta` are put back above, so its new notes are read against the lists as they were too.
	const fieldsBefore = importFieldsBefore(doc, changed.meta);
	const fields = writer.server ? importFieldsOf(doc) : fieldsBefore;
	for (const [id, change] of changed.notes) {
		const old = change.old;
		if (change.action === 'delete') {
			// Customer comments from an import are evidence: only the server removes them for good
			// (people move them to the trash). Hand-written notes may be removed.
			if (!writer.server && readNoteContent(old, fieldsBefore)?.source) {
				problems.push(`note ${id}: a customer comment cannot be removed, only moved to the trash; put back`);
				fixes.push(() => notes.set(id, old));
			} else if (place.has(id)) fixes.push(() => place.delete(id));
			continue;
		}
		const value = notes.get(id);
		if (change.action === 'update' && !writer.server) {
			if (!same(value, old)) {
				problems.push(`note ${id}: its content cannot change; put back`);
				fixes.push(() => (readNoteContent(old, fieldsBefore) ? notes.set(id, old) : notes.delete(id)));
			}
			continue;
		}
		let content = NOTE_ID.test(id) ? readNoteContent(value, fields) : null;
		const times = !writer.server && change.action === 'add' ? writer.noteTimes : undefined;
		let claimed: unknown = undefined;
		let badTime = false;
		if (times && NOTE_ID.test(id) && Array.isArray(value)) {
			claimed = value[2];
			if (content) badTime = content.at < times.since - NOTE_TIME_SKEW_MS || content.at > times.now + NOTE_TIME_SKEW_MS;
			else {
				// Not a note only for its time (NaN, a string, negative): the rest of it is kept.
				const withTime = readNoteContent([value[0], value[1], times.now, ...value.slice(3)], fields);
				if (withTime) [content, badTime] = [withTime, true];
			}
		}
		if (!content) {
			problems.push(`note ${id}: not a valid note (${whyNotANote(id, value)}); removed`);
			fixes.push(() => {
				notes.delete(id);
				place.delete(id);
			});
			continue;
		}
		if (change.action === 'add') added++;
		if (!writer.server && content.source !== null) {
			problems.push(`note ${id}: only an import makes notes with a source; removed`);
			fixes.push(() => {
				notes.delete(id);
				place.delete(id);
			});
		} else if (!writer.server && change.action === 'add' && (content.by !== writer.participant || badTime)) {
			// A note's author is the participant whose connection wrote it: a client that names
			// someone else (or "facilitator") gets its note back under its own id.
			if (content.by !== writer.participant) problems.push(`note ${id}: written by ${writer.participant} as ${JSON.stringify(content.by)}; its author set to the writer`);
			const mine = { ...content, by: writer.participant };
			if (badTime) retimed.push({ id, content: mine, claimed });
			else fixes.push(() => notes.set(id, storeNote(mine)));
		}
	}
	if (retimed.length > 0) {
		// They keep the order their times gave them (readers sort by time: the unsorted area's slots,
		// exports), a millisecond apart, the last at the time the change arrived (or just after the
		// notes timed by the change before, which arrived within the same few milliseconds).
		const rank = (v: unknown) => (typeof v === 'number' && !Number.isNaN(v) ? v : Infinity);
		retimed.sort((a, b) => rank(a.claimed) - rank(b.claimed) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		const clock = writer.noteTimes!;
		// Never more than the skew ahead of now, however many notes a flood of changes was given.
		const first = Math.max(clock.now - (retimed.length - 1), Math.min(clock.given + 1, clock.now + NOTE_TIME_SKEW_MS));
		clock.given = first + retimed.length - 1;
		retimed.forEach(({ id, content, claimed }, i) => {
			problems.push(`note ${id}: its time ${typeof claimed === 'number' ? claimed : typeof claimed === 'string' ? JSON.stringify(claimed.slice(0, 40)) : typeof claimed} is not when it was written; set to the server's`);
			fixes.push(() => notes.set(id, storeNote({ ...content, at: first + i })));
		});
	}
	if (added > 0 && notes.size > MAX_NOTES) {
		problems.push(`more than ${MAX_NOTES} notes: the new ones were removed`);
		told?.push(limitNotice('note', notes.size - added, added));
		for (const [id, change] of changed.notes) {
			if (change.action === 'add') {
				fixes.push(() => {
					notes.delete(id);
					place.delete(id);
				});
			}
		}
	}

	for (const [id, change] of changed.place) {
		if (change.action === 'delete') continue;
		const value = place.get(id);
		const valid = NOTE_ID.test(id) && readPlacement(value) !== null;
		const ownerExists = notes.has(id);
		if (valid && ownerExists) continue;
		const old = change.old;
		if (!ownerExists) problems.push(`placement of a note that does not exist (${id}); removed`);
		else problems.push(`note ${id}: not a valid placement; put back`);
		fixes.push(() => (ownerExists && readPlacement(old) ? place.set(id, old) : place.delete(id)));
	}

	let groupsAdded = 0;
	const checkedGroups = new Set<string>();
	for (const [id, change] of changed.groups) {
		if (change.action === 'delete') continue;
		const value = groups.get(id);
		if (!GROUP_ID.test(id) || !(value instanceof Y.Map)) {
			problems.push(`group ${id}: not a group; removed`);
			fixes.push(() => groups.delete(id));
			continue;
		}
		if (change.action === 'add') groupsAdded++;
		checkedGroups.add(id);
		problems.push(...checkGroup(id, value, wholeGroupChange(change), writer, fixes));
	}
	if (groupsAdded > 0 && groups.size > MAX_GROUPS) {
		problems.push(`more than ${MAX_GROUPS} groups: the new ones were removed`);
		told?.push(limitNotice('group', groups.size - groupsAdded, groupsAdded));
		const removed = new Set<string>();
		for (const [id, change] of changed.groups) {
			if (change.action !== 'add') continue;
			removed.add(id);
			fixes.push(() => groups.delete(id));
		}
		// Notes the change put in them go back where they were (or to the unsorted area): a note
		// in a group that does not exist is drawn nowhere.
		for (const [id, change] of changed.place) {
			const value = readPlacement(place.get(id));
			if (!value || !('groupId' in value) || !removed.has(value.groupId)) continue;
			const old = readPlacement(change.old);
			const back = old && !('groupId' in old && removed.has(old.groupId)) ? change.old : undefined;
			fixes.push(() => (back === undefined ? place.delete(id) : place.set(id, back)));
		}
	}
	for (const id of new Set([...changed.groupFields.keys(), ...changed.groupContent])) {
		if (checkedGroups.has(id)) continue;
		const value = groups.get(id);
		if (!(value instanceof Y.Map)) continue;
		problems.push(...checkGroup(id, value, changed.groupFields.get(id) ?? new Map(), writer, fixes));
	}

	const reparented = [...checkedGroups];
	for (const [id, fields] of changed.groupFields) if (fields.has('parentId') && !checkedGroups.has(id)) reparented.push(id);
	if (reparented.length > 0) problems.push(...checkNesting(groups, reparented, fixes));

	if (fixes.length > 0) {
		doc.transact((txn) => {
			for (const fix of fixes) fix(txn);
		}, REPAIR);
	}
	return problems;
}

/**
 * The keys a change that writes a group's map whole sets, each with the value it had before. A new
 * group had none: it carries no task status (only the server mirrors one, so a status in it counts
 * as a change from null) and its department and owner count as set by the change. A map put in
 * place of an existing group's is every field of that group changed at once: the status and any
 * field it leaves out or damages get the replaced map's values back, and a department or owner
 * is checked only where it differs from the replaced one.
 */
function wholeGroupChange(change: KeyChange): Map<string, KeyChange> {
	const before = change.action === 'update' ? change.fields : undefined;
	if (!before) {
		return new Map<string, KeyChange>([
			['status', { action: 'add', old: null }],
			['department', { action: 'add', old: null }],
			['owner', { action: 'add', old: null }]
		]);
	}
	const out = new Map<string, KeyChange>();
	for (const key of [...GROUP_FIELDS, 'label']) out.set(key, { action: 'update', old: key === 'status' ? (before.status ?? null) : before[key] });
	return out;
}

/**
 * What a person is told when new notes or groups of theirs were removed because the board holds
 * as many as it may (`MAX_NOTES`, `MAX_GROUPS`): `kept` is how many the board has without them,
 * `removed` how many were not kept.
 */
export function limitNotice(kind: 'note' | 'group', kept: number, removed: number): string {
	const most = kind === 'note' ? MAX_NOTES : MAX_GROUPS;
	const count = (n: number) => n.toLocaleString('en');
	const board = kept >= most ? `This board has ${count(most)} ${kind}s, the most it can hold` : `This board can hold at most ${count(most)} ${kind}s`;
	const which = removed === 1 ? `the new ${kind} was` : `the ${count(removed)} new ${kind}s were`;
	return `${board}; ${which} not kept.`;
}

/** Checks one group map; pushes fixes and answers the problems. `fields` are the keys changed in it. */
function checkGroup(
	id: string,
	map: Y.Map<unknown>,
	fields: Map<string, KeyChange>,
	writer: Writer,
	fixes: ((txn: Y.Transaction) => void)[]
): string[] {
	const problems: string[] = [];
	for (const key of map.keys()) {
		if (key !== 'label' && !(GROUP_FIELDS as string[]).includes(key)) {
			problems.push(`group ${id}: unknown key "${key}" removed`);
			fixes.push(() => map.delete(key));
		}
	}
	for (const key of GROUP_FIELDS) {
		const value = map.get(key);
		const change = fields.get(key);
		const schema = groupFieldSchemas[key as GroupField];
		const serverOnly = key === 'status' && !writer.server && change !== undefined;
		// A department the change sets must be one of the board's; one a group already had (its
		// department deleted since) stays until someone assigns another.
		const unknownDepartment =
			key === 'department' && writer.department !== undefined && change !== undefined && typeof value === 'string' && !same(value, change.old) && !writer.department(value);
		// An owner's e-mail the change sets must be one the Assign fields write; one stored before
		// addresses were checked stays through changes of the owner's name until someone replaces it.
		const badEmail = key === 'owner' && !writer.server && change !== undefined && emailOf(value) !== emailOf(change.old) && !isWritableOwnerEmail(emailOf(value));
		if (schema.safeParse(value).success && !serverOnly && !unknownDepartment && !badEmail) continue;
		if (serverOnly && same(value, change.old)) continue;
		const old = change?.old;
		const fallback = schema.safeParse(old).success ? old : defaultOf(key);
		const why = serverOnly
			? 'is set by the server'
			: unknownDepartment
				? 'is not one of the board’s departments'
				: badEmail
					? 'e-mail is not a complete address'
					: 'was not valid';
		problems.push(`group ${id}: ${key} ${why}; put back`);
		fixes.push(() => map.set(key, fallback));
	}
	const label = map.get('label');
	if (!(label instanceof Y.Text)) {
		const old = fields.get('label')?.old;
		const text = typeof old === 'string' ? old : '';
		problems.push(`group ${id}: its name is not text; replaced`);
		fixes.push(() => map.set('label', new Y.Text(clampText(text, MAX_LABEL))));
	} else if (!plainText(label)) {
		problems.push(`group ${id}: its name held more than text; kept the text`);
		const text = clampText(label.toString(), MAX_LABEL);
		fixes.push(() => map.set('label', new Y.Text(text)));
	} else if (label.length > MAX_LABEL) {
		problems.push(`group ${id}: name longer than ${MAX_LABEL} characters; cut`);
		fixes.push(() => {
			// Cut at a character boundary: never inside an emoji, a combining sequence or a surrogate pair.
			const keep = clampText(label.toString(), MAX_LABEL).length;
			label.delete(keep, label.length - keep);
		});
	}
	return problems;
}

/**
 * Puts a group at the top level when the parent a change gave it is the group itself, makes a
 * loop of parents or nests it, or a group inside it, more than MAX_NESTING levels deep (readers
 * would draw it at the top level anyway, after walking the whole chain on every change). `ids` are the groups whose
 * parent the change set. They are checked from the top down, each with the groups below it up to
 * the next of them, so a chain made in one change is cut where readers cut it (every
 * MAX_NESTING + 1 levels) and a group moved under another is the one put back. Pushes fixes and
 * answers the problems.
 */
function checkNesting(groups: Y.Map<unknown>, ids: string[], fixes: ((txn: Y.Transaction) => void)[]): string[] {
	const problems: string[] = [];
	const parentOf = new Map<string, string>();
	const children = new Map<string, Set<string>>();
	groups.forEach((m, id) => {
		const p = m instanceof Y.Map ? m.get('parentId') : null;
		if (typeof p !== 'string' || p === id || !(groups.get(p) instanceof Y.Map)) return;
		parentOf.set(id, p);
		let kids = children.get(p);
		if (!kids) children.set(p, (kids = new Set()));
		kids.add(id);
	});
	/** Levels above a group, counted no further than past the bound; null when its parents loop back to it. */
	const levelsAbove = (id: string): number | null => {
		let above = 0;
		for (let cur = parentOf.get(id); cur !== undefined && above <= MAX_NESTING; cur = parentOf.get(cur)) {
			if (cur === id) return null;
			above++;
		}
		return above;
	};
	const changed = new Set(ids);
	for (const id of changed) {
		const map = groups.get(id);
		if (!(map instanceof Y.Map) || map.get('parentId') !== id) continue;
		problems.push(`group ${id}: nested inside itself; made top-level`);
		fixes.push(() => map.set('parentId', null));
	}
	const order = ids.map((id) => ({ id, above: levelsAbove(id) ?? MAX_NESTING + 1 })).sort((a, b) => a.above - b.above);
	for (const { id } of order) {
		const parent = parentOf.get(id);
		if (parent === undefined) continue;
		const above = levelsAbove(id);
		// Levels below it, down to the next group the change moved, and no further than the bound.
		let below = 0;
		let level = [id];
		const seen = new Set(level);
		while (above !== null && level.length > 0 && above + below <= MAX_NESTING) {
			const next: string[] = [];
			for (const g of level) {
				for (const k of children.get(g) ?? []) {
					if (seen.has(k) || changed.has(k)) continue;
					seen.add(k);
					next.push(k);
				}
			}
			if (next.length > 0) below++;
			level = next;
		}
		if (above !== null && above + below <= MAX_NESTING) continue;
		problems.push(`group ${id}: ${above === null ? 'nested inside itself' : `nested more than ${MAX_NESTING} levels deep`}; made top-level`);
		parentOf.delete(id);
		children.get(parent)?.delete(id);
		const map = groups.get(id) as Y.Map<unknown>;
		fixes.push(() => map.set('parentId', null));
	}
	return problems;
}

/** The e-mail of a stored owner value (`{name, email}`), or '' when it has none. */
function emailOf(owner: unknown): string {
	const email = typeof owner === 'object' && owner !== null ? (owner as { email?: unknown }).email : undefined;
	return typeof email === 'string' ? email : '';
}

function defaultOf(key: GroupField): unknown {
	switch (key) {
		case 'x':
		case 'y':
			return 0;
		case 'order':
			return 'a0';
		case 'color':
			return '#fde68a';
		case 'collapsed':
			return false;
		default:
			return null;
	}
}

/** Why a stored value is not a note, in words for the log. */
function whyNotANote(id: string, value: unknown): string {
	if (!NOTE_ID.test(id)) return 'id: not a note id';
	const parsed = storedNoteSchema.safeParse(value);
	if (!parsed.success) return describe(parsed.error);
	return "its import's field list is missing or has fewer keys than it has values, or it has too many values";
}

function describe(error: { issues: { path: PropertyKey[]; message: string }[] } | undefined): string {
	if (!error) return 'unreadable';
	return error.issues
		.slice(0, 3)
		.map((i) => `${i.path.map(String).join('.') || 'value'}: ${i.message}`)
		.join('; ');
}
