import type { Rect } from '$lib/board/layout';

/** A group label's height on screen (px), whatever the zoom. */
export const LABEL_H = 24;
/** The widest a label is drawn (px); a longer name ends in an ellipsis. */
export const LABEL_MAX_W = 280;
/** Screen space kept clear around each label (px), so names stay apart enough to read. */
export const LABEL_MARGIN = 6;
/** Down a frame's edge, how many places a label may try below the first one. */
export const LABEL_TRIES = 4;
/** Grid cell (screen px) collisions are looked up in. */
const CELL = 64;

/** A group that may get a label: its frame in world units and its label's width on screen (px). */
export interface LabelCandidate {
	id: string;
	r: Rect;
	w: number;
	name: string;
	count: number;
}

/** A label placed on screen: its top-left corner and width in screen px. */
export interface PlacedLabel {
	id: string;
	x: number;
	y: number;
	w: number;
	name: string;
	count: number;
}

export interface LabelView {
	panX: number;
	panY: number;
	zoom: number;
}

export interface LabelOptions {
	/** Groups whose label is always drawn (the focused or selected group, the drop target). */
	first?: ReadonlySet<string | null>;
	/** Groups being dragged, drawn `drag` world units away from their frame. */
	dragged?: ReadonlySet<string> | null;
	drag?: { dx: number; dy: number } | null;
}

/**
 * Places group names over their frames at a fixed screen size, as map labels are: `candidates`
 * in the order they are given room (top-level and larger groups first), the `first` groups
 * before all. Each label goes, in this order of preference:
 *
 * 1. at its frame's top-left corner (kept on screen while the frame is: sticky at the edges),
 *    then up to LABEL_TRIES places lower down the frame's left edge;
 * 2. the same places down the frame's right edge, the label ending with the frame (which frees
 *    the room a wide name would take from the next frame's label). A frame narrower than its
 *    name near the right edge of the screen gets its label this way, not none.
 *
 * A place is taken only where the label starts on screen and is whole across it and keeps LABEL_MARGIN clear of every
 * label already placed; a group that finds none shows no label until zoomed in (its frame and
 * notes are still painted). A frame reaching in from the right edge, whose label would not be
 * whole, waits until it is further in, and so does a frame reaching in from the left edge whose
 * part on screen is narrower than its name. Collisions are found in a grid of screen cells, so placing
 * is linear in the groups on screen.
 *
 * @param screen the canvas's size in px.
 * @returns the labels placed, in screen px.
 */
export function placeLabels(
	candidates: readonly LabelCandidate[],
	view: LabelView,
	screen: { w: number; h: number },
	options: LabelOptions = {}
): PlacedLabel[] {
	if (!candidates.length) return [];
	const { panX, panY, zoom } = view;
	const { w: sw, h: sh } = screen;
	const first = options.first ?? new Set<string | null>();
	const ordered = candidates.some((c) => first.has(c.id)) ? [...candidates.filter((c) => first.has(c.id)), ...candidates.filter((c) => !first.has(c.id))] : candidates;
	const cols = Math.ceil(sw / CELL) + 1;
	const cells = new Map<number, PlacedLabel[]>();
	const cellsOf = (x: number, y: number, w: number, f: (k: number) => boolean | void) => {
		const x0 = Math.max(0, Math.floor((x - LABEL_MARGIN) / CELL));
		const x1 = Math.floor((x + w + LABEL_MARGIN) / CELL);
		const y0 = Math.max(0, Math.floor((y - LABEL_MARGIN) / CELL));
		const y1 = Math.floor((y + LABEL_H + LABEL_MARGIN) / CELL);
		for (let cy = y0; cy <= y1; cy++) for (let cx = x0; cx <= x1; cx++) if (f(cy * cols + cx) === false) return false;
		return true;
	};
	const free = (x: number, y: number, w: number) =>
		cellsOf(x, y, w, (k) =>
			(cells.get(k) ?? []).every(
				(p) => x >= p.x + p.w + LABEL_MARGIN || p.x >= x + w + LABEL_MARGIN || y >= p.y + LABEL_H + LABEL_MARGIN || p.y >= y + LABEL_H + LABEL_MARGIN
			)
		);
	const onScreen = (x: number, y: number, w: number) => x >= 0 && y >= 0 && x + w <= sw && y < sh;
	const placed: PlacedLabel[] = [];
	const place = (c: LabelCandidate, x: number, y: number) => {
		const l = { id: c.id, x, y, w: c.w, name: c.name, count: c.count };
		placed.push(l);
		cellsOf(x, y, c.w, (k) => {
			const list = cells.get(k);
			if (list) list.push(l);
			else cells.set(k, [l]);
		});
	};
	for (const c of ordered) {
		const d = options.dragged?.has(c.id) && options.drag ? options.drag : null;
		const gx = (c.r.x + (d?.dx ?? 0)) * zoom + panX;
		const gy = (c.r.y + (d?.dy ?? 0)) * zoom + panY;
		const gw = c.r.w * zoom;
		const gh = c.r.h * zoom;
		if (gx + gw < 0 || gy + gh < 0 || gx >= sw || gy >= sh) continue;
		// Sticky: a frame reaching into the screen from above or the left keeps its label at the edge.
		const x = Math.max(gx, 0) + 3;
		const top = Math.max(gy, 0) + 3;
		if (first.has(c.id)) {
			place(c, x, top);
			continue;
		}
		// A frame reaching in from the left edge whose part on screen is narrower than its name
		// waits until more of it is in: the name held at the edge ran over the next frame's notes,
		// which read as this group's.
		if (gx < 0 && x + c.w > gx + gw) continue;
		// A label that would run off the right edge of a frame reaching past it waits until the
		// frame is further in; one whose frame ends on screen may end with the frame instead.
		const rightInside = gx + gw <= sw;
		if (x + c.w > sw && !rightInside) continue;
		const right = Math.min(gx + gw, sw) - c.w - 3;
		const xs = [x];
		if (right >= 0 && Math.abs(right - x) >= 8) xs.push(right);
		const bottom = Math.min(Math.max(gy + gh - LABEL_H - 3, top), top + LABEL_TRIES * (LABEL_H + LABEL_MARGIN));
		const spots: [number, number][] = [];
		for (const lx of xs) for (let y = top; y <= bottom; y += LABEL_H + LABEL_MARGIN) spots.push([lx, y]);
		const spot = spots.find(([lx, ly]) => onScreen(lx, ly, c.w) && free(lx, ly, c.w));
		if (spot) place(c, spot[0], spot[1]);
	}
	return placed;
}
