import * as Y from 'yjs';
import { labelText } from '$lib/board/group';
import type { FieldValue } from '$lib/board/note';
import { layoutBoard, type BoardLayout, type Rect } from '$lib/board/layout';
import { roots } from '$lib/board/schema';
import { SearchIndex } from '$lib/canvas/search';
import { SpatialIndex } from '$lib/canvas/spatial';

/** A note as the canvas reads it: a plain, immutable record replaced when the note changes. */
export interface NoteRecord {
	id: string;
	text: string;
	fields: Record<string, FieldValue>;
	x: number;
	y: number;
	groupId: string | null;
	order: string;
	color?: string;
	createdBy: string;
	/** How many comments this note stands for when duplicates were stacked into it. */
	stackCount?: number;
}

export interface GroupRecord {
	id: string;
	label: string;
	x: number;
	y: number;
	parentId: string | null;
	order: string;
	collapsed: boolean;
	color: string;
	department: string | null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

function readNoteRecord(id: string, m: Y.Map<unknown>): NoteRecord {
	const fields = m.get('fields');
	const color = str(m.get('color'));
	const stackCount = num(m.get('stackCount'));
	return {
		id,
		text: String(m.get('text') ?? ''),
		fields: fields && typeof fields === 'object' ? (fields as Record<string, FieldValue>) : {},
		x: num(m.get('x')),
		y: num(m.get('y')),
		groupId: str(m.get('groupId')),
		order: str(m.get('order')) ?? 'a0',
		...(color ? { color } : {}),
		createdBy: String(m.get('createdBy') ?? ''),
		...(stackCount > 1 ? { stackCount } : {})
	};
}

function readGroupRecord(id: string, m: Y.Map<unknown>): GroupRecord {
	const label = m.get('label');
	return {
		id,
		label: label instanceof Y.Text ? label.toString() : (str(label) ?? ''),
		x: num(m.get('x')),
		y: num(m.get('y')),
		parentId: str(m.get('parentId')),
		order: str(m.get('order')) ?? 'a0',
		collapsed: m.get('collapsed') === true,
		color: str(m.get('color')) ?? '#fde68a',
		department: str(m.get('department'))
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
	readonly notes = new Map<string, NoteRecord>();
	readonly groups = new Map<string, GroupRecord>();
	layout: BoardLayout = layoutBoard([], []);
	readonly noteIndex = new SpatialIndex<string>();
	readonly groupIndex = new SpatialIndex<string>();
	readonly search = new SearchIndex();

	#indexedGroups = new Set<string>();
	#dirtyNotes = new Set<string>();
	#dirtyGroups = new Set<string>();
	#structural = true;
	#scheduled = 0;
	#destroy: () => void;

	constructor(readonly doc: Y.Doc) {
		const { notes, groups } = roots(doc);
		const onNotes = (events: Y.YEvent<any>[]) => {
			for (const e of events) {
				if (e.target === notes) {
					for (const key of e.changes.keys.keys()) this.#dirtyNotes.add(key);
					this.#structural = true;
				} else {
					const id = e.path[0] as string;
					this.#dirtyNotes.add(id);
					const keys = (e as Y.YMapEvent<unknown>).keysChanged;
					if (!keys || keys.has('groupId') || keys.has('order')) this.#structural = true;
				}
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
		notes.observeDeep(onNotes);
		groups.observeDeep(onGroups);
		notes.forEach((_, id) => this.#dirtyNotes.add(id));
		groups.forEach((_, id) => this.#dirtyGroups.add(id));
		this.flush();
		this.#destroy = () => {
			notes.unobserveDeep(onNotes);
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
		const { notes, groups } = roots(this.doc);
		if (this.#dirtyNotes.size === 0 && this.#dirtyGroups.size === 0) return;
		for (const id of this.#dirtyNotes) {
			const m = notes.get(id);
			if (!m) {
				this.notes.delete(id);
				this.search.delete(id);
				this.noteIndex.delete(id);
				continue;
			}
			const rec = readNoteRecord(id, m);
			const old = this.notes.get(id);
			this.notes.set(id, rec);
			if (!old || old.text !== rec.text || old.fields !== rec.fields) this.search.set(id, rec.text, Object.values(rec.fields));
		}
		for (const id of this.#dirtyGroups) {
			const m = groups.get(id);
			if (!m) this.groups.delete(id);
			else this.groups.set(id, readGroupRecord(id, m));
		}
		if (this.#structural) {
			const previous = this.layout;
			this.layout = layoutBoard(this.notes.values(), this.groups.values());
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
			// Only loose notes moved: patch their rectangles without laying out the board again.
			for (const id of this.#dirtyNotes) {
				const rec = this.notes.get(id);
				const r = this.layout.notes.get(id);
				if (!rec || !r) continue;
				const next = { x: rec.x, y: rec.y, w: r.w, h: r.h };
				this.layout.notes.set(id, next);
				this.noteIndex.set(id, next);
			}
		}
		this.#dirtyNotes.clear();
		this.#dirtyGroups.clear();
		this.#structural = false;
		this.version++;
	}

	/** The live Y.Text of a group's name, for collaborative editing. */
	labelOf(groupId: string): Y.Text | null {
		const m = roots(this.doc).groups.get(groupId);
		return m ? labelText(m) : null;
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
		this.#destroy();
	}
}
