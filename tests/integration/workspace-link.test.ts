import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBoard } from './helpers/clients';
import { startServer, tempDir, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';
import { freshDatabase, usePostgres, useRedis } from './helpers/services';

const pgAvailable = await usePostgres();
const redisAvailable = await useRedis();

/** A board socket that joins with a workspace link's cookie, as a member's browser does. */
function memberSocket(server: RunningServer, boardId: string, workspaceToken: string): WebSocket {
	return new WebSocket(`${server.url.replace('http', 'ws')}/sync/${boardId}`, { headers: { cookie: `gw=${encodeURIComponent(workspaceToken)}` } });
}

function joined(ws: WebSocket): Promise<void> {
	return new Promise((resolve, reject) => {
		ws.once('message', () => resolve());
		ws.once('close', (code) => reject(new Error(`closed with ${code}`)));
	});
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

const call = (server: RunningServer, path: string, token: string, method = 'GET', body?: unknown) =>
	fetch(`${server.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});

describe.skipIf(!pgAvailable || !redisAvailable)('replacing a workspace link without a restart (two processes, PostgreSQL and Redis)', () => {
	let a: RunningServer;
	let b: RunningServer;
	let drop = async () => {};

	beforeAll(async () => {
		const db = await freshDatabase();
		drop = db.drop;
		const env = { DATA_DIR: tempDir('gistboard-wslink-'), DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `gb-wslink-${Date.now()}:` };
		a = await startServer(env);
		b = await startServer(env);
	}, 180_000);

	afterAll(async () => {
		await a?.stop();
		await b?.stop();
		await drop();
	});

	it('stops the old link at once on every process, closes the sockets it opened there, and the new one works', async () => {
		const made = await call(a, '/api/workspaces', TEST_WORKSPACE_TOKEN, 'POST', { name: 'Customer Care' });
		expect(made.status).toBe(201);
		const old = new URL((await made.json()).link).searchParams.get('token')!;
		const board = await createBoard(a.url, 'Team board', old);

		const onA = memberSocket(a, board.id, old);
		const onB = memberSocket(b, board.id, old);
		await Promise.all([joined(onA), joined(onB)]);
		const closes = [closed(onA), closed(onB)];

		const rotated = await call(a, '/api/workspaces/link', old, 'POST');
		expect(rotated.status).toBe(200);
		const answer = await rotated.json();
		expect(answer.disconnected).toBe(1);
		const fresh = new URL(answer.link).searchParams.get('token')!;
		expect(fresh).not.toBe(old);

		for (const c of await Promise.all(closes)) expect(c).toEqual({ code: 4401, reason: expect.stringMatching(/not valid or was revoked/) });
		for (const server of [a, b]) {
			expect((await call(server, '/api/workspaces', old)).status).toBe(401);
			expect((await call(server, '/api/workspaces', fresh)).status).toBe(200);
		}
		const again = memberSocket(b, board.id, fresh);
		await joined(again);
		again.close();
		// The old link cannot be replaced a second time.
		expect((await call(a, '/api/workspaces/link', old, 'POST')).status).toBe(401);
		// The default workspace's link was not touched.
		expect((await call(b, '/api/workspaces', TEST_WORKSPACE_TOKEN)).status).toBe(200);
	});
});
