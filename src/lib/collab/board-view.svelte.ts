import * as Y from 'yjs';
import { labelText, readGroup, type Group } from '$lib/board/group';
import { readNoteContent, readPlacement, type FieldValue } from '$lib/board/note';
import { GROUP_SPACING, layoutBoard, NOTE_SPACING, type BoardLayout, type LayoutNote, type Rect } from '$lib/board/layout';
import { roots } from '$lib/board/schema';
import { SearchIndex } from '$lib/canvas/search';
import { SpatialIndex } from '$lib/canvas/spatial';

/** A note as the canvas reads it: a plain, immutable record replaced when the note changes. */
export interface NoteRecord {
	id: string;
	text: string;
	fields: Record<string, FieldValue>;
	groupId: string | null;
	order: string;
	/** Where a note put somewhere by hand is; null when the layout places it. */
	pos: { x: number; y: number } | null;
	createdBy: string;
	createdAt: number;
	/** The note it is folded into as a near-duplicate: not drawn, counted on that note. */
	stackedOn: string | null;
	/** In the trash: not drawn. */
	trashed: boolean;
	/** Unsorted, at this slot of the unsorted area since the last "Tidy up"; null otherwise. */
	slot: number | null;
	/** How many comments this note stands for when duplicates were stacked into it. */
	stackCount?: number;
}

/** What the canvas and outline draw of a group: its record (`Group`) without the task fields. */
export type GroupRecord = Pick<Group, 'id' | 'label' | 'x' | 'y' | 'parentId' | 'order' | 'collapsed' | 'color' | 'department'>;

function readNoteRecord(id: string, content: unknown, placement: unknown): NoteRecord | null {
	const c = readNoteContent(content);
	if (!c) return null;
	const p = readPlacement(placement);
	return {
		id,
		text: c.text,
		fields: c.fields,
		groupId: p && 'groupId' in p ? p.groupId : null,
		order: p && 'groupId' in p ? p.order : '',
		pos: p && 'x' in p ? { x: p.x, y: p.y } : null,
		createdBy: c.by,
		createdAt: c.at,
		stackedOn: p && 'stackedOn' in p ? p.stackedOn : null,
		trashed: !!p && 'trashed' in p,
		slot: p && 'slot' in p ? p.slot : null
	};
}

function readGroupRecord(id: string, value: unknown): GroupRecord | null {
	const g = readGroup(id, value);
	if (!g) return null;
	return {
		id,
		label: g.label,
		x: g.x,
		y: g.y,
		parentId: g.parentId,
		order: g.order,
		collapsed: g.collapsed,
		color: g.color,
		department: g.department
	};
}

const sameRect = (a: Rect | undefined, b: Rect) => !!a && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

/**
 * The board as the canvas needs it, kept up to date incrementally: plain note and group records,
 * the derived layout, spatial indexes for culling and hit tests, and the search index. Document
 * changes are collected and applied once per animation frame, so a burst of remote updates costs
 * one layout and one render. Components read `version` to re-derive.
 */
export class BoardView {
	version = $state(0);
	/** The notes drawn on the board: not in the trash, not folded into another note. */
	readonly notes = new Map<string, NoteRecord>();
	/** Near-duplicates folded into a note that is drawn: counted on it, not drawn themselves. */
	readonly stacked = new Map<string, NoteRecord>();
	readonly groups = new Map<string, GroupRecord>();
	/** Notes in the trash: not drawn, but still holding their slot in the unsorted area. */
	readonly #trashed = new Map<string, NoteRecord>();
	layout: BoardLayout = layoutBoard([], []);
	readonly noteIndex = new SpatialIndex<string>();
	readonly groupIndex = new SpatialIndex<string>();
	readonly search = new SearchIndex();

	#indexedGroups = new Set<string>();
	#dirtyNotes = new Set<string>();
	#dirtyGroups = new Set<string>();
	#structural = true;
	#scheduled = 0;
	#preparing = false;
	#destroyed = false;
	#destroy: () => void;

	constructor(readonly doc: Y.Doc) {
		const { notes, place, groups } = roots(doc);
		const onNotes = (event: Y.YMapEvent<unknown>) => {
			for (const key of event.keysChanged) this.#dirtyNotes.add(key);
			this.#structural = true;
			this.#schedule();
		};
		const onPlace = (event: Y.YMapEvent<unknown>) => {
			for (const key of event.keysChanged) {
				this.#dirtyNotes.add(key);
				// Moving a note by hand on the board changes only its own rectangle.
				if (this.#structural) continue;
				const before = this.notes.get(key);
				const after = before?.pos ? readPlacement(place.get(key)) : null;
				if (!after || !('x' in after)) this.#structural = true;
			}
			this.#schedule();
		};
		const onGroups = (events: Y.YEvent<any>[]) => {
			for (const e of events) {
				if (e.target === groups) for (const key of e.changes.keys.keys()) this.#dirtyGroups.add(key);
				else this.#dirtyGroups.add(e.path[0] as string);
			}
			this.#structural = true;
			this.#schedule();
		};
		notes.observe(onNotes);
		place.observe(onPlace);
		groups.observeDeep(onGroups);
		notes.forEach((_, id) => this.#dirtyNotes.add(id));
		groups.forEach((_, id) => this.#dirtyGroups.add(id));
		this.flush();
		this.#destroy = () => {
			notes.unobserve(onNotes);
			place.unobserve(onPlace);
			groups.unobserveDeep(onGroups);
			if (this.#scheduled && typeof cancelAnimationFrame !== 'undefined') cancelAnimationFrame(this.#scheduled);
		};
	}

	#schedule() {
		if (this.#scheduled) return;
		if (typeof requestAnimationFrame === 'undefined') {
			this.#scheduled = 1;
			queueMicrotask(() => this.flush());
		} else this.#scheduled = requestAnimationFrame(() => this.flush());
	}

	/** Applies every change collected since the last frame. */
	flush() {
		this.#scheduled = 0;
		const { notes, place, groups } = roots(this.doc);
		if (this.#dirtyNotes.size === 0 && this.#dirtyGroups.size === 0) return;
		let stacksChanged = false;
		for (const id of this.#dirtyNotes) {
			const rec = readNoteRecord(id, notes.get(id), place.get(id));
			const old = this.notes.get(id) ?? this.stacked.get(id);
			if (this.stacked.delete(id) || rec?.stackedOn || old?.stackedOn) stacksChanged = true;
			if (rec?.trashed) this.#trashed.set(id, rec);
			else this.#trashed.delete(id);
			if (!rec || rec.trashed) {
				// Missing, damaged (skipped, as every reader does) or in the trash.
				if (this.notes.delete(id)) stacksChanged = true;
				this.search.delete(id);
				this.noteIndex.delete(id);
				continue;
			}
			this.notes.set(id, rec);
			if (!old || old.text !== rec.text || old.fields !== rec.fields) this.search.set(id, rec.text, Object.values(rec.fields));
		}
		if (stacksChanged) this.#restack();
		for (const id of this.#dirtyGroups) {
			const rec = readGroupRecord(id, groups.get(id));
			if (!rec) this.groups.delete(id);
			else this.groups.set(id, rec);
		}
		if (!this.#structural && !this.#movesStayFree()) this.#structural = true;
		if (this.#structural) {
			const previous = this.layout;
			this.layout = layoutBoard(this.#layoutNotes(), this.groups.values());
			// Keep unchanged rectangles identical, so cards whose place did not change do not re-render.
			for (const [id, r] of this.layout.notes) {
				const old = previous.notes.get(id);
				if (old && sameRect(old, r)) this.layout.notes.set(id, old);
			}
			for (const [id, r] of this.layout.groups) {
				const old = previous.groups.get(id);
				if (old && sameRect(old, r)) this.layout.groups.set(id, old);
			}
			for (const id of this.notes.keys()) {
				const r = this.layout.notes.get(id);
				if (!r) this.noteIndex.delete(id);
				else if (!sameRect(this.noteIndex.get(id), r)) this.noteIndex.set(id, r);
			}
			for (const id of this.#indexedGroups) if (!this.layout.groups.has(id)) this.groupIndex.delete(id);
			for (const [id, r] of this.layout.groups) if (!sameRect(this.groupIndex.get(id), r)) this.groupIndex.set(id, r);
			this.#indexedGroups = new Set(this.layout.groups.keys());
		} else {
			// Only notes put by hand moved: patch their rectangles without laying out the board again.
			for (const id of this.#dirtyNotes) {
				const rec = this.notes.get(id);
				const r = this.layout.notes.get(id);
				if (!rec?.pos || !r) continue;
				const next = { x: rec.pos.x, y: rec.pos.y, w: r.w, h: r.h };
				this.layout.notes.set(id, next);
				this.noteIndex.set(id, next);
			}
		}
		this.#dirtyNotes.clear();
		this.#dirtyGroups.clear();
		this.#structural = false;
		this.version++;
		this.#prepareSearchWhenIdle();
	}

	/** Folds the search index's new texts while the page is idle, so the first search finds them folded. */
	#prepareSearchWhenIdle() {
		if (this.#preparing || this.search.prepared || typeof requestIdleCallback !== 'function') return;
		this.#preparing = true;
		const step = (idle: IdleDeadline) => {
			const started = performance.now();
			// At least a few milliseconds a turn, also when the idle callback comes by its timeout.
			const done = this.#destroyed || this.search.prepare(() => idle.timeRemaining() < 1 && performance.now() - started > 4);
			if (done) this.#preparing = false;
			else requestIdleCallback(step, { timeout: 1000 });
		};
		requestIdleCallback(step, { timeout: 1000 });
	}

	/**
	 * Whether the notes put by hand that moved since the last frame can be patched in place: only
	 * when nothing on the board is pushed from its stored spot (so nothing can move back) and each
	 * moved note lands where it covers nothing. Otherwise the whole board is laid out again, so
	 * every client draws the same board.
	 */
	#movesStayFree(): boolean {
		// Several notes moved at once could land on each other: lay out again.
		if (this.layout.displaced > 0 || this.#dirtyNotes.size > 1) return false;
		const near = (r: Rect, m: number): Rect => ({ x: r.x - m, y: r.y - m, w: r.w + m * 2, h: r.h + m * 2 });
		const apart = (a: Rect, b: Rect, m: number) => a.x >= b.x + b.w + m || b.x >= a.x + a.w + m || a.y >= b.y + b.h + m || b.y >= a.y + a.h + m;
		for (const id of this.#dirtyNotes) {
			const rec = this.notes.get(id);
			const r = this.layout.notes.get(id);
			if (!rec?.pos || !r) continue;
			const next = { x: rec.pos.x, y: rec.pos.y, w: r.w, h: r.h };
			for (const other of this.noteIndex.query(near(next, NOTE_SPACING)))
				if (other !== id && !apart(next, this.noteIndex.get(other)!, NOTE_SPACING)) return false;
			for (const g of this.groupIndex.query(near(next, GROUP_SPACING))) if (!apart(next, this.groupIndex.get(g)!, GROUP_SPACING)) return false;
			if (this.layout.tray && !apart(next, this.layout.tray, GROUP_SPACING)) return false;
		}
		return true;
	}

	/**
	 * Sorts notes folded into another (`stackedOn`) into `stacked` while their keeper is drawn, and
	 * back onto the board when it is not (deleted, or stacked itself in a loop); refreshes the
	 * derived "× n" counts on the keepers. O(stacked notes).
	 */
	/** Every note as the layout needs it: drawn ones, and stacked or trashed ones as hidden. */
	*#layoutNotes(): Iterable<LayoutNote> {
		yield* this.notes.values();
		for (const rec of this.stacked.values()) yield { ...rec, hidden: true };
		for (const rec of this.#trashed.values()) yield { ...rec, stackedOn: null, hidden: true };
	}

	#restack() {
		for (const [id, rec] of this.notes) {
			if (rec.stackedOn && rec.stackedOn !== id) {
				this.notes.delete(id);
				this.stacked.set(id, rec);
			}
		}
		// A note stacked on one that is itself stacked, or on one that is gone, is drawn again.
		for (const [id, rec] of this.stacked) {
			if (!this.notes.has(rec.stackedOn!)) {
				this.stacked.delete(id);
				this.notes.set(id, rec);
			}
		}
		const counts = new Map<string, number>();
		for (const rec of this.stacked.values()) counts.set(rec.stackedOn!, (counts.get(rec.stackedOn!) ?? 1) + 1);
		for (const [id, rec] of this.notes) {
			const count = counts.get(id);
			if (count !== rec.stackCount) {
				const next = { ...rec };
				if (count) next.stackCount = count;
				else delete next.stackCount;
				this.notes.set(id, next);
			}
		}
		for (const id of this.stacked.keys()) {
			this.search.delete(id);
			this.noteIndex.delete(id);
		}
		for (const [id, rec] of this.notes) if (!this.search.has(id)) this.search.set(id, rec.text, Object.values(rec.fields));
		this.#structural = true;
	}

	/** The live Y.Text of a group's name, for collaborative editing. */
	labelOf(groupId: string): Y.Text | null {
		const m = roots(this.doc).groups.get(groupId);
		return m instanceof Y.Map ? labelText(m) : null;
	}

	/** Notes of a group and of its nested groups. */
	notesUnder(groupId: string): string[] {
		const out: string[] = [];
		const walk = (id: string) => {
			out.push(...(this.layout.members.get(id) ?? []));
			for (const k of this.layout.children.get(id) ?? []) walk(k);
		};
		walk(groupId);
		return out;
	}

	/** The innermost group drawn under a world point. */
	groupAt(x: number, y: number, except?: Set<string>): string | null {
		let best: string | null = null;
		let bestDepth = -1;
		for (const id of this.groupIndex.query({ x, y, w: 0, h: 0 })) {
			if (except?.has(id)) continue;
			const d = this.layout.depth.get(id) ?? 0;
			if (d > bestDepth) {
				best = id;
				bestDepth = d;
			}
		}
		return best;
	}

	/** The group containing a note, if it still exists. */
	groupOf(noteId: string): string | null {
		const g = this.notes.get(noteId)?.groupId;
		return g && this.groups.has(g) ? g : null;
	}

	/** Everything drawn, for zoom to fit. */
	bounds(): Rect | null {
		let minX = Infinity;
		let minY = Infinity;
		let maxX = -Infinity;
		let maxY = -Infinity;
		const add = (r: Rect) => {
			if (r.x < minX) minX = r.x;
			if (r.y < minY) minY = r.y;
			if (r.x + r.w > maxX) maxX = r.x + r.w;
			if (r.y + r.h > maxY) maxY = r.y + r.h;
		};
		for (const id of this.layout.ungrouped) {
			const r = this.layout.notes.get(id);
			if (r) add(r);
		}
		for (const id of this.layout.topGroups) add(this.layout.groups.get(id)!);
		return minX === Infinity ? null : { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
	}

	destroy() {
		this.#destroyed = true;
		this.#destroy();
	}
}
