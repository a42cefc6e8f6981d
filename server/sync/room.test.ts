import * as ws from 'ws';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { addNotes, makeNote } from '../../src/lib/board';
import type { BoardStore } from './persistence.ts';
import { MAX_NEW_CLIENTS_PER_UPDATE } from './limits.ts';
import { BATCH_BYTES, coalesce, lackedShare, LARGE_UPDATE_BYTES, Room, wsFrame, type Connection } from './room.ts';

describe('wsFrame', () => {
	it('builds the same bytes ws sends, for short, medium and long messages', () => {
		for (const size of [0, 1, 125, 126, 65535, 65536, 300_000]) {
			const payload = Uint8Array.from({ length: size }, (_, i) => i % 251);
			const expected = Buffer.concat(
				(ws as unknown as { Sender: { frame(d: Buffer, o: object): Buffer[] } }).Sender.frame(Buffer.from(payload), {
					fin: true,
					rsv1: false,
					opcode: 2,
					mask: false,
					readOnly: false
				})
			);
			expect(wsFrame(payload).equals(expected), `size ${size}`).toBe(true);
		}
	});
});

/** A socket stand-in that records what the room writes to it, frame by frame. */
function recordingConnection(): { conn: Connection; writes: Buffer[] } {
	const writes: Buffer[] = [];
	const socket = { write: (data: Buffer) => (writes.push(data), true) };
	const fake = { OPEN: 1, readyState: 1, bufferedAmount: 0, _socket: socket, send: () => {}, close: () => {} };
	return { conn: { ws: fake as unknown as Connection['ws'], role: 'editor', participant: 'user_test', awarenessIds: new Set() }, writes };
}

/** A store of a new board that keeps nothing: `append` does what the test gives it (by default, nothing). */
function emptyStore(append: BoardStore['append'] = async () => {}): BoardStore {
	return {
		append,
		compact: async () => 0,
		clientOwners: async () => new Map(),
		claimClients: async () => {},
		load: async () => ({ parts: [], logLength: 0 })
	} as unknown as BoardStore;
}

/** A store whose appends finish when the test says so. */
function heldStore() {
	const waiting: (() => void)[] = [];
	const store = emptyStore(() => new Promise<void>((resolve) => waiting.push(resolve)));
	return { store, release: () => waiting.splice(0).forEach((r) => r()) };
}

function editOf(key: string): Uint8Array {
	const doc = new Y.Doc();
	let update: Uint8Array = new Uint8Array();
	doc.on('update', (u: Uint8Array) => (update = u));
	doc.getMap('notes').set(`note_${key}`, [key, 'user_test', 0]);
	return update;
}

const turn = () => new Promise((r) => setImmediate(r));

/** Bytes of the first frame of a write: header and payload. */
function frameLength(frame: Buffer): number {
	if (frame[1] < 126) return 2 + frame[1];
	return frame[1] === 126 ? 4 + frame.readUInt16BE(2) : 10 + Number(frame.readBigUInt64BE(2));
}

/** The document update inside one server frame: y-websocket sync message, type update. */
function updateIn(frame: Buffer): Uint8Array {
	const [start, length] = frame[1] < 126 ? [2, frame[1]] : frame[1] === 126 ? [4, frame.readUInt16BE(2)] : [10, Number(frame.readBigUInt64BE(2))];
	const payload = frame.subarray(start, start + length);
	const decoder = decoding.createDecoder(payload);
	expect(decoding.readVarUint(decoder)).toBe(0);
	expect(decoding.readVarUint(decoder)).toBe(2);
	return decoding.readVarUint8Array(decoder);
}

describe('Room relays updates from other processes', () => {
	it('sends them in the same write as the batch being stored, or on their own when nothing is', async () => {
		const { store, release } = heldStore();
		const room = new Room('b1', store, { compactAfter: 1000, onError: (err) => { throw err; } });
		const { conn, writes } = recordingConnection();
		room.add(conn);

		// Nothing of this process's in flight: out at the end of the turn, together.
		room.remoteUpdate(editOf('r1'));
		room.remoteUpdate(editOf('r2'));
		expect(room.doc.getMap('notes').has('note_r1')).toBe(true);
		await turn();
		expect(writes).toHaveLength(1);

		// A local batch is being stored: the remote update waits for it and shares its write.
		const stored = room.receive(editOf('local'), null);
		await turn();
		room.remoteUpdate(editOf('r3'));
		await turn();
		expect(writes).toHaveLength(1);
		release();
		await stored;
		expect(writes).toHaveLength(2);
		// That one write is one message holding both the local edit and the other process's.
		const relayed = new Y.Doc();
		Y.applyUpdate(relayed, updateIn(writes[1]));
		expect([...relayed.getMap('notes').keys()].sort()).toEqual(['note_local', 'note_r3']);
		room.destroy();
	});

	it('does not hold them for long behind a slow database', async () => {
		const { store, release } = heldStore();
		const room = new Room('b1', store, { compactAfter: 1000, onError: () => {} });
		const { conn, writes } = recordingConnection();
		room.add(conn);
		const stored = room.receive(editOf('local'), null);
		await turn();
		room.remoteUpdate(editOf('r1'));
		await new Promise((r) => setTimeout(r, 60));
		expect(writes).toHaveLength(1);
		release();
		await stored;
		expect(writes).toHaveLength(2);
		room.destroy();
	});
});

describe('Room writes a burst of large changes a part at a time', () => {
	it(`stores at most ${BATCH_BYTES / 1024} KB a write, in order, and relays each part once it is stored`, async () => {
		const appends: number[] = [];
		const waiting: (() => void)[] = [];
		const store = emptyStore((_board, ...parts) => {
			appends.push(parts.reduce((sum, u) => sum + u.length, 0));
			return new Promise<void>((resolve) => waiting.push(resolve));
		});
		const room = new Room('b1', store, { compactAfter: 1000, onError: () => {} });
		const { conn, writes } = recordingConnection();
		room.add(conn);
		// Six changes of about 200 KB in one turn, as a script sends them.
		const changes = Array.from({ length: 6 }, (_, part) => {
			const doc = new Y.Doc();
			let update: Uint8Array = new Uint8Array();
			doc.on('update', (u: Uint8Array) => (update = u));
			doc.transact(() => {
				for (let i = 0; i < 40; i++) doc.getMap('notes').set(`note_${part}_${i}`, ['x'.repeat(5000), 'user_test', 0]);
			});
			return update;
		});
		const stored = changes.map((u) => room.receive(u, null));
		for (let write = 0; write < 3; write++) {
			await turn();
			await turn();
			// Two changes a write: the database writes other boards' changes between these.
			expect(appends).toHaveLength(write + 1);
			expect(appends[write]).toBeLessThanOrEqual(BATCH_BYTES);
			expect(writes).toHaveLength(write);
			waiting.shift()!();
			await stored[2 * write + 1];
			expect(writes).toHaveLength(write + 1);
		}
		// Each write holds a frame per change.
		const relayed = new Y.Doc();
		for (let write of writes) {
			while (write.length > 0) {
				Y.applyUpdate(relayed, updateIn(write));
				write = write.subarray(frameLength(write));
			}
		}
		expect(relayed.getMap('notes').size).toBe(240);
		room.destroy();
	});
});

describe('Room takes a tab’s changes in any order it sends them', () => {
	function closingConnection(participant: string) {
		const closes: { code: number; reason: string }[] = [];
		const socket = { write: () => true };
		const fake = {
			OPEN: 1,
			readyState: 1,
			bufferedAmount: 0,
			_socket: socket,
			send: () => {},
			close(code: number, reason: string) {
				closes.push({ code, reason });
				this.readyState = 3;
			}
		};
		const conn: Connection = { ws: fake as unknown as Connection['ws'], role: 'editor', participant, awarenessIds: new Set() };
		return { conn, closes };
	}
	const store = emptyStore();

	function twoEdits() {
		const tab = new Y.Doc();
		const updates: Uint8Array[] = [];
		tab.on('update', (u: Uint8Array) => updates.push(u));
		for (const key of ['first', 'second']) tab.getMap('notes').set(`note_${key}`, [key, 'user_a', 0]);
		return { tab, updates };
	}

	it('holds a live edit that arrives before the earlier ones of the same tab, then applies both', async () => {
		const room = new Room('b1', store, { compactAfter: 1000, onError: () => {} });
		const { conn, closes } = closingConnection('user_a');
		room.add(conn);
		const { updates } = twoEdits();
		// The first claims the tab's client id for this participant.
		const head = new Y.Doc();
		head.clientID = Y.decodeUpdate(updates[0]).structs[0].id.client;
		await room.receive(updates[0], conn);
		const later = new Y.Doc();
		const more: Uint8Array[] = [];
		Y.applyUpdate(later, updates[0]);
		Y.applyUpdate(later, updates[1]);
		later.clientID = head.clientID;
		later.on('update', (u: Uint8Array) => more.push(u));
		later.getMap('notes').set('note_third', ['third', 'user_a', 0]);
		await room.receive(more[0], conn);
		expect(room.doc.getMap('notes').has('note_third')).toBe(false);
		await room.receive(updates[1], conn);
		await room.flushed();
		expect([...room.doc.getMap('notes').keys()].sort()).toEqual(['note_first', 'note_second', 'note_third']);
		expect(closes).toEqual([]);
		room.destroy();
	});

	it("refuses the next change of someone else's tab at once", async () => {
		const room = new Room('b1', store, { compactAfter: 1000, onError: () => {} });
		const owner = closingConnection('user_a');
		const other = closingConnection('user_b');
		room.add(owner.conn);
		room.add(other.conn);
		const { updates } = twoEdits();
		await room.receive(updates[0], owner.conn);
		await room.receive(updates[1], other.conn).catch(() => {});
		expect(other.closes).toEqual([{ code: 4412, reason: "Not kept: it continues another tab's changes." }]);
		room.destroy();
	});

	/** One update writing a note as each of `count` client ids nobody wrote as yet. */
	function freshTabs(count: number, tag: string): Uint8Array {
		const parts: Uint8Array[] = [];
		for (let i = 0; i < count; i++) {
			const tab = new Y.Doc();
			tab.on('update', (u: Uint8Array) => parts.push(u));
			tab.getMap('notes').set(`note_${tag}${i}`, [`${tag} ${i}`, 'user_a', 0]);
		}
		return Y.mergeUpdates(parts);
	}

	it(`refuses an update that writes as more than ${MAX_NEW_CLIENTS_PER_UPDATE} new client ids, whole`, async () => {
		const room = new Room('b1', store, { compactAfter: 1000, onError: () => {} });
		const { conn, closes } = closingConnection('user_a');
		room.add(conn);
		await room.receive(freshTabs(MAX_NEW_CLIENTS_PER_UPDATE, 'fits'), conn);
		expect(room.doc.getMap('notes').size).toBe(MAX_NEW_CLIENTS_PER_UPDATE);
		await expect(room.receive(freshTabs(MAX_NEW_CLIENTS_PER_UPDATE + 1, 'flood'), conn)).rejects.toThrow();
		expect(closes).toEqual([{ code: 4412, reason: `Not kept: it writes as ${MAX_NEW_CLIENTS_PER_UPDATE + 1} new tabs at once.` }]);
		expect(room.doc.getMap('notes').size).toBe(MAX_NEW_CLIENTS_PER_UPDATE);
		room.destroy();
	});

	it("refuses a participant's client ids past the board's bound, and takes new ones from the address's budget", async () => {
		const room = new Room('b1', store, { compactAfter: 1000, onError: () => {}, maxClientsPerParticipant: 5 });
		const a = closingConnection('user_a');
		room.add(a.conn);
		await room.receive(freshTabs(3, 'one'), a.conn);
		await room.receive(freshTabs(2, 'two'), a.conn);
		await expect(room.receive(freshTabs(1, 'three'), a.conn)).rejects.toThrow();
		expect(a.closes).toEqual([{ code: 4412, reason: 'Not kept: this person wrote from 5 tabs already.' }]);
		expect(room.doc.getMap('notes').size).toBe(5);

		// Another participant's tabs are counted apart; their address has three identities left.
		let budget = 3;
		const b = closingConnection('user_b');
		b.conn.mayClaimWriters = (count) => (budget >= count ? ((budget -= count), true) : false);
		room.add(b.conn);
		await room.receive(freshTabs(2, 'b'), b.conn);
		expect(budget).toBe(1);
		await expect(room.receive(freshTabs(2, 'c'), b.conn)).rejects.toThrow();
		expect(b.closes).toEqual([{ code: 4429, reason: expect.stringMatching(/^Your network opened more new tabs/) }]);
		expect(budget).toBe(1);
		expect(room.doc.getMap('notes').size).toBe(7);
		room.destroy();
	});
});

describe('Room answers joins', () => {
	const store = emptyStore();

	/** A connection that keeps what is sent to it. */
	function recordingConnection() {
		const sent: Uint8Array[] = [];
		const ws = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (m: Uint8Array) => sent.push(m), close: () => {} };
		const conn: Connection = { ws: ws as unknown as Connection['ws'], role: 'viewer', participant: 'user_v', awarenessIds: new Set() };
		return { conn, sent };
	}
	const NOTHING = Y.encodeStateVector(new Y.Doc());

	it('reuses the whole-board answer until the board changes, and drops it a minute after its last join', async () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'Date'] });
		try {
			const room = new Room('b1', store, { compactAfter: 1000, onError: () => {} });
			await room.serverChange((doc) => addNotes(doc, [makeNote({ id: 'note_a', text: 'a' })], { kind: 'server' }));
			const { conn, sent } = recordingConnection();
			room.answerSync(conn, NOTHING);
			room.answerSync(conn, NOTHING);
			expect(sent[1]).toBe(sent[0]);
			await room.serverChange((doc) => addNotes(doc, [makeNote({ id: 'note_b', text: 'b' })], { kind: 'server' }));
			room.answerSync(conn, NOTHING);
			expect(sent[2]).not.toBe(sent[1]);
			const joined = new Y.Doc();
			const decoder = decoding.createDecoder(sent[2]);
			decoding.readVarUint(decoder);
			decoding.readVarUint(decoder);
			Y.applyUpdate(joined, decoding.readVarUint8Array(decoder));
			expect([...joined.getMap('notes').keys()].sort()).toEqual(['note_a', 'note_b']);
			room.answerSync(conn, NOTHING);
			expect(sent[3]).toBe(sent[2]);
			await vi.advanceTimersByTimeAsync(75_000);
			room.answerSync(conn, NOTHING);
			expect(sent[4]).not.toBe(sent[3]);
			expect(sent[4]).toEqual(sent[3]);
			room.destroy();
		} finally {
			vi.useRealTimers();
		}
	});
});

describe('lackedShare', () => {
	it('counts what a state vector lacks of the document, ignoring clients and clocks the document does not have', () => {
		const doc = new Y.Doc();
		doc.clientID = 1;
		doc.getText('t').insert(0, 'abcdef');
		const other = new Y.Doc();
		other.clientID = 2;
		other.getText('t').insert(0, 'xy');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
		expect(lackedShare(doc, new Map())).toBe(1);
		expect(lackedShare(doc, new Map([[99, 1000]]))).toBe(1);
		expect(lackedShare(doc, new Map([[1, 6]]))).toBe(2 / 8);
		expect(lackedShare(doc, new Map([[1, 3], [2, 100]]))).toBe(3 / 8);
		expect(lackedShare(doc, new Map([[1, 6], [2, 2]]))).toBe(0);
		expect(lackedShare(new Y.Doc(), new Map())).toBe(1);
	});
});

describe('coalesce', () => {
	const big = () => {
		const doc = new Y.Doc();
		let update: Uint8Array = new Uint8Array();
		doc.on('update', (u: Uint8Array) => (update = u));
		doc.getMap('notes').set('note_big', ['x'.repeat(LARGE_UPDATE_BYTES), 'user_test', 0]);
		return update;
	};

	it('merges each run of small updates into one and keeps every large one as it is, in order', () => {
		const large = big();
		const [a, b, c] = ['a', 'b', 'c'].map(editOf);
		const out = coalesce([a, b, large, c]);
		expect(out).toHaveLength(3);
		expect(out[1]).toBe(large);
		expect(out[2]).toBe(c);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, out[0]);
		expect([...doc.getMap('notes').keys()].sort()).toEqual(['note_a', 'note_b']);
		expect(coalesce([a])).toEqual([a]);
		expect(coalesce([])).toEqual([]);
	});
});

describe('Room makes server changes on its own document', () => {
	/** A store that records each append (the rows of one write) and can be made to fail. */
	function recordingStore() {
		const appends: Uint8Array[][] = [];
		let failing = false;
		const store = emptyStore(async (_board, ...updates) => {
			if (failing) throw new Error('No space left on device');
			appends.push(updates);
		});
		return { store, appends, fail: () => (failing = true) };
	}
	const notesStep = (prefix: string, n: number) => (doc: Y.Doc) => {
		for (let i = 0; i < n; i++) doc.getMap('notes').set(`note_${prefix}${i}`, [`${prefix} ${i} ${'about the delivery '.repeat(4)}`, 'server', 0]);
	};

	it('stores a large step as a row of its own beside an edit of the same turn, and relays both in one write', async () => {
		const { store, appends } = recordingStore();
		const room = new Room('b1', store, { compactAfter: 1000, onError: () => {} });
		const { conn, writes } = recordingConnection();
		room.add(conn);
		const edit = room.receive(editOf('mine'), null);
		await room.serverChange(notesStep('imported', 1000), { kind: 'import', userId: 'user_f' });
		await edit;
		expect(appends).toHaveLength(1);
		const [small, large] = appends[0];
		expect(large.length).toBeGreaterThanOrEqual(LARGE_UPDATE_BYTES);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, small);
		expect([...stored.getMap('notes').keys()]).toEqual(['note_mine']);
		Y.applyUpdate(stored, large);
		expect(stored.getMap('notes').size).toBe(1001);
		// One write to the socket, two messages: the bytes stored are the bytes relayed.
		expect(writes).toHaveLength(1);
		expect(updateIn(writes[0])).toEqual(small);
		expect(Buffer.from(writes[0].subarray(writes[0].length - large.length)).equals(Buffer.from(large))).toBe(true);
		room.destroy();
	});

	it('lets other messages in between steps, and stops at a step that cannot be stored', async () => {
		const { store, appends, fail } = recordingStore();
		const failed: string[] = [];
		const room = new Room('b1', store, { compactAfter: 1000, onError: () => {}, onFailed: () => failed.push('unloaded') });
		const change = room.serverChange([notesStep('a', 5), notesStep('b', 5), notesStep('c', 5)]);
		// The first step is made at once; the next waits for the messages of the turn.
		expect(room.doc.getMap('notes').has('note_a0')).toBe(true);
		expect(room.doc.getMap('notes').has('note_b0')).toBe(false);
		room.receive(editOf('between'), null).catch(() => {});
		fail();
		await expect(change).rejects.toThrow(/could not store/i);
		expect(appends).toEqual([]);
		expect(failed).toEqual(['unloaded']);
		expect(room.doc.getMap('notes').has('note_c0')).toBe(false);
		room.destroy();
	});

	it('stores what a step changed before it threw, and answers the error', async () => {
		const { store, appends } = recordingStore();
		const room = new Room('b1', store, { compactAfter: 1000, onError: () => {} });
		const change = room.serverChange([
			(doc) => {
				notesStep('partial', 2)(doc);
				throw new Error('the step broke');
			},
			notesStep('never', 2)
		]);
		await expect(change).rejects.toThrow('the step broke');
		expect(appends).toHaveLength(1);
		const stored = new Y.Doc();
		Y.applyUpdate(stored, appends[0][0]);
		expect([...stored.getMap('notes').keys()].sort()).toEqual(['note_partial0', 'note_partial1']);
		expect(room.doc.getMap('notes').has('note_never0')).toBe(false);
		room.destroy();
	});
});
