import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, type AttemptResult } from '../../src/lib/server/webhook-delivery';
import { parseOutboundAllow } from '../../src/lib/server/outbound';

/** A local receiver that answers with the next status in its script and records every body. */
let server: Server;
let base: string;
const script = new Map<string, number[]>();
const received = new Map<string, unknown[]>();

const readBody = (req: IncomingMessage) =>
	new Promise<string>((resolve) => {
		let data = '';
		req.on('data', (c) => (data += c));
		req.on('end', () => resolve(data));
	});

beforeAll(async () => {
	server = createServer(async (req, res) => {
		const body = await readBody(req);
		const path = req.url ?? '/';
		received.set(path, [...(received.get(path) ?? []), JSON.parse(body)]);
		const statuses = script.get(path) ?? [200];
		const status = statuses.length > 1 ? statuses.shift()! : statuses[0];
		res.writeHead(status).end(status < 300 ? 'ok' : 'nope');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The receiver in these tests listens on loopback, which only an allow-list (WEBHOOK_ALLOW) opens. */
const fast = { backoffMs: () => 20, policy: parseOutboundAllow('127.0.0.1') };

describe('webhook delivery', () => {
	it('delivers the JSON body with its Slack text', async () => {
		const result = await deliverWebhook(`${base}/ok`, { event: 'tasks.published', text: 'hello' }, fast);
		expect(result).toEqual({ ok: true, attempts: 1, status: 200, error: null });
		expect(received.get('/ok')).toEqual([{ event: 'tasks.published', text: 'hello' }]);
	});

	it('retries after a failed first attempt and reports each attempt', async () => {
		script.set('/flaky', [503, 200]);
		const attempts: AttemptResult[] = [];
		const result = await deliverWebhook(`${base}/flaky`, { n: 1 }, { ...fast, onAttempt: (a) => void attempts.push(a) });
		expect(result).toMatchObject({ ok: true, attempts: 2, status: 200 });
		expect(attempts.map((a) => [a.status, a.willRetry])).toEqual([
			[503, true],
			[200, false]
		]);
		expect(received.get('/flaky')).toHaveLength(2);
	});

	it('gives up after the last attempt with the reason, and does not retry a refusal', async () => {
		script.set('/down', [500]);
		expect(await deliverWebhook(`${base}/down`, {}, { ...fast, attempts: 3 })).toMatchObject({ ok: false, attempts: 3, error: 'the receiver answered HTTP 500' });
		script.set('/gone', [404]);
		expect(await deliverWebhook(`${base}/gone`, {}, fast)).toMatchObject({ ok: false, attempts: 1, status: 404 });
	});

	it('reports a receiver that cannot be reached', async () => {
		const closed = createServer();
		await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((r) => closed.close(() => r()));
		const result = await deliverWebhook(`http://127.0.0.1:${port}/x`, {}, { ...fast, attempts: 2 });
		expect(result).toMatchObject({ ok: false, attempts: 2, status: null });
		// The log says what happened and nothing about the network (no address, port or error code).
		expect(result.error).toBe('could not connect to the receiver');
	});

	it('refuses loopback, private and metadata addresses without an allow-list, rechecking at every delivery', async () => {
		const before = received.get('/ok')?.length ?? 0;
		for (const url of [`${base}/ok`, `http://localhost:${new URL(base).port}/ok`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/hook', 'http://[::1]/hook']) {
			const result = await deliverWebhook(url, {}, { backoffMs: () => 20 });
			expect(result, url).toMatchObject({ ok: false, attempts: 1, status: null });
			expect(result.error).toMatch(/must be public/);
		}
		expect(received.get('/ok')?.length ?? 0).toBe(before);
	});
});
