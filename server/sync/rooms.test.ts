import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { covers } from './rooms.ts';

describe('covers', () => {
	it('tells whether a document holds everything another one had seen', () => {
		const client = new Y.Doc();
		const server = new Y.Doc();
		client.getMap('groups').set('grp_a', 'assigned');
		expect(covers(server, Y.encodeStateVector(client))).toBe(false);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
		expect(covers(server, Y.encodeStateVector(client))).toBe(true);
		server.getMap('notes').set('note_b', 'only on the server');
		expect(covers(server, Y.encodeStateVector(client))).toBe(true);
	});
});
