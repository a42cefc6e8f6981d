import { request } from 'node:http';

/** What `httpRequest` answers. */
export interface HttpAnswer {
	status: number;
	text: string;
}

/**
 * One HTTP request to a server under test, on a TCP connection of its own that is closed after
 * the answer (no agent, `Connection: close`). Rejects on a network error.
 *
 * Why not `fetch`: it keeps idle connections in a pool and reuses them. The benchmarks leave a
 * server idle for seconds (waiting for memory to settle, a workload running) and start servers
 * again on the same port; a pooled connection reused just as the server closes it for idleness
 * fails with undici's "SocketError: other side closed" (the keep-alive race of
 * nodejs/undici#3141; Node's server closed idle connections after 5 s). With one connection per
 * request there is nothing to reuse; the few requests a benchmark makes lose nothing by it.
 */
export function httpRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
	const body = options.body === undefined ? undefined : Buffer.from(options.body);
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: options.method ?? 'GET',
				agent: false,
				headers: { ...options.headers, connection: 'close', ...(body ? { 'content-length': String(body.length) } : {}) }
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}
