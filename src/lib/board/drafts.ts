import type * as Y from 'yjs';
import { readGroups } from './group.ts';
import { intersects, layoutBoard, NOTE_H, NOTE_W, GAP, type Rect } from './layout.ts';
import { addNotes, makeNote, readNotes, MAX_COORD } from './note.ts';
import type { Origin } from './schema.ts';

/** A private-mode note as the server keeps it until private mode ends. */
export interface DraftNote {
	id: string;
	author: string;
	text: string;
	x: number;
	y: number;
	/** When it was written (ms since the epoch). */
	at: number;
}

/** How far down a draft may be pushed to find a free spot: 200 note heights. */
const MAX_TRIES = 200;

/**
 * Positions for drafts that become notes: each where its author put it, or the nearest spot
 * below it that overlaps no note, group or draft placed before it (the board's layout decides
 * where existing notes and groups are drawn). Drafts are placed oldest first.
 * Returns note id -> top-left corner, in board units.
 */
export function placeDrafts(doc: Y.Doc, drafts: DraftNote[]): Map<string, { x: number; y: number }> {
	const layout = layoutBoard(
		readNotes(doc).notes.map((n) => ({ ...n, hidden: !!n.stackedOn })),
		readGroups(doc).groups
	);
	const taken: Rect[] = [...layout.notes.values(), ...layout.groups.values()];
	const out = new Map<string, { x: number; y: number }>();
	for (const d of [...drafts].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))) {
		const x = Math.round(Math.max(-MAX_COORD, Math.min(MAX_COORD, d.x)));
		let y = Math.round(Math.max(-MAX_COORD, Math.min(MAX_COORD, d.y)));
		for (let i = 0; i < MAX_TRIES; i++) {
			const spot = { x: x - GAP / 2, y: y - GAP / 2, w: NOTE_W + GAP, h: NOTE_H + GAP };
			const blocker = taken.find((r) => intersects(spot, r));
			if (!blocker) break;
			y = Math.round(blocker.y + blocker.h + GAP);
		}
		taken.push({ x, y, w: NOTE_W, h: NOTE_H });
		out.set(d.id, { x, y });
	}
	return out;
}

/**
 * Writes drafts into the content document as hand-written notes (no source, no fields, `by` their
 * author), placed without overlapping anything (`placeDrafts`). Drafts whose id is already a note
 * (written by an earlier attempt) are left out. Returns how many notes were added.
 */
export function addDraftNotes(doc: Y.Doc, drafts: DraftNote[], origin: Origin): number {
	const notes = doc.getMap('notes');
	const fresh = drafts.filter((d) => !notes.has(d.id));
	const spots = placeDrafts(doc, fresh);
	addNotes(
		doc,
		fresh.map((d) => makeNote({ id: d.id, text: d.text, createdBy: d.author, createdAt: d.at, ...spots.get(d.id)! })),
		origin
	);
	return fresh.length;
}
