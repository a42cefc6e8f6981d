import * as Y from 'yjs';
import { stripBidiControls } from '../text/direction.ts';
import { clampText } from '../text/graphemes.ts';
import { GROUP_COLORS, groupMap, groupMapOf, labelText, makeGroup, MAX_LABEL, readGroup } from './group.ts';
import { newId } from './ids.ts';
import { GAP, HEADER, MAX_NESTING, NOTE_H, NOTE_W, PAD, layoutBoard, type BoardLayout, type LayoutGroup, type LayoutNote, type Rect } from './layout.ts';
import { clampCoord, importFieldsOf, readNoteContent, readPlacement, type Placement } from './note.ts';
import { compareOrder, isOrderKey, keysAfter, keysAt } from './order.ts';
import { roots, type Origin } from './schema.ts';
import { applyTextChange } from './text.ts';

/**
 * Grouping operations. Each is one transaction with the caller's origin, so it is one step of
 * that user's undo history. Membership lives on the note's placement (`{groupId, order}`); a
 * group that loses its last note (and has no nested groups) is removed in the same transaction
 * by whoever emptied it. Sizes and positions inside groups are derived by the layout, never
 * written.
 */

type YMap = Y.Map<unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : null);

function placementIn(doc: Y.Doc, noteId: string): Placement | null {
	return readPlacement(roots(doc).place.get(noteId));
}

/** The group a note is in, or null when it is loose, unsorted, stacked, trashed or its group is gone. */
export function groupOfNote(doc: Y.Doc, noteId: string): string | null {
	const p = placementIn(doc, noteId);
	return p && 'groupId' in p && groupMapOf(doc, p.groupId) ? p.groupId : null;
}

/** Note ids of a group in order. O(notes). */
export function membersOf(doc: Y.Doc, groupId: string): string[] {
	const { notes, place } = roots(doc);
	const list: { id: string; order: string }[] = [];
	place.forEach((value, id) => {
		const p = readPlacement(value);
		if (p && 'groupId' in p && p.groupId === groupId && notes.has(id)) list.push({ id, order: p.order });
	});
	return list.sort(compareOrder).map((n) => n.id);
}

function groupOrder(m: YMap): string {
	const o = str(m.get('order'));
	return o && isOrderKey(o) ? o : 'a0';
}

/** Nested group ids of a group in order. */
export function childGroupsOf(doc: Y.Doc, groupId: string): string[] {
	const list: { id: string; order: string }[] = [];
	roots(doc).groups.forEach((m, id) => {
		if (m instanceof Y.Map && m.get('parentId') === groupId && id !== groupId) list.push({ id, order: groupOrder(m) });
	});
	return list.sort(compareOrder).map((g) => g.id);
}

function parentOf(doc: Y.Doc, groupId: string): string | null {
	const p = str(groupMapOf(doc, groupId)?.get('parentId'));
	return p && p !== groupId && groupMapOf(doc, p) ? p : null;
}

/** The group and every group above it, nearest first; stops at a loop. */
export function ancestorsOf(doc: Y.Doc, groupId: string): string[] {
	const out: string[] = [];
	let cur: string | null = groupId;
	while (cur && !out.includes(cur)) {
		out.push(cur);
		cur = parentOf(doc, cur);
	}
	return out;
}

function isInside(doc: Y.Doc, groupId: string, maybeAncestor: string): boolean {
	return ancestorsOf(doc, groupId).includes(maybeAncestor);
}

/** Levels of groups nested below a group (0 when none is), counted no further than MAX_NESTING + 1. */
function nestedLevels(doc: Y.Doc, groupId: string): number {
	const children = new Map<string, string[]>();
	roots(doc).groups.forEach((m, id) => {
		const p = m instanceof Y.Map ? str(m.get('parentId')) : null;
		if (p && p !== id) children.set(p, [...(children.get(p) ?? []), id]);
	});
	let levels = 0;
	let level = [groupId];
	const seen = new Set(level);
	while (levels <= MAX_NESTING) {
		const next = level.flatMap((id) => children.get(id) ?? []).filter((id) => !seen.has(id));
		if (next.length === 0) break;
		for (const id of next) seen.add(id);
		levels++;
		level = next;
	}
	return levels;
}

/** Whether `levels` more levels below `parentId` stay within MAX_NESTING of the top. */
function fitsUnder(doc: Y.Doc, parentId: string, levels: number): boolean {
	return ancestorsOf(doc, parentId).length - 1 + levels <= MAX_NESTING;
}

function siblingOrderKeys(doc: Y.Doc, parentId: string | null, except?: string): string[] {
	const keys: { id: string; order: string }[] = [];
	roots(doc).groups.forEach((m, id) => {
		if (!(m instanceof Y.Map) || id === except) return;
		const p = str(m.get('parentId'));
		const effective = p && p !== id && groupMapOf(doc, p) ? p : null;
		if (effective === parentId) keys.push({ id, order: groupOrder(m) });
	});
	return keys.sort(compareOrder).map((k) => k.order);
}

/** Removes groups among `groupIds` that have no notes and no nested groups, then their parents likewise. */
function pruneEmpty(doc: Y.Doc, groupIds: Iterable<string>): string[] {
	const { notes, place, groups } = roots(doc);
	const candidates = [...new Set(groupIds)];
	if (candidates.length === 0) return [];
	const used = new Set<string>();
	place.forEach((value, id) => {
		const p = readPlacement(value);
		if (p && 'groupId' in p && notes.has(id)) used.add(p.groupId);
	});
	groups.forEach((m, id) => {
		const p = m instanceof Y.Map ? str(m.get('parentId')) : null;
		if (p && p !== id) used.add(p);
	});
	const removed: string[] = [];
	while (candidates.length) {
		const id = candidates.pop()!;
		if (!groups.has(id) || used.has(id)) continue;
		const parent = parentOf(doc, id);
		groups.delete(id);
		removed.push(id);
		if (parent && childGroupsOf(doc, parent).length === 0 && membersOf(doc, parent).length === 0) {
			used.delete(parent);
			candidates.push(parent);
		}
	}
	return removed;
}

function colorFor(id: string): string {
	let h = 0;
	for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
	return GROUP_COLORS[h % GROUP_COLORS.length];
}

/** Assigns notes to a group at `index` of its current members (end when omitted). No pruning. */
function assign(doc: Y.Doc, noteIds: string[], groupId: string, index?: number): Set<string> {
	const { notes, place } = roots(doc);
	const moving = [...new Set(noteIds)].filter((id) => notes.has(id));
	const movingSet = new Set(moving);
	const previous = new Set<string>();
	const members = membersOf(doc, groupId).filter((id) => !movingSet.has(id));
	const keys = members.map((id) => (placementIn(doc, id) as { order: string }).order);
	const newKeys = keysAt(keys, index ?? keys.length, moving.length);
	moving.forEach((id, i) => {
		const prev = placementIn(doc, id);
		if (prev && 'groupId' in prev && prev.groupId !== groupId) previous.add(prev.groupId);
		place.set(id, { groupId, order: newKeys[i] });
	});
	return previous;
}

export interface NewGroupOptions {
	/** Where the group goes, for a top-level group (its header's top-left corner). */
	x: number;
	y: number;
	label?: string;
	parentId?: string | null;
	id?: string;
}

function createGroupIn(doc: Y.Doc, noteIds: string[], opts: NewGroupOptions): string {
	const { groups } = roots(doc);
	const id = opts.id ?? newId('grp');
	const parentId = opts.parentId && groupMapOf(doc, opts.parentId) ? opts.parentId : null;
	const [order] = keysAfter(siblingOrderKeys(doc, parentId), 1);
	groups.set(
		id,
		groupMap(
			makeGroup({ id, x: clampCoord(opts.x), y: clampCoord(opts.y), order, parentId, color: colorFor(id), label: clampText(opts.label ?? '', MAX_LABEL) })
		)
	);
	const previous = assign(doc, noteIds, id);
	pruneEmpty(doc, previous);
	return id;
}

/** Makes a new group of the given notes (they leave their old groups). Answers its id. */
export function createGroup(doc: Y.Doc, noteIds: string[], opts: NewGroupOptions, origin: Origin): string {
	let id = '';
	doc.transact(() => {
		id = createGroupIn(doc, noteIds, opts);
	}, origin);
	return id;
}

/** Split a selection out of its groups into a new group placed at (x, y). */
export const splitIntoNewGroup = createGroup;

/**
 * The id of the group born from dropping onto a loose note. It is derived from the note, so two
 * people who drop onto the same loose note at the same moment make the same group (their notes
 * end up together) instead of two groups fighting over the target.
 */
function groupIdFromNote(doc: Y.Doc, noteId: string): string {
	const base = `grp_${noteId.slice(noteId.indexOf('_') + 1)}`.slice(0, 68);
	let id = base;
	for (let n = 2; roots(doc).groups.has(id); n++) id = `${base}_${n}`;
	return id;
}

/**
 * Drop `draggedIds` on note `targetId`: join the target's group right after it, or, when the
 * target is in no group, make a new group of the target followed by the dragged notes, where the
 * target was drawn (`at`, its rectangle on the board, when known).
 */
export function dropNotesOnNote(doc: Y.Doc, draggedIds: string[], targetId: string, origin: Origin, at?: Rect): string | null {
	const { notes } = roots(doc);
	const dragged = draggedIds.filter((id) => id !== targetId && notes.has(id));
	if (!notes.has(targetId) || dragged.length === 0) return null;
	let groupId: string | null = null;
	doc.transact(() => {
		const tg = groupOfNote(doc, targetId);
		if (tg) {
			const members = membersOf(doc, tg).filter((id) => !dragged.includes(id));
			const previous = assign(doc, dragged, tg, members.indexOf(targetId) + 1);
			pruneEmpty(doc, previous);
			groupId = tg;
		} else {
			const p = placementIn(doc, targetId);
			const where = at ?? (p && 'x' in p ? { x: p.x, y: p.y } : { x: 0, y: 0 });
			groupId = createGroupIn(doc, [targetId, ...dragged], { id: groupIdFromNote(doc, targetId), x: where.x - PAD, y: where.y - HEADER });
		}
	}, origin);
	return groupId;
}

/** Moves notes into a group at `index` (end when omitted); also reorders within the same group. */
export function moveNotesToGroup(doc: Y.Doc, noteIds: string[], groupId: string, origin: Origin, index?: number): void {
	if (!groupMapOf(doc, groupId)) throw new Error(`Group ${groupId} no longer exists`);
	doc.transact(() => {
		const previous = assign(doc, noteIds, groupId, index);
		pruneEmpty(doc, previous);
	}, origin);
}

/** Takes notes out of their groups and puts each at the given board position. */
export function removeNotesFromGroups(doc: Y.Doc, placements: { id: string; x: number; y: number }[], origin: Origin): void {
	const { notes, place } = roots(doc);
	doc.transact(() => {
		const previous = new Set<string>();
		for (const { id, x, y } of placements) {
			if (!notes.has(id)) continue;
			const p = placementIn(doc, id);
			if (p && 'groupId' in p) previous.add(p.groupId);
			place.set(id, { x: clampCoord(x), y: clampCoord(y) });
		}
		pruneEmpty(doc, previous);
	}, origin);
}

/** Sends notes back to the unsorted area (no group, no position of their own). */
export function unsortNotes(doc: Y.Doc, noteIds: string[], origin: Origin): void {
	const { notes, place } = roots(doc);
	doc.transact(() => {
		const previous = new Set<string>();
		for (const id of noteIds) {
			if (!notes.has(id)) continue;
			const p = placementIn(doc, id);
			if (p && 'groupId' in p) previous.add(p.groupId);
			place.delete(id);
		}
		pruneEmpty(doc, previous);
	}, origin);
}

/** Moves a group (with its notes and nested groups) to (x, y) at the top level. */
export function placeGroup(doc: Y.Doc, groupId: string, x: number, y: number, origin: Origin): void {
	const m = groupMapOf(doc, groupId);
	if (!m) return;
	doc.transact(() => {
		const oldParent = parentOf(doc, groupId);
		if (oldParent) {
			m.set('parentId', null);
			m.set('order', keysAfter(siblingOrderKeys(doc, null, groupId), 1)[0]);
		}
		m.set('x', clampCoord(x));
		m.set('y', clampCoord(y));
		if (oldParent) pruneEmpty(doc, [oldParent]);
	}, origin);
}

/**
 * Nests `childId` inside `parentId` (a super-group). Refused when it would put a group inside
 * itself or one of its own nested groups, or nest anything more than MAX_NESTING levels deep.
 * Answers whether it happened.
 */
export function nestGroup(doc: Y.Doc, childId: string, parentId: string, origin: Origin, index?: number): boolean {
	const m = groupMapOf(doc, childId);
	if (!m || !groupMapOf(doc, parentId) || isInside(doc, parentId, childId)) return false;
	if (!fitsUnder(doc, parentId, 1 + nestedLevels(doc, childId))) return false;
	doc.transact(() => {
		const oldParent = parentOf(doc, childId);
		const siblings = childGroupsOf(doc, parentId).filter((id) => id !== childId);
		const siblingKeys = siblings.map((id) => groupOrder(groupMapOf(doc, id)!));
		m.set('parentId', parentId);
		m.set('order', keysAt(siblingKeys, index ?? siblingKeys.length, 1)[0]);
		if (oldParent && oldParent !== parentId) pruneEmpty(doc, [oldParent]);
	}, origin);
	return true;
}

/**
 * Merges `sourceId` into `targetId`: its notes follow the target's, its nested groups move under
 * the target, its name is kept when the target has none, and the source disappears.
 */
export function mergeGroups(doc: Y.Doc, sourceId: string, targetId: string, origin: Origin): boolean {
	const source = groupMapOf(doc, sourceId);
	const target = groupMapOf(doc, targetId);
	if (!source || !target || sourceId === targetId || isInside(doc, targetId, sourceId)) return false;
	if (!fitsUnder(doc, targetId, nestedLevels(doc, sourceId))) return false;
	doc.transact(() => {
		const oldParent = parentOf(doc, sourceId);
		assign(doc, membersOf(doc, sourceId), targetId);
		const kids = childGroupsOf(doc, sourceId);
		const keys = keysAfter(childGroupsOf(doc, targetId).map((id) => groupOrder(groupMapOf(doc, id)!)), kids.length);
		kids.forEach((id, i) => {
			const k = groupMapOf(doc, id)!;
			k.set('parentId', targetId);
			k.set('order', keys[i]);
		});
		const targetLabel = labelText(target);
		const sourceLabel = labelText(source)?.toString() ?? '';
		if (targetLabel && targetLabel.length === 0 && sourceLabel) targetLabel.insert(0, sourceLabel);
		roots(doc).groups.delete(sourceId);
		if (oldParent) pruneEmpty(doc, [oldParent]);
	}, origin);
	return true;
}

/** The board as every client draws it now: the derived layout of the whole document. */
export function layoutOfDoc(doc: Y.Doc): BoardLayout {
	const { notes, place, groups } = roots(doc);
	const layoutNotes: LayoutNote[] = [];
	const fields = importFieldsOf(doc);
	notes.forEach((value, id) => {
		const c = readNoteContent(value, fields);
		if (!c) return;
		const p = readPlacement(place.get(id));
		layoutNotes.push({
			id,
			createdAt: c.at,
			groupId: p && 'groupId' in p ? p.groupId : null,
			order: p && 'groupId' in p ? p.order : '',
			pos: p && 'x' in p ? { x: p.x, y: p.y } : null,
			hidden: !!p && ('stackedOn' in p || 'trashed' in p),
			stackedOn: p && 'stackedOn' in p ? p.stackedOn : null,
			slot: p && 'slot' in p ? p.slot : null
		});
	});
	const layoutGroups: LayoutGroup[] = [];
	groups.forEach((value, id) => {
		const g = readGroup(id, value);
		if (g) layoutGroups.push(g);
	});
	return layoutBoard(layoutNotes, layoutGroups);
}

/**
 * Dissolves a group: its notes stay where they were drawn, loose; its nested groups move up to
 * its parent (or the top level).
 */
export function ungroup(doc: Y.Doc, groupId: string, origin: Origin): void {
	const { place, groups } = roots(doc);
	if (!groupMapOf(doc, groupId)) return;
	doc.transact(() => {
		const rects = layoutOfDoc(doc).notes;
		const parent = parentOf(doc, groupId);
		for (const id of membersOf(doc, groupId)) {
			const r = rects.get(id);
			if (r) place.set(id, { x: clampCoord(r.x), y: clampCoord(r.y) });
			else place.delete(id);
		}
		for (const id of childGroupsOf(doc, groupId)) groupMapOf(doc, id)!.set('parentId', parent);
		groups.delete(groupId);
		if (parent) pruneEmpty(doc, [parent]);
	}, origin);
}

/** Space between items arranged by "Tidy up" (board units). */
export const TIDY_SPACING = 80;

/**
 * "Tidy up": arranges the whole board as one step of the caller's undo history. Top-level groups
 * flow in rows, in their outline order, to the right of the unsorted area, rows about as wide
 * as the groups together are tall (a roughly square board); notes put by hand follow in a grid
 * below the groups, in reading order of where they are now; the unsorted area closes the holes
 * notes left when they went into groups, stacks or the trash (each unsorted note gets the next
 * slot, in the area's order). Writes only group and loose note positions and unsorted slots; the
 * layout keeps everything apart anyway.
 */
export function tidyBoard(doc: Y.Doc, origin: Origin): void {
	const { place } = roots(doc);
	doc.transact(() => {
		// The unsorted area first: groups go to the right of it as it is once compact.
		layoutOfDoc(doc).unsorted.forEach((id, slot) => {
			const p = readPlacement(place.get(id));
			if (!p || !('slot' in p) || p.slot !== slot) place.set(id, { slot });
		});
		const layout = layoutOfDoc(doc);
		const x0 = layout.tray ? layout.tray.x + layout.tray.w + TIDY_SPACING : 0;
		const y0 = layout.tray ? layout.tray.y : 0;
		const rects = layout.topGroups.map((id) => ({ id, r: layout.groups.get(id)! })).filter((g) => g.r);
		const area = rects.reduce((sum, { r }) => sum + (r.w + TIDY_SPACING) * (r.h + TIDY_SPACING), 0);
		const widest = rects.reduce((m, { r }) => Math.max(m, r.w), 0);
		const rowWidth = Math.max(widest, Math.sqrt(area) * 1.4);
		let x = x0;
		let y = y0;
		let rowH = 0;
		for (const { id, r } of rects) {
			if (x > x0 && x - x0 + r.w > rowWidth) {
				x = x0;
				y += rowH + TIDY_SPACING;
				rowH = 0;
			}
			const m = groupMapOf(doc, id);
			if (m && m.get('x') !== x) m.set('x', clampCoord(x));
			if (m && m.get('y') !== y) m.set('y', clampCoord(y));
			x += r.w + TIDY_SPACING;
			rowH = Math.max(rowH, r.h);
		}
		const unsorted = new Set(layout.unsorted);
		const loose = layout.ungrouped
			.filter((id) => !unsorted.has(id) && layout.notes.has(id))
			.map((id) => ({ id, r: layout.notes.get(id)! }))
			.sort((a, b) => a.r.y - b.r.y || a.r.x - b.r.x || (a.id < b.id ? -1 : 1));
		const looseTop = rects.length ? y + rowH + TIDY_SPACING : y0;
		const cols = Math.max(4, Math.floor(Math.max(rowWidth, 4 * (NOTE_W + GAP)) / (NOTE_W + GAP)));
		loose.forEach(({ id }, i) => {
			place.set(id, { x: clampCoord(x0 + (i % cols) * (NOTE_W + GAP)), y: clampCoord(looseTop + Math.floor(i / cols) * (NOTE_H + GAP)) });
		});
	}, origin);
}

/** Replaces a group's name with one minimal edit of its Y.Text, so concurrent typing survives. */
export function renameGroup(doc: Y.Doc, groupId: string, name: string, origin: Origin): void {
	const m = groupMapOf(doc, groupId);
	if (!m) return;
	doc.transact(() => {
		let text = labelText(m);
		if (!text) {
			text = new Y.Text('');
			m.set('label', text);
		}
		applyTextChange(text, clampText(stripBidiControls(name), MAX_LABEL));
	}, origin);
}

export function setGroupCollapsed(doc: Y.Doc, groupId: string, collapsed: boolean, origin: Origin): void {
	const m = groupMapOf(doc, groupId);
	if (!m || m.get('collapsed') === collapsed) return;
	doc.transact(() => m.set('collapsed', collapsed), origin);
}

/** Every group's id and name, for "move to group" type-ahead. */
export function groupNames(doc: Y.Doc): { id: string; label: string }[] {
	const out: { id: string; label: string }[] = [];
	roots(doc).groups.forEach((m, id) => {
		if (m instanceof Y.Map) out.push({ id, label: stripBidiControls(labelText(m)?.toString() ?? '') });
	});
	return out;
}

/**
 * Folds near-duplicate notes into `keeperId`: they stay notes of their own (their evidence is
 * intact) and count in the keeper's group. Notes stacked on the folded ones move onto the keeper.
 */
export function stackNotes(doc: Y.Doc, keeperId: string, ids: string[], origin: Origin): number {
	const { notes, place } = roots(doc);
	if (!notes.has(keeperId)) return 0;
	const folding = new Set(ids.filter((id) => id !== keeperId && notes.has(id)));
	if (folding.size === 0) return 0;
	doc.transact(() => {
		const previous = new Set<string>();
		place.forEach((value, id) => {
			const p = readPlacement(value);
			if (p && 'stackedOn' in p && folding.has(p.stackedOn)) place.set(id, { stackedOn: keeperId });
		});
		// The keeper must not be stacked itself.
		const kp = placementIn(doc, keeperId);
		if (kp && 'stackedOn' in kp) place.delete(keeperId);
		for (const id of folding) {
			const p = placementIn(doc, id);
			if (p && 'groupId' in p) previous.add(p.groupId);
			place.set(id, { stackedOn: keeperId });
		}
		pruneEmpty(doc, previous);
	}, origin);
	return folding.size;
}

/** The notes stacked on a keeper, in creation order. */
export function stackedOn(doc: Y.Doc, keeperId: string): string[] {
	const { notes, place } = roots(doc);
	const out: { id: string; at: number }[] = [];
	const fields = importFieldsOf(doc);
	place.forEach((value, id) => {
		const p = readPlacement(value);
		if (p && 'stackedOn' in p && p.stackedOn === keeperId) out.push({ id, at: readNoteContent(notes.get(id), fields)?.at ?? 0 });
	});
	return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).map((n) => n.id);
}

/** Puts the notes stacked on a keeper back on the board, right after it (in its group, or unsorted). */
export function unstackNotes(doc: Y.Doc, keeperId: string, origin: Origin): string[] {
	const ids = stackedOn(doc, keeperId);
	if (ids.length === 0) return [];
	doc.transact(() => {
		const g = groupOfNote(doc, keeperId);
		if (g) {
			const members = membersOf(doc, g);
			assign(doc, ids, g, members.indexOf(keeperId) + 1);
		} else for (const id of ids) roots(doc).place.delete(id);
	}, origin);
	return ids;
}
