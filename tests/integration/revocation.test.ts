import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, synced, waitFor } from './helpers/clients';
import { TEST_WORKSPACE_TOKEN, workspaceHeaders, type RunningServer } from './helpers/server';
import { usePostgres, useRedis } from './helpers/services';
import { clientPool, twoProcesses, type TwoProcesses } from './helpers/setups';

const ready = (await usePostgres()) && (await useRedis());

describe.skipIf(!ready)('revocation on every process (two processes, PostgreSQL and Redis)', () => {
	let processes: TwoProcesses;
	let a: RunningServer;
	let b: RunningServer;
	const clients = clientPool();
	const open = clients.open;

	beforeAll(async () => {
		({ a, b } = processes = await twoProcesses());
	}, 120_000);

	afterAll(async () => {
		clients.destroyAll();
		await processes?.stop();
	});

	it('a board link replaced on one process disconnects its connections on the other at once', async () => {
		const board = await createBoard(a.url, 'Two processes');
		const oldEditor = board.token('editor');
		const onB = open(b.url, board.id, oldEditor);
		const viewerOnB = open(b.url, board.id, board.token('viewer'));
		await Promise.all([synced(onB), synced(viewerOnB)]);

		const replaced = await fetch(`${a.url}/api/boards/${board.id}/links`, {
			method: 'POST',
			headers: { authorization: `Bearer ${board.token('facilitator')}`, 'content-type': 'application/json' },
			body: JSON.stringify({ role: 'editor' })
		});
		expect(replaced.status).toBe(200);
		const { links } = await replaced.json();
		// Process A held no connection of this board; process B closes its editor with "revoked".
		await waitFor(() => onB.closes.some((c) => c.code === 4401), 5000, 'the editor on B to be disconnected');
		expect(onB.closes.find((c) => c.code === 4401)!.reason).toMatch(/not valid or was revoked/);
		expect(viewerOnB.closes).toEqual([]);
		// Its reconnection with the old link is refused on both processes; the new link works on both.
		onB.provider.shouldConnect = false;
		for (const server of [a, b]) {
			const again = open(server.url, board.id, oldEditor);
			await waitFor(() => again.closes.some((c) => c.code === 4401), 5000, 'the old link to be refused');
			again.provider.shouldConnect = false;
			const fresh = open(server.url, board.id, new URL(links.editor).searchParams.get('token')!);
			await synced(fresh);
			// HTTP with the old link: refused on every process.
			const tasks = await fetch(`${server.url}/api/boards/${board.id}/tasks`, { headers: { authorization: `Bearer ${oldEditor}` } });
			expect(tasks.status).toBe(401);
		}
	});

	it('a department link revoked on one process stops working on the other at once', async () => {
		const dept = await (await fetch(`${a.url}/api/departments`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ name: 'Returns' }) })).json();
		const made = await (await fetch(`${a.url}/api/departments/${dept.id}/links`, { method: 'POST', headers: workspaceHeaders(), body: JSON.stringify({ label: 'For Rita' }) })).json();
		const token = new URL(made.url).searchParams.get('token')!;
		const dashboard = (server: RunningServer) => fetch(`${server.url}/api/departments/${dept.id}/tasks`, { headers: { authorization: `Bearer ${token}` } });
		expect((await dashboard(b)).status).toBe(200);
		const listed = await (await fetch(`${b.url}/api/departments/${dept.id}/links`, { headers: workspaceHeaders() })).json();
		expect(listed.links).toEqual([expect.objectContaining({ hash: made.hash, label: 'For Rita', expiresAt: null })]);

		const revoked = await fetch(`${a.url}/api/departments/${dept.id}/links/${made.hash}`, { method: 'DELETE', headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}` } });
		expect(revoked.status).toBe(200);
		expect((await dashboard(b)).status).toBe(401);
		expect((await dashboard(a)).status).toBe(401);
		const page = await fetch(`${b.url}/departments/${dept.id}?token=${token}`, { redirect: 'manual' });
		expect(page.status).toBe(401);
		expect((await (await fetch(`${b.url}/api/departments/${dept.id}/links`, { headers: workspaceHeaders() })).json()).links).toEqual([]);
		// Revoking again says there is no such working link.
		expect((await fetch(`${b.url}/api/departments/${dept.id}/links/${made.hash}`, { method: 'DELETE', headers: workspaceHeaders() })).status).toBe(404);
	});
});
