import { HEADER, type Rect } from '$lib/board/layout';

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The nearest item from `from` in a direction, for arrow-key focus moves across the board: items
 * straight ahead win over items off to the side.
 */
export function nearestInDirection(
	from: Rect,
	dir: Direction,
	items: Iterable<[string, Rect]>,
	skip: string
): string | null {
	const cx = from.x + from.w / 2;
	const cy = from.y + from.h / 2;
	let best: string | null = null;
	let bestScore = Infinity;
	for (const [id, r] of items) {
		if (id === skip) continue;
		const x = r.x + r.w / 2;
		const y = r.y + r.h / 2;
		const dx = x - cx;
		const dy = y - cy;
		const primary = dir === 'left' ? -dx : dir === 'right' ? dx : dir === 'up' ? -dy : dy;
		const side = dir === 'left' || dir === 'right' ? Math.abs(dy) : Math.abs(dx);
		if (primary <= 1) continue;
		const score = primary + side * 3;
		if (score < bestScore) {
			bestScore = score;
			best = id;
		}
	}
	return best;
}

/** A group's header strip, which is what keyboard focus lands on for a group. */
export function headerRect(r: Rect): Rect {
	return { x: r.x, y: r.y, w: r.w, h: HEADER };
}
