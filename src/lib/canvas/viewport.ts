import type { Rect } from '$lib/board/layout';

/**
 * The camera over the board: screen = world * zoom + pan. Pure functions; the canvas keeps one
 * Viewport in state and replaces it.
 */
export interface Viewport {
	panX: number;
	panY: number;
	zoom: number;
}

/** Far enough that "fit" shows a board of 10,000 notes in big groups (about 40,000 units across) on a laptop screen. */
export const MIN_ZOOM = 0.02;
/** Below this zoom the canvas paints notes instead of drawing them as cards: no header to type a name in. */
export const FAR_ZOOM = 0.3;
/** Zoom the board comes to when someone must type in a group's header seen from far (as Enter on a far group does). */
export const NAMING_ZOOM = 0.8;
/** The farthest zoom at which a note's comment reads comfortably (its 13 px text at 10 px or more): search brings matches to it. */
export const READING_ZOOM = 0.8;
export const MAX_ZOOM = 3;

export const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

export function worldToScreen(vp: Viewport, x: number, y: number) {
	return { x: x * vp.zoom + vp.panX, y: y * vp.zoom + vp.panY };
}

export function screenToWorld(vp: Viewport, x: number, y: number) {
	return { x: (x - vp.panX) / vp.zoom, y: (y - vp.panY) / vp.zoom };
}

export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
	return { ...vp, panX: vp.panX + dx, panY: vp.panY + dy };
}

/** Zooms by `factor` keeping the world point under (sx, sy) fixed on screen (cursor-anchored zoom). */
export function zoomAt(vp: Viewport, sx: number, sy: number, factor: number): Viewport {
	const zoom = clampZoom(vp.zoom * factor);
	const k = zoom / vp.zoom;
	return { zoom, panX: sx - (sx - vp.panX) * k, panY: sy - (sy - vp.panY) * k };
}

/** Zoom factor per wheel notch (100 px of `deltaY` in Chromium and Firefox): 1.2×, as in Figma and tldraw. */
export const WHEEL_NOTCH_ZOOM = 1.2;

/**
 * Zoom factor for a wheel event: 1.2× per notch of a mouse wheel (`deltaY` ±100 px, or 3 lines),
 * proportionally less for the small deltas of a trackpad pinch (which arrives as ctrl+wheel). A
 * notch never zooms more than 1.2×.
 */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
	const px = deltaMode === 1 ? deltaY * (100 / 3) : deltaMode === 2 ? deltaY * 400 : deltaY;
	return Math.exp((-Math.max(-100, Math.min(100, px)) * Math.log(WHEEL_NOTCH_ZOOM)) / 100);
}

/** The camera that shows `rect` whole and centred in a screen of w x h, with `padding` pixels around. */
export function fitRect(rect: Rect, w: number, h: number, padding = 48, maxZoom = 1.5): Viewport {
	const zoom = clampZoom(
		Math.min(maxZoom, (w - padding * 2) / Math.max(rect.w, 1), (h - padding * 2) / Math.max(rect.h, 1))
	);
	return {
		zoom,
		panX: w / 2 - (rect.x + rect.w / 2) * zoom,
		panY: h / 2 - (rect.y + rect.h / 2) * zoom
	};
}

/** Whether two screen rectangles overlap (touching edges do not). */
function overlaps(a: Rect, b: Rect): boolean {
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Like {@link fitRect}, but keeps what is drawn clear of controls floating over the board
 * (`obstacles`: screen rectangles in the same w x h screen, e.g. the zoom bar, minimap and legend).
 * `occupied(world)` says whether anything of the board lies in a world rectangle; by default all of
 * `rect` counts as drawn. A board's bounding box is mostly empty at its corners, so zoom to fit
 * passes the notes and groups themselves: the plain fit is kept when only empty board lies under a
 * control. When the plain fit would put something drawn under one, the fit is tried in each part
 * of the screen beside an obstacle (left of, right of, above, below it) and the largest zoom whose
 * result puts nothing under any obstacle wins, with the same `padding`. When no such part exists
 * (controls on every side of a small screen) the plain fit is returned: the content is still whole,
 * partly under a control, rather than smaller than the screen allows.
 */
export function fitRectClear(
	rect: Rect,
	w: number,
	h: number,
	obstacles: readonly Rect[],
	padding = 48,
	maxZoom = 1.5,
	occupied: (world: Rect) => boolean = (world) => overlaps(world, rect)
): Viewport {
	const plain = fitRect(rect, w, h, padding, maxZoom);
	/** The world rectangle under a screen rectangle `o` for camera `vp`. */
	const world = (vp: Viewport, o: Rect): Rect => ({ x: (o.x - vp.panX) / vp.zoom, y: (o.y - vp.panY) / vp.zoom, w: o.w / vp.zoom, h: o.h / vp.zoom });
	const clear = (vp: Viewport) => !obstacles.some((o) => occupied(world(vp, o)));
	if (clear(plain)) return plain;
	let best: Viewport | null = null;
	for (const o of obstacles) {
		const parts: Rect[] = [
			{ x: 0, y: 0, w: o.x, h },
			{ x: o.x + o.w, y: 0, w: w - o.x - o.w, h },
			{ x: 0, y: 0, w, h: o.y },
			{ x: 0, y: o.y + o.h, w, h: h - o.y - o.h }
		];
		for (const part of parts) {
			if (part.w <= padding * 2 || part.h <= padding * 2) continue;
			const vp = fitRect(rect, part.w, part.h, padding, maxZoom);
			const moved = { ...vp, panX: vp.panX + part.x, panY: vp.panY + part.y };
			if ((!best || moved.zoom > best.zoom) && clear(moved)) best = moved;
		}
	}
	return best ?? plain;
}

/**
 * Whether `rect` (world units) is drawn whole on a w x h screen with camera `vp`, and clear of
 * every one of `obstacles` (screen rectangles of the controls floating over the board).
 */
export function inView(vp: Viewport, rect: Rect, w: number, h: number, obstacles: readonly Rect[] = []): boolean {
	const a = worldToScreen(vp, rect.x, rect.y);
	const r = { x: a.x, y: a.y, w: rect.w * vp.zoom, h: rect.h * vp.zoom };
	return r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h && !obstacles.some((o) => overlaps(r, o));
}

/** The world rectangle visible on a screen of w x h, grown by `margin` screen pixels on each side. */
export function visibleRect(vp: Viewport, w: number, h: number, margin = 0): Rect {
	const tl = screenToWorld(vp, -margin, -margin);
	return { x: tl.x, y: tl.y, w: (w + margin * 2) / vp.zoom, h: (h + margin * 2) / vp.zoom };
}

/**
 * Smallest pan that brings `rect` (world units) into view on a w x h screen, `margin` screen
 * pixels from its edges (used when keyboard focus moves off-screen and when a change happens off
 * the screen). With `obstacles` (screen rectangles of controls floating over the board: zoom bar,
 * minimap, legend), a rect that would end up under one is moved on past it, by the smallest pan
 * that clears it and keeps the rect on screen; when none does, it stays where the plain pan put it.
 */
export function panIntoView(vp: Viewport, rect: Rect, w: number, h: number, margin = 32, obstacles: readonly Rect[] = []): Viewport {
	const a = worldToScreen(vp, rect.x, rect.y);
	const b = worldToScreen(vp, rect.x + rect.w, rect.y + rect.h);
	let dx = 0;
	let dy = 0;
	if (b.x - a.x > w - margin * 2 || a.x < margin) dx = margin - a.x;
	else if (b.x > w - margin) dx = w - margin - b.x;
	if (b.y - a.y > h - margin * 2 || a.y < margin) dy = margin - a.y;
	else if (b.y > h - margin) dy = h - margin - b.y;
	for (const o of obstacles) {
		const r = { x: a.x + dx, y: a.y + dy, w: b.x - a.x, h: b.y - a.y };
		if (!overlaps(r, o)) continue;
		const fits = (mx: number, my: number) => r.x + mx >= margin && r.y + my >= margin && r.x + r.w + mx <= w - margin && r.y + r.h + my <= h - margin;
		const moves = [
			{ x: 0, y: o.y - margin - (r.y + r.h) },
			{ x: 0, y: o.y + o.h + margin - r.y },
			{ x: o.x - margin - (r.x + r.w), y: 0 },
			{ x: o.x + o.w + margin - r.x, y: 0 }
		].filter((m) => fits(m.x, m.y) && !obstacles.some((other) => overlaps({ ...r, x: r.x + m.x, y: r.y + m.y }, other)));
		const best = moves.sort((p, q) => Math.abs(p.x) + Math.abs(p.y) - (Math.abs(q.x) + Math.abs(q.y)))[0];
		if (best) {
			dx += best.x;
			dy += best.y;
		}
	}
	return dx || dy ? panBy(vp, dx, dy) : vp;
}

/** Distance and midpoint of two touches, for pinch zoom. */
export function pinch(a: { x: number; y: number }, b: { x: number; y: number }) {
	return { dist: Math.hypot(a.x - b.x, a.y - b.y), cx: (a.x + b.x) / 2, cy: (a.y + b.y) / 2 };
}

/**
 * The camera during a two-finger pinch: `start` is the camera when the second finger went down,
 * `from` the two touches' midpoint and distance then (screen px), `to` their midpoint and distance
 * now. The board point that was under the first midpoint stays under the fingers' midpoint, so a
 * pinch zooms and pans at once (as in maps and tldraw); the zoom is clamped.
 */
export function pinchViewport(
	start: Viewport,
	from: { cx: number; cy: number; dist: number },
	to: { cx: number; cy: number; dist: number }
): Viewport {
	const zoom = clampZoom((start.zoom * Math.max(to.dist, 1)) / Math.max(from.dist, 1));
	const wx = (from.cx - start.panX) / start.zoom;
	const wy = (from.cy - start.panY) / start.zoom;
	return { zoom, panX: to.cx - wx * zoom, panY: to.cy - wy * zoom };
}
