import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP load balancer in front of server processes: each new connection goes to the port
 * `target()` names at that moment; a process that stops takes its connections with it.
 */
export async function startProxy(target: () => number): Promise<{ port: number; url: string; close: () => Promise<void> }> {
	const sockets = new Set<Socket>();
	const server: Server = createServer((client) => {
		const upstream = connect(target(), '127.0.0.1');
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
			s.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		client.pipe(upstream);
		upstream.pipe(client);
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		port,
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>((res) => {
				for (const s of sockets) s.destroy();
				server.close(() => res());
			})
	};
}
