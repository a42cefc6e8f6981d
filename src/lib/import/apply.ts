import * as Y from 'yjs';
import { roots, type Note, type Origin } from '../board/index';
import { createGroup, setGroupCollapsed } from '../board/grouping';
import { readImportSummaries, type ImportSummary } from '../context/summary';
import type { BuildResult } from './build';

/** The label of the group non-answers are set aside in. */
export const SET_ASIDE_LABEL = 'Non-answers (set aside)';

/**
 * Puts an import into a board: every note, the group of set-aside non-answers and the import's
 * summary in one transaction, so other people see the whole import at once and an interrupted
 * import leaves nothing behind.
 */
export function applyImport(doc: Y.Doc, importId: string, result: Pick<BuildResult, 'notes' | 'summary' | 'privateFields'> & Partial<Pick<BuildResult, 'setAside'>>, origin: Origin): void {
	const { notes, imports, meta } = roots(doc);
	doc.transact(() => {
		for (const note of result.notes) notes.set(note.id, noteMap(note));
		if (result.setAside?.length) {
			const first = result.notes.find((n) => n.id === result.setAside![0]);
			const group = createGroup(doc, result.setAside, { x: (first?.x ?? 0) - 40, y: (first?.y ?? 0) - 400, label: SET_ASIDE_LABEL }, origin);
			setGroupCollapsed(doc, group, true, origin);
		}
		imports.set(importId, result.summary);
		if (result.privateFields.columns.length > 0) {
			const current = meta.get('privateColumns');
			const known = Array.isArray(current) ? (current as string[]) : [];
			const merged = [...new Set([...known, ...result.privateFields.columns])];
			if (merged.length !== known.length) meta.set('privateColumns', merged);
		}
	}, origin);
}

function noteMap(note: Note): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	map.set('text', note.text);
	map.set('source', note.source);
	map.set('fields', note.fields);
	map.set('x', note.x);
	map.set('y', note.y);
	map.set('groupId', note.groupId);
	map.set('order', note.order);
	if (note.color !== undefined) map.set('color', note.color);
	if (note.hidden !== undefined) map.set('hidden', note.hidden);
	map.set('createdBy', note.createdBy);
	map.set('createdAt', note.createdAt);
	return map;
}

/**
 * Takes a whole import back out: its notes (wherever they were moved), groups it left empty, and
 * marks the `imports` record as undone. Returns how many notes were removed.
 */
export function undoImport(doc: Y.Doc, importId: string, by: string, origin: Origin): number {
	const { notes, groups, imports } = roots(doc);
	const record = imports.get(importId) as Record<string, unknown> | undefined;
	if (!record || record.undone || record.undoneAt) return 0;
	let removed = 0;
	doc.transact(() => {
		const touched = new Set<string>();
		for (const [id, map] of [...notes.entries()]) {
			const source = map.get('source') as Note['source'];
			if (source?.importId !== importId) continue;
			const groupId = map.get('groupId');
			if (typeof groupId === 'string') touched.add(groupId);
			notes.delete(id);
			removed++;
		}
		if (touched.size > 0) {
			const stillUsed = new Set<string>();
			for (const map of notes.values()) {
				const g = map.get('groupId');
				if (typeof g === 'string') stillUsed.add(g);
			}
			for (const map of groups.values()) {
				const parent = map.get('parentId');
				if (typeof parent === 'string') stillUsed.add(parent);
			}
			for (const g of touched) if (!stillUsed.has(g)) groups.delete(g);
		}
		imports.set(importId, 'createdAt' in record ? { ...record, undoneAt: new Date().toISOString() } : { ...record, undone: { at: Date.now(), by } });
	}, origin);
	return removed;
}

/** The summaries of a board document's imports, newest first (older boards' records included). */
export function readImports(doc: Y.Doc): ImportSummary[] {
	return readImportSummaries(roots(doc).imports.toJSON());
}
