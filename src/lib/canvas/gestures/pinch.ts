import { pinch, pinchViewport, type Viewport } from '$lib/canvas/viewport';
import { Idle } from './idle';
import { Pan } from './pan';
import type { GestureContext, GestureState, Pointers } from './types';

/** Two fingers: the camera zooms with their distance and pans with their midpoint. */
export class Pinch implements GestureState {
	readonly kind = 'pinch';

	/** `from`: the fingers' midpoint (canvas px) and distance when the second went down; `start`: the camera then. */
	constructor(
		readonly from: { cx: number; cy: number; dist: number },
		readonly start: Viewport
	) {}

	/** A pinch of the first two fingers on the board. */
	static begin(ctx: GestureContext, pointers: Pointers): Pinch {
		const [a, b] = pointers.touches.values();
		return new Pinch(pinch(a, b), ctx.viewport);
	}

	move(ctx: GestureContext, _e: unknown, pointers: Pointers): GestureState {
		if (pointers.touches.size < 2) return this;
		const [a, b] = pointers.touches.values();
		ctx.setViewport(pinchViewport(this.start, this.from, pinch(a, b)));
		return this;
	}

	up(_ctx: GestureContext, _e: unknown, pointers: Pointers): GestureState {
		// Lifting one of two fingers goes on panning with the other.
		const rest = pointers.touches.entries().next();
		if (rest.done) return new Idle();
		const [id, p] = rest.value;
		pointers.primary = id;
		return new Pan(p.x, p.y, true);
	}
}
