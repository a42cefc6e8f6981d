import * as Y from 'yjs';
import { createGroup, membersOf, moveNotesToGroup } from '../board/grouping';
import { readNote, type Note, type StackedNote } from '../board/note';

export type { StackedNote };
import { roots, type Origin } from '../board/schema';

/**
 * What clustering changes on a board: accepted suggestions become ordinary groups, duplicates
 * are stacked into one note. Each change is one transaction with the caller's origin, so one
 * undo step takes it back.
 */

/** Notes in no (existing) group and not hidden: what "Suggest groups" sorts. In board order. */
export function unsortedNotes(doc: Y.Doc): Note[] {
	const { notes, groups } = roots(doc);
	const out: Note[] = [];
	notes.forEach((map, id) => {
		const note = readNote(id, map);
		if (note.hidden) return;
		if (note.groupId && groups.has(note.groupId)) return;
		out.push(note);
	});
	return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Every visible note, in board order: the set "Find similar" and "Suggest title" compare against. */
export function visibleNotes(doc: Y.Doc): Note[] {
	const out: Note[] = [];
	roots(doc).notes.forEach((map, id) => {
		const note = readNote(id, map);
		if (!note.hidden) out.push(note);
	});
	return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** The bottom edge of everything on the board, where new groups go so they cover nothing. */
function boardBottom(doc: Y.Doc): number {
	const { notes, groups } = roots(doc);
	let bottom = 0;
	const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
	notes.forEach((m) => {
		if (!m.get('groupId') || !groups.has(String(m.get('groupId')))) bottom = Math.max(bottom, num(m.get('y')) + 124);
	});
	groups.forEach((m) => {
		if (!m.get('parentId')) bottom = Math.max(bottom, num(m.get('y')) + num(m.get('h')));
	});
	return bottom;
}

export interface AcceptedGroup {
	title: string;
	noteIds: string[];
}

/**
 * Turns accepted suggestions into ordinary groups, named with their titles, in one transaction.
 * They are laid out in rows below what is on the board. Notes that were deleted or sorted by
 * someone else in the meantime are left where they are. Answers the new groups' ids.
 */
export function acceptSuggestions(doc: Y.Doc, accepted: AcceptedGroup[], origin: Origin): string[] {
	const { notes, groups } = roots(doc);
	const ids: string[] = [];
	doc.transact(() => {
		const top = boardBottom(doc) + 48;
		let x = 24;
		let y = top;
		let rowHeight = 0;
		for (const group of accepted) {
			const free = group.noteIds.filter((id) => {
				const m = notes.get(id);
				if (!m) return false;
				const g = m.get('groupId');
				return !(typeof g === 'string' && groups.has(g));
			});
			if (free.length === 0) continue;
			const id = createGroup(doc, free, { x, y, label: group.title }, origin);
			ids.push(id);
			const m = groups.get(id)!;
			const w = Number(m.get('w')) || 280;
			const h = Number(m.get('h')) || 160;
			rowHeight = Math.max(rowHeight, h);
			x += w + 32;
			if (x > 1800) {
				x = 24;
				y += rowHeight + 32;
				rowHeight = 0;
			}
		}
	}, origin);
	return ids;
}


export interface SortedPlacement {
	groupId: string;
	noteIds: string[];
}

/**
 * Moves sorted notes into the groups they were suggested for, all in one transaction with the
 * caller's origin (one undo step). A note someone sorted or deleted meanwhile stays where it is,
 * and so do the notes of a group that no longer exists. Answers how many notes moved.
 */
export function acceptSorted(doc: Y.Doc, placements: SortedPlacement[], origin: Origin): number {
	const { notes, groups } = roots(doc);
	let moved = 0;
	doc.transact(() => {
		for (const { groupId, noteIds } of placements) {
			if (!groups.has(groupId)) continue;
			const free = noteIds.filter((id) => {
				const m = notes.get(id);
				if (!m || m.get('hidden') === true) return false;
				const g = m.get('groupId');
				return !(typeof g === 'string' && groups.has(g));
			});
			if (free.length === 0) continue;
			moveNotesToGroup(doc, free, groupId, origin);
			moved += free.length;
		}
	}, origin);
	return moved;
}

/** The notes stacked into a note (not counting itself); empty for an ordinary note. */
export function stackedInto(map: Y.Map<unknown>): StackedNote[] {
	const stacked = map.get('stacked');
	return Array.isArray(stacked) ? (stacked as StackedNote[]) : [];
}

/**
 * Stacks duplicates into the note `keepId`: the others leave the board, and the kept note
 * carries each of them (text, source row, customer fields) under `stacked`, so every original
 * row stays evidence wherever the note goes, and `stackCount` says how many comments it stands for.
 */
export function stackNotes(doc: Y.Doc, stacks: { keepId: string; noteIds: string[] }[], origin: Origin): number {
	const { notes } = roots(doc);
	let folded = 0;
	doc.transact(() => {
		for (const { keepId, noteIds } of stacks) {
			const keep = notes.get(keepId);
			if (!keep) continue;
			const stacked = [...stackedInto(keep)];
			for (const id of noteIds) {
				if (id === keepId) continue;
				const map = notes.get(id);
				if (!map) continue;
				const note = readNote(id, map);
				stacked.push(
					{ id, text: note.text, source: note.source, fields: note.fields, createdBy: note.createdBy, createdAt: note.createdAt },
					...stackedInto(map)
				);
				notes.delete(id);
				folded++;
			}
			keep.set('stacked', stacked);
			keep.set('stackCount', stacked.length + 1);
		}
	}, origin);
	return folded;
}

/** Puts the notes stacked into `keepId` back on the board, next to it and in its group. */
export function unstackNote(doc: Y.Doc, keepId: string, origin: Origin): number {
	const { notes, groups } = roots(doc);
	const keep = notes.get(keepId);
	if (!keep) return 0;
	const stacked = stackedInto(keep);
	if (stacked.length === 0) return 0;
	doc.transact(() => {
		const x = Number(keep.get('x')) || 0;
		const y = Number(keep.get('y')) || 0;
		const groupId = keep.get('groupId');
		const restored: string[] = [];
		stacked.forEach((s, i) => {
			if (notes.has(s.id)) return;
			const map = new Y.Map<unknown>();
			map.set('text', s.text);
			map.set('source', s.source);
			map.set('fields', s.fields);
			map.set('x', x + 16 * (i + 1));
			map.set('y', y + 16 * (i + 1));
			map.set('groupId', null);
			map.set('order', 'a0');
			map.set('createdBy', s.createdBy);
			map.set('createdAt', s.createdAt);
			notes.set(s.id, map);
			restored.push(s.id);
		});
		if (typeof groupId === 'string' && groups.has(groupId)) {
			const members = membersOf(doc, groupId);
			moveNotesToGroup(doc, restored, groupId, origin, members.indexOf(keepId) + 1);
		}
		keep.delete('stacked');
		keep.delete('stackCount');
	}, origin);
	return stacked.length;
}
