import { panBy } from '$lib/canvas/viewport';
import { Idle } from './idle';
import type { GestureContext, GestureState, PointerInput } from './types';

/**
 * Dragging the empty board (or anything, with Space held or by a finger) moves the camera by
 * the pointer's movement. A press on the empty board that never moved is a click there: it
 * clears the selection.
 */
export class Pan implements GestureState {
	readonly kind = 'pan';

	/** `x`, `y`: the pointer's last position in canvas pixels; `moved`: the camera has moved. */
	constructor(
		public x: number,
		public y: number,
		public moved = false
	) {}

	move(ctx: GestureContext, e: PointerInput): GestureState {
		if (e.x !== this.x || e.y !== this.y) {
			ctx.setViewport(panBy(ctx.viewport, e.x - this.x, e.y - this.y));
			this.x = e.x;
			this.y = e.y;
			this.moved = true;
		}
		return this;
	}

	up(ctx: GestureContext, e: PointerInput): GestureState {
		if (!this.moved && !ctx.overItem(e.x, e.y)) ctx.selection.clear();
		return new Idle();
	}
}
