import * as Y from 'yjs';
import { addNotes, importFieldsKey, importFieldsOf, readNoteContent, readPlacement, roots, type Origin } from '../board/index.ts';
import { createGroup, setGroupCollapsed } from '../board/grouping.ts';
import type { BuildResult } from './build';

/** The label of the group non-answers are set aside in. */
export const SET_ASIDE_LABEL = 'Non-answers (set aside)';

/**
 * Puts an import's notes into a board's content document in one transaction (with the collapsed
 * group of set-aside non-answers), so other people see the whole import at once. The import's
 * summary and private values are kept by the server, not in the document.
 */
export function applyImport(doc: Y.Doc, result: Pick<BuildResult, 'notes'> & Partial<Pick<BuildResult, 'setAside'>>, origin: Origin): void {
	doc.transact(() => {
		addNotes(doc, result.notes, origin);
		if (result.setAside?.length) {
			const group = createGroup(doc, result.setAside, { x: -600, y: 0, label: SET_ASIDE_LABEL }, origin);
			setGroupCollapsed(doc, group, true, origin);
		}
	}, origin);
}

/** Notes per update when the server writes a large import into a board (see `importChunks`). */
export const IMPORT_CHUNK = 1000;

/**
 * An import cut into parts of at most `size` notes, to be applied one after another, each as its
 * own update: a room stores and relays each part before the next is made, so everyone else's
 * edits keep flowing during a 10,000-row import instead of waiting for one large update. The
 * set-aside non-answers come in the last part, with their group, so they never show up loose.
 */
export function importChunks(
	result: Pick<BuildResult, 'notes'> & Partial<Pick<BuildResult, 'setAside'>>,
	size = IMPORT_CHUNK
): (Pick<BuildResult, 'notes'> & Partial<Pick<BuildResult, 'setAside'>>)[] {
	const aside = new Set(result.setAside ?? []);
	const regular = aside.size ? result.notes.filter((n) => !aside.has(n.id)) : result.notes;
	const chunks: (Pick<BuildResult, 'notes'> & Partial<Pick<BuildResult, 'setAside'>>)[] = [];
	for (let i = 0; i < regular.length; i += size) chunks.push({ notes: regular.slice(i, i + size) });
	if (aside.size) chunks.push({ notes: result.notes.filter((n) => aside.has(n.id)), setAside: result.setAside });
	return chunks.length ? chunks : [{ notes: [] }];
}

/** Ids of the notes of an import the document holds, wherever they are (the trash included). */
function importNoteIds(doc: Y.Doc, importId: string): string[] {
	const fields = importFieldsOf(doc);
	const ids: string[] = [];
	roots(doc).notes.forEach((value, id) => {
		if (readNoteContent(value, fields)?.source?.importId === importId) ids.push(id);
	});
	return ids;
}

/** How many notes of an import the document holds, wherever they are (the trash included). */
export function importNoteCount(doc: Y.Doc, importId: string): number {
	return importNoteIds(doc, importId).length;
}

/**
 * Takes a whole import back out of the document: its notes wherever they were moved (the trash
 * included), its field keys in `meta`, and the groups it left empty. Notes of other imports stacked on them go back to the
 * unsorted area. Returns how many notes were removed.
 */
export function undoImport(doc: Y.Doc, importId: string, origin: Origin): number {
	const { meta, notes, place, groups } = roots(doc);
	let removed = 0;
	doc.transact(() => {
		const gone = new Set<string>();
		const touched = new Set<string>();
		for (const id of importNoteIds(doc, importId)) {
			const p = readPlacement(place.get(id));
			if (p && 'groupId' in p) touched.add(p.groupId);
			notes.delete(id);
			place.delete(id);
			gone.add(id);
			removed++;
		}
		const stillUsed = new Set<string>();
		place.forEach((value, id) => {
			const p = readPlacement(value);
			if (p && 'stackedOn' in p && gone.has(p.stackedOn)) place.delete(id);
			else if (p && 'groupId' in p && notes.has(id)) stillUsed.add(p.groupId);
		});
		groups.forEach((map, id) => {
			const parent = map instanceof Y.Map ? map.get('parentId') : null;
			if (typeof parent === 'string' && parent !== id) stillUsed.add(parent);
		});
		for (const g of touched) if (!stillUsed.has(g)) groups.delete(g);
		if (meta.has(importFieldsKey(importId))) meta.delete(importFieldsKey(importId));
	}, origin);
	return removed;
}
