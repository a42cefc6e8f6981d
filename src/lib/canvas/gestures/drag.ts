import { HEADER, type Rect } from '$lib/board/layout';
import type { DragItem, DropTarget } from '$lib/canvas/editor.svelte';
import { screenToWorld } from '$lib/canvas/viewport';
import { Idle } from './idle';
import type { Press } from './press';
import type { GestureContext, GestureState, PointerInput } from './types';

/**
 * Notes or a group are being dragged: their cards follow the pointer, the note or group under it
 * is highlighted as the drop target (once per frame), and releasing drops them there.
 */
export class Drag implements GestureState {
	readonly kind = 'drag';
	#frame = 0;
	#last: PointerInput | null = null;
	#shown: DropTarget | null = null;
	#lifted = true;

	/**
	 * `x`, `y`: where the pointer went down (canvas px); `rects`: where each dragged note and group
	 * lies (board units); `exclude`: ids that cannot be a drop target (what is dragged, nested
	 * groups included).
	 */
	constructor(
		readonly item: DragItem,
		readonly x: number,
		readonly y: number,
		readonly rects: ReadonlyMap<string, Rect>,
		readonly exclude: ReadonlySet<string>
	) {}

	/**
	 * Picks up what a press is on: a note that is not selected becomes the selection (or joins it,
	 * for an additive press) and the whole selection is dragged; a group is selected and dragged
	 * with its notes and nested groups.
	 */
	static lift(ctx: GestureContext, press: Press): Drag {
		const { target } = press;
		let item: DragItem;
		if (target.kind === 'note') {
			if (!ctx.selection.notes.has(target.id)) ctx.selection.selectNote(target.id, press.additive);
			item = { kind: 'notes', ids: [...ctx.selection.notes] };
		} else {
			ctx.selection.selectGroup(target.id);
			item = { kind: 'group', id: target.id };
		}
		const rects = new Map<string, Rect>();
		const exclude = new Set<string>();
		for (const id of item.kind === 'notes' ? item.ids : ctx.notesUnder(item.id)) {
			const r = ctx.layout.notes.get(id);
			if (r) rects.set(id, r);
			exclude.add(id);
		}
		if (item.kind === 'group') {
			const walk = (id: string) => {
				exclude.add(id);
				const r = ctx.layout.groups.get(id);
				if (r) rects.set(id, r);
				for (const k of ctx.layout.children.get(id) ?? []) walk(k);
			};
			walk(item.id);
		}
		ctx.lift([...rects.keys()]);
		return new Drag(item, press.x, press.y, rects, exclude);
	}

	/** Where a drop at a board point lands: a note (when notes are dragged), a group's header or body, or the board. */
	targetAt(ctx: GestureContext, x: number, y: number): DropTarget {
		if (this.item.kind === 'notes') {
			const n = ctx.noteAt(x, y, this.exclude);
			if (n) return { kind: 'note', id: n };
		}
		const g = ctx.groupAt(x, y, this.exclude);
		if (g) return { kind: 'group', id: g, part: y < ctx.layout.groups.get(g)!.y + HEADER ? 'header' : 'body' };
		return { kind: 'board' };
	}

	move(ctx: GestureContext, e: PointerInput): GestureState {
		const { zoom } = ctx.viewport;
		ctx.moveLifted((e.x - this.x) / zoom, (e.y - this.y) / zoom);
		this.#last = e;
		if (!this.#frame)
			this.#frame = ctx.requestFrame(() => {
				this.#frame = 0;
				if (this.#lifted && this.#last) this.#highlight(ctx, this.#last);
			});
		return this;
	}

	/** Highlights the target under the pointer, telling the page only when it changed. */
	#highlight(ctx: GestureContext, e: PointerInput) {
		const w = screenToWorld(ctx.viewport, e.x, e.y);
		const t = this.targetAt(ctx, w.x, w.y);
		const next = t.kind === 'board' ? null : t;
		if (sameTarget(this.#shown, next)) return;
		this.#shown = next;
		ctx.showDropTarget(next);
	}

	up(ctx: GestureContext, e: PointerInput): GestureState {
		const w = screenToWorld(ctx.viewport, e.x, e.y);
		const target = this.targetAt(ctx, w.x, w.y);
		const dx = (e.x - this.x) / ctx.viewport.zoom;
		const dy = (e.y - this.y) / ctx.viewport.zoom;
		const offsets = new Map<string, { dx: number; dy: number }>();
		for (const [id, r] of this.rects) offsets.set(id, { dx: r.x + dx - w.x, dy: r.y + dy - w.y });
		this.exit(ctx);
		if (Math.abs(dx) + Math.abs(dy) > 0) ctx.drop(this.item, target, w, offsets);
		return new Idle();
	}

	exit(ctx: GestureContext) {
		if (!this.#lifted) return;
		this.#lifted = false;
		if (this.#frame) ctx.cancelFrame(this.#frame);
		this.#frame = 0;
		ctx.showDropTarget(null);
		ctx.putDown();
	}
}

function sameTarget(a: DropTarget | null, b: DropTarget | null): boolean {
	if (!a || !b) return a === b;
	if (a.kind === 'board' || b.kind === 'board') return a.kind === b.kind;
	return a.kind === b.kind && a.id === b.id && (a.kind !== 'group' || a.part === (b as typeof a).part);
}
