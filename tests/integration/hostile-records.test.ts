import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGroups, makeGroup, NOTE_TIME_SKEW_MS, readGroups } from '../../src/lib/board';
import { addNote, createBoard, noteContents, participantOf, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { call } from './helpers/http';
import { TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { clientPool, serverOnPostgres, type ServerOnPostgres } from './helpers/setups';

/** Records a hand-made editor client writes that the app never would: a group its own parent, a note by someone else. */
describe.skipIf(!(await usePostgres()))('hostile clients: records the app never writes', () => {
	let setup: ServerOnPostgres;
	let server: RunningServer;
	const clients = clientPool();

	beforeAll(async () => {
		({ server } = setup = await serverOnPostgres());
	});
	afterAll(async () => {
		clients.destroyAll();
		await setup?.stop();
	});

	const raw = (board: CreatedBoard, role: 'facilitator' | 'editor' | 'viewer') => {
		return clients.open(server.url, board.id, board.token(role));
	};
	/** An editor's raw client and a viewer's on `board`, both synced. */
	const editorAndReader = async (board: CreatedBoard) => {
		const editor = raw(board, 'editor');
		const reader = raw(board, 'viewer');
		await Promise.all([synced(editor), synced(reader)]);
		return { editor, reader };
	};

	it('puts a group an editor makes its own parent back at the top level, so the report keeps it and its comments', async () => {
		const board = await createBoard(server.url, 'Self-nested group');
		const department = await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Product' } });
		const { editor, reader } = await editorAndReader(board);
		editor.doc.transact(() => {
			addGroups(editor.doc, [makeGroup({ id: 'grp_fabric', label: 'Fabric quality', department: department.json.id })], { kind: 'user' });
			editor.doc.getMap('notes').set('note_pill', ['The fabric pilled after one wash', participantOf(editor.doc), 1]);
			editor.doc.getMap('place').set('note_pill', { groupId: 'grp_fabric', order: 'a0' });
		});
		await waitFor(() => reader.doc.getMap('place').has('note_pill'), 10_000, 'the group');
		const group = (c: Client) => c.doc.getMap('groups').get('grp_fabric') as Y.Map<unknown>;
		group(editor).set('parentId', 'grp_fabric');
		editor.doc.getMap('notes').set('note_after', ['Seams came apart', participantOf(editor.doc), 2]);
		await waitFor(() => reader.doc.getMap('notes').has('note_after'), 10_000, 'the next edit');
		expect(group(reader).get('parentId')).toBeNull();
		await waitFor(() => group(editor).get('parentId') === null, 10_000, 'the repair at the editor');
		expect(editor.closes).toEqual([]);

		const report = await call(server.url, `/api/boards/${board.id}/export?format=md`, { token: board.token('facilitator') });
		expect(report.status).toBe(200);
		expect(report.text).toMatch(/^### Fabric quality$/m);
		expect(report.text).toContain('The fabric pilled after one wash');
		const published = await call(server.url, `/api/boards/${board.id}/publish`, { token: board.token('facilitator'), method: 'POST' });
		expect(published.status).toBe(200);
		expect(published.json.tasks.map((t: { title: string }) => t.title)).toEqual(['Fabric quality']);
		expect(readGroups(reader.doc).groups.map((g) => [g.id, g.parentId])).toEqual([['grp_fabric', null]]);
	});

	it('keeps a published group’s status, department and owner when an editor puts a map without them in its place', async () => {
		const board = await createBoard(server.url, 'Replaced group');
		const department = await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Returns' } });
		const { editor, reader } = await editorAndReader(board);
		const owner = { name: 'Dana', email: 'dana@example.com' };
		editor.doc.transact(() => {
			addGroups(editor.doc, [makeGroup({ id: 'grp_refunds', label: 'Slow refunds', department: department.json.id, owner, priority: 'high' })], { kind: 'user' });
			addNote(editor.doc, 'note_refund', 'Refund took a month');
			editor.doc.getMap('place').set('note_refund', { groupId: 'grp_refunds', order: 'a0' });
		});
		await waitFor(() => reader.doc.getMap('place').has('note_refund'), 10_000, 'the group');
		const published = await call(server.url, `/api/boards/${board.id}/publish`, { token: board.token('facilitator'), method: 'POST' });
		expect(published.status).toBe(200);
		const groupAt = (c: Client) => readGroups(c.doc).groups.find((g) => g.id === 'grp_refunds');
		await waitFor(() => groupAt(editor)?.status === 'open', 10_000, 'the published status');
		const before = groupAt(reader)!;
		expect([before.status, before.department, before.owner, before.priority]).toEqual(['open', department.json.id, owner, 'high']);

		// The same fields with a null status, then a map with a name only.
		const replacements: ((m: Y.Map<unknown>, old: Record<string, unknown>) => void)[] = [
			(m, old) => {
				for (const [k, v] of Object.entries(old)) m.set(k, k === 'label' ? new Y.Text(String(v)) : v);
				m.set('status', null);
			},
			(m) => m.set('label', new Y.Text('Slow refunds'))
		];
		for (const [i, fill] of replacements.entries()) {
			editor.doc.transact(() => {
				const old = (editor.doc.getMap('groups').get('grp_refunds') as Y.Map<unknown>).toJSON();
				expect(old.status).toBe('open');
				const map = new Y.Map<unknown>();
				editor.doc.getMap('groups').set('grp_refunds', map);
				fill(map, old);
			});
			addNote(editor.doc, `note_after_${i}`, 'Still here');
			await waitFor(() => reader.doc.getMap('notes').has(`note_after_${i}`), 10_000, 'the next edit');
			expect(groupAt(reader)).toEqual(before);
			await waitFor(() => groupAt(editor)?.status === 'open', 10_000, 'the repair at the editor');
			expect(groupAt(editor)).toEqual(before);
		}
		expect(editor.closes).toEqual([]);
	});

	it('makes the editor who wrote a note its author, whatever author the note names, and keeps the rest of it', async () => {
		const board = await createBoard(server.url, 'Spoofed authors');
		const editor = raw(board, 'editor');
		const other = raw(board, 'editor');
		const reader = raw(board, 'viewer');
		await Promise.all([synced(editor), synced(other), synced(reader)]);
		const me = participantOf(editor.doc);
		const someoneElse = participantOf(other.doc);
		const at = Date.now();
		editor.doc.transact(() => {
			editor.doc.getMap('notes').set('note_as_facilitator', ['Refunds take a month', 'facilitator', at]);
			editor.doc.getMap('notes').set('note_as_other', ['The app logs me out', someoneElse, at + 1]);
			editor.doc.getMap('notes').set('note_mine', ['Parcel was late', me, at + 2]);
		});
		await waitFor(() => reader.doc.getMap('notes').size === 3, 10_000, 'the notes');
		const read = noteContents(reader.doc);
		expect(Object.fromEntries(Object.entries(read).map(([id, n]) => [id, [n.text, n.by, n.at]]))).toEqual({
			note_as_facilitator: ['Refunds take a month', me, at],
			note_as_other: ['The app logs me out', me, at + 1],
			note_mine: ['Parcel was late', me, at + 2]
		});
		// Nobody ever saw the names it gave: the writer gets the repair too, and the board's backup says the same.
		await waitFor(() => noteContents(editor.doc).note_as_other?.by === me, 10_000, 'the repair at the editor');
		expect(noteContents(other.doc).note_as_other?.by).toBe(me);
		const backup = await call(server.url, `/api/boards/${board.id}/export?format=json`, { token: board.token('facilitator') });
		expect(backup.status).toBe(200);
		expect(backup.json.board.notes.map((n: { createdBy: string }) => n.createdBy)).toEqual([me, me, me]);
		expect(backup.text).not.toContain(someoneElse);
		expect(editor.closes).toEqual([]);
	});

	it('puts back an owner e-mail an editor writes that the Assign fields would refuse, so publishing and the tracker CSV keep the address they had', async () => {
		const board = await createBoard(server.url, 'Owner e-mails');
		const department = await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Logistics' } });
		const { editor, reader } = await editorAndReader(board);
		const group = (c: Client) => c.doc.getMap('groups').get('grp_parcels') as Y.Map<unknown> | undefined;
		const ownerOf = (c: Client) => readGroups(c.doc).groups.find((g) => g.id === 'grp_parcels')?.owner;
		editor.doc.transact(() => {
			addGroups(editor.doc, [makeGroup({ id: 'grp_parcels', label: 'Lost parcels', department: department.json.id, owner: { name: 'Dana', email: 'dana@example.com' } })], { kind: 'user' });
			addNote(editor.doc, 'note_lost', 'My parcel never came');
			editor.doc.getMap('place').set('note_lost', { groupId: 'grp_parcels', order: 'a0' });
		});
		await waitFor(() => ownerOf(reader)?.email === 'dana@example.com', 10_000, 'the owner');

		// Addresses the fields refuse (zod's e-mail check, no surrounding spaces), set on the group or
		// in a group written whole: put back for everyone, the writer included; nothing is closed.
		for (const [i, email] of ['dana@example', 'dana', 'dana@example.com; bo@example.com', ' dana@example.com'].entries()) {
			group(editor)!.set('owner', { name: 'Dana', email });
			addNote(editor.doc, `note_after_${i}`, 'Still here');
			await waitFor(() => reader.doc.getMap('notes').has(`note_after_${i}`), 10_000, 'the next edit');
			expect(ownerOf(reader)).toEqual({ name: 'Dana', email: 'dana@example.com' });
			await waitFor(() => ownerOf(editor)?.email === 'dana@example.com', 10_000, 'the repair at the editor');
		}
		addGroups(editor.doc, [makeGroup({ id: 'grp_whole', label: 'Whole', owner: { name: 'Bo', email: 'bo@localhost' } })], { kind: 'user' });
		await waitFor(() => readGroups(reader.doc).groups.some((g) => g.id === 'grp_whole'), 10_000, 'the group written whole');
		expect(readGroups(reader.doc).groups.find((g) => g.id === 'grp_whole')?.owner).toBeNull();
		expect(editor.closes).toEqual([]);

		// What the fields do write is kept: another whole address, or a name alone.
		group(editor)!.set('owner', { name: 'Lee', email: 'lee@example.org' });
		await waitFor(() => ownerOf(reader)?.email === 'lee@example.org', 10_000, 'a whole address');
		const published = await call(server.url, `/api/boards/${board.id}/publish`, { token: board.token('facilitator'), method: 'POST' });
		expect(published.status).toBe(200);
		expect(published.json.skipped).toEqual([]);
		expect(published.json.tasks.map((t: { title: string; ownerEmail: string }) => [t.title, t.ownerEmail])).toEqual([['Lost parcels', 'lee@example.org']]);
		const csv = await call(server.url, `/api/boards/${board.id}/export?format=csv`, { token: board.token('facilitator') });
		expect(csv.status).toBe(200);
		expect(csv.text).toContain('lee@example.org');
		group(editor)!.set('owner', { name: 'Lee', email: '' });
		await waitFor(() => ownerOf(reader)?.email === '', 10_000, 'a name alone');
		expect(reader.closes).toEqual([]);
	});

	it('gives a note an editor writes from before the board, from the future or at no time the time the server received it; readers keep its order; an old one comes back by undo with its time', async () => {
		const started = Date.now();
		const board = await createBoard(server.url, 'Note times');
		const { editor, reader } = await editorAndReader(board);
		const me = participantOf(editor.doc);
		const notes = (c: Client) => c.doc.getMap('notes');
		const written = Date.now();
		editor.doc.transact(() => {
			notes(editor).set('note_a_1970', ['Written in 1970', me, 0]);
			notes(editor).set('note_b_future', ['Written in 2400', me, Date.parse('2400-01-01')]);
			notes(editor).set('note_c_nan', ['Written at no time', me, NaN]);
			notes(editor).set('note_d_text', ['Written "yesterday"', me, 'yesterday']);
			notes(editor).set('note_e_now', ['Written now', me, written]);
		});
		await waitFor(() => Object.keys(noteContents(reader.doc)).length === 5, 10_000, 'the notes');
		// The writer gets the repair too: its notes of no time read as notes again.
		await waitFor(() => Object.keys(noteContents(editor.doc)).length === 5, 10_000, 'the repair at the editor');
		const received = Date.now();
		const at = (c: Client) => Object.fromEntries(Object.entries(noteContents(c.doc)).map(([id, n]) => [id, n.at]));
		const times = at(reader);
		expect(at(editor)).toEqual(times);
		expect(times.note_e_now).toBe(written);
		const retimed = ['note_a_1970', 'note_b_future', 'note_c_nan', 'note_d_text'];
		for (const id of retimed) {
			expect(times[id], id).toBeGreaterThan(started - NOTE_TIME_SKEW_MS);
			expect(times[id], id).toBeLessThanOrEqual(received);
		}
		// In the order their own times gave them; what is no time at all last.
		expect([...retimed].sort((x, y) => times[x] - times[y])).toEqual(retimed);
		expect(editor.closes).toEqual([]);

		// An existing note's time cannot change.
		notes(editor).set('note_e_now', ['Written now', me, 0]);
		addNote(editor.doc, 'note_after', 'Still here');
		await waitFor(() => notes(reader).has('note_after'), 10_000, 'the next edit');
		expect(noteContents(reader.doc).note_e_now.at).toBe(written);

		// Readers sort by time and read them as they are: the backup, the report, the board image.
		const backup = await call(server.url, `/api/boards/${board.id}/export?format=json`, { token: board.token('facilitator') });
		expect(backup.status).toBe(200);
		const exported = backup.json.board.notes as { id: string; createdAt: number }[];
		expect(exported.filter((n) => retimed.includes(n.id)).map((n) => n.id)).toEqual(retimed);
		expect(Object.fromEntries(exported.map((n) => [n.id, n.createdAt]))).toEqual(at(reader));
		for (const format of ['md', 'svg']) expect((await call(server.url, `/api/boards/${board.id}/export?format=${format}`, { token: board.token('facilitator') })).status, format).toBe(200);

		// A board restored from a backup holds notes older than itself: one of them deleted and brought
		// back (as undo does) keeps its time; a new note older than all of them does not.
		const old = 1_600_000_000_000;
		for (const n of backup.json.board.notes) if (n.id === 'note_e_now') n.createdAt = old;
		const restored = await call(server.url, '/api/boards/restore', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: backup.json });
		expect(restored.status).toBe(201);
		const token = (role: 'editor' | 'viewer') => new URL(restored.json.links[role]).searchParams.get('token')!;
		const later = clients.open(server.url, restored.json.id, token('editor'));
		const watcher = clients.open(server.url, restored.json.id, token('viewer'));
		await Promise.all([synced(later), synced(watcher)]);
		const kept = notes(later).get('note_e_now');
		expect(noteContents(later.doc).note_e_now.at).toBe(old);
		notes(later).delete('note_e_now');
		notes(later).set('note_e_now', kept);
		notes(later).set('note_older', ['Years older than the board and its notes', participantOf(later.doc), old - 365 * 86_400_000]);
		await waitFor(() => notes(watcher).has('note_older') && notes(watcher).has('note_e_now'), 10_000, 'the notes on the restored board');
		expect(noteContents(watcher.doc).note_e_now.at).toBe(old);
		expect(noteContents(watcher.doc).note_older.at).toBeGreaterThan(started);
	});
});
