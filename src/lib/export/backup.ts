import * as Y from 'yjs';
import {
	addGroups,
	addNotes,
	migrateBoard,
	repairGroup,
	repairNote,
	roots,
	SCHEMA_VERSION,
	type Group,
	type Note,
	type Origin
} from '$lib/board';
import { readBoard, type BoardData } from './board-data';

export const BACKUP_FORMAT = 'gistboard-backup';
export const BACKUP_VERSION = 1;

export interface Backup {
	format: typeof BACKUP_FORMAT;
	version: number;
	exportedAt: string;
	board: BoardData;
}

export function makeBackup(doc: Y.Doc, now = new Date()): Backup {
	return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now.toISOString(), board: readBoard(doc) };
}

export class BackupError extends Error {}

export interface Restored {
	doc: Y.Doc;
	title: string;
	notes: number;
	groups: number;
	/** What had to be repaired or dropped, in words a facilitator can act on. */
	problems: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Plain JSON values only: meta and import records must not smuggle in anything else. */
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
 * Reads a backup file into a new board document. Every note and group is validated and repaired
 * (bad ids replaced, bad numbers zeroed); notes pointing at missing groups are ungrouped; votes for
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
		const { value, problems: p } = repairGroup(raw);
		if (!value) return problems.push(`group ${i + 1}: ${p.join('; ')}; left out`);
		if (p.length) problems.push(`group ${i + 1} ("${value.label}"): repaired ${p.join('; ')}`);
		if (groupIds.has(value.id)) {
			problems.push(`group ${i + 1}: duplicate id ${value.id}; left out`);
			return;
		}
		groupIds.add(value.id);
		groups.push(value);
	});
	for (const g of groups) {
		if (g.parentId && (!groupIds.has(g.parentId) || g.parentId === g.id)) {
			problems.push(`group "${g.label}": parent ${g.parentId} is missing; made top-level`);
			g.parentId = null;
		}
	}

	const notes: Note[] = [];
	const noteIds = new Set<string>();
	list('notes').forEach((raw, i) => {
		const { value, problems: p } = repairNote(raw);
		if (!value) return problems.push(`note ${i + 1}: ${p.join('; ')}; left out`);
		if (p.length) problems.push(`note ${i + 1}: repaired ${p.join('; ')}`);
		if (noteIds.has(value.id)) {
			problems.push(`note ${i + 1}: duplicate id ${value.id}; left out`);
			return;
		}
		if (value.groupId && !groupIds.has(value.groupId)) {
			problems.push(`note ${i + 1}: its group ${value.groupId} is missing; ungrouped`);
			value.groupId = null;
		}
		noteIds.add(value.id);
		notes.push(value);
	});

	const meta = isObject(board.meta) ? (plain(board.meta) as Record<string, unknown>) : {};
	if (!isObject(board.meta)) problems.push('board settings were missing; defaults used');
	const title = newTitle ?? (typeof meta.title === 'string' && meta.title.trim() ? meta.title : 'Restored board');

	const r = roots(doc);
	doc.transact(() => {
		for (const [k, v] of Object.entries(meta)) r.meta.set(k, v);
		r.meta.set('title', title);
		const version = typeof meta.schemaVersion === 'number' ? Math.min(meta.schemaVersion, SCHEMA_VERSION) : 0;
		r.meta.set('schemaVersion', version);
		if (isObject(board.imports)) {
			for (const [k, v] of Object.entries(board.imports)) r.imports.set(k, plain(v));
		}
		if (isObject(board.votes)) {
			for (const [groupId, byUser] of Object.entries(board.votes)) {
				if (!groupIds.has(groupId) || !isObject(byUser)) {
					problems.push(`votes for missing group ${groupId} were dropped`);
					continue;
				}
				const map = new Y.Map<number>();
				for (const [user, count] of Object.entries(byUser)) {
					if (typeof count === 'number' && Number.isInteger(count) && count > 0) map.set(user, Math.min(count, 100));
				}
				r.votes.set(groupId, map);
			}
		}
	}, origin);
	addGroups(doc, groups, origin);
	addNotes(doc, notes, origin);
	migrateBoard(doc, origin);
	return { doc, title, notes: notes.length, groups: groups.length, problems };
}
