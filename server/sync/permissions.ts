import * as Y from 'yjs';
import type { Role } from '../../src/lib/server/tokens.ts';
import { CLOSE, type CloseInfo } from './protocol.ts';

/**
 * What a connection may write into the content document, decided from its role (fixed at connect)
 * and the board's lock (`locked`, from the board's controls):
 * - viewers write nothing;
 * - while the board is locked only facilitators write;
 * - `meta` is the server's, and controls and votes are not in the document at all (they are
 *   board channel commands), so editors never write `meta` or a `votes` root.
 * Returns the reason to close the connection with, or null when the update may be stored.
 */
export function refuseUpdate(doc: Y.Doc, writer: { role: Role; participant: string }, update: Uint8Array, locked: boolean): CloseInfo | null {
	if (writer.role === 'viewer') return CLOSE.readOnly;
	if (writer.role === 'facilitator') return null;
	if (locked) return CLOSE.locked;
	for (const path of touchedPaths(doc, update)) {
		if (path[0] === 'meta' || path[0] === 'votes') return CLOSE.facilitatorOnly;
	}
	return null;
}

type Path = string[];
const ELEMENT = '#';

interface DecodedItem {
	id: Y.ID;
	length: number;
	origin: Y.ID | null;
	rightOrigin: Y.ID | null;
	parent: string | Y.ID | null;
	parentSub: string | null;
}

/**
 * Where in the document an update writes or deletes: one path per item, from the root type down
 * through map keys (`#` for a position in an array or text). An item is placed next to its origin,
 * so its path is its origin's; origins are looked up in the update itself, then in the document.
 * Items that refer to something neither holds cannot be integrated until that arrives, and what
 * arrives is checked in turn.
 */
export function touchedPaths(doc: Y.Doc, update: Uint8Array): Path[] {
	const { structs, ds } = Y.decodeUpdate(update) as unknown as {
		structs: (DecodedItem | { id: Y.ID; length: number })[];
		ds: { clients: Map<number, { clock: number; len: number }[]> };
	};
	const inUpdate = new Map<number, DecodedItem[]>();
	for (const s of structs) {
		if (!(s instanceof Y.Item)) continue;
		const list = inUpdate.get(s.id.client) ?? [];
		list.push(s as unknown as DecodedItem);
		inUpdate.set(s.id.client, list);
	}
	// A client's structs come in clock order: binary search, so a paste of thousands of notes is
	// checked in n log n rather than n² (seconds, on the event loop every board shares).
	const findInUpdate = (id: Y.ID): DecodedItem | null => {
		const list = inUpdate.get(id.client);
		if (!list) return null;
		let lo = 0;
		let hi = list.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >>> 1;
			const item = list[mid];
			if (id.clock < item.id.clock) hi = mid - 1;
			else if (id.clock >= item.id.clock + item.length) lo = mid + 1;
			else return item;
		}
		return null;
	};
	const findInDoc = (id: Y.ID): Y.Item | null => {
		const list = doc.store.clients.get(id.client);
		if (!list || list.length === 0) return null;
		const last = list[list.length - 1];
		if (id.clock >= last.id.clock + last.length) return null;
		const struct = Y.getItem(doc.store, id);
		return struct instanceof Y.Item ? struct : null;
	};

	const docPath = (item: Y.Item, depth = 0): Path | null => {
		if (depth > 64) return null;
		const parent = item.parent as Y.AbstractType<unknown> | null;
		if (!parent) return null;
		const here = item.parentSub ?? ELEMENT;
		if (parent._item) {
			const above = docPath(parent._item, depth + 1);
			return above && [...above, here];
		}
		return [Y.findRootTypeKey(parent), here];
	};

	const known = new Map<DecodedItem, Path | null>();
	const updatePath = (item: DecodedItem, depth = 0): Path | null => {
		if (depth > 64) return null;
		if (known.has(item)) return known.get(item)!;
		const path = computeUpdatePath(item, depth);
		// A null found deep down may only mean the depth ran out; from the top it is final.
		if (path || depth === 0) known.set(item, path);
		return path;
	};

	const computeUpdatePath = (item: DecodedItem, depth: number): Path | null => {
		const here = item.parentSub ?? ELEMENT;
		if (typeof item.parent === 'string') return [item.parent, here];
		if (item.parent) {
			const above = pathOfId(item.parent, depth + 1);
			return above && [...above, here];
		}
		const neighbour = item.origin ?? item.rightOrigin;
		return neighbour ? pathOfId(neighbour, depth + 1) : null;
	};

	const pathOfId = (id: Y.ID, depth: number): Path | null => {
		const fromUpdate = findInUpdate(id);
		if (fromUpdate) return updatePath(fromUpdate, depth);
		const fromDoc = findInDoc(id);
		return fromDoc ? docPath(fromDoc, depth) : null;
	};

	const paths: Path[] = [];
	for (const list of inUpdate.values()) {
		for (const item of list) {
			const path = updatePath(item);
			if (path) paths.push(path);
		}
	}
	for (const [client, ranges] of ds.clients) {
		for (const { clock, len } of ranges) {
			let at = clock;
			while (at < clock + len) {
				const item = findInDoc(Y.createID(client, at));
				if (!item) break;
				const path = docPath(item);
				if (path) paths.push(path);
				at = item.id.clock + item.length;
			}
		}
	}
	return paths;
}
