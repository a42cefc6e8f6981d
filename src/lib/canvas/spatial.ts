import type { Rect } from '$lib/board/layout';

/**
 * A uniform grid over world space: which items touch a rectangle, without scanning every item.
 * Culling asks it for the viewport every time the camera moves; a drop asks it what is under
 * the pointer. Rebuilding for 10,000 items takes about a millisecond.
 */
export class SpatialIndex<K = string> {
	private cells = new Map<number, K[]>();
	private rects = new Map<K, Rect>();

	constructor(private readonly cellSize = 512) {}

	get size() {
		return this.rects.size;
	}

	private key(cx: number, cy: number) {
		// Two 16-bit halves; boards stay far inside +-16M world pixels at a 512 cell.
		return ((cx + 32768) & 0xffff) * 65536 + ((cy + 32768) & 0xffff);
	}

	private span(r: Rect) {
		const s = this.cellSize;
		return { x0: Math.floor(r.x / s), y0: Math.floor(r.y / s), x1: Math.floor((r.x + r.w) / s), y1: Math.floor((r.y + r.h) / s) };
	}

	clear() {
		this.cells.clear();
		this.rects.clear();
	}

	set(id: K, rect: Rect) {
		if (this.rects.has(id)) this.delete(id);
		this.rects.set(id, rect);
		const { x0, y0, x1, y1 } = this.span(rect);
		for (let cx = x0; cx <= x1; cx++)
			for (let cy = y0; cy <= y1; cy++) {
				const k = this.key(cx, cy);
				const cell = this.cells.get(k);
				if (cell) cell.push(id);
				else this.cells.set(k, [id]);
			}
	}

	delete(id: K) {
		const rect = this.rects.get(id);
		if (!rect) return;
		this.rects.delete(id);
		const { x0, y0, x1, y1 } = this.span(rect);
		for (let cx = x0; cx <= x1; cx++)
			for (let cy = y0; cy <= y1; cy++) {
				const k = this.key(cx, cy);
				const cell = this.cells.get(k);
				if (!cell) continue;
				const i = cell.indexOf(id);
				if (i >= 0) cell.splice(i, 1);
				if (cell.length === 0) this.cells.delete(k);
			}
	}

	get(id: K): Rect | undefined {
		return this.rects.get(id);
	}

	/** Items whose rectangles intersect `area`. */
	query(area: Rect): K[] {
		const out: K[] = [];
		const seen = new Set<K>();
		const { x0, y0, x1, y1 } = this.span(area);
		const cellsAcross = (x1 - x0 + 1) * (y1 - y0 + 1);
		// A query wider than the board (zoomed far out) is cheaper as a scan.
		if (cellsAcross > this.cells.size) {
			for (const [id, r] of this.rects) if (overlaps(r, area)) out.push(id);
			return out;
		}
		for (let cx = x0; cx <= x1; cx++)
			for (let cy = y0; cy <= y1; cy++) {
				const cell = this.cells.get(this.key(cx, cy));
				if (!cell) continue;
				for (const id of cell) {
					if (seen.has(id)) continue;
					seen.add(id);
					if (overlaps(this.rects.get(id)!, area)) out.push(id);
				}
			}
		return out;
	}

	/** Items under a point, topmost (last inserted) first. */
	at(x: number, y: number): K[] {
		return this.query({ x, y, w: 0, h: 0 }).reverse();
	}
}

function overlaps(a: Rect, b: Rect) {
	return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}
