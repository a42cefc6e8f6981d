import * as Y from 'yjs';
import { addGroups, addNotes, newId, readNotes, repairGroup, repairNote, roots, SCHEMA_VERSION, type Group, type Note, type Origin } from '$lib/board';
import { readBoard, type BoardData, type BoardExtras } from './board-data';

export const BACKUP_FORMAT = 'gistboard-backup';
/** Version 1 held the version-1 document (notes with x/y and stacked copies, controls in meta); 2 holds placements. */
export const BACKUP_VERSION = 2;

export interface Backup {
	format: typeof BACKUP_FORMAT;
	version: number;
	exportedAt: string;
	board: Omit<BoardData, 'skipped'> & { schemaVersion: number; trashed: Note[] };
}

/** A backup of a board: its content document and what the server keeps beside it. */
export function makeBackup(doc: Y.Doc, extras: BoardExtras = {}, now = new Date()): Backup {
	const { skipped: _skipped, ...board } = readBoard(doc, extras);
	void _skipped;
	return {
		format: BACKUP_FORMAT,
		version: BACKUP_VERSION,
		exportedAt: now.toISOString(),
		board: { schemaVersion: SCHEMA_VERSION, ...board, trashed: readNotes(doc).trashed }
	};
}

import { BackupError } from './backup-error';
export { BackupError };

export interface Restored {
	doc: Y.Doc;
	title: string;
	notes: number;
	groups: number;
	/** Votes per group and voter, for the server's ballot table. */
	votes: Record<string, Record<string, number>>;
	/**
	 * The imports the notes came from, under new ids (so a backup can be restored more than once):
	 * each with its record when the backup had one.
	 */
	imports: Record<string, unknown>;
	/** How many notes came from each (new) import id. */
	importNotes: Record<string, number>;
	/** The backup's import ids and the new ids they were given. */
	renamedImports: Record<string, string>;
	privateColumns: string[];
	/** What had to be repaired or dropped, in words a facilitator can act on. */
	problems: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Plain JSON values only: import records must not smuggle in anything else. */
function plain(value: unknown, depth = 0): unknown {
	if (depth > 8) return null;
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
	if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, depth + 1)]));
	return null;
}

const MAX_LIST = 100_000;

/**
 * Reads a backup file (format 1 or 2) into a board's content document. Every note and group is
 * validated and repaired (bad ids replaced, bad numbers zeroed); notes pointing at missing groups
 * are ungrouped; a format-1 note's stacked duplicates become notes stacked on it; votes for
 * missing groups are dropped. Writes into `doc` (a new board's document) or a new document.
 * Throws BackupError only when the file is not a backup at all.
 */
export function restoreBackup(input: unknown, { origin = { kind: 'restore' }, doc = new Y.Doc(), title: newTitle }: { origin?: Origin; doc?: Y.Doc; title?: string } = {}): Restored {
	let data = input;
	if (typeof data === 'string') {
		try {
			data = JSON.parse(data);
		} catch {
			throw new BackupError('This file is not valid JSON. Choose a board backup exported from Gistboard (.json).');
		}
	}
	if (!isObject(data) || data.format !== BACKUP_FORMAT || !isObject(data.board)) {
		throw new BackupError('This file is not a Gistboard board backup. Export one with "Download backup" on a board.');
	}
	if (typeof data.version !== 'number' || data.version > BACKUP_VERSION) {
		throw new BackupError(`This backup was written by a newer Gistboard (format ${String(data.version)}). Update Gistboard, then restore it.`);
	}
	const board = data.board;
	const problems: string[] = [];
	const list = (key: string): unknown[] => {
		const v = board[key];
		if (v === undefined) return [];
		if (!Array.isArray(v)) {
			problems.push(`${key} was not a list and was left out`);
			return [];
		}
		if (v.length > MAX_LIST) problems.push(`${key}: only the first ${MAX_LIST} were kept`);
		return v.slice(0, MAX_LIST);
	};

	const groups: Group[] = [];
	const groupIds = new Set<string>();
	list('groups').forEach((raw, i) => {
		const { group, problems: p } = repairGroup(raw);
		if (!group) return problems.push(`group ${i + 1}: ${p.join('; ')}; left out`);
		if (p.length) problems.push(`group ${i + 1} ("${group.label}"): repaired ${p.join('; ')}`);
		if (groupIds.has(group.id)) {
			problems.push(`group ${i + 1}: duplicate id ${group.id}; left out`);
			return;
		}
		groupIds.add(group.id);
		groups.push(group);
	});
	for (const g of groups) {
		if (g.parentId && (!groupIds.has(g.parentId) || g.parentId === g.id)) {
			problems.push(`group "${g.label}": parent ${g.parentId} is missing; made top-level`);
			g.parentId = null;
		}
	}

	const notes: Note[] = [];
	const noteIds = new Set<string>();
	const take = (raw: unknown, label: string): Note | null => {
		const { note, problems: p } = repairNote(raw);
		if (!note) {
			problems.push(`${label}: ${p.join('; ')}; left out`);
			return null;
		}
		if (p.length) problems.push(`${label}: repaired ${p.join('; ')}`);
		if (noteIds.has(note.id)) {
			problems.push(`${label}: duplicate id ${note.id}; left out`);
			return null;
		}
		if (note.groupId && !groupIds.has(note.groupId)) {
			problems.push(`${label}: its group ${note.groupId} is missing; ungrouped`);
			note.groupId = null;
			note.order = '';
		}
		noteIds.add(note.id);
		notes.push(note);
		return note;
	};
	list('notes').forEach((raw, i) => {
		const note = take(raw, `note ${i + 1}`);
		// Format 1 kept near-duplicates as copies inside their keeper.
		if (note && isObject(raw) && Array.isArray(raw.stacked)) {
			raw.stacked.forEach((dup, k) => {
				const copy = take(isObject(dup) ? { ...dup, groupId: null, x: undefined, y: undefined } : dup, `note ${i + 1}, duplicate ${k + 1}`);
				if (copy) copy.stackedOn = note.id;
			});
		}
	});
	const trashed: Note[] = [];
	list('trashed').forEach((raw, i) => {
		const note = take(raw, `trashed note ${i + 1}`);
		if (note) trashed.push(note);
	});
	for (const n of notes) {
		if (n.stackedOn && (!noteIds.has(n.stackedOn) || n.stackedOn === n.id)) n.stackedOn = null;
	}

	const meta = isObject(board.meta) ? board.meta : {};
	const title =
		newTitle ??
		(typeof board.title === 'string' && board.title.trim() ? board.title : typeof meta.title === 'string' && meta.title.trim() ? meta.title : 'Restored board');

	const votes: Restored['votes'] = {};
	if (isObject(board.votes)) {
		for (const [groupId, byUser] of Object.entries(board.votes)) {
			if (!groupIds.has(groupId) || !isObject(byUser)) {
				problems.push(`votes for missing group ${groupId} were dropped`);
				continue;
			}
			const ballot: Record<string, number> = {};
			for (const [user, count] of Object.entries(byUser)) {
				if (typeof count === 'number' && Number.isInteger(count) && count > 0) ballot[user] = Math.min(count, 100);
			}
			votes[groupId] = ballot;
		}
	}
	const columns = Array.isArray(board.privateColumns) ? board.privateColumns : Array.isArray(meta.privateColumns) ? meta.privateColumns : [];
	const privateColumns = columns.filter((c): c is string => typeof c === 'string').slice(0, 500);
	// Import ids are unique in an installation: a restored board gets its own.
	const oldRecords = isObject(board.imports) ? (plain(board.imports) as Record<string, unknown>) : {};
	const renamed = new Map<string, string>();
	const importNotes: Record<string, number> = {};
	for (const n of notes) {
		if (!n.source) continue;
		let id = renamed.get(n.source.importId);
		if (!id) renamed.set(n.source.importId, (id = newId('imp')));
		n.source = { ...n.source, importId: id };
		importNotes[id] = (importNotes[id] ?? 0) + (trashed.includes(n) ? 0 : 1);
	}
	const imports: Record<string, unknown> = {};
	for (const [old, id] of renamed) imports[id] = oldRecords[old] ?? null;

	doc.transact(() => roots(doc).meta.set('schemaVersion', SCHEMA_VERSION), origin);
	addGroups(doc, groups, origin);
	addNotes(doc, notes, origin);
	if (trashed.length) doc.transact(() => trashed.forEach((n) => roots(doc).place.set(n.id, { trashed: true })), origin);
	return { doc, title, notes: notes.length - trashed.length, groups: groups.length, votes, imports, importNotes, renamedImports: Object.fromEntries(renamed), privateColumns, problems };
}
