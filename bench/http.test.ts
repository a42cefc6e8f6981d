import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest } from './http';

describe('httpRequest', () => {
	let server: Server | undefined;
	afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

	it('never sends a request on a connection the server may be closing: each request has its own', async () => {
		// A server that answers the first request of a connection and drops the connection at the
		// second, as one does when its idle timeout fires just as a reused connection's request arrives.
		server = createServer((req, res) => {
			const socket = req.socket as typeof req.socket & { served?: number };
			socket.served = (socket.served ?? 0) + 1;
			if (socket.served > 1) return socket.destroy();
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ method: req.method, path: req.url }));
		});
		server.keepAliveTimeout = 60_000;
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

		for (let i = 0; i < 5; i++) {
			const answer = await httpRequest(`${base}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Bench"}' });
			expect(answer).toEqual({ status: 200, text: '{"method":"POST","path":"/api/boards"}' });
		}
		expect((await httpRequest(`${base}/healthz`)).status).toBe(200);
	});
});
