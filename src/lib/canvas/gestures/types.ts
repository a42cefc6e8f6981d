import type { Rect } from '$lib/board/layout';
import type { DragItem, DropTarget } from '$lib/canvas/editor.svelte';
import type { Viewport } from '$lib/canvas/viewport';

/** What a pointer pressed on the board: a note, or a group by its header (any part of it at far zoom). */
export type PressTarget = { kind: 'note'; id: string } | { kind: 'group'; id: string };

/**
 * One pointer event as the gesture states see it, in screen pixels relative to the canvas's
 * top-left corner. `hit` is set on pointerdown only: what the pointer went down on.
 */
export interface PointerInput {
	pointerId: number;
	/** A finger (`pointerType === 'touch'`), which pans and long-presses instead of clicking. */
	touch: boolean;
	/** `PointerEvent.button`: 0 main, 1 middle (pans), 2 secondary (ignored). */
	button: number;
	x: number;
	y: number;
	shift: boolean;
	/** Shift, Ctrl or Cmd: the press adds to the selection instead of replacing it. */
	additive: boolean;
	hit?: PressTarget | null;
}

/** The selection operations gestures use (`Selection` in `selection.svelte.ts` has them all). */
export interface GestureSelection {
	readonly notes: ReadonlySet<string>;
	selectNote(id: string, additive?: boolean): void;
	toggleNote(id: string): void;
	selectGroup(id: string | null): void;
	setNotes(ids: Iterable<string>, additive?: boolean): void;
	clear(): void;
}

/**
 * Everything the gesture states need from the board and the page, provided by the canvas
 * component. The first part is the board (camera, layout, hit tests, selection, actions); the
 * second is what a person sees and the DOM behind it, so the states never touch an element.
 */
export interface GestureContext {
	readonly editable: boolean;
	/** Space is held: any press pans. */
	readonly panKeyHeld: boolean;
	readonly viewport: Viewport;
	setViewport(v: Viewport): void;
	/** Drawn rectangles in board coordinates (`BoardLayout`): notes, groups, and nested groups of each group. */
	readonly layout: {
		readonly notes: ReadonlyMap<string, Rect>;
		readonly groups: ReadonlyMap<string, Rect>;
		readonly children: ReadonlyMap<string, readonly string[]>;
	};
	/** Notes of a group and of its nested groups. */
	notesUnder(groupId: string): string[];
	/** The topmost note drawn at a board point, skipping `exclude`. */
	noteAt(x: number, y: number, exclude?: ReadonlySet<string>): string | null;
	/** The innermost group drawn at a board point, skipping `exclude`. */
	groupAt(x: number, y: number, exclude?: ReadonlySet<string>): string | null;
	/** Notes drawn in a board rectangle. */
	notesIn(r: Rect): string[];
	readonly selection: GestureSelection;
	/** Keyboard focus follows a click. */
	focus(id: string): void;
	/** Tells screen readers (the page's live region). */
	say(message: string): void;
	groupName(id: string): string;
	/** Drops dragged items: `at` is the pointer in board coordinates, `offsets` each item's top-left from it. */
	drop(item: DragItem, target: DropTarget, at: { x: number; y: number }, offsets: Map<string, { dx: number; dy: number }>): void;

	/** Keeps the pointer's events coming to the canvas while it is down. */
	capture(pointerId: number): void;
	/** A note or a group header is drawn at this canvas point (what a click there meant). */
	overItem(x: number, y: number): boolean;
	/** The box-select marquee, in canvas pixels; null hides it. */
	showBox(r: Rect | null): void;
	/** Highlights where a drop would land; null for none (the empty board). */
	showDropTarget(t: DropTarget | null): void;
	/** Lifts the cards of these notes and groups above the board, as being dragged. */
	lift(ids: string[]): void;
	/** Draws the lifted items `dx`, `dy` board units from where they lie. */
	moveLifted(dx: number, dy: number): void;
	/** Puts lifted items back where they lie. */
	putDown(): void;
	/** Runs `fn` before the next paint (`requestAnimationFrame`); returns a handle for `cancelFrame`. */
	requestFrame(fn: () => void): number;
	cancelFrame(handle: number): void;
}

export type GestureKind = 'idle' | 'pan' | 'press' | 'drag' | 'box' | 'pinch';

/** The fingers on the board (canvas pixels by pointer id) and the one that drives one-finger gestures. */
export interface Pointers {
	readonly touches: ReadonlyMap<number, { x: number; y: number }>;
	primary: number;
}

/**
 * One state of the gesture machine (as tldraw's tools are state nodes): it handles the events
 * it cares about and returns the next state, itself to stay. `exit` undoes what the state shows
 * (a marquee, lifted cards) when the machine leaves it, whether by a transition or a cancel.
 */
export interface GestureState {
	readonly kind: GestureKind;
	/** Entered: `startTimer` asks the machine for one `timer` event after `ms` milliseconds. */
	enter?(ctx: GestureContext, startTimer: (ms: number) => void): void;
	down?(ctx: GestureContext, e: PointerInput): GestureState;
	move?(ctx: GestureContext, e: PointerInput, pointers: Pointers): GestureState;
	up?(ctx: GestureContext, e: PointerInput, pointers: Pointers): GestureState;
	timer?(ctx: GestureContext): GestureState;
	exit?(ctx: GestureContext): void;
}
