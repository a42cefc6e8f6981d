import * as Y from 'yjs';
import { GROUP_COLORS, labelText } from './group';
import { newId } from './ids';
import { HEADER, PAD, layoutBoard, type LayoutGroup, type LayoutNote, type Rect } from './layout';
import { compareOrder, keysAfter, keysAt } from './order';
import { roots, type Origin } from './schema';
import { applyTextChange } from './text';

/**
 * Grouping operations. Each is one transaction with the caller's origin, so it is one step of
 * that user's undo history. Membership lives on the note (`groupId`); a group that loses its last
 * note (and has no nested groups) is removed in the same transaction by whoever emptied it.
 */

type YMap = Y.Map<unknown>;

const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

function readLayoutNote(id: string, m: YMap): LayoutNote {
	return { id, x: num(m.get('x')), y: num(m.get('y')), groupId: str(m.get('groupId')), order: str(m.get('order')) ?? 'a0' };
}

function readLayoutGroup(id: string, m: YMap): LayoutGroup {
	return {
		id,
		x: num(m.get('x')),
		y: num(m.get('y')),
		parentId: str(m.get('parentId')),
		order: str(m.get('order')) ?? 'a0',
		collapsed: m.get('collapsed') === true
	};
}

/** The group a note is in, or null when it is loose or its group no longer exists. */
export function groupOfNote(doc: Y.Doc, noteId: string): string | null {
	const { notes, groups } = roots(doc);
	const g = str(notes.get(noteId)?.get('groupId'));
	return g && groups.has(g) ? g : null;
}

/** Note ids of a group in order. O(notes). */
export function membersOf(doc: Y.Doc, groupId: string): string[] {
	const list: LayoutNote[] = [];
	roots(doc).notes.forEach((m, id) => {
		if (m.get('groupId') === groupId) list.push(readLayoutNote(id, m));
	});
	return list.sort(compareOrder).map((n) => n.id);
}

/** Nested group ids of a group in order. */
export function childGroupsOf(doc: Y.Doc, groupId: string): string[] {
	const list: LayoutGroup[] = [];
	roots(doc).groups.forEach((m, id) => {
		if (m.get('parentId') === groupId && id !== groupId) list.push(readLayoutGroup(id, m));
	});
	return list.sort(compareOrder).map((g) => g.id);
}

function parentOf(doc: Y.Doc, groupId: string): string | null {
	const { groups } = roots(doc);
	const p = str(groups.get(groupId)?.get('parentId'));
	return p && groups.has(p) && p !== groupId ? p : null;
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

function orderKeysOfMembers(doc: Y.Doc, groupId: string, exclude: Set<string>): string[] {
	const { notes } = roots(doc);
	return membersOf(doc, groupId)
		.filter((id) => !exclude.has(id))
		.map((id) => str(notes.get(id)?.get('order')) ?? 'a0');
}

function topLevelOrderKeys(doc: Y.Doc, parentId: string | null): string[] {
	const list: LayoutGroup[] = [];
	roots(doc).groups.forEach((m, id) => {
		if ((str(m.get('parentId')) ?? null) === parentId) list.push(readLayoutGroup(id, m));
	});
	return list.sort(compareOrder).map((g) => g.order);
}

/**
 * Recomputes the layout of the top-level groups containing `groupIds` and writes the sizes back
 * (w, h) so that readers without the layout code (exports, older clients) see sensible boxes.
 */
function refit(doc: Y.Doc, groupIds: Iterable<string>): Map<string, Rect> {
	const { notes, groups } = roots(doc);
	const tops = new Set<string>();
	for (const id of groupIds) {
		if (!groups.has(id)) continue;
		const chain = ancestorsOf(doc, id);
		tops.add(chain[chain.length - 1]);
	}
	const rects = new Map<string, Rect>();
	if (tops.size === 0) return rects;
	const subtree = new Set<string>();
	groups.forEach((_, id) => {
		const chain = ancestorsOf(doc, id);
		if (tops.has(chain[chain.length - 1])) subtree.add(id);
	});
	const ln: LayoutNote[] = [];
	notes.forEach((m, id) => {
		const g = str(m.get('groupId'));
		if (g && subtree.has(g)) ln.push(readLayoutNote(id, m));
	});
	const lg = [...subtree].map((id) => {
		const g = readLayoutGroup(id, groups.get(id)!);
		return tops.has(id) ? { ...g, parentId: null } : g;
	});
	const layout = layoutBoard(ln, lg);
	for (const [id, r] of layout.groups) {
		const m = groups.get(id)!;
		if (m.get('w') !== r.w) m.set('w', r.w);
		if (m.get('h') !== r.h) m.set('h', r.h);
		if (!tops.has(id) && (m.get('x') !== r.x || m.get('y') !== r.y)) {
			m.set('x', r.x);
			m.set('y', r.y);
		}
	}
	for (const [id, r] of layout.notes) rects.set(id, r);
	return rects;
}

/** Removes groups among `groupIds` that have no notes and no nested groups, then their parents likewise. */
function pruneEmpty(doc: Y.Doc, groupIds: Iterable<string>): string[] {
	const { notes, groups } = roots(doc);
	const candidates = [...new Set(groupIds)];
	if (candidates.length === 0) return [];
	const used = new Set<string>();
	notes.forEach((m) => {
		const g = str(m.get('groupId'));
		if (g) used.add(g);
	});
	groups.forEach((m, id) => {
		const p = str(m.get('parentId'));
		if (p && p !== id) used.add(p);
	});
	const removed: string[] = [];
	while (candidates.length) {
		const id = candidates.pop()!;
		if (!groups.has(id) || used.has(id)) continue;
		const parent = parentOf(doc, id);
		groups.delete(id);
		roots(doc).votes.delete(id);
		removed.push(id);
		if (parent) {
			if (childGroupsOf(doc, parent).length === 0) {
				used.delete(parent);
				const hasNotes = membersOf(doc, parent).length > 0;
				if (hasNotes) used.add(parent);
				candidates.push(parent);
			}
		}
	}
	return removed;
}

function newGroupMap(fields: { x: number; y: number; order: string; parentId: string | null; color: string; label: string }): YMap {
	const m = new Y.Map<unknown>();
	m.set('x', Math.round(fields.x));
	m.set('y', Math.round(fields.y));
	m.set('w', 0);
	m.set('h', 0);
	m.set('parentId', fields.parentId);
	m.set('order', fields.order);
	m.set('color', fields.color);
	m.set('department', null);
	m.set('owner', null);
	m.set('priority', null);
	m.set('due', null);
	m.set('status', null);
	m.set('collapsed', false);
	m.set('label', new Y.Text(fields.label));
	return m;
}

function colorFor(id: string): string {
	let h = 0;
	for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
	return GROUP_COLORS[h % GROUP_COLORS.length];
}

/** Assigns notes to a group at `index` of its current members (end when omitted). No pruning. */
function assign(doc: Y.Doc, noteIds: string[], groupId: string, index?: number): Set<string> {
	const { notes } = roots(doc);
	const moving = noteIds.filter((id) => notes.has(id));
	const movingSet = new Set(moving);
	const previous = new Set<string>();
	const keys = orderKeysOfMembers(doc, groupId, movingSet);
	const newKeys = keysAt(keys, index ?? keys.length, moving.length);
	moving.forEach((id, i) => {
		const m = notes.get(id)!;
		const prev = str(m.get('groupId'));
		if (prev && prev !== groupId) previous.add(prev);
		if (prev !== groupId) m.set('groupId', groupId);
		m.set('order', newKeys[i]);
	});
	return previous;
}

/** Stores the laid-out position on notes that joined, so they stay put if their group vanishes in a race. */
function pinPositions(doc: Y.Doc, noteIds: string[], rects: Map<string, Rect>) {
	const { notes } = roots(doc);
	for (const id of noteIds) {
		const r = rects.get(id);
		const m = notes.get(id);
		if (!r || !m) continue;
		if (m.get('x') !== r.x) m.set('x', r.x);
		if (m.get('y') !== r.y) m.set('y', r.y);
	}
}

export interface NewGroupOptions {
	x: number;
	y: number;
	label?: string;
	parentId?: string | null;
	id?: string;
}

function createGroupIn(doc: Y.Doc, noteIds: string[], opts: NewGroupOptions): string {
	const { groups } = roots(doc);
	const id = opts.id ?? newId('grp');
	const parentId = opts.parentId && groups.has(opts.parentId) ? opts.parentId : null;
	const [order] = keysAfter(topLevelOrderKeys(doc, parentId), 1);
	groups.set(id, newGroupMap({ x: opts.x, y: opts.y, order, parentId, color: colorFor(id), label: opts.label ?? '' }));
	const previous = assign(doc, noteIds, id);
	const rects = refit(doc, [id, ...previous]);
	pinPositions(doc, noteIds, rects);
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
	const { groups } = roots(doc);
	const base = `grp_${noteId.slice(noteId.indexOf('_') + 1)}`;
	let id = base;
	for (let n = 2; groups.has(id); n++) id = `${base}_${n}`;
	return id;
}

/**
 * Drop `draggedIds` on note `targetId`: join the target's group right after it, or, when the
 * target is loose, make a new group of the target followed by the dragged notes, where the target was.
 */
export function dropNotesOnNote(doc: Y.Doc, draggedIds: string[], targetId: string, origin: Origin): string | null {
	const { notes } = roots(doc);
	const target = notes.get(targetId);
	const dragged = draggedIds.filter((id) => id !== targetId && notes.has(id));
	if (!target || dragged.length === 0) return null;
	let groupId: string | null = null;
	doc.transact(() => {
		const tg = groupOfNote(doc, targetId);
		if (tg) {
			const members = membersOf(doc, tg).filter((id) => !dragged.includes(id));
			const previous = assign(doc, dragged, tg, members.indexOf(targetId) + 1);
			pinPositions(doc, dragged, refit(doc, [tg, ...previous]));
			pruneEmpty(doc, previous);
			groupId = tg;
		} else {
			groupId = createGroupIn(doc, [targetId, ...dragged], {
				id: groupIdFromNote(doc, targetId),
				x: num(target.get('x')) - PAD,
				y: num(target.get('y')) - HEADER
			});
		}
	}, origin);
	return groupId;
}

/** Moves notes into a group at `index` (end when omitted); also reorders within the same group. */
export function moveNotesToGroup(doc: Y.Doc, noteIds: string[], groupId: string, origin: Origin, index?: number): void {
	if (!roots(doc).groups.has(groupId)) throw new Error(`Group ${groupId} no longer exists`);
	doc.transact(() => {
		const previous = assign(doc, noteIds, groupId, index);
		pinPositions(doc, noteIds, refit(doc, [groupId, ...previous]));
		pruneEmpty(doc, previous);
	}, origin);
}

/** Takes notes out of their groups and puts each at the given board position. */
export function removeNotesFromGroups(doc: Y.Doc, placements: { id: string; x: number; y: number }[], origin: Origin): void {
	const { notes } = roots(doc);
	doc.transact(() => {
		const previous = new Set<string>();
		for (const { id, x, y } of placements) {
			const m = notes.get(id);
			if (!m) continue;
			const g = str(m.get('groupId'));
			if (g) previous.add(g);
			if (g !== null) m.set('groupId', null);
			m.set('x', Math.round(x));
			m.set('y', Math.round(y));
		}
		refit(doc, previous);
		pruneEmpty(doc, previous);
	}, origin);
}

/** Moves a group (with its notes and nested groups) to (x, y) at the top level. */
export function placeGroup(doc: Y.Doc, groupId: string, x: number, y: number, origin: Origin): void {
	const { groups } = roots(doc);
	const m = groups.get(groupId);
	if (!m) return;
	doc.transact(() => {
		const oldParent = parentOf(doc, groupId);
		if (oldParent) {
			m.set('parentId', null);
			m.set('order', keysAfter(topLevelOrderKeys(doc, null), 1)[0]);
		}
		m.set('x', Math.round(x));
		m.set('y', Math.round(y));
		if (oldParent) {
			refit(doc, [oldParent, groupId]);
			pruneEmpty(doc, [oldParent]);
		}
	}, origin);
}

/**
 * Nests `childId` inside `parentId` (a super-group). Refused when it would put a group inside
 * itself or one of its own nested groups. Answers whether it happened.
 */
export function nestGroup(doc: Y.Doc, childId: string, parentId: string, origin: Origin, index?: number): boolean {
	const { groups } = roots(doc);
	const m = groups.get(childId);
	if (!m || !groups.has(parentId) || isInside(doc, parentId, childId)) return false;
	doc.transact(() => {
		const oldParent = parentOf(doc, childId);
		const siblings = childGroupsOf(doc, parentId).filter((id) => id !== childId);
		const siblingKeys = siblings.map((id) => str(groups.get(id)!.get('order')) ?? 'a0');
		m.set('parentId', parentId);
		m.set('order', keysAt(siblingKeys, index ?? siblingKeys.length, 1)[0]);
		refit(doc, [parentId, ...(oldParent ? [oldParent] : [])]);
		if (oldParent && oldParent !== parentId) pruneEmpty(doc, [oldParent]);
	}, origin);
	return true;
}

/**
 * Merges `sourceId` into `targetId`: its notes follow the target's, its nested groups move under
 * the target, its name is kept when the target has none, and the source disappears.
 */
export function mergeGroups(doc: Y.Doc, sourceId: string, targetId: string, origin: Origin): boolean {
	const { groups } = roots(doc);
	const source = groups.get(sourceId);
	const target = groups.get(targetId);
	if (!source || !target || sourceId === targetId || isInside(doc, targetId, sourceId)) return false;
	doc.transact(() => {
		const oldParent = parentOf(doc, sourceId);
		const moving = membersOf(doc, sourceId);
		assign(doc, moving, targetId);
		const kids = childGroupsOf(doc, sourceId);
		const keys = keysAfter(childGroupsOf(doc, targetId).map((id) => str(groups.get(id)!.get('order')) ?? 'a0'), kids.length);
		kids.forEach((id, i) => {
			const k = groups.get(id)!;
			k.set('parentId', targetId);
			k.set('order', keys[i]);
		});
		const targetLabel = labelText(target);
		const sourceLabel = labelText(source)?.toString() ?? '';
		if (targetLabel && targetLabel.length === 0 && sourceLabel) targetLabel.insert(0, sourceLabel);
		groups.delete(sourceId);
		roots(doc).votes.delete(sourceId);
		pinPositions(doc, moving, refit(doc, [targetId]));
		if (oldParent) pruneEmpty(doc, [oldParent]);
	}, origin);
	return true;
}

/**
 * Dissolves a group: its notes stay where they were drawn, loose; its nested groups move up to
 * its parent (or the top level) where they were drawn.
 */
export function ungroup(doc: Y.Doc, groupId: string, origin: Origin): void {
	const { notes, groups } = roots(doc);
	if (!groups.has(groupId)) return;
	doc.transact(() => {
		const rects = refit(doc, [groupId]);
		const parent = parentOf(doc, groupId);
		for (const id of membersOf(doc, groupId)) {
			const m = notes.get(id)!;
			const r = rects.get(id);
			m.set('groupId', null);
			if (r) {
				m.set('x', r.x);
				m.set('y', r.y);
			}
		}
		for (const id of childGroupsOf(doc, groupId)) groups.get(id)!.set('parentId', parent);
		groups.delete(groupId);
		roots(doc).votes.delete(groupId);
		if (parent) {
			refit(doc, [parent]);
			pruneEmpty(doc, [parent]);
		}
	}, origin);
}

/** Replaces a group's name with one minimal edit of its Y.Text, so concurrent typing survives. */
export function renameGroup(doc: Y.Doc, groupId: string, name: string, origin: Origin): void {
	const m = roots(doc).groups.get(groupId);
	if (!m) return;
	doc.transact(() => {
		let text = labelText(m);
		if (!text) {
			const old = str(m.get('label')) ?? '';
			text = new Y.Text(old);
			m.set('label', text);
		}
		applyTextChange(text, name.slice(0, 500));
	}, origin);
}

export function setGroupCollapsed(doc: Y.Doc, groupId: string, collapsed: boolean, origin: Origin): void {
	const m = roots(doc).groups.get(groupId);
	if (!m || m.get('collapsed') === collapsed) return;
	doc.transact(() => {
		m.set('collapsed', collapsed);
		refit(doc, [groupId]);
	}, origin);
}

/** Every group's id and name, for "move to group" type-ahead. */
export function groupNames(doc: Y.Doc): { id: string; label: string }[] {
	const out: { id: string; label: string }[] = [];
	roots(doc).groups.forEach((m, id) => out.push({ id, label: labelText(m)?.toString() ?? str(m.get('label')) ?? '' }));
	return out;
}
