import * as Y from 'yjs';

/**
 * The board's content document (schemaVersion 3). Every top-level type is named here and only
 * here, so that two clients never race to create the same one.
 *
 * meta    Y.Map                      schemaVersion, and each import's field keys under
 *                                    `fields/<importId>` (written by the server only)
 * notes   Y.Map<noteId, StoredNote>  a note each, one immutable array: [text, by, at] or, from an
 *                                    import, [text, by, at, importId, row, ...values]; the value
 *                                    never changes once written
 * place   Y.Map<noteId, Placement>   where each note is; one value, replaced as a whole by a move
 * groups  Y.Map<groupId, Y.Map>      clusters; membership lives on the note's placement
 *
 * The facilitator's controls, votes, private-mode drafts and import records are not in this
 * document: each has its own writers and lives on the server (DESIGN.md).
 */
export const SCHEMA_VERSION = 3;

/** The root types of the content document; anything else a client writes is removed. */
export const CONTENT_ROOTS = ['meta', 'notes', 'place', 'groups'] as const;
export type ContentRoot = (typeof CONTENT_ROOTS)[number];

export const PHASES = ['import', 'silent-sort', 'group', 'name', 'vote', 'assign', 'done'] as const;
export type Phase = (typeof PHASES)[number];

export interface BoardRoots {
	meta: Y.Map<unknown>;
	/** Values are `StoredNote` when valid; readers go through `readNoteContent`. */
	notes: Y.Map<unknown>;
	/** Values are `Placement` when valid; readers go through `readPlacement`. */
	place: Y.Map<unknown>;
	/** Values are group maps when valid; readers go through `readGroup`. */
	groups: Y.Map<unknown>;
}

export function roots(doc: Y.Doc): BoardRoots {
	return {
		meta: doc.getMap('meta'),
		notes: doc.getMap('notes'),
		place: doc.getMap('place'),
		groups: doc.getMap('groups')
	};
}

/** Transaction origins say who changed the document and why; undo and persistence decide by them. */
export interface Origin {
	kind: 'user' | 'import' | 'server' | 'restore' | 'suggestion';
	userId?: string;
}

/** Fills in the meta of a new board. Runs once, on the server, when the board is created. */
export function initBoard(doc: Y.Doc): void {
	doc.transact(() => {
		roots(doc).meta.set('schemaVersion', SCHEMA_VERSION);
	}, { kind: 'server' } satisfies Origin);
}

/** The whole initial content document of a new board, as one update to store. */
export function newBoardUpdate(): Uint8Array {
	const doc = new Y.Doc();
	initBoard(doc);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/** The schema version a document declares; 0 for one that declares none. */
export function schemaVersionOf(doc: Y.Doc): number {
	const version = doc.getMap('meta').get('schemaVersion');
	return typeof version === 'number' && Number.isInteger(version) ? version : 0;
}
