import type { Rect } from '$lib/board/layout';

/** How the far view draws one note: its fill, whether it is dimmed by a filter, and its outline. */
export interface NoteStyle {
	color: string;
	dim: boolean;
	outline: 'match' | 'selected' | null;
}

/**
 * The far view's notes as one `Path2D` per fill (colour and dimming) and one per outline kind, in
 * board units. Built when the board, colours, filter, search or selection change, not per camera
 * frame, so a frame is one `fill` per colour under the camera's transform.
 */
export interface NotePaths {
	fills: { alpha: number; color: string; path: Path2D }[];
	outlines: { color: string; path: Path2D }[];
}

/** A group frame as the far view draws it, in board units. */
export interface FarGroup {
	rect: Rect;
	color: string;
	/** Outline colour and width in screen pixels (selection and drop target are thicker). */
	stroke: string;
	lineWidth: number;
}

const MATCH_OUTLINE = '#eab308';
const SELECTED_OUTLINE = '#4f46e5';
const DIMMED_ALPHA = 0.18;
const GROUP_ALPHA = 0.45;

/**
 * Builds the far view's note paths. `styleOf` returns null for a note not to draw (hidden, or being
 * dragged: it is drawn where it is held). Each rectangle is in board units.
 */
export function buildNotePaths(notes: Iterable<[string, Rect]>, styleOf: (id: string) => NoteStyle | null): NotePaths {
	const fills = new Map<string, { alpha: number; color: string; path: Path2D }>();
	const match = new Path2D();
	const selected = new Path2D();
	for (const [id, r] of notes) {
		const style = styleOf(id);
		if (!style) continue;
		const key = `${style.dim ? 'd' : 'n'}${style.color}`;
		let fill = fills.get(key);
		if (!fill) fills.set(key, (fill = { alpha: style.dim ? DIMMED_ALPHA : 1, color: style.color, path: new Path2D() }));
		fill.path.rect(r.x, r.y, r.w, r.h);
		if (style.outline === 'match') match.rect(r.x, r.y, r.w, r.h);
		else if (style.outline === 'selected') selected.rect(r.x, r.y, r.w, r.h);
	}
	return {
		fills: [...fills.values()],
		outlines: [
			{ color: MATCH_OUTLINE, path: match },
			{ color: SELECTED_OUTLINE, path: selected }
		]
	};
}

/** What one far-view frame shows: the camera, the groups under it, the note paths, and what is held. */
export interface FarFrame {
	/** Device pixels per CSS pixel. */
	dpr: number;
	/** The canvas's size in CSS pixels. */
	screen: { w: number; h: number };
	/** Camera: screen = board * zoom + pan (CSS pixels). */
	viewport: { panX: number; panY: number; zoom: number };
	/** Group frames to draw, back to front. */
	groups: FarGroup[];
	paths: NotePaths;
	/** Notes this person is dragging, already moved to where they are held (board units). */
	held: Rect[];
}

/**
 * Paints one far-view frame on `canvas`, resizing its backing store to the screen and `dpr`:
 * group frames in screen space, then the notes as one fill per colour under the camera's
 * transform, their outlines, and last the notes being dragged.
 */
export function paintFarView(canvas: HTMLCanvasElement, frame: FarFrame): void {
	const { dpr, screen, viewport, groups, paths, held } = frame;
	const { w, h } = screen;
	if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
		canvas.width = Math.round(w * dpr);
		canvas.height = Math.round(h * dpr);
	}
	const ctx = canvas.getContext('2d')!;
	ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
	ctx.clearRect(0, 0, w, h);
	const { panX, panY, zoom } = viewport;
	for (const g of groups) {
		const r = g.rect;
		ctx.globalAlpha = GROUP_ALPHA;
		ctx.fillStyle = g.color;
		ctx.fillRect(r.x * zoom + panX, r.y * zoom + panY, r.w * zoom, r.h * zoom);
		ctx.globalAlpha = 1;
		ctx.strokeStyle = g.stroke;
		ctx.lineWidth = g.lineWidth;
		ctx.strokeRect(r.x * zoom + panX, r.y * zoom + panY, r.w * zoom, r.h * zoom);
	}
	ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * panX, dpr * panY);
	for (const f of paths.fills) {
		ctx.globalAlpha = f.alpha;
		ctx.fillStyle = f.color;
		ctx.fill(f.path);
	}
	ctx.globalAlpha = 1;
	ctx.lineWidth = 2 / zoom;
	for (const o of paths.outlines) {
		ctx.strokeStyle = o.color;
		ctx.stroke(o.path);
	}
	if (held.length) {
		ctx.fillStyle = '#fbe9a6';
		ctx.strokeStyle = SELECTED_OUTLINE;
		for (const r of held) {
			ctx.fillRect(r.x, r.y, r.w, r.h);
			ctx.strokeRect(r.x, r.y, r.w, r.h);
		}
	}
	ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}
