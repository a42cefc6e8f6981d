import * as Y from 'yjs';
import { labelText, readGroup, type Group } from '$lib/board/group';
import { importFieldsOf, readNoteContent, readPlacement, type FieldValue, type ImportFields } from '$lib/board/note';
import { GROUP_SPACING, layoutBoard, NOTE_SPACING, type BoardLayout, type LayoutNote, type Rect } from '$lib/board/layout';
import { roots } from '$lib/board/schema';
import { valueKey } from '$lib/canvas/facets';
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

function readNoteRecord(id: string, content: unknown, placement: unknown, fields: ImportFields): NoteRecord | null {
	const c = readNoteContent(content, fields);
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
 * A change from elsewhere that writes at least this many notes at once is part of a bulk change:
 * an import's chunk (1,000 notes, `IMPORT_CHUNK`), a restore, a large undo.
 */
export const BULK_NOTES = 200;
/**
 * Bulk changes are drawn once their burst is over: when the server sends the board's imports
 * again (an import is stored whole: `release()`), else this long after the last one arrived (ms)…
 * An import's chunks come as fast as the server stores them, 0.1-0.5 s apart on a busy server,
 * so an import is drawn once instead of once per chunk (each drawing lays out the whole board).
 */
export const BULK_QUIET_MS = 1000;
/** …but never later than this after the first one (ms), so a slow import still shows progress. */
export const BULK_MAX_HOLD_MS = 3000;

/** Value counts per field: field key -> `valueKey` of the value -> notes. */
export type FieldCounts = Map<string, Map<string, number>>;

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
	/** How many drawn notes hold each value of each field, kept up to date note by note. */
	readonly fieldCounts: FieldCounts = new Map();
	/** Bumped when `fieldCounts` changed. */
	fieldsVersion = 0;

	#indexedGroups = new Set<string>();
	#dirtyNotes = new Set<string>();
	#dirtyGroups = new Set<string>();
	#structural = true;
	#scheduled = 0;
	/** Changes of bulk transactions from elsewhere, held until their burst is over. */
	#heldNotes = new Set<string>();
	#heldGroups = new Set<string>();
	/** Whether the transaction whose observers run now is a bulk change to hold. */
	#bulk = false;
	#holdStarted = 0;
	#holdTimer: ReturnType<typeof setTimeout> | null = null;
	#fieldsChanged = false;
	#preparing = false;
	#destroyed = false;
	#destroy: () => void;

	constructor(readonly doc: Y.Doc) {
		const { notes, place, groups } = roots(doc);
		const beforeObservers = (tr: Y.Transaction) => {
			// Decided per transaction, before its observers run: its placements and groups are held with its notes.
			this.#bulk = !tr.local && this.notes.size > 0 && (tr.changed.get(notes as Y.AbstractType<any>)?.size ?? 0) >= BULK_NOTES;
		};
		const onNotes = (event: Y.YMapEvent<unknown>) => {
			const dirty = this.#bulk ? this.#heldNotes : this.#dirtyNotes;
			for (const key of event.keysChanged) dirty.add(key);
			if (this.#bulk) return this.#hold();
			this.#structural = true;
			this.#schedule();
		};
		const onPlace = (event: Y.YMapEvent<unknown>) => {
			if (this.#bulk) {
				for (const key of event.keysChanged) this.#heldNotes.add(key);
				return this.#hold();
			}
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
			const dirty = this.#bulk ? this.#heldGroups : this.#dirtyGroups;
			for (const e of events) {
				if (e.target === groups) for (const key of e.changes.keys.keys()) dirty.add(key);
				else dirty.add(e.path[0] as string);
			}
			if (this.#bulk) return this.#hold();
			this.#structural = true;
			this.#schedule();
		};
		doc.on('beforeObserverCalls', beforeObservers);
		notes.observe(onNotes);
		place.observe(onPlace);
		groups.observeDeep(onGroups);
		notes.forEach((_, id) => this.#dirtyNotes.add(id));
		groups.forEach((_, id) => this.#dirtyGroups.add(id));
		this.flush();
		this.#destroy = () => {
			doc.off('beforeObserverCalls', beforeObservers);
			notes.unobserve(onNotes);
			place.unobserve(onPlace);
			groups.unobserveDeep(onGroups);
			if (this.#holdTimer) clearTimeout(this.#holdTimer);
			if (this.#scheduled && typeof cancelAnimationFrame !== 'undefined') cancelAnimationFrame(this.#scheduled);
		};
	}

	/** A bulk change arrived: draw it once no other has come for `BULK_QUIET_MS`, or `BULK_MAX_HOLD_MS` after the first. */
	#hold() {
		const now = performance.now();
		if (!this.#holdTimer) this.#holdStarted = now;
		else clearTimeout(this.#holdTimer);
		const wait = Math.max(0, Math.min(BULK_QUIET_MS, this.#holdStarted + BULK_MAX_HOLD_MS - now));
		this.#holdTimer = setTimeout(() => this.release(), wait);
	}

	/** Whether bulk changes are waiting to be drawn. */
	get holding(): boolean {
		return this.#holdTimer !== null;
	}

	/**
	 * Draws the held bulk changes in the next frame: when their burst is over, or when the server
	 * says the import they belong to is complete (its imports list changed).
	 */
	release() {
		if (this.#holdTimer) clearTimeout(this.#holdTimer);
		this.#holdTimer = null;
		if (this.#heldNotes.size === 0 && this.#heldGroups.size === 0) return;
		for (const id of this.#heldNotes) this.#dirtyNotes.add(id);
		for (const id of this.#heldGroups) this.#dirtyGroups.add(id);
		this.#heldNotes.clear();
		this.#heldGroups.clear();
		this.#structural = true;
		this.#schedule();
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
		const fields = importFieldsOf(this.doc);
		for (const id of this.#dirtyNotes) {
			const rec = readNoteRecord(id, notes.get(id), place.get(id), fields);
			const old = this.notes.get(id) ?? this.stacked.get(id);
			if (this.stacked.delete(id) || rec?.stackedOn || old?.stackedOn) stacksChanged = true;
			if (rec?.trashed) this.#trashed.set(id, rec);
			else this.#trashed.delete(id);
			if (!rec || rec.trashed) {
				// Missing, damaged (skipped, as every reader does) or in the trash.
				if (this.#dropNote(id)) stacksChanged = true;
				this.search.delete(id);
				this.noteIndex.delete(id);
				continue;
			}
			this.#putNote(id, rec);
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
		if (this.#fieldsChanged) this.fieldsVersion++;
		this.#fieldsChanged = false;
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

	/** Every note as the layout needs it: drawn ones, and stacked or trashed ones as hidden. */
	*#layoutNotes(): Iterable<LayoutNote> {
		yield* this.notes.values();
		for (const rec of this.stacked.values()) yield { ...rec, hidden: true };
		for (const rec of this.#trashed.values()) yield { ...rec, stackedOn: null, hidden: true };
	}

	/**
	 * Sorts notes folded into another (`stackedOn`) into `stacked` while their keeper is drawn, and
	 * back onto the board when it is not (deleted, or stacked itself in a loop); refreshes the
	 * derived "× n" counts on the keepers. O(stacked notes).
	 */
	#restack() {
		for (const [id, rec] of this.notes) {
			if (rec.stackedOn && rec.stackedOn !== id) {
				this.#dropNote(id);
				this.stacked.set(id, rec);
			}
		}
		// A note stacked on one that is itself stacked, or on one that is gone, is drawn again.
		for (const [id, rec] of this.stacked) {
			if (!this.notes.has(rec.stackedOn!)) {
				this.stacked.delete(id);
				this.#putNote(id, rec);
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

	/** Puts a drawn note's record in place, keeping `fieldCounts`. */
	#putNote(id: string, rec: NoteRecord) {
		const old = this.notes.get(id);
		if (old?.fields !== rec.fields) {
			if (old) this.#count(old.fields, -1);
			this.#count(rec.fields, 1);
		}
		this.notes.set(id, rec);
	}

	/** Takes a note off the drawn ones, keeping `fieldCounts`; false when it was not drawn. */
	#dropNote(id: string): boolean {
		const old = this.notes.get(id);
		if (!old) return false;
		this.#count(old.fields, -1);
		this.notes.delete(id);
		return true;
	}

	#count(fields: Record<string, FieldValue>, delta: 1 | -1) {
		for (const k in fields) {
			let m = this.fieldCounts.get(k);
			if (!m) this.fieldCounts.set(k, (m = new Map()));
			const key = valueKey(fields[k]);
			const n = (m.get(key) ?? 0) + delta;
			if (n > 0) m.set(key, n);
			else {
				m.delete(key);
				if (m.size === 0) this.fieldCounts.delete(k);
			}
		}
		this.#fieldsChanged = true;
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
