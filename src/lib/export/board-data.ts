import * as Y from 'yjs';
import { readGroup, readNote, roots, type Group, type Note } from '$lib/board';

/** A board document as plain data: what exports, insights and publishing read. */
export interface BoardData {
	meta: Record<string, unknown>;
	notes: Note[];
	groups: Group[];
	votes: Record<string, Record<string, number>>;
	imports: Record<string, unknown>;
}

export function readBoard(doc: Y.Doc): BoardData {
	const r = roots(doc);
	const notes: Note[] = [];
	r.notes.forEach((map, id) => notes.push(readNote(id, map)));
	const groups: Group[] = [];
	r.groups.forEach((map, id) => groups.push(readGroup(id, map)));
	const votes: BoardData['votes'] = {};
	r.votes.forEach((map, groupId) => {
		if (map instanceof Y.Map) votes[groupId] = map.toJSON() as Record<string, number>;
	});
	notes.sort((a, b) => a.createdAt - b.createdAt || (a.source?.row ?? 0) - (b.source?.row ?? 0) || a.id.localeCompare(b.id));
	groups.sort((a, b) => a.order.localeCompare(b.order) || a.id.localeCompare(b.id));
	return { meta: r.meta.toJSON(), notes, groups, votes, imports: r.imports.toJSON() };
}

export function boardTitle(board: Pick<BoardData, 'meta'>): string {
	const title = board.meta.title;
	return typeof title === 'string' && title.trim() ? title.trim() : 'Untitled board';
}

/** Columns the facilitator marked private: never shown outside the board's facilitators. */
export function privateColumns(board: Pick<BoardData, 'meta'>): Set<string> {
	const cols = board.meta.privateColumns;
	return new Set(Array.isArray(cols) ? cols.filter((c): c is string => typeof c === 'string') : []);
}

export function publicFields(fields: Note['fields'], hidden: Set<string>): Note['fields'] {
	if (hidden.size === 0) return { ...fields };
	return Object.fromEntries(Object.entries(fields).filter(([k]) => !hidden.has(k)));
}

export function voteTotals(board: Pick<BoardData, 'votes'>): Map<string, number> {
	const totals = new Map<string, number>();
	for (const [groupId, byUser] of Object.entries(board.votes)) {
		totals.set(groupId, Object.values(byUser).reduce((s, n) => s + (Number.isFinite(n) ? n : 0), 0));
	}
	return totals;
}
