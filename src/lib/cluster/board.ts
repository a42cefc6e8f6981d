import type * as Y from 'yjs';
import { createGroup, moveNotesToGroup, stackNotes as stackOnto, unstackNotes } from '../board/grouping';
import { groupSize, layoutBoard, layoutNotesOf } from '../board/layout';
import { groupMapOf, readGroups } from '../board/group';
import { readNotes, type Note } from '../board/note';
import type { Origin } from '../board/schema';

/** A comment folded into another note as a near-duplicate: a note of its own, stacked on its keeper. */
export type StackedNote = Note;

/**
 * What clustering changes on a board: accepted suggestions become ordinary groups, duplicates
 * are stacked onto one note. Each change is one transaction with the caller's origin, so one
 * undo step takes it back.
 */

/** Notes in no (existing) group and not stacked on another: what "Suggest groups" sorts. In board order. */
export function unsortedNotes(doc: Y.Doc): Note[] {
	return readNotes(doc).notes.filter((n) => !n.groupId && !n.stackedOn);
}

/** Every note drawn on the board (not stacked on another), in board order: what "Find similar" and "Suggest title" compare against. */
export function visibleNotes(doc: Y.Doc): Note[] {
	return readNotes(doc).notes.filter((n) => !n.stackedOn);
}

/** The board as the layout draws it now. */
function currentLayout(doc: Y.Doc) {
	const { notes, trashed } = readNotes(doc);
	return layoutBoard(layoutNotesOf(notes, trashed), readGroups(doc).groups);
}

/** The bottom edge of everything on the board, where new groups go so they cover nothing. */
function boardBottom(doc: Y.Doc): number {
	const layout = currentLayout(doc);
	let bottom = 0;
	for (const id of layout.ungrouped) bottom = Math.max(bottom, layout.notes.get(id)!.y + layout.notes.get(id)!.h);
	for (const id of layout.topGroups) bottom = Math.max(bottom, layout.groups.get(id)!.y + layout.groups.get(id)!.h);
	return bottom;
}

export interface AcceptedGroup {
	title: string;
	noteIds: string[];
}

/** Gap between accepted groups (board units): half a note, a few pixels still at the far zoom that shows eight large groups. */
const GROUP_GAP = 120;
/** The shape accepted groups are arranged in, as a screen is: about 16 wide for 9 high. */
const ROWS_ASPECT = 16 / 9;

/**
 * How wide the rows of new groups of these sizes may run (board units): the width of a
 * `ROWS_ASPECT` rectangle of their total area, at least 1,800 and at least the widest group.
 * Large groups (a suggestion of 200 notes is about 2,700 units wide) then sit several to a row
 * instead of one under another in a column a screen cannot fit.
 */
export function rowsWidth(sizes: readonly { w: number; h: number }[]): number {
	let area = 0;
	let widest = 0;
	for (const { w, h } of sizes) {
		area += (w + GROUP_GAP) * (h + GROUP_GAP);
		widest = Math.max(widest, w);
	}
	return Math.max(1800, widest, Math.sqrt(area * ROWS_ASPECT));
}

/**
 * Turns accepted suggestions into ordinary groups, named with their titles, in one transaction.
 * They are laid out in rows below what is on the board, the rows as wide as `rowsWidth` says.
 * Notes that were deleted or sorted by someone else in the meantime are left where they are.
 * Answers the new groups' ids.
 */
export function acceptSuggestions(doc: Y.Doc, accepted: AcceptedGroup[], origin: Origin): string[] {
	const ids: string[] = [];
	doc.transact(() => {
		const free = new Set(unsortedNotes(doc).map((n) => n.id));
		const groups = accepted.map((g) => ({ title: g.title, noteIds: g.noteIds.filter((id) => free.has(id)) })).filter((g) => g.noteIds.length > 0);
		const left = 24;
		const right = left + rowsWidth(groups.map((g) => groupSize(g.noteIds.length)));
		let x = left;
		let y = boardBottom(doc) + 48;
		let rowHeight = 0;
		const made: string[] = [];
		for (const group of groups) {
			const noteIds = group.noteIds.filter((id) => free.has(id));
			if (noteIds.length === 0) continue;
			if (x > left && x + groupSize(noteIds.length).w > right) {
				x = left;
				y += rowHeight + GROUP_GAP;
				rowHeight = 0;
			}
			made.push(createGroup(doc, noteIds, { x, y, label: group.title }, origin));
			for (const id of noteIds) free.delete(id);
			// Sizes are derived: lay out what was made so far to place the next one beside it.
			const rect = currentLayout(doc).groups.get(made[made.length - 1]);
			rowHeight = Math.max(rowHeight, rect?.h ?? 160);
			x += (rect?.w ?? 280) + GROUP_GAP;
		}
		ids.push(...made);
	}, origin);
	return ids;
}

export interface SortedPlacement {
	groupId: string;
	noteIds: string[];
}

/**
 * Moves sorted notes into the groups they were suggested for, all in one transaction with the
 * caller's origin (one undo step). A note someone sorted, stacked or deleted meanwhile stays where
 * it is, and so do the notes of a group that no longer exists. Answers how many notes moved.
 */
export function acceptSorted(doc: Y.Doc, placements: SortedPlacement[], origin: Origin): number {
	let moved = 0;
	doc.transact(() => {
		const free = new Set(unsortedNotes(doc).map((n) => n.id));
		for (const { groupId, noteIds } of placements) {
			if (!groupMapOf(doc, groupId)) continue;
			const ids = noteIds.filter((id) => free.has(id));
			if (ids.length === 0) continue;
			moveNotesToGroup(doc, ids, groupId, origin);
			for (const id of ids) free.delete(id);
			moved += ids.length;
		}
	}, origin);
	return moved;
}

/** The notes stacked onto a note (not counting itself), in creation order; empty for an ordinary note. */
export function stackedInto(doc: Y.Doc, keepId: string): StackedNote[] {
	return readNotes(doc).notes.filter((n) => n.stackedOn === keepId);
}

/**
 * Stacks duplicates onto the note `keepId`: the others leave the board's drawing but stay notes of
 * their own (text, source row, customer fields), counted in the keeper's group wherever it goes.
 */
export function stackNotes(doc: Y.Doc, stacks: { keepId: string; noteIds: string[] }[], origin: Origin): number {
	let folded = 0;
	doc.transact(() => {
		for (const { keepId, noteIds } of stacks) folded += stackOnto(doc, keepId, noteIds, origin);
	}, origin);
	return folded;
}

/** Puts the notes stacked onto `keepId` back on the board, right after it (in its group, or unsorted). */
export function unstackNote(doc: Y.Doc, keepId: string, origin: Origin): number {
	return unstackNotes(doc, keepId, origin).length;
}
