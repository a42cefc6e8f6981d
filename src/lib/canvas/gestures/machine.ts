import { Idle } from './idle';
import { Pinch } from './pinch';
import type { GestureContext, GestureKind, GestureState, PointerInput, Pointers } from './types';

/**
 * Turns the canvas's pointer events into gestures: one state at a time (`Idle`, `Pan`, `Press`,
 * `Drag`, `Box`, `Pinch`, one file each), each returning the next. The machine itself only routes
 * events: it tracks the fingers on the board, sends one-finger events from the finger that started
 * the gesture only, starts a pinch when a second finger lands (unless something is being dragged),
 * runs a state's timer (the long press), and calls `exit` on every state it leaves.
 */
export class GestureMachine {
	#state: GestureState = new Idle();
	readonly #touches = new Map<number, { x: number; y: number }>();
	readonly #pointers: Pointers = { touches: this.#touches, primary: -1 };
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(private readonly ctx: GestureContext) {}

	get kind(): GestureKind {
		return this.#state.kind;
	}

	/** A gesture is under way (the canvas then keeps the context menu closed). */
	get active(): boolean {
		return this.#state.kind !== 'idle';
	}

	down(e: PointerInput) {
		if (e.touch) {
			this.#touches.set(e.pointerId, { x: e.x, y: e.y });
			// A second finger pinches, unless the first is already dragging something.
			if (this.#touches.size === 2 && this.#state.kind !== 'drag') return this.#go(Pinch.begin(this.ctx, this.#pointers));
			if (this.#touches.size > 1) return;
		}
		// The secondary button opens the context menu and starts nothing.
		if (e.button === 2) return;
		this.ctx.capture(e.pointerId);
		this.#pointers.primary = e.pointerId;
		// A gesture still under way missed its release (the pointer left the window): it is over.
		if (this.#state.kind !== 'idle') this.#go(new Idle());
		this.#go(this.#state.down?.(this.ctx, e) ?? this.#state);
	}

	move(e: PointerInput) {
		if (this.#touches.has(e.pointerId)) this.#touches.set(e.pointerId, { x: e.x, y: e.y });
		// Only the finger that started a one-finger gesture moves it.
		if (this.#state.kind !== 'pinch' && e.pointerId !== this.#pointers.primary) return;
		this.#go(this.#state.move?.(this.ctx, e, this.#pointers) ?? this.#state);
	}

	up(e: PointerInput) {
		const wasTouch = this.#touches.delete(e.pointerId);
		if (wasTouch && this.#state.kind !== 'pinch' && e.pointerId !== this.#pointers.primary) return;
		this.#go(this.#state.up?.(this.ctx, e, this.#pointers) ?? this.#state);
	}

	/** The browser took the pointer away (a system gesture, a lost touch): nothing is applied. */
	cancel(e: { pointerId: number }) {
		this.#touches.delete(e.pointerId);
		this.#go(new Idle());
	}

	/** Ends whatever is under way without applying it (the canvas is going away). */
	destroy() {
		this.#touches.clear();
		this.#go(new Idle());
	}

	#go(next: GestureState) {
		if (next === this.#state) return;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#state.exit?.(this.ctx);
		this.#state = next;
		next.enter?.(this.ctx, (ms) => {
			this.#timer = setTimeout(() => {
				this.#timer = undefined;
				if (this.#state === next && next.timer) this.#go(next.timer(this.ctx));
			}, ms);
		});
	}
}
