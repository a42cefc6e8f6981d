import { counted } from '$lib/labels';
import { panBy } from '$lib/canvas/viewport';
import { Drag } from './drag';
import { Idle } from './idle';
import { Pan } from './pan';
import type { GestureContext, GestureState, PointerInput, PressTarget } from './types';

/** A mouse or pen that moves this far (canvas px) with the button down starts a drag. */
export const DRAG_THRESHOLD = 4;
/**
 * Touch: a finger on a note or a group's header pans unless it stays still for LONG_PRESS_MS,
 * which picks the item up to be dragged (as on tablets' home screens); a finger that moves more
 * than TOUCH_SLOP canvas px before that is a pan.
 */
export const LONG_PRESS_MS = 450;
export const TOUCH_SLOP = 10;

/**
 * A pointer is down on a note or a group's header and has not yet moved far: released, it is a
 * click (select, or add to the selection); moved, a drag; a finger held still, a drag too.
 */
export class Press implements GestureState {
	readonly kind = 'press';

	/** `x`, `y`: where the pointer went down, in canvas pixels. */
	constructor(
		readonly target: PressTarget,
		readonly x: number,
		readonly y: number,
		readonly additive: boolean,
		readonly touch: boolean
	) {}

	enter(ctx: GestureContext, startTimer: (ms: number) => void) {
		if (this.touch && ctx.editable) startTimer(LONG_PRESS_MS);
	}

	move(ctx: GestureContext, e: PointerInput): GestureState {
		const distance = Math.hypot(e.x - this.x, e.y - this.y);
		if (this.touch) {
			// A finger that moves before the long press scrolls the board.
			if (distance <= TOUCH_SLOP) return this;
			ctx.setViewport(panBy(ctx.viewport, e.x - this.x, e.y - this.y));
			return new Pan(e.x, e.y, true);
		}
		return distance > DRAG_THRESHOLD && ctx.editable ? Drag.lift(ctx, this) : this;
	}

	up(ctx: GestureContext): GestureState {
		const { kind, id } = this.target;
		if (kind === 'group') ctx.selection.selectGroup(id);
		else if (this.additive) ctx.selection.toggleNote(id);
		else ctx.selection.selectNote(id);
		ctx.focus(id);
		return new Idle();
	}

	timer(ctx: GestureContext): GestureState {
		const drag = Drag.lift(ctx, this);
		const what = drag.item.kind === 'group' ? `group “${ctx.groupName(drag.item.id)}”` : counted(ctx.selection.notes.size || 1, 'note');
		ctx.say(`Picked up ${what}: drag it onto a group or a note and lift your finger.`);
		return drag;
	}
}
