import { createServer, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { MAX_BODY_LIMIT } from '../src/lib/server/body-limit.ts';
import { ConfigError, loadConfig } from './config.ts';
import { assetGone, BuiltAssets } from './built-assets.ts';
import { attachUpgrades } from './http.ts';
import { DatabaseUnavailableError, RedisUnavailableError, startServices } from './services.ts';

const SHUTDOWN_GRACE_MS = 5000;
/**
 * After answering a request whose body it did not read to the end (refused as too large, or
 * without the right credential), the server reads and discards a little more before closing,
 * so the client has its answer before the connection is reset (a "lingering close", as Apache
 * httpd does), and then stops reading for good.
 */
const LINGER_MS = 2000;
const LINGER_BYTES = 4 * 1024 * 1024;

function lingerThenClose(req: IncomingMessage): void {
	if (req.complete || req.socket.destroyed) return;
	const { socket } = req;
	let drained = 0;
	const close = () => socket.destroy();
	const timer = setTimeout(close, LINGER_MS);
	// Counted on the socket, not the request: a body nobody began to read (refused by its declared
	// length) is discarded by Node's HTTP parser without any 'data' event of the request, and a
	// client declaring a gigabyte had the server read ~250 MB a second of it until the timer.
	const count = (chunk: Buffer) => {
		drained += chunk.length;
		if (drained > LINGER_BYTES) close();
	};
	socket.on('data', count);
	// A kept-alive socket serves many requests: the listeners go with the request they were for.
	const done = () => {
		clearTimeout(timer);
		socket.off('data', count);
		socket.off('close', done);
	};
	req.once('end', done);
	req.socket.once('close', done);
	req.resume();
}
const PROTOCOL_HEADER = 'x-gistboard-protocol';

async function main() {
	const config = loadConfig(process.env);
	// Each route's body limit is enforced while streaming by the app (src/lib/server/body-limit.ts),
	// with a 413 that says which limit; the adapter's own limit only backs it up above the largest.
	process.env.BODY_SIZE_LIMIT ??= String(MAX_BODY_LIMIT + 1024 * 1024);
	// Without ORIGIN, adapter-node assumes https; this server speaks plain http (TLS belongs to a proxy,
	// which should set ORIGIN), so tell it the protocol through a header only this process sets.
	const ownProtocolHeader = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
	if (ownProtocolHeader) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
	const services = await startServices(config);
	const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);
	// Listed as the adapter lists them, now: a rebuild while this process runs removes them from disk.
	const assets = BuiltAssets.list(fileURLToPath(new URL('../build/client', import.meta.url)));

	const server = createServer((req, res) => {
		if (ownProtocolHeader) req.headers[PROTOCOL_HEADER] = 'http';
		res.once('finish', () => lingerThenClose(req));
		// A file the static server streams may still vanish between that check and its read: the
		// read's error then cuts this response (its headers are out) instead of ending the process.
		res.once('pipe', (source) => source.once('error', () => res.destroy()));
		const asset = (req.method === 'GET' || req.method === 'HEAD') && req.url ? assets.served(req.url) : null;
		if (asset === null) {
			handler(req, res);
			return;
		}
		assets.missing(asset).then(
			(gone) => (gone ? assetGone(res) : handler(req, res)),
			() => assetGone(res)
		);
	});
	// Idle keep-alive connections stay open longer than a client or proxy keeps them (Node's default
	// is 5 s): otherwise a client reusing a connection the moment the server closes it gets a reset
	// ("socket hang up"). 65 s is above the 60 s idle timeout of common load balancers (AWS ALB), so
	// the side that reuses connections closes them first; headersTimeout must exceed
	// keepAliveTimeout (Node's http documentation).
	server.keepAliveTimeout = 65_000;
	server.headersTimeout = 66_000;
	attachUpgrades(server, services, { leaveOthers: false });

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: storing open boards and closing connections…`);
		const force = setTimeout(() => {
			console.error('Shutdown took too long; exiting.');
			process.exit(1);
		}, SHUTDOWN_GRACE_MS).unref();
		server.close();
		await services.close().catch((err) => console.error(err));
		server.closeAllConnections();
		clearTimeout(force);
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));

	server.listen(config.port, config.host, () => {
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : config.port;
		const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
		const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded database in ${config.dataDir}`;
		const fanOut = config.redisUrl ? ', Redis fan-out (REDIS_URL)' : '';
		console.log(`Gistboard is running at http://${host}:${port} (${database}${fanOut})`);
		// As Jupyter does: the link that lets people run workshops (create boards, manage departments).
		const base = config.origin ?? `http://${host}:${port}`;
		const { token, fixed } = services.workspaceLink;
		console.log(
			fixed
				? `Workspace link: ${base}/?token=<WORKSPACE_TOKEN> (the token set in the environment)`
				: `Workspace link: ${base}/?token=${token}\n  (valid until the next start; set WORKSPACE_TOKEN to keep one)`
		);
	});
}

main().catch((err) => {
	if (err instanceof ConfigError || err instanceof DatabaseUnavailableError || err instanceof RedisUnavailableError) {
		console.error(err.message);
	} else {
		console.error('Gistboard could not start:', err);
	}
	process.exit(1);
});
