import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, createBoard, synced, type Client, type CreatedBoard } from './helpers/clients';
import { REFUSALS_BURST } from '../../server/sync/limits';
import { startServer, tempDir, TEST_WORKSPACE_TOKEN, type RunningServer } from './helpers/server';

/** A raw board socket from a given address (the test server reads X-Forwarded-For). */
function rawSocket(server: RunningServer, board: CreatedBoard, address: string, token = board.token('editor')): WebSocket {
	return new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${token}`, { headers: { 'x-forwarded-for': address } });
}

/**
 * Resolves 'joined' once the server speaks on the socket, with the close code and reason, or with
 * the HTTP status of an upgrade the server answered without a WebSocket.
 */
function outcome(ws: WebSocket): Promise<'joined' | { code: number; reason: string } | { http: number }> {
	return new Promise((resolve) => {
		ws.on('error', () => {});
		ws.once('unexpected-response', (req, res) => {
			resolve({ http: res.statusCode ?? 0 });
			req.destroy();
		});
		ws.once('message', () => resolve('joined'));
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
	});
}

describe('rate limits and rooms per client', () => {
	let server: RunningServer;
	const sockets: WebSocket[] = [];
	const clients: Client[] = [];

	beforeAll(async () => {
		server = await startServer({
			DATA_DIR: tempDir('gistboard-rates-'),
			ADDRESS_HEADER: 'x-forwarded-for',
			HTTP_RATE_LIMIT: '2',
			BOARDS_PER_HOUR: '4',
			MAX_ROOMS: '3',
			MAX_ROOMS_PER_CLIENT: '2',
			ROOM_IDLE_MS: '600000'
		});
	});

	afterAll(async () => {
		for (const ws of sockets) ws.terminate();
		for (const c of clients) c.destroy();
		await server?.stop('SIGKILL');
	});

	const boards: CreatedBoard[] = [];

	it('one address holding its share of rooms cannot lock a real facilitator out', async () => {
		for (let i = 0; i < 3; i++) boards.push(await createBoard(server.url, `Board ${i}`));
		// The client at 6.6.6.6 opens two boards, and is refused a third before MAX_ROOMS is reached.
		for (const board of boards.slice(0, 2)) {
			const ws = rawSocket(server, board, '6.6.6.6');
			sockets.push(ws);
			expect(await outcome(ws)).toBe('joined');
		}
		const third = rawSocket(server, boards[2], '6.6.6.6');
		sockets.push(third);
		expect(await outcome(third)).toEqual({ code: 4429, reason: expect.stringMatching(/Too many boards are open from this address/) });
		// The facilitator (another address) still gets the last room.
		const facilitator = connect(server.url, boards[2].id, boards[2].token('facilitator'));
		clients.push(facilitator);
		await synced(facilitator);
		expect(facilitator.closes).toEqual([]);
	});

	it(`looks up at most ${REFUSALS_BURST} refused links of one address at once, then tells it to wait; other addresses carry on`, async () => {
		// A board of the test before, loaded already (MAX_ROOMS is 3, BOARDS_PER_HOUR 4 here).
		const board = boards[2];
		const attempt = async (address: string, token: string) => {
			const ws = rawSocket(server, board, address, token);
			sockets.push(ws);
			const result = await outcome(ws);
			ws.terminate();
			return result;
		};
		// Wrong links from one address: each costs the database look-ups, until its budget is spent.
		const answers: Awaited<ReturnType<typeof outcome>>[] = [];
		const told = () => answers.filter((a) => typeof a !== 'string' && 'code' in a && a.code === 4429);
		for (let round = 0; round < 20 && !answers.some((a) => typeof a !== 'string' && 'http' in a); round++) {
			answers.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('7.7.7.7', `wrong-${round}-${i}`)))));
		}
		// Connections checked at the same time share the budget's last tokens: at most the burst
		// and what came back meanwhile are looked up.
		const looked = answers.filter((a) => typeof a !== 'string' && 'code' in a && a.code === 4401).length;
		expect(looked).toBeGreaterThanOrEqual(REFUSALS_BURST);
		expect(looked).toBeLessThan(REFUSALS_BURST + 40);
		// The first few past the budget are told why over the WebSocket; the rest get 429 before the handshake.
		expect(told().length).toBeGreaterThan(0);
		expect(told()[0]).toEqual({ code: 4429, reason: 'Too many connections from your network were refused (wrong or replaced links). Reconnecting shortly…' });
		expect(answers.at(-1)).toEqual({ http: 429 });
		// Another address is looked up as usual, wrong link or right.
		expect(await attempt('7.7.7.8', 'wrong')).toEqual({ code: 4401, reason: expect.stringMatching(/not valid or was revoked/) });
		expect(await attempt('7.7.7.8', board.token('viewer'))).toBe('joined');
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toMatch(/gistboard_sync_connections_closed_total\{reason="tooManyRefused"\} [1-9]/);
	});

	it("gives back the hour's board of a restore whose backup is refused", async () => {
		// One board of the hour is left (three made above): five wrong files in a row are each
		// refused for what they are, and the board is still there for the next test.
		for (let i = 0; i < 5; i++) {
			const res = await fetch(`${server.url}/api/boards/restore`, {
				method: 'POST',
				headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json', 'x-forwarded-for': `8.8.7.${i}`, accept: 'application/json' },
				body: JSON.stringify({ notAGistboardBackup: true })
			});
			expect(res.status).toBe(400);
			expect((await res.json()).message).not.toMatch(/boards in the last hour/);
		}
	});

	it('limits boards created per workspace per hour with 429 and Retry-After', async () => {
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json', 'x-forwarded-for': '8.8.8.1' },
			body: JSON.stringify({ title: 'One more' })
		});
		expect(res.status).toBe(201);
		const refused = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TEST_WORKSPACE_TOKEN}`, 'content-type': 'application/json', 'x-forwarded-for': '8.8.8.2', accept: 'application/json' },
			body: JSON.stringify({ title: 'Too many' })
		});
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
		expect((await refused.json()).message).toBe('This workspace has created 4 boards in the last hour, the limit.');
	});

	it('answers 429 with Retry-After past the request rate of one address, and not to another or to /healthz', async () => {
		const statuses: number[] = [];
		let retryAfter: string | null = null;
		for (let i = 0; i < 30; i++) {
			const res = await fetch(`${server.url}/api/time`, { headers: { 'x-forwarded-for': '9.9.9.9' } });
			statuses.push(res.status);
			if (res.status === 429) {
				retryAfter = res.headers.get('retry-after');
				expect(await res.json()).toMatchObject({ code: 'rate-limited', message: 'Too many requests from this address or link.' });
			} else await res.body?.cancel();
		}
		expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(20);
		expect(statuses).toContain(429);
		expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
		expect((await fetch(`${server.url}/api/time`, { headers: { 'x-forwarded-for': '9.9.9.10' } })).status).toBe(200);
		expect((await fetch(`${server.url}/healthz`, { headers: { 'x-forwarded-for': '9.9.9.9' } })).status).toBe(200);
	});
});
