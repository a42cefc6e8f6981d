import { Box } from './box';
import { Pan } from './pan';
import { Press } from './press';
import type { GestureContext, GestureState, PointerInput } from './types';

/** No pointer is down. A press decides what comes next by what it went down on. */
export class Idle implements GestureState {
	readonly kind = 'idle';

	down(ctx: GestureContext, e: PointerInput): GestureState {
		// Space held, or the middle button: the hand tool, whatever lies under the pointer.
		if (ctx.panKeyHeld || e.button === 1) return new Pan(e.x, e.y);
		if (e.hit) return new Press(e.hit, e.x, e.y, e.additive, e.touch);
		if (e.shift) return new Box(e.x, e.y, true);
		return new Pan(e.x, e.y);
	}
}
