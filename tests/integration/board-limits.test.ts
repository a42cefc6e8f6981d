import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGroups, addNotes, initBoard, makeGroup, makeNote, MAX_GROUPS, MAX_NOTES } from '../../src/lib/board';
import { makeBackup } from '../../src/lib/export/backup';
import { connectChannel, type ChannelClient } from './helpers/channel';
import { addNote, synced, waitFor } from './helpers/clients';
import { call } from './helpers/http';
import { TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { serverOnPostgres, type ServerOnPostgres } from './helpers/setups';

/** A board as full as a board may be, and a person who adds one more group or note to it by hand. */
describe.skipIf(!(await usePostgres()))('a board at its limits', () => {
	let setup: ServerOnPostgres;
	let server: RunningServer;
	const clients: ChannelClient[] = [];

	beforeAll(async () => {
		({ server } = setup = await serverOnPostgres());
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await setup?.stop();
	});

	it('tells the person whose new group or note the server removed that the board is full, naming the limit', async () => {
		// Seeded through a restore: the server writes the whole board at once.
		const full = new Y.Doc();
		initBoard(full);
		addGroups(full, Array.from({ length: MAX_GROUPS }, (_, i) => makeGroup({ id: `grp_g${i}`, label: `Group ${i}`, x: (i % 100) * 300, y: Math.floor(i / 100) * 300 })), { kind: 'server' });
		const at = Date.now() - 60_000;
		addNotes(full, Array.from({ length: MAX_NOTES }, (_, i) => makeNote({ id: `note_n${i}`, text: `n${i}`, createdBy: 'user_seed', createdAt: at, groupId: `grp_g${i % MAX_GROUPS}` })), { kind: 'server' });
		const restored = await call(server.url, '/api/boards/restore', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: makeBackup(full) });
		expect(restored.status).toBe(201);
		expect([restored.json.groups, restored.json.notes]).toEqual([MAX_GROUPS, MAX_NOTES]);
		const token = (role: 'facilitator' | 'viewer') => new URL(restored.json.links[role]).searchParams.get('token')!;
		const facilitator = connectChannel(server.url, restored.json.id, token('facilitator'));
		const viewer = connectChannel(server.url, restored.json.id, token('viewer'));
		clients.push(facilitator, viewer);
		await Promise.all([synced(facilitator), synced(viewer)]);
		const notKept = () => facilitator.messages.filter((m) => m.type === 'notKept').map((m) => (m as { message: string }).message);

		addGroups(facilitator.doc, [makeGroup({ id: 'grp_one_more', label: 'One more' })], { kind: 'user' });
		await waitFor(() => notKept().length === 1, 15_000, 'the notice of the group');
		expect(notKept()).toEqual(['This board has 5,000 groups, the most it can hold; the new group was not kept.']);
		await waitFor(() => !facilitator.doc.getMap('groups').has('grp_one_more'), 10_000, 'the group removed at its writer');

		addNote(facilitator.doc, 'note_one_more', 'One more note');
		await waitFor(() => notKept().length === 2, 15_000, 'the notice of the note');
		expect(notKept()[1]).toBe('This board has 30,000 notes, the most it can hold; the new note was not kept.');
		await waitFor(() => !facilitator.doc.getMap('notes').has('note_one_more'), 10_000, 'the note removed at its writer');

		// Nobody else is told of another's change, and nothing was closed.
		expect(viewer.messages.some((m) => m.type === 'notKept')).toBe(false);
		expect(viewer.doc.getMap('groups').size).toBe(MAX_GROUPS);
		expect(facilitator.closes).toEqual([]);
	}, 120_000);
});
