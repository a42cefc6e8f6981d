import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addGroups, groupMapOf, labelText, makeGroup } from '../../src/lib/board';
import { createBoard, participantOf, synced, waitFor } from './helpers/clients';
import { call } from './helpers/http';
import { TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { clientPool, serverOnPostgres, type ServerOnPostgres } from './helpers/setups';

/** Publishing one group again after people regrouped its comments: `POST /api/boards/:id/publish {groups}`. */
describe.skipIf(!(await usePostgres()))('publishing a changed group again', () => {
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

	it('tells the board which comments each task links to, and updates only the named group’s task, keeping its id, status and publishing date', async () => {
		const board = await createBoard(server.url, 'Regrouped after publishing');
		const product = (await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Product' } })).json;
		const care = (await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Customer Care' } })).json;
		const editor = clients.open(server.url, board.id, board.token('editor'));
		await synced(editor);
		const fabric = Array.from({ length: 10 }, (_, i) => `note_fabric${i}`);
		editor.doc.transact(() => {
			addGroups(
				editor.doc,
				[makeGroup({ id: 'grp_fabric', label: 'Fabric quality', department: product.id }), makeGroup({ id: 'grp_refunds', label: 'Refunds', department: care.id, x: 800 })],
				{ kind: 'user' }
			);
			fabric.forEach((id, i) => {
				editor.doc.getMap('notes').set(id, [`The fabric wore thin, case ${i}`, participantOf(editor.doc), i]);
				editor.doc.getMap('place').set(id, { groupId: 'grp_fabric', order: `a${i}` });
			});
			editor.doc.getMap('notes').set('note_refund', ['My refund took a month', participantOf(editor.doc), 20]);
			editor.doc.getMap('place').set('note_refund', { groupId: 'grp_refunds', order: 'a0' });
		});
		const facilitator = board.token('facilitator');
		// As the app does: the server waits until it holds every change the editor made.
		const publish = (body: Record<string, unknown> = {}) =>
			call(server.url, `/api/boards/${board.id}/publish`, { token: facilitator, method: 'POST', body: { stateVector: Buffer.from(Y.encodeStateVector(editor.doc)).toString('base64'), ...body } });
		const boardTasks = async () => (await call(server.url, `/api/boards/${board.id}/tasks`, { token: board.token('viewer') })).json.tasks as { id: string; groupId: string; noteCount: number; status: string; publishedAt: string; updatedAt: string; noteIds: string[] }[];
		const first = await publish();
		expect(first.status).toBe(200);
		const taskOf = <T extends { groupId: string }>(tasks: T[], groupId: string): T => tasks.find((t) => t.groupId === groupId)!;
		const fabricTask = taskOf<{ id: string; groupId: string }>(first.json.tasks, 'grp_fabric');
		expect((await call(server.url, `/api/tasks/${fabricTask.id}`, { token: TEST_WORKSPACE_TOKEN, method: 'PATCH', body: { status: 'in_progress' } })).status).toBe(200);
		const before = await boardTasks();
		expect(taskOf(before, 'grp_fabric').noteIds).toEqual(fabric);
		expect(taskOf(before, 'grp_refunds').noteIds).toEqual(['note_refund']);

		// Six comments are taken out into a group of their own, one new comment joins.
		editor.doc.transact(() => {
			addGroups(editor.doc, [makeGroup({ id: 'grp_pilling', label: 'Pilling', x: 1600 })], { kind: 'user' });
			for (const id of fabric.slice(0, 6)) editor.doc.getMap('place').set(id, { groupId: 'grp_pilling', order: 'a0' });
			editor.doc.getMap('notes').set('note_late', ['Colours faded after a wash', participantOf(editor.doc), 30]);
			editor.doc.getMap('place').set('note_late', { groupId: 'grp_fabric', order: 'aV' });
		});
		const reader = clients.open(server.url, board.id, board.token('viewer'));
		await waitFor(() => reader.provider.synced && reader.doc.getMap('notes').has('note_late'), 10_000, 'the regrouping');
		// Until it is published again, the task still links to what it had.
		expect(taskOf(await boardTasks(), 'grp_fabric').noteIds).toEqual(fabric);

		const again = await publish({ groups: ['grp_fabric'] });
		expect(again.status).toBe(200);
		expect(again.json.tasks).toHaveLength(1);
		expect(again.json.tasks[0]).toMatchObject({ id: fabricTask.id, groupId: 'grp_fabric', status: 'in_progress', noteCount: 5 });
		const after = await boardTasks();
		expect(taskOf(after, 'grp_fabric')).toMatchObject({ id: fabricTask.id, status: 'in_progress', noteCount: 5, publishedAt: taskOf(before, 'grp_fabric').publishedAt });
		expect(taskOf(after, 'grp_fabric').noteIds.sort()).toEqual([...fabric.slice(6), 'note_late'].sort());
		// The other task is not touched, and the dashboard reads the new count.
		expect(taskOf(after, 'grp_refunds')).toEqual(taskOf(before, 'grp_refunds'));
		const dashboard = await call(server.url, `/api/departments/${product.id}/tasks`, { token: TEST_WORKSPACE_TOKEN });
		expect(dashboard.json.tasks.map((t: { id: string; noteCount: number }) => [t.id, t.noteCount])).toEqual([[fabricTask.id, 5]]);
		const evidence = await call(server.url, `/api/tasks/${fabricTask.id}`, { token: TEST_WORKSPACE_TOKEN });
		expect(evidence.json.evidence.map((e: { text: string }) => e.text)).toContain('Colours faded after a wash');

		// A named group that cannot be published says why and changes nothing; bad lists are refused.
		const unassigned = await publish({ groups: ['grp_pilling'] });
		expect(unassigned.status).toBe(400);
		expect(unassigned.json.message).toBe('Nothing was published: "Pilling" (it is not assigned to a department). Its task keeps what it had.');
		for (const groups of [[], 'grp_fabric', ['not a group'], [7]]) {
			const refused = await publish({ groups });
			expect(refused.status, JSON.stringify(groups)).toBe(400);
			expect(refused.json.message).toMatch(/"groups" must be a list of 1 to/);
		}
		// Without a list, every assigned group is published as before.
		const all = await publish();
		expect(all.status).toBe(200);
		expect(all.json.tasks.map((t: { groupId: string }) => t.groupId).sort()).toEqual(['grp_fabric', 'grp_refunds']);
	});

	it('gives the dashboard’s and a task page’s data each task’s group renamed and regrouped on its board since publishing, until it is published again', async () => {
		const board = await createBoard(server.url, 'Renamed after publishing');
		const care = (await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN, method: 'POST', body: { name: 'Care' } })).json;
		const editor = clients.open(server.url, board.id, board.token('editor'));
		await synced(editor);
		editor.doc.transact(() => {
			addGroups(editor.doc, [makeGroup({ id: 'grp_refunds', label: 'Refunds', department: care.id })], { kind: 'user' });
			for (const [i, id] of ['note_r1', 'note_r2'].entries()) {
				editor.doc.getMap('notes').set(id, [`My refund took a month, case ${i}`, participantOf(editor.doc), i]);
				editor.doc.getMap('place').set(id, { groupId: 'grp_refunds', order: `a${i}` });
			}
		});
		const publish = () =>
			call(server.url, `/api/boards/${board.id}/publish`, { token: board.token('facilitator'), method: 'POST', body: { stateVector: Buffer.from(Y.encodeStateVector(editor.doc)).toString('base64') } });
		const [task] = (await publish()).json.tasks as { id: string }[];
		// The pages' data as the browser loads it again on a refresh; the comparison is streamed after it.
		const pageData = async (path: string) => {
			const res = await call(server.url, `${path}/__data.json`, { token: TEST_WORKSPACE_TOKEN });
			expect(res.status, path).toBe(200);
			return res.text;
		};
		const dashboard = `/departments/${care.id}`;
		const taskPage = `/departments/${care.id}/tasks/${task.id}`;
		for (const path of [dashboard, taskPage]) expect(await pageData(path)).not.toContain('"renamed"');

		editor.doc.transact(() => {
			const label = labelText(groupMapOf(editor.doc, 'grp_refunds')!)!;
			label.delete(0, label.length);
			label.insert(0, 'Slow  refunds ');
			editor.doc.getMap('notes').set('note_r3', ['Still waiting for my money', participantOf(editor.doc), 3]);
			editor.doc.getMap('place').set('note_r3', { groupId: 'grp_refunds', order: 'a3' });
		});
		const reader = clients.open(server.url, board.id, board.token('viewer'));
		await waitFor(() => reader.provider.synced && reader.doc.getMap('notes').has('note_r3'), 10_000, 'the renaming');
		for (const path of [dashboard, taskPage]) {
			const text = await pageData(path);
			expect(text, path).toContain('"renamed"');
			expect(text, path).toContain('"Slow refunds"');
			expect(text, path).toContain('"Refunds"');
		}

		// Published again, the task takes the group's name: nothing more to flag.
		expect((await publish()).json.tasks).toMatchObject([{ id: task.id, title: 'Slow refunds', noteCount: 3 }]);
		for (const path of [dashboard, taskPage]) expect(await pageData(path)).not.toContain('"renamed"');
	});
});
