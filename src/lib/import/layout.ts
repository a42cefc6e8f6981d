/** Where imported notes land: a tidy grid, or one stack per value of a chosen column. */
export type Layout = { kind: 'grid' } | { kind: 'stack'; by: string };

export const NOTE_WIDTH = 200;
export const NOTE_HEIGHT = 120;
export const NOTE_GAP = 16;
const STACK_GAP = 64;

export interface Point {
	x: number;
	y: number;
}

export function gridPositions(count: number, origin: Point = { x: 0, y: 0 }): Point[] {
	const columns = Math.max(4, Math.ceil(Math.sqrt(count * 1.5)));
	const out: Point[] = new Array(count);
	for (let i = 0; i < count; i++) {
		out[i] = {
			x: origin.x + (i % columns) * (NOTE_WIDTH + NOTE_GAP),
			y: origin.y + Math.floor(i / columns) * (NOTE_HEIGHT + NOTE_GAP)
		};
	}
	return out;
}

/**
 * One stack per distinct value, left to right in `order` (a scale's order, or by size); each
 * stack is a narrow grid so that a big stack stays readable.
 */
export function stackPositions(keys: string[], order: string[], origin: Point = { x: 0, y: 0 }): Point[] {
	const counts = new Map<string, number>();
	for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
	const stacks = [...order.filter((k) => counts.has(k)), ...[...counts.keys()].filter((k) => !order.includes(k))];
	const start = new Map<string, { x: number; columns: number }>();
	let x = origin.x;
	for (const k of stacks) {
		const columns = Math.min(8, Math.max(1, Math.ceil(Math.sqrt((counts.get(k) ?? 1) / 6))));
		start.set(k, { x, columns });
		x += columns * (NOTE_WIDTH + NOTE_GAP) + STACK_GAP;
	}
	const placed = new Map<string, number>();
	return keys.map((k) => {
		const { x: sx, columns } = start.get(k)!;
		const i = placed.get(k) ?? 0;
		placed.set(k, i + 1);
		return { x: sx + (i % columns) * (NOTE_WIDTH + NOTE_GAP), y: origin.y + Math.floor(i / columns) * (NOTE_HEIGHT + NOTE_GAP) };
	});
}
