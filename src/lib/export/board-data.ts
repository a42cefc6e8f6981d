import type * as Y from 'yjs';
import { readGroups, readNotes, type Group, type Note } from '$lib/board';

/**
 * A board as plain data: what exports, insights and publishing read. Notes and groups come from
 * the content document (damaged records are skipped and listed, never fatal); the title, votes,
 * import records and private columns live on the server and are passed in by whoever reads.
 */
export interface BoardData {
	title: string;
	notes: Note[];
	groups: Group[];
	/** Votes per group and voter. */
	votes: Record<string, Record<string, number>>;
	/** Import records by import id (mapping and scales of each import). */
	imports: Record<string, unknown>;
	/** Columns the facilitator marked private: never shown outside the board's facilitators. */
	privateColumns: string[];
	/** Ids of records left out because their stored value is damaged. */
	skipped: { notes: string[]; groups: string[] };
}

/** What the server knows of a board besides its content document. */
export type BoardExtras = Partial<Pick<BoardData, 'title' | 'votes' | 'imports' | 'privateColumns'>>;

export function readBoard(doc: Y.Doc, extras: BoardExtras = {}): BoardData {
	const { notes, skipped: skippedNotes } = readNotes(doc);
	const { groups, skipped: skippedGroups } = readGroups(doc);
	notes.sort((a, b) => a.createdAt - b.createdAt || (a.source?.row ?? 0) - (b.source?.row ?? 0) || a.id.localeCompare(b.id));
	groups.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id.localeCompare(b.id)));
	return {
		title: extras.title ?? '',
		notes,
		groups,
		votes: extras.votes ?? {},
		imports: extras.imports ?? {},
		privateColumns: extras.privateColumns ?? [],
		skipped: { notes: skippedNotes, groups: skippedGroups }
	};
}

export function boardTitle(board: Pick<BoardData, 'title'>): string {
	return board.title.trim() || 'Untitled board';
}

/** Columns the facilitator marked private: never shown outside the board's facilitators. */
export function privateColumns(board: Pick<BoardData, 'privateColumns'>): Set<string> {
	return new Set(board.privateColumns);
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
