import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGroups, makeGroup, readGroups, updateGroup } from '../../src/lib/board';
import { addNote, connect, createBoard, synced, waitFor, type Client } from './helpers/clients';
import { call } from './helpers/http';
import { startServer, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { freshDatabase, usePostgres } from './helpers/services';

/**
 * The /departments page's form changes a workspace's departments as `/api/departments` does: the
 * workspace's open boards take a department added there at once, and refuse one deleted there.
 */
describe.skipIf(!(await usePostgres()))('departments changed on the /departments page reach open boards', () => {
	let server: RunningServer;
	let database: Awaited<ReturnType<typeof freshDatabase>>;
	const open: Client[] = [];

	beforeAll(async () => {
		database = await freshDatabase();
		server = await startServer({ DATABASE_URL: database.url });
	});
	afterAll(async () => {
		for (const c of open) c.destroy();
		await server?.stop();
		await database?.drop();
	});

	/** Posts the page's form action `name` as the browser's enhanced form does; its data. */
	const formAction = async (name: string, fields: Record<string, string>) => {
		const res = await fetch(`${server.url}/departments?/${name}`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`,
				origin: server.url,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields)
		});
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.type).toBe('success');
		return body;
	};
	const idOf = async (name: string) => {
		const listed = await call(server.url, '/api/departments', { token: TEST_WORKSPACE_TOKEN });
		return (listed.json as { id: string; name: string }[]).find((d) => d.name === name)!.id;
	};

	it('keeps the first assignment to a department added through the form, and puts back one to a department deleted through it', async () => {
		const board = await createBoard(server.url, 'Departments from the page');
		const editor = connect(server.url, board.id, board.token('editor'));
		const reader = connect(server.url, board.id, board.token('viewer'));
		open.push(editor, reader);
		await Promise.all([synced(editor), synced(reader)]);
		const departmentOf = (c: Client) => readGroups(c.doc).groups.find((g) => g.id === 'grp_delivery')?.department;
		addGroups(editor.doc, [makeGroup({ id: 'grp_delivery', label: 'Late delivery' })], { kind: 'user' });
		addNote(editor.doc, 'note_late', 'The parcel came a week late');
		editor.doc.getMap('place').set('note_late', { groupId: 'grp_delivery', order: 'a0' });
		await waitFor(() => departmentOf(reader) === null, 10_000, 'the group');
		const assign = (department: string | null) => updateGroup(editor.doc, 'grp_delivery', { department }, { kind: 'user' });
		/** Assigns, then makes another edit: once the reader has that edit, the server has judged the assignment. */
		const assignAndSettle = async (department: string | null, note: string) => {
			assign(department);
			addNote(editor.doc, note, 'Another comment');
			await waitFor(() => reader.doc.getMap('notes').has(note), 10_000, 'the next edit');
		};

		expect((await formAction('create', { name: 'Logistics', color: '#0ea5e9' })).data).toContain('Logistics');
		const logistics = await idOf('Logistics');
		await assignAndSettle(logistics, 'note_after_create');
		expect(departmentOf(reader)).toBe(logistics);
		expect(departmentOf(editor)).toBe(logistics);

		// Renamed on the page: still assignable.
		await formAction('update', { id: logistics, name: 'Shipping', color: '#0ea5e9' });
		await assignAndSettle(null, 'note_after_unassign');
		await assignAndSettle(logistics, 'note_after_rename');
		expect(departmentOf(reader)).toBe(logistics);

		// Deleted on the page: refused at once, and the editor's document is put back.
		await assignAndSettle(null, 'note_before_delete');
		await formAction('delete', { id: logistics });
		await assignAndSettle(logistics, 'note_after_delete');
		expect(departmentOf(reader)).toBeNull();
		await waitFor(() => departmentOf(editor) === null, 10_000, 'the repair at the editor');
		expect(editor.closes).toEqual([]);
	});
});
