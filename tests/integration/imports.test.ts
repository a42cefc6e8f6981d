import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connect, createBoard, noteContents, synced, waitFor, type Client, type CreatedBoard } from './helpers/clients';
import { startServer, type RunningServer } from './helpers/server';
import { usePostgres } from './helpers/services';
import { storageBackends } from './helpers/setups';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/import', name));

const hasPostgres = await usePostgres();
const backends = storageBackends(hasPostgres);

describe.each(backends)('POST /api/boards/:id/imports on $name', (backend) => {
	let server: RunningServer;
	let cleanup = async () => {};
	let board: CreatedBoard;
	let participant: Client;

	const post = (body: BodyInit, opts: { token?: string; query?: string; type?: string } = {}) =>
		fetch(`${server.url}/api/boards/${board.id}/imports${opts.query ?? ''}`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${opts.token ?? board.token('facilitator')}`,
				// Form posts must come from the app's own origin (SvelteKit's CSRF guard), as the dialog's do.
				...(body instanceof FormData ? { origin: server.url } : {}),
				...(opts.type ? { 'content-type': opts.type } : {})
			},
			body
		});
	const notes = () => participant.doc.getMap('notes');

	beforeAll(async () => {
		const setup = await backend.env();
		cleanup = setup.cleanup;
		server = await startServer(setup.env);
		board = await createBoard(server.url, 'Import API');
		participant = connect(server.url, board.id, board.token('editor'));
		await synced(participant);
	});
	afterAll(async () => {
		participant?.destroy();
		await server?.stop();
		await cleanup();
	});

	it('imports a CSV body with a facilitator token; a participant sees the notes live, without private values', async () => {
		const res = await post(fixture('contacts.csv'), { type: 'text/csv', query: '?filename=contacts.csv' });
		expect(res.status).toBe(201);
		const body = await res.json();
		expect(body).toMatchObject({ imported: 3, skipped: 0, rows: 3, problems: [{ row: 2, line: 4, message: 'date “not a date” could not be read; kept as written' }] });
		await waitFor(() => notes().size === 3, 10_000, 'imported notes');
		const texts = Object.values(noteContents(participant.doc)).map((n) => n.text);
		expect(texts).toContain('The invoice total was wrong');
		const state = JSON.stringify(participant.doc.toJSON());
		for (const secret of ['Ann Lee', 'ann@example.com', '7946 0958', '1 High St', 'Bo Chen']) expect(state).not.toContain(secret);
		const list = await fetch(`${server.url}/api/boards/${board.id}/imports`, { headers: { authorization: `Bearer ${board.token('facilitator')}` } });
		expect((await list.json()).imports[0]).toMatchObject({ id: body.importId, fileName: 'contacts.csv', notes: 3 });

		// Facilitators read the private values through the server; participants cannot.
		const priv = await fetch(`${server.url}/api/boards/${board.id}/imports/private`, { headers: { authorization: `Bearer ${board.token('facilitator')}` } });
		const { rows } = await priv.json();
		expect(rows.find((r: { row: number }) => r.row === 0).fields).toMatchObject({ Name: 'Ann Lee', Email: 'ann@example.com' });
		const denied = await fetch(`${server.url}/api/boards/${board.id}/imports/private`, { headers: { authorization: `Bearer ${board.token('editor')}` } });
		expect(denied.status).toBe(403);

		// Undo takes the whole import away again.
		const undo = await fetch(`${server.url}/api/boards/${board.id}/imports/${body.importId}`, {
			method: 'DELETE',
			headers: { authorization: `Bearer ${board.token('facilitator')}` }
		});
		expect(await undo.json()).toEqual({ removed: 3 });
		await waitFor(() => notes().size === 0, 10_000, 'undo');
		const after = await fetch(`${server.url}/api/boards/${board.id}/imports/private`, { headers: { authorization: `Bearer ${board.token('facilitator')}` } });
		expect((await after.json()).rows).toEqual([]);
	});

	it('takes multipart uploads with a mapping, and remembers the mapping for the same header', async () => {
		const form = new FormData();
		form.set('file', new Blob([fixture('comma-quoted.csv')]), 'comma-quoted.csv');
		form.set('mapping', JSON.stringify({ columns: [{ column: 'Product', role: 'comment', private: false }] }));
		const res = await post(form);
		expect(res.status).toBe(201);
		const first = await res.json();
		expect(first.imported).toBe(4);
		await waitFor(() => Object.values(noteContents(participant.doc)).some((n) => n.text === 'Blender'), 10_000, 'product notes');
		// Same header, no mapping sent: the remembered one is used.
		const again = await post(fixture('comma-quoted.csv'), { type: 'text/csv' });
		const second = await again.json();
		expect(second.mapping.columns.find((c: { column: string }) => c.column === 'Product').role).toBe('comment');
		for (const id of [first.importId, second.importId]) {
			await fetch(`${server.url}/api/boards/${board.id}/imports/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${board.token('facilitator')}` } });
		}
		await waitFor(() => notes().size === 0, 10_000, 'undo');
	});

	it('refuses participants and viewers', async () => {
		expect((await post(fixture('comma-quoted.csv'), { token: board.token('editor'), type: 'text/csv' })).status).toBe(403);
		expect((await post(fixture('comma-quoted.csv'), { token: 'nope', type: 'text/csv' })).status).toBe(401);
	});

	it('keeps every note and the import when the file name and the author given are far too long', async () => {
		const longName = `${'x'.repeat(2000)}.csv`;
		const res = await post(fixture('contacts.csv'), { type: 'text/csv', query: `?filename=${longName}&by_user=${'y'.repeat(500)}` });
		expect(res.status).toBe(201);
		const body = await res.json();
		expect(body.imported).toBe(3);
		await waitFor(() => notes().size === 3, 10_000, 'imported notes');
		const list = await (await fetch(`${server.url}/api/boards/${board.id}/imports`, { headers: { authorization: `Bearer ${board.token('facilitator')}` } })).json();
		const listed = list.imports.find((i: { id: string }) => i.id === body.importId);
		expect(listed.fileName).toHaveLength(255);
		expect(listed.notes).toBe(3);
		await fetch(`${server.url}/api/boards/${board.id}/imports/${body.importId}`, { method: 'DELETE', headers: { authorization: `Bearer ${board.token('facilitator')}` } });
		await waitFor(() => notes().size === 0, 10_000, 'undo');
	});

	it('imports a comment longer than a note holds cut to fit, and says it was shortened', async () => {
		const angry = `I was charged twice and nobody answered. ${'Still waiting. '.repeat(500)}Cancel my account.`;
		const file = `Ticket,Description\nT-1,Short one\nT-2,"${angry}"\n`;
		const res = await post(file, { type: 'text/csv', query: '?filename=tickets.csv' });
		expect(res.status).toBe(201);
		const body = await res.json();
		expect(body).toMatchObject({ imported: 2, skipped: 0, shortened: 1 });
		expect(body.problems).toEqual([expect.objectContaining({ row: 1, line: 3, kind: 'comment-shortened', column: 'Description' })]);
		expect(body.problemKinds).toEqual([expect.objectContaining({ kind: 'comment-shortened', count: 1 })]);
		await waitFor(() => notes().size === 2, 10_000, 'imported notes');
		const cut = Object.values(noteContents(participant.doc)).find((n) => n.source?.row === 1)!.text;
		expect(cut.length).toBe(5000);
		expect(cut.startsWith('I was charged twice and nobody answered. Still waiting.')).toBe(true);
		expect(cut.endsWith('…')).toBe(true);
		const list = await (await fetch(`${server.url}/api/boards/${board.id}/imports`, { headers: { authorization: `Bearer ${board.token('facilitator')}` } })).json();
		expect(list.imports.find((i: { id: string }) => i.id === body.importId)).toMatchObject({ notes: 2, skipped: 0, problems: [expect.objectContaining({ kind: 'comment-shortened', count: 1 })] });
		await fetch(`${server.url}/api/boards/${board.id}/imports/${body.importId}`, { method: 'DELETE', headers: { authorization: `Bearer ${board.token('facilitator')}` } });
		await waitFor(() => notes().size === 0, 10_000, 'undo');
	});

	it('answers bad files with a clear message and imports nothing', async () => {
		const cases: [Uint8Array | Buffer, string, number, RegExp][] = [
			[new Uint8Array(), 'empty.csv', 422, /is empty/],
			[fixture('binary.dat'), 'data.csv', 422, /not text/],
			[fixture('headers-only.csv'), 'headers-only.csv', 422, /header row but no data rows/]
		];
		for (const [bytes, name, status, message] of cases) {
			const res = await post(bytes as BodyInit, { type: 'text/csv', query: `?filename=${name}` });
			expect(res.status).toBe(status);
			expect((await res.json()).message).toMatch(message);
		}
		// Ragged rows: the good rows are imported, the broken one is reported with its row number.
		const ragged = await (await post(fixture('ragged.csv'), { type: 'text/csv', query: '?filename=ragged.csv' })).json();
		expect(ragged).toMatchObject({ imported: 3, skipped: 1, problems: [{ row: 2, line: 4 }] });
		await waitFor(() => notes().size === 3, 10_000, 'ragged import');
		await fetch(`${server.url}/api/boards/${board.id}/imports/${ragged.importId}`, { method: 'DELETE', headers: { authorization: `Bearer ${board.token('facilitator')}` } });
		await waitFor(() => notes().size === 0, 10_000, 'undo');
	});

	it('refuses a 100 MB file with the limit in the message', async () => {
		const big = new Uint8Array(100 * 1024 * 1024).fill(0x61);
		const res = await post(big, { type: 'text/csv', query: '?filename=huge.csv' });
		expect(res.status).toBe(413);
		expect((await res.json()).message).toBe('The file is 100.0 MB; the import limit is 50.0 MB.');
		expect(notes().size).toBe(0);
	});
});
