import { describe, expect, it } from 'vitest';
import { LABEL_H, LABEL_H2, LABEL_MARGIN, LABEL_MIN_W, placeLabels, type LabelCandidate } from './group-labels';

const view = { panX: 0, panY: 0, zoom: 1 };
const screen = { w: 1000, h: 600 };
const group = (id: string, x: number, y: number, w: number, h: number, labelWidth = 120): LabelCandidate => ({
	id,
	r: { x, y, w, h },
	w: labelWidth,
	name: id,
	count: 20
});

describe('placeLabels', () => {
	it('puts each label at its frame’s top-left corner when there is room', () => {
		const placed = placeLabels([group('a', 100, 100, 300, 200), group('b', 500, 100, 300, 200)], view, screen);
		expect(placed.map(({ id, x, y }) => ({ id, x, y }))).toEqual([
			{ id: 'a', x: 103, y: 103 },
			{ id: 'b', x: 503, y: 103 }
		]);
	});

	it('cuts a name wider than its frame to the frame, never past it, at the right edge of the screen too', () => {
		// The frame ends 20 px before the screen does; its 150 px name is cut to the 94 px inside it.
		const placed = placeLabels([group('a', 880, 100, 100, 200, 150)], view, screen);
		expect(placed).toEqual([{ id: 'a', x: 883, y: 103, w: 94, h: LABEL_H, name: 'a', count: 20 }]);
		// A frame with room for two lines wraps the name once.
		expect(placeLabels([group('b', 100, 100, 200, 200, 300)], view, screen)).toEqual([{ id: 'b', x: 103, y: 103, w: 194, h: LABEL_H2, name: 'b', count: 20 }]);
		// Far out: every label lies inside its frame, or there is none.
		const groups = Array.from({ length: 12 }, (_, i) => group(`g${i}`, (i % 4) * 700, Math.floor(i / 4) * 500, 600, 420, 180 + (i % 3) * 40));
		for (const zoom of [0.08, 0.15, 0.3, 0.5])
			for (const l of placeLabels(groups, { panX: 20, panY: 10, zoom }, screen)) {
				const r = groups.find((g) => g.id === l.id)!.r;
				expect(l.x).toBeGreaterThanOrEqual(r.x * zoom + 20);
				expect(l.x + l.w).toBeLessThanOrEqual((r.x + r.w) * zoom + 20);
				expect(l.y + l.h).toBeLessThanOrEqual((r.y + r.h) * zoom + 10);
			}
	});

	it('gives no label to a frame with less room than a cut name or a label’s height, except the focused group', () => {
		expect(placeLabels([group('a', 100, 100, LABEL_MIN_W - 10, 200, 150)], view, screen)).toEqual([]);
		expect(placeLabels([group('a', 100, 100, 300, LABEL_H, 150)], view, screen)).toEqual([]);
		// A short name needs no more room than itself.
		expect(placeLabels([group('a', 100, 100, 52, 200, 40)], view, screen)).toHaveLength(1);
		const focused = placeLabels([group('a', 100, 100, 40, 20, 150)], view, screen, { first: new Set(['a']) });
		expect(focused).toMatchObject([{ id: 'a', x: 103, y: 103, w: LABEL_MIN_W }]);
	});

	it('puts no label under the controls over the board: lower down or at the right edge of its frame, or none', () => {
		const zoomBar = { x: 80, y: 90, w: 200, h: 40 };
		const [a] = placeLabels([group('a', 100, 100, 400, 300, 120)], view, screen, { obstacles: [zoomBar] });
		expect(a).toMatchObject({ x: 103, y: 103 + LABEL_H + LABEL_MARGIN });
		const [b] = placeLabels([group('b', 100, 100, 400, 50, 120)], view, screen, { obstacles: [zoomBar] });
		expect(b).toMatchObject({ x: 497 - 120, y: 103 });
		expect(placeLabels([group('c', 100, 100, 180, 50, 120)], view, screen, { obstacles: [zoomBar] })).toEqual([]);
		// The focused group's label too, where its frame has a place clear of them.
		const [d] = placeLabels([group('d', 100, 100, 400, 300, 120)], view, screen, { obstacles: [zoomBar], first: new Set(['d']) });
		expect(d.y).toBe(103 + LABEL_H + LABEL_MARGIN);
	});

	it('lets a frame reaching past the right edge wait for its label until its name fits', () => {
		expect(placeLabels([group('a', 940, 100, 300, 200, 150)], view, screen)).toEqual([]);
		expect(placeLabels([group('a', 700, 100, 600, 200, 150)], view, screen)).toHaveLength(1);
	});

	it('lets a frame reaching in from the left edge wait for its label until its name fits on it', () => {
		// 50 px of the frame on screen, a 150 px name: held at the edge it would cover the next frame.
		expect(placeLabels([group('a', -250, 100, 300, 200, 150), group('b', 60, 100, 300, 200, 100)], view, screen).map((l) => l.id)).toEqual(['b']);
		const placed = placeLabels([group('a', -100, 100, 300, 200, 150)], view, screen);
		expect(placed.map(({ id, x, y }) => ({ id, x, y }))).toEqual([{ id: 'a', x: 3, y: 103 }]);
		// The focused group keeps its label wherever it is.
		expect(placeLabels([group('a', -250, 100, 300, 200, 150)], view, screen, { first: new Set(['a']) })).toHaveLength(1);
	});

	it('moves a label that would touch a placed one down its frame’s left edge, then to its right edge', () => {
		// b's frame lies over a's (nested, or dragged onto it) and its corner under a's name: b's label goes one row lower.
		const placed = placeLabels([group('a', 100, 100, 400, 300, 300), group('b', 300, 110, 150, 200, 100)], view, screen);
		const b = placed.find((l) => l.id === 'b')!;
		expect(b.y).toBe(113 + LABEL_H + LABEL_MARGIN);
		for (const p of placed)
			for (const q of placed)
				if (p !== q) expect(p.x >= q.x + q.w + LABEL_MARGIN || q.x >= p.x + p.w + LABEL_MARGIN || p.y >= q.y + q.h + LABEL_MARGIN || q.y >= p.y + p.h + LABEL_MARGIN).toBe(true);
	});

	it('always places the focused group’s label, first', () => {
		const placed = placeLabels([group('a', 100, 100, 200, 30, 260), group('b', 110, 100, 200, 30, 260)], view, screen, { first: new Set(['b']) });
		expect(placed.map((l) => l.id)).toEqual(['b']);
	});

	it('draws a dragged group’s label where the group is being dragged', () => {
		const placed = placeLabels([group('a', 100, 100, 300, 200)], view, screen, { dragged: new Set(['a']), drag: { dx: 50, dy: 10 } });
		expect(placed[0]).toMatchObject({ x: 153, y: 113 });
	});

	it('places none for frames off the screen, and labels stay on screen at any pan and zoom', () => {
		expect(placeLabels([group('a', -500, 100, 300, 200)], view, screen)).toEqual([]);
		const groups = Array.from({ length: 60 }, (_, i) => group(`g${i}`, (i % 10) * 400, Math.floor(i / 10) * 500, 360, 440, 90 + (i % 7) * 25));
		for (const zoom of [0.1, 0.25, 0.5])
			for (const panX of [-300, 0, 250])
				for (const l of placeLabels(groups, { panX, panY: -40, zoom }, screen)) {
					expect(l.x).toBeGreaterThanOrEqual(0);
					expect(l.x + l.w).toBeLessThanOrEqual(screen.w);
					expect(l.y).toBeGreaterThanOrEqual(0);
					expect(l.y).toBeLessThan(screen.h);
				}
	});
});
