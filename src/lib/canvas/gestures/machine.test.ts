import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Rect } from '$lib/board/layout';
import type { DragItem, DropTarget } from '$lib/canvas/editor.svelte';
import type { Viewport } from '$lib/canvas/viewport';
import { GestureMachine } from './machine';
import { LONG_PRESS_MS } from './press';
import type { GestureContext, PointerInput, PressTarget } from './types';

/**
 * A board of two notes and a group drawn at zoom 1 with no pan (canvas px = board units):
 * note_a at (0,0), note_b at (200,0), grp_1 at (0,300) 400×300 holding note_c.
 */
function board(editable = true) {
	const notes = new Map<string, Rect>([
		['note_a', { x: 0, y: 0, w: 100, h: 80 }],
		['note_b', { x: 200, y: 0, w: 100, h: 80 }],
		['note_c', { x: 280, y: 500, w: 100, h: 80 }]
	]);
	const groups = new Map<string, Rect>([['grp_1', { x: 0, y: 300, w: 400, h: 300 }]]);
	const selected = new Set<string>();
	const frames: (() => void)[] = [];
	const log = {
		viewport: { panX: 0, panY: 0, zoom: 1 } as Viewport,
		selectedGroup: null as string | null,
		focus: null as string | null,
		said: [] as string[],
		box: null as Rect | null,
		target: null as DropTarget | null,
		lifted: null as string[] | null,
		moved: null as { dx: number; dy: number } | null,
		drops: [] as { item: DragItem; target: DropTarget; at: { x: number; y: number } }[],
		captured: [] as number[],
		panKeyHeld: false,
		editable,
		/** Runs the frame callbacks the drag asked for, as the browser does before painting. */
		flushFrames: () => frames.splice(0).forEach((f) => f())
	};
	const inside = (r: Rect, x: number, y: number) => x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
	const ctx: GestureContext = {
		get editable() {
			return log.editable;
		},
		get panKeyHeld() {
			return log.panKeyHeld;
		},
		get viewport() {
			return log.viewport;
		},
		setViewport: (v) => (log.viewport = v),
		layout: { notes, groups, children: new Map() },
		notesUnder: (id) => (id === 'grp_1' ? ['note_c'] : []),
		noteAt: (x, y, exclude) => [...notes].find(([id, r]) => !exclude?.has(id) && inside(r, x, y))?.[0] ?? null,
		groupAt: (x, y, exclude) => [...groups].find(([id, r]) => !exclude?.has(id) && inside(r, x, y))?.[0] ?? null,
		notesIn: (b) => [...notes].filter(([, r]) => r.x >= b.x && r.y >= b.y && r.x + r.w <= b.x + b.w && r.y + r.h <= b.y + b.h).map(([id]) => id),
		selection: {
			notes: selected,
			selectNote(id, additive = false) {
				if (!additive) {
					selected.clear();
					log.selectedGroup = null;
				}
				selected.add(id);
			},
			toggleNote(id) {
				if (!selected.delete(id)) selected.add(id);
			},
			selectGroup(id) {
				selected.clear();
				log.selectedGroup = id;
			},
			setNotes(ids, additive = false) {
				if (!additive) selected.clear();
				for (const id of ids) selected.add(id);
			},
			clear() {
				selected.clear();
				log.selectedGroup = null;
			}
		},
		focus: (id) => (log.focus = id),
		say: (m) => log.said.push(m),
		groupName: (id) => (id === 'grp_1' ? 'Delivery' : ''),
		drop: (item, target, at) => log.drops.push({ item, target, at }),
		capture: (id) => log.captured.push(id),
		overItem: (x, y) => [...notes.values()].some((r) => inside(r, x, y)),
		showBox: (r) => (log.box = r),
		showDropTarget: (t) => (log.target = t),
		lift: (ids) => (log.lifted = ids),
		moveLifted: (dx, dy) => (log.moved = { dx, dy }),
		putDown: () => {
			log.lifted = null;
			log.moved = null;
		},
		requestFrame: (fn) => frames.push(fn),
		cancelFrame: (h) => {
			frames[h - 1] = () => {};
		}
	};
	return { machine: new GestureMachine(ctx), log, selected };
}

/** A pointer event in canvas px; `hit` as the canvas would report it for a pointerdown there. */
function at(x: number, y: number, o: Partial<PointerInput> & { on?: PressTarget } = {}): PointerInput {
	const { on, ...rest } = o;
	return { pointerId: 1, touch: false, button: 0, x, y, shift: false, additive: false, hit: on ?? null, ...rest };
}
const noteA: PressTarget = { kind: 'note', id: 'note_a' };
const finger = (id: number, x: number, y: number, on: PressTarget | null = null) => at(x, y, { pointerId: id, touch: true, on: on ?? undefined });

describe('mouse', () => {
	it('a press on a note that moves at most 4 px is a click; beyond, a drag of the selection', () => {
		const { machine, log, selected } = board();
		machine.down(at(10, 10, { on: noteA }));
		expect(machine.kind).toBe('press');
		expect(log.captured).toEqual([1]);
		machine.move(at(13, 12));
		expect(machine.kind).toBe('press');
		machine.move(at(15, 10));
		expect(machine.kind).toBe('drag');
		expect([...selected]).toEqual(['note_a']);
		expect(log.lifted).toEqual(['note_a']);
		// The cards follow from the next movement on.
		machine.move(at(30, 10));
		expect(log.moved).toEqual({ dx: 20, dy: 0 });
	});

	it('a click selects the note and focuses it; Shift+click toggles it in the selection', () => {
		const { machine, log, selected } = board();
		machine.down(at(10, 10, { on: noteA }));
		machine.up(at(11, 10));
		expect(machine.kind).toBe('idle');
		expect([...selected]).toEqual(['note_a']);
		expect(log.focus).toBe('note_a');
		machine.down(at(210, 10, { on: { kind: 'note', id: 'note_b' }, additive: true }));
		machine.up(at(210, 10, { additive: true }));
		expect([...selected]).toEqual(['note_a', 'note_b']);
		machine.down(at(10, 10, { on: noteA, additive: true }));
		machine.up(at(10, 10, { additive: true }));
		expect([...selected]).toEqual(['note_b']);
	});

	it('a drag highlights the target under the pointer once per frame and drops there on release', () => {
		const { machine, log } = board();
		machine.down(at(10, 10, { on: noteA }));
		machine.move(at(100, 320));
		machine.move(at(100, 400));
		expect(log.target).toBeNull();
		log.flushFrames();
		expect(log.target).toEqual({ kind: 'group', id: 'grp_1', part: 'body' });
		machine.move(at(100, 310));
		log.flushFrames();
		expect(log.target).toEqual({ kind: 'group', id: 'grp_1', part: 'header' });
		machine.up(at(100, 400));
		expect(log.drops).toEqual([{ item: { kind: 'notes', ids: ['note_a'] }, target: { kind: 'group', id: 'grp_1', part: 'body' }, at: { x: 100, y: 400 } }]);
		expect(log.lifted).toBeNull();
		expect(log.target).toBeNull();
		expect(machine.kind).toBe('idle');
	});

	it('a dragged group takes its notes along and cannot be dropped on them', () => {
		const { machine, log } = board();
		machine.down(at(50, 310, { on: { kind: 'group', id: 'grp_1' } }));
		machine.move(at(60, 380));
		expect(log.selectedGroup).toBe('grp_1');
		expect(log.lifted?.sort()).toEqual(['grp_1', 'note_c']);
		machine.up(at(60, 380));
		expect(log.drops[0].target).toEqual({ kind: 'board' });
	});

	it('a read-only board never starts a drag', () => {
		const { machine, log } = board(false);
		machine.down(at(10, 10, { on: noteA }));
		machine.move(at(80, 80));
		expect(machine.kind).toBe('press');
		machine.up(at(80, 80));
		expect(log.drops).toEqual([]);
	});

	it('the empty board pans; a click there without moving clears the selection', () => {
		const { machine, log, selected } = board();
		selected.add('note_a');
		machine.down(at(150, 200));
		expect(machine.kind).toBe('pan');
		machine.move(at(170, 230));
		expect(log.viewport).toEqual({ panX: 20, panY: 30, zoom: 1 });
		machine.up(at(170, 230));
		expect([...selected]).toEqual(['note_a']);
		machine.down(at(150, 200));
		machine.up(at(150, 200));
		expect(selected.size).toBe(0);
	});

	it('Space or the middle button pans even from a note; the secondary button starts nothing', () => {
		const { machine, log } = board();
		machine.down(at(10, 10, { on: noteA, button: 2 }));
		expect(machine.kind).toBe('idle');
		expect(log.captured).toEqual([]);
		machine.down(at(10, 10, { on: noteA, button: 1 }));
		expect(machine.kind).toBe('pan');
		machine.up(at(10, 10));
		log.panKeyHeld = true;
		machine.down(at(10, 10, { on: noteA }));
		expect(machine.kind).toBe('pan');
	});

	it('Shift+drag on the empty board selects the notes inside the marquee', () => {
		const { machine, log, selected } = board();
		machine.down(at(-10, -10, { shift: true, additive: true }));
		expect(machine.kind).toBe('box');
		expect(log.box).toEqual({ x: -10, y: -10, w: 0, h: 0 });
		machine.move(at(350, 100));
		expect(log.box).toEqual({ x: -10, y: -10, w: 360, h: 110 });
		machine.up(at(350, 100));
		expect([...selected].sort()).toEqual(['note_a', 'note_b']);
		expect(log.box).toBeNull();
		expect(log.said).toEqual(['2 notes selected']);
	});
});

describe('touch', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('a finger that moves past the slop before the long press pans, and never picks the note up', () => {
		const { machine, log } = board();
		machine.down(finger(7, 10, 10, noteA));
		machine.move(finger(7, 16, 10));
		expect(machine.kind).toBe('press');
		machine.move(finger(7, 22, 10));
		expect(machine.kind).toBe('pan');
		expect(log.viewport.panX).toBe(12);
		vi.advanceTimersByTime(LONG_PRESS_MS * 2);
		expect(machine.kind).toBe('pan');
		expect(log.lifted).toBeNull();
	});

	it('a long press picks the note up, says so, and the finger drags it', () => {
		const { machine, log } = board();
		machine.down(finger(7, 10, 10, noteA));
		vi.advanceTimersByTime(LONG_PRESS_MS - 1);
		expect(machine.kind).toBe('press');
		vi.advanceTimersByTime(1);
		expect(machine.kind).toBe('drag');
		expect(log.lifted).toEqual(['note_a']);
		expect(log.said).toEqual(['Picked up 1 note: drag it onto a group or a note and lift your finger.']);
		machine.move(finger(7, 60, 400));
		machine.up(finger(7, 60, 400));
		expect(log.drops[0].target).toEqual({ kind: 'group', id: 'grp_1', part: 'body' });
	});

	it('a second finger pinches (zoom with distance, pan with midpoint); lifting one pans with the other', () => {
		const { machine, log } = board();
		machine.down(finger(1, 100, 100, noteA));
		machine.down(finger(2, 200, 100));
		expect(machine.kind).toBe('pinch');
		vi.advanceTimersByTime(LONG_PRESS_MS * 2);
		expect(machine.kind).toBe('pinch');
		machine.move(finger(2, 300, 100));
		// The fingers are twice as far apart: zoom 2, and the board point under the first midpoint (150,100) is under the new one (200,100).
		expect(log.viewport).toEqual({ zoom: 2, panX: -100, panY: -100 });
		machine.up(finger(1, 100, 100));
		expect(machine.kind).toBe('pan');
		machine.move(finger(2, 310, 120));
		expect(log.viewport).toEqual({ zoom: 2, panX: -90, panY: -80 });
		machine.up(finger(2, 310, 120));
		expect(machine.kind).toBe('idle');
	});

	it('a second finger while dragging does not pinch', () => {
		const { machine } = board();
		machine.down(finger(1, 10, 10, noteA));
		vi.advanceTimersByTime(LONG_PRESS_MS);
		machine.down(finger(2, 200, 200));
		expect(machine.kind).toBe('drag');
		machine.move(finger(2, 250, 250));
		machine.up(finger(2, 250, 250));
		expect(machine.kind).toBe('drag');
	});
});

describe('cancel', () => {
	it('a cancelled drag puts the cards back, clears the highlight and drops nothing', () => {
		const { machine, log } = board();
		machine.down(at(10, 10, { on: noteA }));
		machine.move(at(100, 390));
		machine.move(at(100, 400));
		log.flushFrames();
		expect(log.target).not.toBeNull();
		machine.move(at(110, 410));
		machine.cancel({ pointerId: 1 });
		log.flushFrames();
		expect(machine.kind).toBe('idle');
		expect(log.lifted).toBeNull();
		expect(log.target).toBeNull();
		expect(log.drops).toEqual([]);
	});

	it('a cancelled box select hides the marquee and selects nothing', () => {
		const { machine, log, selected } = board();
		machine.down(at(-10, -10, { shift: true, additive: true }));
		machine.move(at(350, 100));
		machine.cancel({ pointerId: 1 });
		expect(log.box).toBeNull();
		expect(selected.size).toBe(0);
	});

	it('a press whose release was never seen is over when the next one starts', () => {
		const { machine, log } = board();
		machine.down(at(10, 10, { on: noteA }));
		machine.move(at(100, 400));
		machine.down(at(150, 200));
		expect(machine.kind).toBe('pan');
		expect(log.lifted).toBeNull();
		expect(log.drops).toEqual([]);
	});
});
