import * as Y from 'yjs';
import { roots, type Note, type Origin } from '../board/index';
import type { BuildResult, ImportRecord } from './build';

/**
 * Puts an import into a board: every note and the `imports` record in one transaction, so other
 * people see the whole import at once and an interrupted import leaves nothing behind.
 */
export function applyImport(doc: Y.Doc, importId: string, result: Pick<BuildResult, 'notes' | 'record' | 'privateFields'>, origin: Origin): void {
	const { notes, imports, meta } = roots(doc);
	doc.transact(() => {
		for (const note of result.notes) notes.set(note.id, noteMap(note));
		imports.set(importId, result.record);
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
	const record = imports.get(importId) as ImportRecord | undefined;
	if (!record || record.undone) return 0;
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
		imports.set(importId, { ...record, undone: { at: Date.now(), by } });
	}, origin);
	return removed;
}

export function readImports(doc: Y.Doc): { id: string; record: ImportRecord }[] {
	const { imports } = roots(doc);
	return [...imports.entries()]
		.map(([id, record]) => ({ id, record: record as ImportRecord }))
		.sort((a, b) => b.record.at - a.record.at);
}
