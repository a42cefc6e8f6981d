import * as ws from 'ws';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { BoardStore } from './persistence.ts';
import { Room, wsFrame, type Connection } from './room.ts';

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

/** A store whose appends finish when the test says so. */
function heldStore() {
	const waiting: (() => void)[] = [];
	const store = {
		append: () => new Promise<void>((resolve) => waiting.push(resolve)),
		compact: async () => 0,
		load: async () => ({ parts: [], logLength: 0 })
	} as unknown as BoardStore;
	return { store, release: () => waiting.splice(0).forEach((r) => r()) };
}

function editOf(key: string): Uint8Array {
	const doc = new Y.Doc();
	let update: Uint8Array = new Uint8Array();
	doc.on('update', (u: Uint8Array) => (update = u));
	doc.getMap('notes').set(key, 1);
	return update;
}

const turn = () => new Promise((r) => setImmediate(r));

/** The document update inside one server frame: y-websocket sync message, type update. */
function updateIn(frame: Buffer): Uint8Array {
	const length = frame[1] < 126 ? frame[1] : frame.readUInt16BE(2);
	const payload = frame.subarray(frame[1] < 126 ? 2 : 4, (frame[1] < 126 ? 2 : 4) + length);
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
		expect(room.doc.getMap('notes').has('r1')).toBe(true);
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
		expect([...relayed.getMap('notes').keys()].sort()).toEqual(['local', 'r3']);
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
