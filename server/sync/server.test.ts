import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardStore } from './persistence.ts';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS } from './protocol.ts';
import { Room, type Connection } from './room.ts';
import { handleMessage, PRESENCE_ANSWER_MS } from './server.ts';

const store = { append: async () => {}, compact: async () => 0, clientOwners: async () => new Map(), claimClients: async () => {}, load: async () => ({ parts: [], logLength: 0 }) } as unknown as BoardStore;

/** A connection whose socket records the messages the room sends it. */
function recording(): { conn: Connection; sent: Uint8Array[] } {
	const sent: Uint8Array[] = [];
	const ws = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (m: Uint8Array) => sent.push(m), close: () => {} };
	return { conn: { ws: ws as unknown as Connection['ws'], role: 'viewer', participant: 'user_asker', awarenessIds: new Set() }, sent };
}

/** An awareness update announcing one person's presence. */
function presenceOf(clientId: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint(encoder, clientId);
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarString(encoder, JSON.stringify({ user: { id: 'x', name: `Person ${clientId}`, color: '#123456', role: 'editor' }, selection: ['note_' + 'a'.repeat(59)] }));
	return encoding.toUint8Array(encoder);
}

afterEach(() => vi.useRealTimers());

describe('a query for everyone’s presence', () => {
	it('is answered at most once a second per connection, however often a script asks', () => {
		vi.useFakeTimers();
		const room = new Room('b1', store, { compactAfter: 500, onError: () => {} });
		for (let id = 1; id <= 50; id++) room.awareness.apply(presenceOf(id), true);
		const { conn, sent } = recording();
		room.add(conn);
		const presenceAnswers = () => sent.filter((m) => m[0] === MESSAGE_AWARENESS).length;

		for (let i = 0; i < 300; i++) handleMessage(room, conn, new Uint8Array([MESSAGE_QUERY_AWARENESS]));
		expect(presenceAnswers()).toBe(1);
		vi.advanceTimersByTime(PRESENCE_ANSWER_MS);
		for (let i = 0; i < 300; i++) handleMessage(room, conn, new Uint8Array([MESSAGE_QUERY_AWARENESS]));
		expect(presenceAnswers()).toBe(2);
		// Each answer is the whole room's presence, and the connection stays open.
		expect(sent[0].length).toBeGreaterThan(50 * 100);
		expect((conn.ws as unknown as { readyState: number }).readyState).toBe(1);
		room.destroy();
	});
});
