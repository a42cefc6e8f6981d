import type { Rect } from '$lib/board/layout';
import { counted } from '$lib/labels';
import { screenToWorld } from '$lib/canvas/viewport';
import { Idle } from './idle';
import type { GestureContext, GestureState, PointerInput } from './types';

/** Shift+drag on the empty board: the notes inside the marquee are selected when it is released. */
export class Box implements GestureState {
	readonly kind = 'box';

	/** `x0`, `y0`: the corner where the pointer went down, in canvas pixels. */
	constructor(
		readonly x0: number,
		readonly y0: number,
		readonly additive: boolean
	) {}

	/** The marquee from the starting corner to a canvas point. */
	rectTo(x: number, y: number): Rect {
		return { x: Math.min(this.x0, x), y: Math.min(this.y0, y), w: Math.abs(x - this.x0), h: Math.abs(y - this.y0) };
	}

	enter(ctx: GestureContext) {
		ctx.showBox(this.rectTo(this.x0, this.y0));
	}

	move(ctx: GestureContext, e: PointerInput): GestureState {
		ctx.showBox(this.rectTo(e.x, e.y));
		return this;
	}

	up(ctx: GestureContext, e: PointerInput): GestureState {
		const r = this.rectTo(e.x, e.y);
		const a = screenToWorld(ctx.viewport, r.x, r.y);
		const b = screenToWorld(ctx.viewport, r.x + r.w, r.y + r.h);
		ctx.selection.setNotes(ctx.notesIn({ x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y }), this.additive);
		ctx.say(`${counted(ctx.selection.notes.size, 'note')} selected`);
		return new Idle();
	}

	exit(ctx: GestureContext) {
		ctx.showBox(null);
	}
}
