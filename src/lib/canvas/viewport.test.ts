import { describe, expect, it } from 'vitest';
import { fitRect, fitRectClear, panIntoView, pinchViewport, screenToWorld, visibleRect, wheelZoomFactor, worldToScreen, zoomAt, MAX_ZOOM } from './viewport';
import { SpatialIndex } from './spatial';

describe('viewport', () => {
	it('zooming at the cursor keeps the point under the cursor still', () => {
		const vp = { panX: 40, panY: -20, zoom: 0.8 };
		const before = screenToWorld(vp, 300, 200);
		const after = zoomAt(vp, 300, 200, 1.7);
		expect(after.zoom).toBeCloseTo(1.36);
		const p = worldToScreen(after, before.x, before.y);
		expect(p.x).toBeCloseTo(300);
		expect(p.y).toBeCloseTo(200);
	});

	it('clamps zoom and turns wheel deltas into gentle factors', () => {
		expect(zoomAt({ panX: 0, panY: 0, zoom: 2 }, 0, 0, 100).zoom).toBe(MAX_ZOOM);
		expect(wheelZoomFactor(-100, 0)).toBeGreaterThan(1);
		expect(wheelZoomFactor(100, 0)).toBeLessThan(1);
		expect(wheelZoomFactor(3, 1)).toBeCloseTo(wheelZoomFactor(100, 0));
		// One notch of a mouse wheel is 1.2x, in and out; a bigger delta is still one notch.
		expect(wheelZoomFactor(-100, 0)).toBeCloseTo(1.2);
		expect(wheelZoomFactor(100, 0)).toBeCloseTo(1 / 1.2);
		expect(wheelZoomFactor(-250, 0)).toBeCloseTo(1.2);
	});

	it('zoom to fit shows the whole rectangle centred', () => {
		const rect = { x: 1000, y: 500, w: 4000, h: 1000 };
		const vp = fitRect(rect, 1200, 800, 50);
		const tl = worldToScreen(vp, rect.x, rect.y);
		const br = worldToScreen(vp, rect.x + rect.w, rect.y + rect.h);
		expect(tl.x).toBeCloseTo(50);
		expect(br.x).toBeCloseTo(1150);
		expect((tl.y + br.y) / 2).toBeCloseTo(400);
		const visible = visibleRect(vp, 1200, 800);
		expect(visible.x).toBeLessThanOrEqual(rect.x);
		expect(visible.x + visible.w).toBeGreaterThanOrEqual(rect.x + rect.w);
	});

	it('zoom to fit keeps the board clear of the controls floating over it', () => {
		// A screen of 1000 x 700 with the zoom bar and minimap in the bottom-right corner.
		const controls = { x: 780, y: 470, w: 208, h: 218 };
		const shown = (vp: ReturnType<typeof fitRect>, r: { x: number; y: number; w: number; h: number }) => {
			const a = worldToScreen(vp, r.x, r.y);
			const b = worldToScreen(vp, r.x + r.w, r.y + r.h);
			return { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y };
		};
		const under = (s: { x: number; y: number; w: number; h: number }) =>
			s.x < controls.x + controls.w && controls.x < s.x + s.w && s.y < controls.y + controls.h && controls.y < s.y + s.h;
		// A wide board: the plain fit reaches into the corner; the clear fit keeps above the controls.
		const wide = { x: 0, y: 0, w: 4000, h: 2000 };
		expect(under(shown(fitRect(wide, 1000, 700), wide))).toBe(true);
		const clear = fitRectClear(wide, 1000, 700, [controls]);
		expect(under(shown(clear, wide))).toBe(false);
		const s = shown(clear, wide);
		expect(s.x).toBeGreaterThanOrEqual(0);
		expect(s.y).toBeGreaterThanOrEqual(0);
		expect(s.x + s.w).toBeLessThanOrEqual(1000);
		expect(s.y + s.h).toBeLessThanOrEqual(700);
		// It is as large as the room beside the controls allows: above them, 470 px high less padding.
		expect(clear.zoom).toBeCloseTo(Math.min((1000 - 96) / 4000, (470 - 96) / 2000));
		// Nothing in the way: the same as the plain fit.
		const small = { x: 0, y: 0, w: 200, h: 100 };
		expect(fitRectClear(small, 1000, 700, [controls])).toEqual(fitRect(small, 1000, 700));
		// Controls that leave no room beside them: the plain fit, not a tiny board.
		const everywhere = [{ x: 0, y: 0, w: 1000, h: 700 }];
		expect(fitRectClear(wide, 1000, 700, everywhere)).toEqual(fitRect(wide, 1000, 700));
		// Only empty board under the control (the drawn items fill the left half of the box): the plain fit.
		const leftHalf = { x: 0, y: 0, w: 2000, h: 2000 };
		const inLeftHalf = (r: { x: number; y: number; w: number; h: number }) => r.x < leftHalf.x + leftHalf.w && r.x + r.w > leftHalf.x && r.y < leftHalf.h && r.y + r.h > 0;
		expect(fitRectClear(wide, 1000, 700, [controls], 48, 1.5, inLeftHalf)).toEqual(fitRect(wide, 1000, 700));
		// Something drawn in the corner: kept clear as before.
		const corner = { x: 3900, y: 1900, w: 100, h: 100 };
		const inCorner = (r: { x: number; y: number; w: number; h: number }) => r.x < corner.x + corner.w && r.x + r.w > corner.x && r.y < corner.y + corner.h && r.y + r.h > corner.y;
		expect(fitRectClear(wide, 1000, 700, [controls], 48, 1.5, inCorner)).toEqual(clear);
	});

	it('pans just enough to bring an off-screen item into view', () => {
		const vp = { panX: 0, panY: 0, zoom: 1 };
		const moved = panIntoView(vp, { x: 1500, y: 100, w: 200, h: 100 }, 1000, 800, 20);
		const p = worldToScreen(moved, 1700, 100);
		expect(p.x).toBeCloseTo(980);
		expect(panIntoView(vp, { x: 10, y: 10, w: 10, h: 10 }, 1000, 800, 0)).toBe(vp);
	});

	it('brings an item into view clear of the controls floating over the board, when the screen has room beside them', () => {
		const vp = { panX: 0, panY: 0, zoom: 1 };
		// Zoom bar and minimap in the bottom-right corner of a 1000 x 800 board.
		const controls = { x: 780, y: 560, w: 200, h: 220 };
		const under = (v: typeof vp, r: { x: number; y: number; w: number; h: number }) => {
			const a = worldToScreen(v, r.x, r.y);
			return a.x < controls.x + controls.w && controls.x < a.x + r.w && a.y < controls.y + controls.h && controls.y < a.y + r.h;
		};
		// A new group below the screen, at its right: the plain pan leaves it under the minimap.
		const group = { x: 700, y: 900, w: 260, h: 180 };
		expect(under(panIntoView(vp, group, 1000, 800, 40), group)).toBe(true);
		const moved = panIntoView(vp, group, 1000, 800, 40, [controls]);
		expect(under(moved, group)).toBe(false);
		const a = worldToScreen(moved, group.x, group.y);
		expect(a.x).toBeGreaterThanOrEqual(40);
		expect(a.y + group.h).toBeLessThanOrEqual(760);
		// Already in view and clear: nothing moves.
		expect(panIntoView(vp, { x: 100, y: 100, w: 200, h: 100 }, 1000, 800, 40, [controls])).toBe(vp);
	});
});

describe('pinch', () => {
	it('keeps the board point under the fingers while they spread and move', () => {
		const start = { panX: 100, panY: 50, zoom: 0.5 };
		const from = { cx: 400, cy: 300, dist: 100 };
		const under = screenToWorld(start, from.cx, from.cy);
		const vp = pinchViewport(start, from, { cx: 460, cy: 280, dist: 250 });
		expect(vp.zoom).toBeCloseTo(1.25);
		const now = worldToScreen(vp, under.x, under.y);
		expect(now.x).toBeCloseTo(460);
		expect(now.y).toBeCloseTo(280);
	});
	it('clamps the zoom and survives touches that start on one point', () => {
		const start = { panX: 0, panY: 0, zoom: 2 };
		expect(pinchViewport(start, { cx: 0, cy: 0, dist: 10 }, { cx: 0, cy: 0, dist: 1000 }).zoom).toBe(MAX_ZOOM);
		expect(Number.isFinite(pinchViewport(start, { cx: 0, cy: 0, dist: 0 }, { cx: 5, cy: 5, dist: 0 }).zoom)).toBe(true);
	});
});

describe('spatial index', () => {
	it('answers the same as a scan, after moves and deletes', () => {
		const index = new SpatialIndex<number>(256);
		const rects = new Map<number, { x: number; y: number; w: number; h: number }>();
		let seed = 7;
		const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
		for (let i = 0; i < 2000; i++) {
			const r = { x: rnd() * 20000 - 5000, y: rnd() * 20000 - 5000, w: 200, h: 120 };
			rects.set(i, r);
			index.set(i, r);
		}
		for (let i = 0; i < 500; i++) {
			const r = { x: rnd() * 20000, y: rnd() * 20000, w: 200, h: 120 };
			rects.set(i, r);
			index.set(i, r);
		}
		for (let i = 500; i < 600; i++) {
			rects.delete(i);
			index.delete(i);
		}
		for (const area of [{ x: 0, y: 0, w: 1200, h: 800 }, { x: -6000, y: -6000, w: 40000, h: 40000 }, { x: 3000, y: 9000, w: 10, h: 10 }]) {
			const expected = [...rects].filter(([, r]) => r.x <= area.x + area.w && area.x <= r.x + r.w && r.y <= area.y + area.h && area.y <= r.y + r.h).map(([id]) => id).sort((a, b) => a - b);
			expect(index.query(area).sort((a, b) => a - b)).toEqual(expected);
		}
		expect(index.size).toBe(1900);
	});
});
