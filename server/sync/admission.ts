import * as Y from 'yjs';

/**
 * Whether a client's update may be applied to a room's document, decided before anything of it is
 * applied and without asking where its items would land (DESIGN.md "Validation and repair").
 * An update is admitted only if Yjs can integrate all of it at once: nothing is left pending in
 * the document waiting for clocks that do not exist yet, because that is how a crafted message
 * cancels someone else's future changes.
 */

/** Bounds on one update from a client. Server-side changes (imports, restores) are not bound by them. */
export interface UpdateLimits {
	/** Encoded size, bytes. */
	maxBytes: number;
	/** Structs (items, deleted ranges, skips) it carries. */
	maxStructs: number;
}

/**
 * Chosen so that applying and validating the largest admitted update takes a few milliseconds
 * of the event loop every board shares (a paste of ~1,000 notes is 2,000 structs). Larger
 * changes go through the server's import path, which writes them itself.
 */
export const UPDATE_LIMITS: UpdateLimits = { maxBytes: 512 * 1024, maxStructs: 4_000 };

/**
 * Longest key an update may write into a map, in characters. A board's keys are ids (`note_` or
 * `grp_` and at most 64 characters), field names and `fields/<importId>`. A key stays in the
 * document for good even once repair removes what it held: a deleted map entry keeps its key, so
 * an editor writing notes under 400 KB keys grew the board 400 KB with each change, for every tab
 * that joins afterwards.
 */
export const MAX_KEY_CHARS = 128;

export type Admission =
	/** Everything in it is in the document already: a reconnecting client repeating what it has seen. */
	| { kind: 'known' }
	/** It adds something; `clients` are the Yjs client ids whose clocks it extends. */
	| { kind: 'new'; clients: number[] }
	/**
	 * Not admitted. `waitsFor` are the client ids whose missing clocks it needs, when that is all
	 * it lacks: the same tab's earlier changes may still be on their way (a reconnecting
	 * y-websocket client sends live edits before its answer to the server's sync step 1).
	 */
	| { kind: 'refused'; reason: string; waitsFor?: number[]; writes?: number[] };

interface DecodedItem {
	id: Y.ID;
	length: number;
	origin: Y.ID | null;
	rightOrigin: Y.ID | null;
	parent: string | Y.ID | null;
}

interface Run {
	/** The new structs of one client in clock order (those that reach past the document's clock). */
	structs: DecodedItem[];
	/** The clock after the update's last struct of this client. */
	end: number;
}

const refused = (reason: string): Admission => ({ kind: 'refused', reason });

/**
 * Inspects one update (y-websocket's v1 encoding) against a document.
 * Refused, with a reason a person can read, when:
 * - it is larger than `limits`;
 * - a client's structs do not continue its clock in the document (a gap: Yjs would keep the rest
 *   pending), or it carries a skip over unknown clocks;
 * - an item's origin, right origin or parent is neither in the document nor earlier in the update
 *   (for the item's own client: at a lower clock; for another client: anywhere in the update,
 *   without a cycle of such references);
 * - it deletes clocks that neither the document nor the update holds;
 * - with `roots`, an item it adds is placed directly in a root type not named there (a root that
 *   does not exist on a board would be kept in everyone's copy, outside every check);
 * - an item it adds writes a map key longer than `MAX_KEY_CHARS`.
 * Throws on bytes that are not an update.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array, limits: UpdateLimits, roots?: readonly string[]): Admission {
	if (update.length > limits.maxBytes) {
		return refused(`the change was ${kib(update.length)} KB; the most one change may carry is ${kib(limits.maxBytes)} KB`);
	}
	const { structs, ds } = Y.decodeUpdate(update) as unknown as {
		structs: (DecodedItem & { constructor: unknown })[];
		ds: { clients: Map<number, { clock: number; len: number }[]> };
	};
	if (structs.length > limits.maxStructs) {
		return refused(`the change held ${structs.length} parts; the most one change may hold is ${limits.maxStructs}`);
	}
	const store = doc.store;
	const runs = new Map<number, Run>();
	const refusedWaiting = (reason: string, client: number): Admission => ({ kind: 'refused', reason, waitsFor: [client], writes: [...runs.keys()] });
	for (const struct of structs) {
		const client = struct.id.client;
		const clock = struct.id.clock;
		const have = Y.getState(store, client);
		const run = runs.get(client);
		if (run ? clock !== run.end : clock > have) return run ? refused('it continues changes the server does not have') : refusedWaiting('it continues changes the server does not have', client);
		if (struct instanceof Y.Skip && clock + struct.length > have) return refused('it skips over changes the server does not have');
		if (run) run.end = clock + struct.length;
		else runs.set(client, { structs: [], end: clock + struct.length });
		if (clock + struct.length > have && struct instanceof Y.Item) {
			if (roots && typeof struct.parent === 'string' && !roots.includes(struct.parent)) {
				return refused(`it writes to “${struct.parent.slice(0, 40)}”, which is not part of a board`);
			}
			const key = (struct as unknown as { parentSub: string | null }).parentSub;
			if (key !== null && key.length > MAX_KEY_CHARS) {
				return refused(`it writes a key of ${key.length} characters; the longest a board has is ${MAX_KEY_CHARS}`);
			}
			runs.get(client)!.structs.push(struct);
		}
	}

	const known = (id: Y.ID) => id.clock < Math.max(Y.getState(store, id.client), runs.get(id.client)?.end ?? 0);
	// An item may refer to items of other clients in the same update; Yjs integrates those first.
	// A cycle of such references can never be integrated, so it is refused like a gap.
	const state = new Map<DecodedItem, 'visiting' | 'done'>();
	const position = new Map<DecodedItem, number>();
	for (const run of runs.values()) run.structs.forEach((s, i) => position.set(s, i));
	const inUpdate = (id: Y.ID): DecodedItem | null => {
		if (id.clock < Y.getState(store, id.client)) return null;
		return findStruct(runs.get(id.client)?.structs ?? [], id.clock);
	};
	const acyclic = (start: DecodedItem): boolean => {
		const stack: { item: DecodedItem; next: DecodedItem[] }[] = [];
		const enter = (item: DecodedItem) => {
			state.set(item, 'visiting');
			const next: DecodedItem[] = [];
			for (const ref of refsOf(item)) {
				if (ref.client === item.id.client) continue;
				const target = inUpdate(ref);
				if (target) next.push(target);
			}
			// The client's earlier structs integrate first, and they have references of their own.
			const at = position.get(item)!;
			if (at > 0) next.push(runs.get(item.id.client)!.structs[at - 1]);
			stack.push({ item, next });
		};
		enter(start);
		while (stack.length > 0) {
			const top = stack[stack.length - 1];
			const next = top.next.pop();
			if (!next) {
				state.set(top.item, 'done');
				stack.pop();
				continue;
			}
			const seen = state.get(next);
			if (seen === 'visiting') return false;
			if (seen !== 'done') enter(next);
		}
		return true;
	};

	let adds = false;
	const clients: number[] = [];
	for (const [client, run] of runs) {
		if (run.end <= Y.getState(store, client)) continue;
		adds = true;
		clients.push(client);
		for (const item of run.structs) {
			for (const ref of refsOf(item)) {
				if (!known(ref)) return refusedWaiting('it refers to changes the server does not have', ref.client);
				if (ref.client === item.id.client && ref.clock >= item.id.clock && ref.clock >= Y.getState(store, client)) {
					return refused('it refers to changes the server does not have');
				}
			}
		}
	}
	if (adds) {
		for (const run of runs.values()) {
			for (const item of run.structs) if (!state.has(item) && !acyclic(item)) return refused('its parts refer to each other in a circle');
		}
	}

	if (adds) {
		const tooDeep = deeperThan(doc, runs, MAX_DEPTH);
		if (tooDeep) return refused(`it nests types more than ${MAX_DEPTH} deep`);
	}

	for (const [client, ranges] of ds.clients) {
		const have = Math.max(Y.getState(store, client), runs.get(client)?.end ?? 0);
		for (const { clock, len } of ranges) {
			if (clock + len > have) return refusedWaiting('it deletes changes that do not exist yet', client);
			if (!adds && !allDeleted(doc, client, clock, clock + len)) adds = true;
		}
	}
	return adds ? { kind: 'new', clients } : { kind: 'known' };
}

/**
 * How deep types may nest below a root. A board nests three deep (`groups` → a group's map → its
 * label's text); Yjs integrates, deletes and collects nested types recursively, so a few thousand
 * levels overflow the stack of the server and of every tab mid-transaction.
 */
export const MAX_DEPTH = 16;

/**
 * Whether an item of the update sits more than `max` types below a root. Depth is read from the
 * parent (an item of the update or of the document) or, for an item that names no parent, from
 * its origin's. Runs after the cycle check: every chain ends. Iterative and memoised, so long
 * chains of siblings cost linear time and no stack.
 */
function deeperThan(doc: Y.Doc, runs: Map<number, Run>, max: number): boolean {
	const depth = new Map<DecodedItem, number>();
	const store = doc.store;
	const inUpdate = (id: Y.ID): DecodedItem | null => (id.clock < Y.getState(store, id.client) ? null : findStruct(runs.get(id.client)?.structs ?? [], id.clock));
	const docDepth = (id: Y.ID, below: boolean): number => {
		const item = Y.getItem(store, id);
		// A collected struct holds no type: what is placed in it is collected too, at no depth.
		if (!(item instanceof Y.Item) || (below && !(item.content instanceof Y.ContentType))) return 1;
		let d = 1;
		let type = below ? (item.content as Y.ContentType).type : (item.parent as Y.AbstractType<unknown> | null);
		while (type?._item) {
			d++;
			type = type._item.parent as Y.AbstractType<unknown>;
		}
		return d;
	};
	for (const run of runs.values()) {
		for (const start of run.structs) {
			const chain: { item: DecodedItem; step: number }[] = [];
			let item: DecodedItem | null = start;
			let base = 0;
			while (item && !depth.has(item)) {
				if (typeof item.parent === 'string') {
					chain.push({ item, step: 1 });
					break;
				}
				const ref: Y.ID | null = item.parent ?? item.origin ?? item.rightOrigin;
				if (!ref) break;
				const step = item.parent ? 1 : 0;
				chain.push({ item, step });
				const next = inUpdate(ref);
				if (!next) {
					base = item.parent ? docDepth(ref, true) - 1 : docDepth(ref, false);
					break;
				}
				item = next;
			}
			if (item && depth.has(item)) base = depth.get(item)!;
			for (let i = chain.length - 1; i >= 0; i--) {
				base += chain[i].step;
				if (base > max) return true;
				depth.set(chain[i].item, base);
			}
		}
	}
	return false;
}

function refsOf(item: DecodedItem): Y.ID[] {
	const refs: Y.ID[] = [];
	if (item.origin) refs.push(item.origin);
	if (item.rightOrigin) refs.push(item.rightOrigin);
	if (item.parent && typeof item.parent !== 'string') refs.push(item.parent);
	return refs;
}

/** The struct of a clock-ordered run that holds `clock`, by binary search. */
function findStruct(run: DecodedItem[], clock: number): DecodedItem | null {
	let lo = 0;
	let hi = run.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >>> 1;
		const s = run[mid];
		if (clock < s.id.clock) hi = mid - 1;
		else if (clock >= s.id.clock + s.length) lo = mid + 1;
		else return s;
	}
	return null;
}

/** Whether every clock of `client` in [from, to) is deleted in the document already. */
function allDeleted(doc: Y.Doc, client: number, from: number, to: number): boolean {
	const list = doc.store.clients.get(client) as (Y.Item | Y.GC)[] | undefined;
	if (!list) return false;
	let lo = 0;
	let hi = list.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >>> 1;
		if (list[mid].id.clock <= from) lo = mid;
		else hi = mid - 1;
	}
	for (let i = lo; i < list.length && list[i].id.clock < to; i++) {
		if (!list[i].deleted) return false;
	}
	return true;
}

function kib(bytes: number): string {
	return (bytes / 1024).toFixed(0);
}
