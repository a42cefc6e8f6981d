import type * as Y from 'yjs';
import { readGroups } from './group.ts';
import { intersects, layoutBoard, layoutNotesOf, NOTE_H, NOTE_W, GAP, type Rect } from './layout.ts';
import { addNotes, importFieldsOf, makeNote, readNoteContent, readNotes, MAX_COORD } from './note.ts';
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
	const { notes, trashed } = readNotes(doc);
	const layout = layoutBoard(layoutNotesOf(notes, trashed), readGroups(doc).groups);
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

/** The longest note id (`note_` and 59 characters, as the board channel takes them). */
const MAX_NOTE_ID = 64;

/** FNV-1a (32-bit) of a string, as 7 base-36 characters: a short, stable tag for an author. */
function tag(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(36).padStart(7, '0');
}

/**
 * The note id each draft gets when it joins the board. A draft keeps its id unless that id is
 * already taken, by a note of someone else or by an earlier draft of another author (ids are
 * chosen by each author's tab and kept per author, so two authors may pick the same one); then it
 * gets its id with a tag of its author (`note_x-1k2b3c4`), numbered further if that is taken too.
 * A draft whose id is already a note of its own author with its text and time was written by an
 * earlier attempt: null.
 * Keys are `author + "\n" + id`.
 */
export function draftNoteIds(doc: Y.Doc, drafts: DraftNote[]): Map<string, string | null> {
	const notes = doc.getMap<unknown>('notes');
	const fields = importFieldsOf(doc);
	const contentOf = (id: string) => readNoteContent(notes.get(id), fields);
	const out = new Map<string, string | null>();
	const used = new Set<string>();
	for (const d of [...drafts].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id) || a.author.localeCompare(b.author))) {
		const key = `${d.author}\n${d.id}`;
		// Written by an earlier attempt: the same author, words and time. The server makes a client's
		// new note its writer's, but a board may hold notes written before it did, naming any author;
		// the draft's time (which only its author and the server know) keeps such a note from making
		// a draft look written and lose it.
		const ownNote = (id: string) => {
			const c = notes.has(id) ? contentOf(id) : null;
			return !!c && c.by === d.author && c.text === d.text && c.at === d.at && c.source === null;
		};
		const free = (id: string) => !notes.has(id) && !used.has(id);
		let id: string | null = null;
		if (!used.has(d.id) && ownNote(d.id)) id = null;
		else if (free(d.id)) id = d.id;
		else {
			const base = `${d.id.slice(0, MAX_NOTE_ID - 8)}-${tag(d.author)}`;
			for (let n = 0; ; n++) {
				const candidate = n === 0 ? base : `${base.slice(0, MAX_NOTE_ID - 1 - String(n).length)}${n}`;
				if (!used.has(candidate) && ownNote(candidate)) break;
				if (free(candidate)) {
					id = candidate;
					break;
				}
			}
		}
		if (id) used.add(id);
		out.set(key, id);
	}
	return out;
}

/**
 * Writes drafts into the content document as hand-written notes (no source, no fields, `by` their
 * author), placed without overlapping anything (`placeDrafts`), under the ids `draftNoteIds`
 * gives them. Drafts already written by an earlier attempt are left out. Returns how many notes
 * were added.
 */
export function addDraftNotes(doc: Y.Doc, drafts: DraftNote[], origin: Origin): number {
	const ids = draftNoteIds(doc, drafts);
	const fresh = drafts.flatMap((d) => {
		const id = ids.get(`${d.author}\n${d.id}`);
		return id ? [{ ...d, id }] : [];
	});
	const spots = placeDrafts(doc, fresh);
	addNotes(
		doc,
		fresh.map((d) => makeNote({ id: d.id, text: d.text, createdBy: d.author, createdAt: d.at, ...spots.get(d.id)! })),
		origin
	);
	return fresh.length;
}
