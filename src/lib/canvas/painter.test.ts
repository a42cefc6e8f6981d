import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNotePaths } from './painter';

/** Node has no Path2D: a stand-in that records the rectangles added to it. */
class RecordingPath {
	rects: number[][] = [];
	rect(x: number, y: number, w: number, h: number) {
		this.rects.push([x, y, w, h]);
	}
}

describe('buildNotePaths', () => {
	const had = 'Path2D' in globalThis;
	beforeAll(() => {
		if (!had) (globalThis as Record<string, unknown>).Path2D = RecordingPath;
	});
	afterAll(() => {
		if (!had) delete (globalThis as Record<string, unknown>).Path2D;
	});

	it('puts notes of one colour and dimming in one path, leaves skipped notes out, and outlines matches before selection', () => {
		const rect = (x: number) => ({ x, y: 0, w: 10, h: 8 });
		const notes: [string, ReturnType<typeof rect>][] = [
			['a', rect(0)],
			['b', rect(20)],
			['c', rect(40)],
			['d', rect(60)],
			['e', rect(80)]
		];
		const styles = {
			a: { color: '#fff', dim: false, outline: 'match' as const },
			b: { color: '#fff', dim: false, outline: 'selected' as const },
			c: { color: '#fff', dim: true, outline: null },
			d: null,
			e: { color: '#000', dim: false, outline: null }
		};
		const paths = buildNotePaths(notes, (id) => styles[id as keyof typeof styles]);
		const fills = paths.fills.map((f) => ({ color: f.color, alpha: f.alpha, rects: (f.path as unknown as RecordingPath).rects.map((r) => r[0]) }));
		expect(fills).toEqual([
			{ color: '#fff', alpha: 1, rects: [0, 20] },
			{ color: '#fff', alpha: 0.18, rects: [40] },
			{ color: '#000', alpha: 1, rects: [80] }
		]);
		const [match, selected] = paths.outlines.map((o) => (o.path as unknown as RecordingPath).rects.map((r) => r[0]));
		expect(match).toEqual([0]);
		expect(selected).toEqual([20]);
	});
});
