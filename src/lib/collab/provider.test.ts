import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { connectBoard, type BoardConnection } from './provider';

/** A WebSocket that never leaves this process: it records what the provider sends. */
class RecordingSocket {
	static last: RecordingSocket | null = null;
	readonly OPEN = 1;
	binaryType = 'arraybuffer';
	readyState = 0;
	sent: Uint8Array[] = [];
	onopen: (() => void) | null = null;
	onmessage: ((event: { data: ArrayBuffer }) => void) | null = null;
	onclose: ((event: { code: number; reason: string }) => void) | null = null;
	onerror: ((event: unknown) => void) | null = null;
	constructor(readonly url: string) {
		RecordingSocket.last = this;
	}
	send(data: Uint8Array) {
		this.sent.push(new Uint8Array(data));
	}
	close() {
		this.readyState = 3;
	}
	open() {
		this.readyState = 1;
		this.onopen?.();
	}
}

/** The client ids of the presence states in the awareness messages (type 1) a socket sent. */
function presenceSent(socket: RecordingSocket): number[][] {
	return socket.sent.flatMap((message) => {
		const decoder = decoding.createDecoder(message);
		if (decoding.readVarUint(decoder) !== 1) return [];
		const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
		const ids: number[] = [];
		for (let n = decoding.readVarUint(update); n > 0; n--) {
			ids.push(decoding.readVarUint(update));
			decoding.readVarUint(update);
			decoding.readVarString(update);
		}
		return [ids];
	});
}

describe('connectBoard', () => {
	let connection: BoardConnection | null = null;
	afterEach(() => {
		connection?.destroy();
		connection = null;
	});

	it('sends this tab’s own presence, never other people’s changes back to the server', () => {
		(globalThis as { WebSocket?: unknown }).WebSocket = RecordingSocket;
		const doc = new Y.Doc();
		connection = connectBoard('board1', doc, { onState: () => {} }, { url: 'ws://board.test/sync', token: 't' });
		const socket = RecordingSocket.last!;
		socket.open();
		const awareness = connection.provider.awareness;
		const own = awareness.clientID;
		socket.sent = [];

		// Someone else's presence arrives, changes and leaves.
		const other = new Awareness(new Y.Doc());
		other.setLocalState({ cursor: { x: 1, y: 1 } });
		applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), 'server');
		other.setLocalState({ cursor: { x: 2, y: 1 } });
		applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), 'server');
		other.setLocalState(null);
		applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), 'server');
		expect(awareness.getStates().has(other.clientID)).toBe(false);
		expect(presenceSent(socket)).toEqual([]);

		// This tab's own changes go out, alone.
		awareness.setLocalState({ cursor: { x: 5, y: 5 } });
		awareness.setLocalStateField('cursor', { x: 6, y: 5 });
		expect(presenceSent(socket)).toEqual([[own], [own]]);
		other.destroy();
	});
});
