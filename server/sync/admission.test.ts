import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard, roots } from '../../src/lib/board/schema.ts';
import { inspectUpdate, MAX_DEPTH, MAX_KEY_CHARS, UPDATE_LIMITS, type Admission } from './admission.ts';

const FACILITATOR = 101;
const EDITOR = 202;

/** A server's copy of a board, a facilitator's and an editor's tab that both synced it. */
function setup() {
	const server = new Y.Doc();
	initBoard(server);
	roots(server).meta.set('locked', false);
	server.getArray<string>('list').insert(0, ['a']);
	const tab = (clientID: number) => {
		const doc = new Y.Doc();
		doc.clientID = clientID;
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
		return doc;
	};
	return { server, facilitator: tab(FACILITATOR), editor: tab(EDITOR) };
}

/** What `doc` has that a document at state vector `sv` lacks, as y-websocket sends it. */
const diff = (doc: Y.Doc, sv: Uint8Array) => Y.encodeStateAsUpdate(doc, sv);

/** The update of one local transaction. */
function edit(doc: Y.Doc, fn: () => void): Uint8Array {
	let update: Uint8Array = new Uint8Array();
	const take = (u: Uint8Array) => (update = u);
	doc.on('update', take);
	doc.transact(fn);
	doc.off('update', take);
	return update;
}

/** An update holding only a delete set: `len` clocks of `client` from `clock`. */
function deletion(client: number, clock: number, len: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, clock);
	encoding.writeVarUint(encoder, len);
	return encoding.toUint8Array(encoder);
}

/** Re-encodes decoded items (after a test changed them) as an update with no deletions, the way Yjs writes structs. */
function encodeItems(items: Y.Item[]): Uint8Array {
	const byClient = new Map<number, Y.Item[]>();
	for (const item of items) byClient.set(item.id.client, [...(byClient.get(item.id.client) ?? []), item]);
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, byClient.size);
	for (const [client, list] of byClient) {
		encoding.writeVarUint(encoder.restEncoder, list.length);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, list[0].id.clock);
		for (const item of list) item.write(encoder, 0);
	}
	encoding.writeVarUint(encoder.restEncoder, 0);
	return encoder.toUint8Array();
}

const itemsOf = (update: Uint8Array) => Y.decodeUpdate(update).structs.filter((s): s is Y.Item => s instanceof Y.Item);

const inspect = (doc: Y.Doc, update: Uint8Array, limits = UPDATE_LIMITS): Admission => inspectUpdate(doc, update, limits);

describe('admitting an update', () => {
	it('ignores what a reconnecting tab repeats: known items and deletions it has seen', () => {
		const { server, editor } = setup();
		const note = edit(editor, () => roots(editor).place.set('note_1', { x: 1, y: 2 }));
		Y.applyUpdate(server, note);
		const moved = edit(editor, () => roots(editor).place.set('note_1', { x: 3, y: 4 }));
		Y.applyUpdate(server, moved);
		// Sync step 2 after a drop: the whole state against an empty vector, with every deletion.
		expect(inspect(server, Y.encodeStateAsUpdate(editor))).toEqual({ kind: 'known' });
		expect(inspect(server, diff(editor, Y.encodeStateVector(server)))).toEqual({ kind: 'known' });
	});

	it('says which tab a new change extends, and that a new deletion adds something', () => {
		const { server, editor } = setup();
		const sv = Y.encodeStateVector(server);
		edit(editor, () => roots(editor).place.set('note_1', { x: 1, y: 2 }));
		expect(inspect(server, diff(editor, sv))).toEqual({ kind: 'new', clients: [EDITOR] });
		const removal = edit(editor, () => editor.getArray('list').delete(0, 1));
		expect(inspect(server, removal)).toEqual({ kind: 'new', clients: [] });
	});

	it('refuses a change that continues after a gap in its tab\'s clocks', () => {
		const { server, editor } = setup();
		edit(editor, () => roots(editor).place.set('note_1', { x: 1, y: 2 }));
		const second = edit(editor, () => roots(editor).place.set('note_2', { x: 1, y: 2 }));
		expect(inspect(server, second)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('does not have') });
	});

	it("refuses an item placed next to the facilitator's next, unsent change", () => {
		const { server, facilitator, editor } = setup();
		// The facilitator's lock, not yet sent: the editor learns of it some other way.
		const lock = edit(facilitator, () => roots(facilitator).meta.set('locked', true));
		Y.applyUpdate(editor, lock);
		const svWithLock = Y.encodeStateVectorFromUpdate(Y.mergeUpdates([Y.encodeStateAsUpdate(server), lock]));
		edit(editor, () => roots(editor).meta.set('locked', false));
		const crafted = diff(editor, svWithLock);
		expect(itemsOf(crafted)[0].origin?.client).toBe(FACILITATOR);
		expect(inspect(server, crafted)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('refers to changes') });
		// The same change once the lock is there is ordinary.
		Y.applyUpdate(server, lock);
		expect(inspect(server, crafted)).toEqual({ kind: 'new', clients: [EDITOR] });
	});

	it("refuses a deletion of the facilitator's future clocks", () => {
		const { server } = setup();
		const next = Y.getState(server.store, FACILITATOR);
		expect(inspect(server, deletion(FACILITATOR, next, 5))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('do not exist yet') });
		const serverClient = server.clientID;
		const have = Y.getState(server.store, serverClient);
		expect(inspect(server, deletion(serverClient, have - 1, 2))).toMatchObject({ kind: 'refused' });
	});

	it('refuses a deletion that starts on a garbage-collected struct and runs into future clocks', () => {
		const { server, editor } = setup();
		// A map in the list with one key: once the map is deleted, the key's item is collected.
		const added = edit(editor, () => {
			const map = new Y.Map<number>();
			editor.getArray<Y.Map<number>>('list').insert(0, [map]);
			map.set('k', 1);
		});
		Y.applyUpdate(server, added);
		Y.applyUpdate(server, edit(editor, () => editor.getArray('list').delete(0, 1)));
		const collected = (server.store.clients.get(EDITOR) as unknown[])[1];
		expect(collected).toBeInstanceOf(Y.GC);
		expect(inspect(server, deletion(EDITOR, 1, 1))).toEqual({ kind: 'known' });
		expect(inspect(server, deletion(EDITOR, 1, 50))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('do not exist yet') });
	});

	it("refuses an item whose parent is neither on the server nor in the update", () => {
		const { server, editor } = setup();
		const groupAdded = edit(editor, () => roots(editor).groups.set('grp_1', new Y.Map()));
		const field = edit(editor, () => (roots(editor).groups.get('grp_1') as Y.Map<unknown>).set('x', 1));
		const [item] = itemsOf(field);
		expect(item.parent).toBeInstanceOf(Y.ID);
		// Moved to clock 0 of a new client, so only the parent is missing.
		const alone = itemsOf(field)[0];
		(alone as unknown as { id: Y.ID }).id = Y.createID(777, 0);
		expect(inspect(server, encodeItems([alone]))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('refers to changes') });
		Y.applyUpdate(server, groupAdded);
		expect(inspect(server, encodeItems([alone]))).toEqual({ kind: 'new', clients: [777] });
	});

	it('refuses items of one client that refer to its own later clocks', () => {
		const { server, editor } = setup();
		const update = edit(editor, () => {
			roots(editor).place.set('note_a', { x: 0, y: 0 });
			roots(editor).place.set('note_b', { x: 0, y: 0 });
		});
		const items = itemsOf(update);
		expect(items).toHaveLength(2);
		(items[0] as unknown as { origin: Y.ID }).origin = items[1].id;
		expect(inspect(server, encodeItems(items))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('refers to changes') });
	});

	it('refuses items of two new clients that each wait for the other', () => {
		const { server } = setup();
		const one = new Y.Doc();
		one.clientID = 1;
		const two = new Y.Doc();
		two.clientID = 2;
		const [a] = itemsOf(edit(one, () => one.getArray('list').insert(0, ['a'])));
		const [b] = itemsOf(edit(two, () => two.getArray('list').insert(0, ['b'])));
		(a as unknown as { origin: Y.ID }).origin = b.id;
		expect(inspect(server, encodeItems([a, b]))).toEqual({ kind: 'new', clients: expect.arrayContaining([1, 2]) });
		(b as unknown as { origin: Y.ID }).origin = a.id;
		expect(inspect(server, encodeItems([a, b]))).toMatchObject({ kind: 'refused', reason: expect.stringContaining('circle') });
	});

	it('refuses updates over the byte and part limits', () => {
		const { server, editor } = setup();
		const sv = Y.encodeStateVector(server);
		edit(editor, () => {
			for (let i = 0; i < 50; i++) roots(editor).place.set(`note_${i}`, { x: i, y: 0 });
		});
		const update = diff(editor, sv);
		expect(inspect(server, update).kind).toBe('new');
		expect(inspect(server, update, { maxBytes: update.length - 1, maxStructs: 1000 })).toMatchObject({ kind: 'refused', reason: expect.stringContaining('KB') });
		expect(inspect(server, update, { maxBytes: 1 << 20, maxStructs: 49 })).toMatchObject({ kind: 'refused', reason: expect.stringContaining('parts') });
	});

	it('refuses items placed in a root the board does not name, and takes the same kind of item in a named one', () => {
		const { server, editor } = setup();
		const named = ['meta', 'notes', 'place', 'groups'] as const;
		const unknown = edit(editor, () => editor.getMap('payload').set('k', 1));
		expect(inspectUpdate(server, unknown, UPDATE_LIMITS, named)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('“payload”') });
		// Without the list, roots are not checked here (repair empties them after applying).
		expect(inspectUpdate(server, unknown, UPDATE_LIMITS).kind).toBe('new');
		const { server: other, editor: tab } = setup();
		const note = edit(tab, () => roots(tab).place.set('note_1', { x: 1, y: 2 }));
		expect(inspectUpdate(other, note, UPDATE_LIMITS, named).kind).toBe('new');
	});

	it(`refuses a map key longer than ${MAX_KEY_CHARS} characters, at any level, and takes the longest ids a board has`, () => {
		const { server, editor } = setup();
		const longest = edit(editor, () => {
			roots(editor).notes.set(`note_${'n'.repeat(64)}`, ['x', 'user_a', 1]);
			roots(editor).place.set(`note_${'n'.repeat(64)}`, { x: 1, y: 2 });
			roots(editor).groups.set(`grp_${'g'.repeat(64)}`, new Y.Map());
		});
		expect(inspect(server, longest).kind).toBe('new');
		Y.applyUpdate(server, longest);
		// Repair would remove such a note, but a removed map entry keeps its key in the document.
		const note = edit(editor, () => roots(editor).notes.set(`note_${'k'.repeat(400_000)}`, ['x', 'user_a', 1]));
		expect(inspect(server, note)).toEqual({ kind: 'refused', reason: `it writes a key of ${400_005} characters; the longest a board has is ${MAX_KEY_CHARS}` });
		const tab = new Y.Doc();
		Y.applyUpdate(tab, Y.encodeStateAsUpdate(server));
		const field = edit(tab, () => (roots(tab).groups.get(`grp_${'g'.repeat(64)}`) as Y.Map<unknown>).set('x'.repeat(MAX_KEY_CHARS + 1), 1));
		expect(inspect(server, field)).toEqual({ kind: 'refused', reason: `it writes a key of ${MAX_KEY_CHARS + 1} characters; the longest a board has is ${MAX_KEY_CHARS}` });
	});

	it('throws on bytes that are not an update', () => {
		const { server } = setup();
		expect(() => inspect(server, new Uint8Array([5, 200, 1, 9]))).toThrow();
	});
});

describe('nesting depth', () => {
	it(`refuses types nested more than ${MAX_DEPTH} deep, whether the update or the document holds the levels above`, () => {
		const server = new Y.Doc();
		const client = new Y.Doc();
		const group = new Y.Map<unknown>();
		client.getMap('groups').set('grp_a', group);
		group.set('label', new Y.Text('Delivery'));
		const board = Y.encodeStateAsUpdate(client);
		expect(inspectUpdate(server, board, UPDATE_LIMITS)).toMatchObject({ kind: 'new' });
		Y.applyUpdate(server, board);

		const nest = (levels: number) => {
			const copy = new Y.Doc();
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
			const sv = Y.encodeStateVector(copy);
			let at = copy.getMap('groups').get('grp_a') as Y.Map<unknown>;
			for (let i = 0; i < levels; i++) {
				const next = new Y.Map<unknown>();
				at.set('k', next);
				at = next;
			}
			at.set('leaf', 1);
			return Y.encodeStateAsUpdate(copy, sv);
		};
		// grp_a's map is level 1; its keys are level 2.
		expect(inspectUpdate(server, nest(MAX_DEPTH - 2), UPDATE_LIMITS)).toMatchObject({ kind: 'new' });
		expect(inspectUpdate(server, nest(MAX_DEPTH - 1), UPDATE_LIMITS)).toEqual({ kind: 'refused', reason: `it nests types more than ${MAX_DEPTH} deep` });
		expect(inspectUpdate(server, nest(3000), UPDATE_LIMITS)).toMatchObject({ kind: 'refused' });
		// A label typed a character at a time is a long chain of siblings, not depth.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
		const sv = Y.encodeStateVector(copy);
		const label = (copy.getMap('groups').get('grp_a') as Y.Map<unknown>).get('label') as Y.Text;
		for (let i = 0; i < 500; i++) label.insert(label.length, 'x');
		expect(inspectUpdate(server, Y.encodeStateAsUpdate(copy, sv), UPDATE_LIMITS)).toMatchObject({ kind: 'new' });
	});
});
