import { compareOrder } from './order.ts';

/**
 * Where things are on the board. Ungrouped notes and top-level groups sit at their own x/y;
 * a group arranges its notes in a tidy grid under its header, then its nested groups, and grows
 * to fit. Positions inside a group are derived, never stored as truth, so two people adding to
 * the same group at once always see the same arrangement.
 */
export const NOTE_W = 208;
export const NOTE_H = 124;
export const GAP = 12;
export const PAD = 14;
export const HEADER = 52;
export const GROUP_MIN_W = NOTE_W + PAD * 2;
export const COLLAPSED_H = HEADER + 8;
const MAX_COLS = 6;
const CHILDREN_PER_ROW = 3;

export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface LayoutNote {
	id: string;
	/** Creation time, which orders the unsorted area. */
	createdAt: number;
	groupId: string | null;
	order: string;
	/** Position of a note put somewhere by hand; null when the layout places it. */
	pos: { x: number; y: number } | null;
	/** Stacked on another note, or in the trash: not drawn. */
	hidden?: boolean;
	/** The note it is stacked on, when it is a folded duplicate (counted on that note). */
	stackedOn?: string | null;
}

export interface LayoutGroup {
	id: string;
	x: number;
	y: number;
	parentId: string | null;
	order: string;
	collapsed: boolean;
}

export interface BoardLayout {
	/** Where each visible note is drawn; notes inside a collapsed group are absent. */
	notes: Map<string, Rect>;
	groups: Map<string, Rect>;
	/** Note ids of each group, in order. */
	members: Map<string, string[]>;
	/** Nested group ids of each group, in order. */
	children: Map<string, string[]>;
	/** Groups drawn at the top level (no parent, or a parent that no longer exists). */
	topGroups: string[];
	/** Nesting depth of each group (0 = top level). */
	depth: Map<string, number>;
	/** Notes drawn outside any group: put somewhere by hand, or in the unsorted area. */
	ungrouped: string[];
	/** Notes in the unsorted area, in its order (oldest first). */
	unsorted: string[];
	/** The unsorted area, or null when it is empty. */
	tray: Rect | null;
	/** How many comments a note stands for, for notes with near-duplicates stacked on them. */
	stackCount: Map<string, number>;
}

/** Top-left corner of the unsorted area. */
export const TRAY_X = 0;
export const TRAY_Y = 0;

/** Columns of the unsorted area for `n` notes: a wide grid that reads left to right. */
export function trayColumns(n: number): number {
	return Math.max(6, Math.min(60, Math.ceil(Math.sqrt(n * 2))));
}

export function columnsFor(count: number): number {
	if (count <= 0) return 1;
	return Math.max(1, Math.min(MAX_COLS, Math.ceil(Math.sqrt(count))));
}

/** Slot of the i-th note of a group whose header's top-left corner is at (gx, gy). */
export function slotRect(gx: number, gy: number, i: number, cols: number): Rect {
	return {
		x: gx + PAD + (i % cols) * (NOTE_W + GAP),
		y: gy + HEADER + Math.floor(i / cols) * (NOTE_H + GAP),
		w: NOTE_W,
		h: NOTE_H
	};
}

/** Which slot index a point inside a group's note grid falls on (for drop positions). */
export function slotIndexAt(group: Rect, count: number, px: number, py: number): number {
	const cols = columnsFor(count + 1);
	const col = Math.max(0, Math.min(cols - 1, Math.floor((px - group.x - PAD + GAP / 2) / (NOTE_W + GAP))));
	const row = Math.max(0, Math.floor((py - group.y - HEADER + GAP / 2) / (NOTE_H + GAP)));
	return Math.max(0, Math.min(count, row * cols + col));
}

/** The whole board's layout; O(n log n) in notes. */
export function layoutBoard(
	notes: Iterable<LayoutNote>,
	groups: Iterable<LayoutGroup>
): BoardLayout {
	const groupById = new Map<string, LayoutGroup>();
	for (const g of groups) groupById.set(g.id, g);

	const memberNotes = new Map<string, LayoutNote[]>();
	const ungrouped: LayoutNote[] = [];
	const stackCount = new Map<string, number>();
	for (const n of notes) {
		if (n.hidden) {
			if (n.stackedOn) stackCount.set(n.stackedOn, (stackCount.get(n.stackedOn) ?? 1) + 1);
			continue;
		}
		if (n.groupId && groupById.has(n.groupId)) {
			let list = memberNotes.get(n.groupId);
			if (!list) memberNotes.set(n.groupId, (list = []));
			list.push(n);
		} else ungrouped.push(n);
	}

	// A parent that is missing, or a loop of parents (two people nesting crosswise), makes a
	// group top-level; the loop is cut at the group with the smallest id, the same on every client.
	const effectiveParent = new Map<string, string | null>();
	for (const g of groupById.values()) {
		effectiveParent.set(g.id, g.parentId && groupById.has(g.parentId) && g.parentId !== g.id ? g.parentId : null);
	}
	for (const g of groupById.values()) {
		const seen: string[] = [];
		let cur: string | null = g.id;
		while (cur !== null && !seen.includes(cur)) {
			seen.push(cur);
			cur = effectiveParent.get(cur) ?? null;
		}
		if (cur !== null) {
			const loop = seen.slice(seen.indexOf(cur));
			const cut = loop.reduce((a, b) => (a < b ? a : b));
			effectiveParent.set(cut, null);
		}
	}

	const childGroups = new Map<string, LayoutGroup[]>();
	const top: LayoutGroup[] = [];
	for (const g of groupById.values()) {
		const p = effectiveParent.get(g.id) ?? null;
		if (p === null) top.push(g);
		else {
			let list = childGroups.get(p);
			if (!list) childGroups.set(p, (list = []));
			list.push(g);
		}
	}

	const out: BoardLayout = {
		notes: new Map(),
		groups: new Map(),
		members: new Map(),
		children: new Map(),
		topGroups: top.sort(compareOrder).map((g) => g.id),
		depth: new Map(),
		ungrouped: ungrouped.map((n) => n.id),
		unsorted: [],
		tray: null,
		stackCount
	};
	const tray: LayoutNote[] = [];
	for (const n of ungrouped) {
		if (n.pos) out.notes.set(n.id, { x: n.pos.x, y: n.pos.y, w: NOTE_W, h: NOTE_H });
		else tray.push(n);
	}
	if (tray.length > 0) {
		tray.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		const cols = trayColumns(tray.length);
		tray.forEach((n, i) => {
			out.notes.set(n.id, {
				x: TRAY_X + PAD + (i % cols) * (NOTE_W + GAP),
				y: TRAY_Y + HEADER + Math.floor(i / cols) * (NOTE_H + GAP),
				w: NOTE_W,
				h: NOTE_H
			});
		});
		out.unsorted = tray.map((n) => n.id);
		const rows = Math.ceil(tray.length / cols);
		out.tray = { x: TRAY_X, y: TRAY_Y, w: PAD * 2 + Math.min(cols, tray.length) * (NOTE_W + GAP) - GAP, h: HEADER + rows * (NOTE_H + GAP) - GAP + PAD };
	}

	const place = (g: LayoutGroup, x: number, y: number, depth: number): Rect => {
		const mine = (memberNotes.get(g.id) ?? []).sort(compareOrder);
		const kids = (childGroups.get(g.id) ?? []).sort(compareOrder);
		out.members.set(g.id, mine.map((n) => n.id));
		out.children.set(g.id, kids.map((k) => k.id));
		out.depth.set(g.id, depth);
		if (g.collapsed) {
			// Descendants are hidden but still have a depth and membership for the outline.
			const hide = (id: string, d: number) => {
				for (const k of childGroups.get(id) ?? []) {
					out.members.set(k.id, (memberNotes.get(k.id) ?? []).sort(compareOrder).map((n) => n.id));
					out.children.set(k.id, (childGroups.get(k.id) ?? []).sort(compareOrder).map((c) => c.id));
					out.depth.set(k.id, d);
					hide(k.id, d + 1);
				}
			};
			hide(g.id, depth + 1);
			const rect = { x, y, w: GROUP_MIN_W, h: COLLAPSED_H };
			out.groups.set(g.id, rect);
			return rect;
		}
		const cols = columnsFor(mine.length);
		mine.forEach((n, i) => out.notes.set(n.id, slotRect(x, y, i, cols)));
		const rows = Math.ceil(mine.length / cols);
		const notesW = mine.length ? Math.min(mine.length, cols) * (NOTE_W + GAP) - GAP : 0;
		const notesH = rows ? rows * (NOTE_H + GAP) - GAP : 0;

		const kidsTop = y + HEADER + notesH + (notesH ? GAP * 2 : 0);
		let cy = kidsTop;
		let cx = x + PAD;
		let rowH = 0;
		let kidsW = 0;
		kids.forEach((k, i) => {
			if (i > 0 && i % CHILDREN_PER_ROW === 0) {
				cy += rowH + GAP;
				cx = x + PAD;
				rowH = 0;
			}
			const r = place(k, cx, cy, depth + 1);
			cx += r.w + GAP;
			rowH = Math.max(rowH, r.h);
			kidsW = Math.max(kidsW, cx - GAP - (x + PAD));
		});
		const kidsH = kids.length ? cy + rowH - kidsTop : 0;
		const contentW = Math.max(notesW, kidsW);
		const contentH = kids.length ? kidsTop - (y + HEADER) + kidsH : notesH;
		const rect = {
			x,
			y,
			w: Math.max(GROUP_MIN_W, contentW + PAD * 2),
			h: HEADER + Math.max(contentH, notesH || kidsH ? 0 : NOTE_H / 2) + PAD
		};
		out.groups.set(g.id, rect);
		return rect;
	};
	for (const g of top) place(g, g.x, g.y, 0);
	return out;
}

export function union(rects: Iterable<Rect>): Rect | null {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const r of rects) {
		minX = Math.min(minX, r.x);
		minY = Math.min(minY, r.y);
		maxX = Math.max(maxX, r.x + r.w);
		maxY = Math.max(maxY, r.y + r.h);
	}
	return minX === Infinity ? null : { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function contains(r: Rect, px: number, py: number): boolean {
	return px >= r.x && py >= r.y && px <= r.x + r.w && py <= r.y + r.h;
}

export function intersects(a: Rect, b: Rect): boolean {
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
