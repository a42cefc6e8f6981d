import * as Y from 'yjs';

/**
 * The board document. Every top-level type is created here and only here, so that two clients
 * never race to create the same map.
 *
 * meta    Y.Map   title, schemaVersion, phase, locked, timer, votesPerPerson, privateColumns, ...
 * notes   Y.Map<noteId, Y.Map>   one customer comment each
 * groups  Y.Map<groupId, Y.Map>  clusters; membership lives on the note (`groupId`)
 * votes   Y.Map<groupId, Y.Map<userId, count>>
 * imports Y.Map<importId, ImportRecord>
 */
export const SCHEMA_VERSION = 1;

export const PHASES = ['import', 'silent-sort', 'group', 'name', 'vote', 'assign', 'done'] as const;
export type Phase = (typeof PHASES)[number];

export interface BoardRoots {
	meta: Y.Map<unknown>;
	notes: Y.Map<Y.Map<unknown>>;
	groups: Y.Map<Y.Map<unknown>>;
	votes: Y.Map<Y.Map<number>>;
	imports: Y.Map<unknown>;
}

export function roots(doc: Y.Doc): BoardRoots {
	return {
		meta: doc.getMap('meta'),
		notes: doc.getMap('notes'),
		groups: doc.getMap('groups'),
		votes: doc.getMap('votes'),
		imports: doc.getMap('imports')
	};
}

/** Transaction origins say who changed the document and why; undo and persistence decide by them. */
export interface Origin {
	kind: 'user' | 'import' | 'server' | 'restore' | 'suggestion';
	userId?: string;
}

/** Fills in the meta of a new board. Runs once, on the server, when the board is created. */
export function initBoard(doc: Y.Doc, title: string): void {
	doc.transact(() => {
		const { meta } = roots(doc);
		meta.set('title', title);
		meta.set('schemaVersion', SCHEMA_VERSION);
		meta.set('phase', 'import' satisfies Phase);
		meta.set('locked', false);
		meta.set('votesPerPerson', 5);
		meta.set('privateColumns', []);
		meta.set('createdAt', Date.now());
	}, { kind: 'server' } satisfies Origin);
}

/** The whole initial document of a new board, as one update to store. */
export function newBoardUpdate(title: string): Uint8Array {
	const doc = new Y.Doc();
	initBoard(doc, title);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

export function schemaVersionOf(doc: Y.Doc): number {
	const version = roots(doc).meta.get('schemaVersion');
	return typeof version === 'number' ? version : 0;
}
