import type { Note } from './note.ts';
import { compareOrder } from './order.ts';
import { effectiveParents } from './tree.ts';

/**
 * Where things are on the board. A group arranges its notes in a tidy grid under its header,
 * then its nested groups, and grows to fit. Top-level items are then placed so that nothing
 * overlaps, by construction: the unsorted area stays at its corner, each of its notes in a fixed
 * slot (holes stay where notes left); top-level groups and notes
 * put by hand are placed in reading order of their stored position (groups before loose notes),
 * each at its stored position when that is free, else at the nearest free spot. Stored
 * positions are a wish; the layout is derived from the whole document, so every client draws
 * the same board, and a group that grows pushes what comes after it instead of covering it.
 */
export const NOTE_W = 208;
export const NOTE_H = 124;
export const GAP = 12;
export const PAD = 14;
export const HEADER = 52;
export const GROUP_MIN_W = NOTE_W + PAD * 2;
export const COLLAPSED_H = HEADER + 8;
const CHILDREN_PER_ROW = 3;

export { MAX_NESTING } from './tree.ts';

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
	/** Its slot in the unsorted area as "Tidy up" left it (0 = first); absent when it has none. */
	slot?: number | null;
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
	/** How many top-level groups and loose notes are drawn away from their stored position. */
	displaced: number;
}

/** Space kept around a group or the unsorted area (board units). */
export const GROUP_SPACING = GAP * 2;
/** Space kept between two loose notes (board units). */
export const NOTE_SPACING = GAP;

/** A top-level item of the board, as the free-space search sees it. */
interface Block {
	id: string;
	rect: Rect;
	/** Space this item keeps around itself; two items keep the larger of their two spacings. */
	spacing: number;
	/** The last query that looked at this item (an item spans several cells). */
	seen: number;
}

/**
 * Top-level items of the board in a uniform grid, and the nearest free spot for a new one.
 * The search is best-first from the wished position: a spot that collides spawns the spots just
 * left of, right of, above and below each item it hits, nearest first, as in the candidate
 * search of rectangle packers (Jylänki, "A Thousand Ways to Pack the Bin", 2010). It is exact
 * and deterministic, so every client finds the same spot.
 */
export class Occupancy {
	#cells = new Map<number, Block[]>();
	#bottom = -Infinity;
	#query = 0;
	static readonly CELL = 256;
	/** Per wished spot, the first ring of slots around it that may still be free (see `freeSpot`). */
	#rings = new Map<string, number>();

	#span(r: Rect, m: number) {
		const c = Occupancy.CELL;
		return { x0: Math.floor((r.x - m) / c), y0: Math.floor((r.y - m) / c), x1: Math.floor((r.x + r.w + m) / c), y1: Math.floor((r.y + r.h + m) / c) };
	}

	#key(cx: number, cy: number) {
		return ((cx + 32768) & 0xffff) * 65536 + ((cy + 32768) & 0xffff);
	}

	add(id: string, rect: Rect, spacing: number) {
		const b: Block = { id, rect, spacing, seen: 0 };
		const { x0, y0, x1, y1 } = this.#span(rect, 0);
		for (let cx = x0; cx <= x1; cx++)
			for (let cy = y0; cy <= y1; cy++) {
				const k = this.#key(cx, cy);
				const cell = this.#cells.get(k);
				if (cell) cell.push(b);
				else this.#cells.set(k, [b]);
			}
		this.#bottom = Math.max(this.#bottom, rect.y + rect.h);
	}

	/** Items that a rectangle keeping `spacing` around it would touch (all of them, or the first when `first`). */
	collisions(r: Rect, spacing: number, first = false): { rect: Rect; spacing: number }[] {
		const out: Block[] = [];
		const query = ++this.#query;
		const { x0, y0, x1, y1 } = this.#span(r, Math.max(spacing, GROUP_SPACING));
		for (let cx = x0; cx <= x1; cx++)
			for (let cy = y0; cy <= y1; cy++) {
				const cell = this.#cells.get(this.#key(cx, cy));
				if (!cell) continue;
				for (const b of cell) {
					if (b.seen === query) continue;
					b.seen = query;
					const m = spacing > b.spacing ? spacing : b.spacing;
					const o = b.rect;
					if (r.x < o.x + o.w + m && o.x < r.x + r.w + m && r.y < o.y + o.h + m && o.y < r.y + r.h + m) {
						out.push(b);
						if (first) return out;
					}
				}
			}
		return out;
	}

	/**
	 * Top-left corner of the free spot nearest to `wish` (board units) for a `w` × `h` item that
	 * keeps `spacing` around itself. Answers `wish` itself when it is free.
	 */
	freeSpot(wish: { x: number; y: number }, w: number, h: number, spacing: number): { x: number; y: number } {
		if (this.collisions({ x: wish.x, y: wish.y, w, h }, spacing, true).length === 0) return { x: wish.x, y: wish.y };
		const at = (x: number, y: number) => this.collisions({ x, y, w, h }, spacing);
		const free = (x: number, y: number) => this.collisions({ x, y, w, h }, spacing, true).length === 0;
		// Items wished near each other share how far out the free slots start.
		const wishKey = `${Math.floor(wish.x / 512)},${Math.floor(wish.y / 512)},${w},${h}`;
		if (!this.#rings.has(wishKey)) {
			const heap = new CandidateHeap();
			const seen = new Set<string>();
			const push = (x: number, y: number) => {
				const key = `${x},${y}`;
				if (seen.has(key)) return;
				seen.add(key);
				heap.push({ d: (x - wish.x) ** 2 + (y - wish.y) ** 2, x, y });
			};
			push(wish.x, wish.y);
			for (let step = 0; step < 24 && heap.size > 0; step++) {
				const c = heap.pop();
				const hits = at(c.x, c.y);
				if (hits.length === 0) return { x: c.x, y: c.y };
				for (const { rect: o, spacing: os } of hits) {
					const m = Math.max(spacing, os);
					push(o.x - m - w, c.y);
					push(o.x + o.w + m, c.y);
					push(c.x, o.y - m - h);
					push(c.x, o.y + o.h + m);
				}
			}
		}
		// Crowded (many items wished at one spot, as when private notes are revealed): try slots of
		// a lattice in rings around the wish. Nothing is removed while a board is laid out, so the
		// next item wished nearby starts at the ring where this one found room.
		const sx = w + spacing;
		const sy = h + spacing;
		for (let ring = this.#rings.get(wishKey) ?? 1; ring <= 64; ring++) {
			const slots: { d: number; x: number; y: number }[] = [];
			for (let i = -ring; i <= ring; i++)
				for (let j = -ring; j <= ring; j++) {
					if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
					const x = wish.x + i * sx;
					const y = wish.y + j * sy;
					slots.push({ d: (x - wish.x) ** 2 + (y - wish.y) ** 2, x, y });
				}
			slots.sort((a, b) => a.d - b.d || a.y - b.y || a.x - b.x);
			for (const c of slots)
				if (free(c.x, c.y)) {
					this.#rings.set(wishKey, ring);
					return { x: c.x, y: c.y };
				}
		}
		this.#rings.set(wishKey, 65);
		// Below everything is always free.
		return { x: wish.x, y: this.#bottom + GROUP_SPACING };
	}
}

interface Candidate {
	d: number;
	x: number;
	y: number;
}

/** Nearest candidate first; ties by y then x, so every client takes the same one. */
class CandidateHeap {
	#items: Candidate[] = [];
	get size() {
		return this.#items.length;
	}
	#less(a: Candidate, b: Candidate) {
		return a.d !== b.d ? a.d < b.d : a.y !== b.y ? a.y < b.y : a.x < b.x;
	}
	push(c: Candidate) {
		const a = this.#items;
		a.push(c);
		let i = a.length - 1;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (!this.#less(a[i], a[p])) break;
			[a[i], a[p]] = [a[p], a[i]];
			i = p;
		}
	}
	pop(): Candidate {
		const a = this.#items;
		const top = a[0];
		const last = a.pop()!;
		if (a.length > 0) {
			a[0] = last;
			let i = 0;
			for (;;) {
				const l = i * 2 + 1;
				const r = l + 1;
				let m = i;
				if (l < a.length && this.#less(a[l], a[m])) m = l;
				if (r < a.length && this.#less(a[r], a[m])) m = r;
				if (m === i) break;
				[a[i], a[m]] = [a[m], a[i]];
				i = m;
			}
		}
		return top;
	}
}

/**
 * The board's top-level items as they are drawn (the unsorted area, top-level groups, loose
 * notes), for finding free space for something new. `ignore` leaves out items that are about
 * to move (notes being grouped, the group being dragged).
 */
export function occupancyOf(layout: BoardLayout, ignore?: ReadonlySet<string>): Occupancy {
	const occ = new Occupancy();
	if (layout.tray) occ.add('tray', layout.tray, GROUP_SPACING);
	for (const id of layout.topGroups) {
		const r = layout.groups.get(id);
		if (r && !ignore?.has(id)) occ.add(id, r, GROUP_SPACING);
	}
	const unsorted = new Set(layout.unsorted);
	for (const id of layout.ungrouped) {
		const r = layout.notes.get(id);
		if (r && !unsorted.has(id) && !ignore?.has(id)) occ.add(id, r, NOTE_SPACING);
	}
	return occ;
}

/** Width and height of an expanded group with `count` notes and no nested groups (board units). */
export function groupSize(count: number): { w: number; h: number } {
	const cols = columnsFor(count);
	const rows = Math.ceil(count / cols);
	const notesW = count ? Math.min(count, cols) * (NOTE_W + GAP) - GAP : 0;
	const notesH = rows ? rows * (NOTE_H + GAP) - GAP : NOTE_H / 2;
	return { w: Math.max(GROUP_MIN_W, notesW + PAD * 2), h: HEADER + notesH + PAD };
}

/** Top-left corner of the unsorted area. */
export const TRAY_X = 0;
export const TRAY_Y = 0;

/**
 * Columns of the unsorted area for a board of `n` drawn notes: a wide grid that reads left to
 * right, about twice as wide as tall (√(2n) columns), in steps of 6, 12, 24, 48 and 60 so that a
 * few new notes do not change it and every unsorted note keeps its slot.
 */
export function trayColumns(n: number): number {
	const want = Math.ceil(Math.sqrt(n * 2));
	for (const cols of [6, 12, 24, 48]) if (want <= cols) return cols;
	return 60;
}

/** Width over height a large group's frame aims at: a landscape 3:2, as a screen or a printed page is. */
export const GROUP_ASPECT = 1.5;
/**
 * Column counts a group of more than 36 notes may take: about 12 % apart, so a note or two more
 * or less does not reflow the group, up to 60 columns (as wide as the unsorted area gets).
 */
const GROUP_COLUMN_STEPS = [6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 22, 24, 27, 30, 34, 38, 42, 48, 54, 60];
/** Most columns a group's note grid takes (board units: 60 × 220 = 13,200 wide). */
export const MAX_GROUP_COLUMNS = GROUP_COLUMN_STEPS[GROUP_COLUMN_STEPS.length - 1];

/**
 * Columns of the note grid of a group of `count` notes. Up to 36 notes: ⌈√count⌉ (1 to 6
 * columns, a near-square grid). Beyond, the grid grows in both directions so the frame stays near
 * `GROUP_ASPECT` (3:2 landscape): the ideal is √(count × aspect × slot height / slot width)
 * columns, since a grid of c columns and count / c rows of 220 × 136 slots is then 1.5 times as
 * wide as tall; the count taken is the step of `GROUP_COLUMN_STEPS` nearest to it (by ratio),
 * at most `MAX_GROUP_COLUMNS`. Never decreases as `count` grows, so notes only ever flow onto
 * more columns as a group fills.
 */
export function columnsFor(count: number): number {
	if (count <= 0) return 1;
	if (count <= 36) return Math.ceil(Math.sqrt(count));
	const ideal = Math.sqrt((count * GROUP_ASPECT * (NOTE_H + GAP)) / (NOTE_W + GAP));
	let best = GROUP_COLUMN_STEPS[0];
	for (const step of GROUP_COLUMN_STEPS) if (Math.abs(Math.log(step / ideal)) < Math.abs(Math.log(best / ideal))) best = step;
	return best;
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

/**
 * Slots of the unsorted area's notes (`tray`), given every other note of the board (`others`: in
 * groups, put by hand, stacked or in the trash), in the area's order. A note keeps the slot
 * "Tidy up" gave it (`slot`); a note without one takes its rank by creation among all notes,
 * after the tidied slots (from the next whole row on). Notes that leave for a group, a stack or
 * the trash still count, so they leave a hole and no other note moves while people cluster;
 * only a row that empties entirely closes up (in `layoutBoard`), and "Tidy up" closes the holes.
 * Two notes claiming one slot (two people tidying at once) take it in creation order, the later
 * one the next free slot. `cols` is the area's width in notes, from the count of all notes.
 */
function traySlots(tray: LayoutNote[], others: LayoutNote[]): { cols: number; order: { note: LayoutNote; slot: number }[] } {
	const byAge = (a: LayoutNote, b: LayoutNote) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	const cols = trayColumns(tray.length + others.length);
	const tidied = tray.filter((n) => n.slot != null);
	const ranked = tray.filter((n) => n.slot == null);
	let base = 0;
	for (const n of tidied) base = Math.max(base, n.slot! + 1);
	base = Math.ceil(base / cols) * cols;
	// Ranks come from merging the sorted unsorted notes with the sorted others, so a board that
	// is all unsorted (a fresh import) sorts no more than before.
	const order: { note: LayoutNote; slot: number }[] = tidied.map((note) => ({ note, slot: note.slot! }));
	if (ranked.length) {
		const rest = tidied.length ? [...others, ...tidied] : others;
		rest.sort(byAge);
		ranked.sort(byAge);
		for (let i = 0, j = 0; i < ranked.length; i++) {
			while (j < rest.length && byAge(rest[j], ranked[i]) < 0) j++;
			order.push({ note: ranked[i], slot: base + i + j });
		}
	}
	if (tidied.length) {
		order.sort((a, b) => a.slot - b.slot || byAge(a.note, b.note));
		for (let i = 1; i < order.length; i++) if (order[i].slot <= order[i - 1].slot) order[i].slot = order[i - 1].slot + 1;
	}
	return { cols, order };
}

/**
 * What the layout needs of the board's notes as `readNotes` reads them: stacked duplicates are
 * hidden and counted on their keeper; `trashed` notes are hidden too, and keep their slot in the
 * unsorted area until "Tidy up".
 */
export function layoutNotesOf(notes: readonly Note[], trashed: readonly Note[] = []): LayoutNote[] {
	const out: LayoutNote[] = notes.map((n) => ({
		id: n.id,
		createdAt: n.createdAt,
		groupId: n.stackedOn ? null : n.groupId,
		order: n.order,
		pos: n.pos,
		hidden: !!n.stackedOn,
		stackedOn: n.stackedOn,
		slot: n.slot ?? null
	}));
	for (const n of trashed) out.push({ id: n.id, createdAt: n.createdAt, groupId: null, order: '', pos: null, hidden: true });
	return out;
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
	const hiddenNotes: LayoutNote[] = [];
	const stackCount = new Map<string, number>();
	for (const n of notes) {
		if (n.hidden) {
			if (n.stackedOn) stackCount.set(n.stackedOn, (stackCount.get(n.stackedOn) ?? 1) + 1);
			hiddenNotes.push(n);
			continue;
		}
		if (n.groupId && groupById.has(n.groupId)) {
			let list = memberNotes.get(n.groupId);
			if (!list) memberNotes.set(n.groupId, (list = []));
			list.push(n);
		} else ungrouped.push(n);
	}

	const effectiveParent = effectiveParents(groupById.values());

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
		stackCount,
		displaced: 0
	};
	const tray: LayoutNote[] = [];
	const loose: LayoutNote[] = [];
	for (const n of ungrouped) {
		if (n.pos) loose.push(n);
		else tray.push(n);
	}
	if (tray.length > 0) {
		const slots = traySlots(tray, [...loose, ...[...memberNotes.values()].flat(), ...hiddenNotes]);
		let row = -1;
		let lastSlotRow = -1;
		let minCol = slots.cols;
		let maxCol = 0;
		for (const { note, slot } of slots.order) {
			const slotRow = Math.floor(slot / slots.cols);
			const col = slot % slots.cols;
			if (slotRow !== lastSlotRow) {
				row++;
				lastSlotRow = slotRow;
			}
			minCol = Math.min(minCol, col);
			maxCol = Math.max(maxCol, col);
			out.notes.set(note.id, {
				x: TRAY_X + PAD + col * (NOTE_W + GAP),
				y: TRAY_Y + HEADER + row * (NOTE_H + GAP),
				w: NOTE_W,
				h: NOTE_H
			});
		}
		out.unsorted = slots.order.map((s) => s.note.id);
		const rows = row + 1;
		const left = TRAY_X + minCol * (NOTE_W + GAP);
		out.tray = { x: left, y: TRAY_Y, w: PAD * 2 + (maxCol - minCol + 1) * (NOTE_W + GAP) - GAP, h: HEADER + rows * (NOTE_H + GAP) - GAP + PAD };
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
	const occupied = new Occupancy();
	if (out.tray) occupied.add('tray', out.tray, GROUP_SPACING);

	// Moves a laid-out group with everything drawn inside it.
	const shift = (id: string, dx: number, dy: number) => {
		const r = out.groups.get(id);
		if (r) out.groups.set(id, { x: r.x + dx, y: r.y + dy, w: r.w, h: r.h });
		for (const n of out.members.get(id) ?? []) {
			const nr = out.notes.get(n);
			if (nr) out.notes.set(n, { x: nr.x + dx, y: nr.y + dy, w: nr.w, h: nr.h });
		}
		for (const k of out.children.get(id) ?? []) shift(k, dx, dy);
	};
	const readingOrder = (a: { x: number; y: number; id: string }, b: { x: number; y: number; id: string }) =>
		a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

	for (const g of [...top].sort(readingOrder)) {
		const r = place(g, g.x, g.y, 0);
		const spot = occupied.freeSpot(r, r.w, r.h, GROUP_SPACING);
		if (spot.x !== r.x || spot.y !== r.y) {
			shift(g.id, spot.x - r.x, spot.y - r.y);
			out.displaced++;
		}
		occupied.add(g.id, out.groups.get(g.id)!, GROUP_SPACING);
	}
	const looseAt = loose.map((n) => ({ id: n.id, x: n.pos!.x, y: n.pos!.y })).sort(readingOrder);
	for (const n of looseAt) {
		const spot = occupied.freeSpot(n, NOTE_W, NOTE_H, NOTE_SPACING);
		if (spot.x !== n.x || spot.y !== n.y) out.displaced++;
		const r = { x: spot.x, y: spot.y, w: NOTE_W, h: NOTE_H };
		out.notes.set(n.id, r);
		occupied.add(n.id, r, NOTE_SPACING);
	}
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
