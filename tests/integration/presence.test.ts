import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createBoard, synced, waitFor, type Client } from './helpers/clients';
import { startServer, tempDir, type RunningServer } from './helpers/server';

/**
 * Hostile presence (DESIGN.md "Presence"): one awareness client id per connection, states bounded
 * and validated, and the server's word on who someone is and which role they have.
 */

/** An awareness message (y-websocket type 1) announcing `states` as client id → state. */
function presenceMessage(states: [number, number, unknown][]): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, states.length);
	for (const [id, clock, state] of states) {
		encoding.writeVarUint(update, id);
		encoding.writeVarUint(update, clock);
		encoding.writeVarString(update, JSON.stringify(state));
	}
	const message = encoding.createEncoder();
	encoding.writeVarUint(message, 1);
	encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
	return encoding.toUint8Array(message);
}

const user = (name: string, color = '#175cd3', role = 'editor', id = 'user_whoever') => ({ id, name, color, role });

describe('presence from hostile clients', () => {
	let server: RunningServer;
	const clients: Client[] = [];

	beforeAll(async () => {
		server = await startServer({ DATA_DIR: tempDir('gistboard-presence-') });
	});

	afterAll(async () => {
		for (const c of clients) c.destroy();
		await server?.stop('SIGKILL');
	});

	it('relays one client id per connection, checked, with the connection’s role; honest presence still flows', async () => {
		const board = await createBoard(server.url);
		const viewer = connect(server.url, board.id, board.token('viewer'));
		const honest = connect(server.url, board.id, board.token('editor'));
		const attacker = connect(server.url, board.id, board.token('viewer'));
		clients.push(viewer, honest, attacker);
		await Promise.all([viewer, honest, attacker].map(synced));

		// The attacker's own tab first: it claims its awareness id with a state that poses as a facilitator.
		attacker.provider.awareness.setLocalState({ user: user('Boss', '#b42318', 'facilitator', 'user_facilitator'), cursor: null });
		const mine = attacker.provider.awareness.clientID;
		const states = () => viewer.provider.awareness.getStates();
		await waitFor(() => states().get(mine)?.user?.name === 'Boss', 10_000, 'the attacker’s presence');
		expect(states().get(mine)!.user.role).toBe('viewer');
		expect(states().get(mine)!.user.id).not.toBe('user_facilitator');

		// Then forty more ids, 5 KB states and a colour browsers would fetch, on the same socket.
		const ws = attacker.provider.ws! as unknown as { send(data: Uint8Array): void };
		ws.send(presenceMessage(Array.from({ length: 40 }, (_, i) => [1000 + i, 1, { user: user('Fake', '#175cd3'), pad: 'x'.repeat(5000) }])));
		ws.send(presenceMessage([[mine, 50, { user: user('Boss', 'url(http://127.0.0.1:1/pixel)') }]]));
		ws.send(presenceMessage([[mine, 51, { user: user('B'.repeat(300), '#b42318'), pad: 'x'.repeat(5000) }]]));

		// An honest change after them arrives, so everything before it has been through the server.
		honest.provider.awareness.setLocalState({ user: user('Eddie', '#067647'), cursor: { x: 3, y: 4 } });
		const eddie = honest.provider.awareness.clientID;
		await waitFor(() => states().get(eddie)?.cursor?.x === 3, 10_000, 'honest presence');

		const ids = [...states().keys()].filter((id) => id !== viewer.provider.awareness.clientID);
		expect(ids.sort()).toEqual([eddie, mine].sort());
		// Neither the url() colour nor the oversized state replaced the attacker's checked state.
		expect(states().get(mine)!.user.color).toBe('#b42318');
		expect(states().get(mine)!.user.name).toBe('Boss');
		expect(states().get(eddie)!.user.role).toBe('editor');
	});
});
