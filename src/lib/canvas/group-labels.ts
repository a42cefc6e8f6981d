import type { Rect } from '$lib/board/layout';

/** A group label's height on screen (px), whatever the zoom. */
export const LABEL_H = 24;
/** A label of two lines (px): a name wider than its frame wraps once before it is cut. */
export const LABEL_H2 = 40;
/** The narrowest a label of two lines is (px); a frame with less room cuts the name on one line. */
export const TWO_LINES_MIN_W = 96;
/** The widest a label is drawn (px); a longer name ends in an ellipsis. */
export const LABEL_MAX_W = 280;
/** Screen space kept clear around each label (px), so names stay apart enough to read. */
export const LABEL_MARGIN = 6;
/**
 * The narrowest a label is cut to (px) to stay inside its frame: the start of a name, its ellipsis
 * and the count. A frame with less room on screen shows no label until zoomed in.
 */
export const LABEL_MIN_W = 64;
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

/** A label placed on screen: its top-left corner and width in screen px (less than the candidate's when cut to its frame). */
export interface PlacedLabel {
	id: string;
	x: number;
	y: number;
	w: number;
	/** LABEL_H, or LABEL_H2 for a name on two lines. */
	h: number;
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
	/** Screen rectangles of the controls floating over the board (zoom bar, minimap, legend): no label goes under one. */
	obstacles?: readonly Rect[];
}

/**
 * Places group names over their frames at a fixed screen size, as map labels are: `candidates`
 * in the order they are given room (top-level and larger groups first), the `first` groups
 * before all. A label stays inside its frame: a name wider than the frame's part on screen is cut
 * to it: on two lines where the frame has the room (TWO_LINES_MIN_W across, LABEL_H2 down), the
 * second ending in an ellipsis if the name is longer still, else on one line ending in an ellipsis;
 * the count stays. A frame with less room than LABEL_MIN_W across or a label's height down gets no
 * label until zoomed in. Each label goes, in
 * this order of preference:
 *
 * 1. at its frame's top-left corner (kept on screen while the frame is: sticky at the edges),
 *    then up to LABEL_TRIES places lower down the frame's left edge;
 * 2. the same places down the frame's right edge, the label ending with the frame.
 *
 * A place is taken only where the label is whole on screen, clear of the controls over the board
 * (`obstacles`), and keeps LABEL_MARGIN clear of every label already placed; a group that finds
 * none shows no label until zoomed in (its frame and notes are still painted). A frame reaching in
 * from the right edge, whose label would not be whole, waits until it is further in, and so does a
 * frame reaching in from the left edge whose part on screen is narrower than its name. The
 * `first` groups always get a label, at the first of these places clear of the controls (at
 * least LABEL_MIN_W wide, even on a smaller frame). Collisions are found in a grid of screen
 * cells, so placing is linear in the groups on screen.
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
	const obstacles = options.obstacles ?? [];
	const ordered = candidates.some((c) => first.has(c.id)) ? [...candidates.filter((c) => first.has(c.id)), ...candidates.filter((c) => !first.has(c.id))] : candidates;
	const cols = Math.ceil(sw / CELL) + 1;
	const cells = new Map<number, PlacedLabel[]>();
	const cellsOf = (x: number, y: number, w: number, h: number, f: (k: number) => boolean | void) => {
		const x0 = Math.max(0, Math.floor((x - LABEL_MARGIN) / CELL));
		const x1 = Math.floor((x + w + LABEL_MARGIN) / CELL);
		const y0 = Math.max(0, Math.floor((y - LABEL_MARGIN) / CELL));
		const y1 = Math.floor((y + h + LABEL_MARGIN) / CELL);
		for (let cy = y0; cy <= y1; cy++) for (let cx = x0; cx <= x1; cx++) if (f(cy * cols + cx) === false) return false;
		return true;
	};
	const free = (x: number, y: number, w: number, h: number) =>
		cellsOf(x, y, w, h, (k) =>
			(cells.get(k) ?? []).every(
				(p) => x >= p.x + p.w + LABEL_MARGIN || p.x >= x + w + LABEL_MARGIN || y >= p.y + p.h + LABEL_MARGIN || p.y >= y + h + LABEL_MARGIN
			)
		);
	const clear = (x: number, y: number, w: number, h: number) => obstacles.every((o) => x >= o.x + o.w || o.x >= x + w || y >= o.y + o.h || o.y >= y + h);
	const onScreen = (x: number, y: number, w: number) => x >= 0 && y >= 0 && x + w <= sw && y < sh;
	const placed: PlacedLabel[] = [];
	const place = (c: LabelCandidate, x: number, y: number, w: number, h: number) => {
		const l = { id: c.id, x, y, w, h, name: c.name, count: c.count };
		placed.push(l);
		cellsOf(x, y, w, h, (k) => {
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
		const isFirst = first.has(c.id);
		// Sticky: a frame reaching into the screen from above or the left keeps its label at the edge.
		const x = Math.max(gx, 0) + 3;
		const top = Math.max(gy, 0) + 3;
		// The room inside the frame (to the screen's edge where the frame reaches past it).
		const right = Math.min(gx + gw, sw) - 3;
		const bottom = Math.min(gy + gh, sh) - 3;
		const w = Math.min(c.w, right - x);
		const fits = w >= Math.min(c.w, LABEL_MIN_W) && bottom - top >= LABEL_H;
		const h = w < c.w && w >= TWO_LINES_MIN_W && bottom - top >= LABEL_H2 ? LABEL_H2 : LABEL_H;
		if (!isFirst) {
			if (!fits) continue;
			// A frame reaching in from the left edge whose part on screen is narrower than its name
			// waits until more of it is in: the name held at the edge ran over the next frame's notes,
			// which read as this group's.
			if (gx < 0 && x + c.w > gx + gw) continue;
			// A label that would run off the right edge of a frame reaching past it waits until the
			// frame is further in.
			if (x + c.w > sw && gx + gw > sw) continue;
		}
		const lw = fits ? w : Math.max(w, Math.min(c.w, LABEL_MIN_W));
		const xs = [x];
		const end = right - lw;
		if (end >= 0 && Math.abs(end - x) >= 8) xs.push(end);
		const last = Math.min(Math.max(bottom - h, top), top + LABEL_TRIES * (LABEL_H + LABEL_MARGIN));
		const spots: [number, number][] = [];
		for (const lx of xs) for (let y = top; y <= last; y += LABEL_H + LABEL_MARGIN) spots.push([lx, y]);
		const spot = isFirst
			? (spots.find(([lx, ly]) => clear(lx, ly, lw, h)) ?? spots[0])
			: spots.find(([lx, ly]) => onScreen(lx, ly, lw) && clear(lx, ly, lw, h) && free(lx, ly, lw, h));
		if (spot) place(c, spot[0], spot[1], lw, h);
	}
	return placed;
}
