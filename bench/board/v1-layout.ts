/**
 * The version-1 board document's writer, kept unchanged in substance as the baseline of
 * `bench:board` (time to interactive) and `bench:import` (time until the other client has the
 * notes). Source: `src/lib/board/note.ts`, `group.ts` and `schema.ts` at commit 5b49fee, the last
 * commit before the version-2 document (9333f05).
 *
 * Version 1 keeps one Y.Map per note with one Yjs item per key (text, source, fields, x, y,
 * groupId, order, createdBy, createdAt) and one Y.Map per group with its stored size (w, h); the
 * facilitator's controls live in `meta`.
 */
import * as Y from 'yjs';

export interface V1Note {
	id: string;
	text: string;
	source: { row: number; importId: string } | null;
	fields: Record<string, string | number | null>;
	x: number;
	y: number;
	groupId: string | null;
	order: string;
	createdBy: string;
	createdAt: number;
}

export interface V1Group {
	id: string;
	label: string;
	x: number;
	y: number;
	w: number;
	h: number;
	parentId: string | null;
	order: string;
	color: string;
	collapsed: boolean;
}

/** One note as version 1 stored it: a Y.Map with one item per key. */
function noteMap(note: V1Note): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(note)) {
		if (key === 'id' || value === undefined) continue;
		map.set(key, value);
	}
	return map;
}

/** One group as version 1 stored it: a Y.Map with its size, the label a Y.Text. */
function groupMap(group: V1Group): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	const full = { department: null, owner: null, priority: null, due: null, status: null, ...group };
	for (const [key, value] of Object.entries(full)) {
		if (key === 'id' || key === 'label') continue;
		map.set(key, value);
	}
	map.set('label', new Y.Text(group.label));
	return map;
}

/** Version 1's `addNotes`: every note's map in one transaction. */
export function addNotesV1(doc: Y.Doc, notes: V1Note[], origin: unknown): void {
	const map = doc.getMap('notes');
	doc.transact(() => {
		for (const note of notes) map.set(note.id, noteMap(note));
	}, origin);
}

/** Version 1's `addGroups`. */
export function addGroupsV1(doc: Y.Doc, groups: V1Group[], origin: unknown): void {
	const map = doc.getMap('groups');
	doc.transact(() => {
		for (const group of groups) map.set(group.id, groupMap(group));
	}, origin);
}
