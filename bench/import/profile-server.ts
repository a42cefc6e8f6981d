/**
 * A CPU profile of the production server's main thread over one import (bench/import/through-server.ts),
 * taken through the server's inspector (`node --inspect`), so the profile holds the import only:
 * not the server's start, not the warm-up import before it.
 *
 *     npm run build
 *     GISTBOARD_FIXTURES=/work/shared/fixtures npx tsx bench/import/profile-server.ts <out folder> [app folder=.] [port=4309]
 *     npx tsx bench/board/profile-summary.ts <out folder>/server-import.cpuprofile
 *
 * The server listens on `port`, its inspector on `port + 1` (127.0.0.1 only). Writes
 * `<out folder>/server-import.cpuprofile` (Chrome's CPU profile format, sampled every 500 µs) and
 * prints the import's measures (`ServerImport`). Without Chromium (BENCH_BROWSER=0) only the Node
 * participants watch.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import WebSocket from 'ws';
import { launchBenchChromium } from '../app-server.ts';
import { httpRequest } from '../http.ts';
import { makeImportFile } from './input.ts';
import { importThroughServer, startServer } from './through-server.ts';

const [outDir, appDir = '.', portArg = '4309'] = process.argv.slice(2);
if (!outDir) {
	console.error('usage: profile-server.ts <out folder> [app folder] [port]');
	process.exit(2);
}
const port = Number(portArg);
const inspectPort = port + 1;

/** A minimal Chrome DevTools Protocol session over the inspector's WebSocket: `send(method, params)` → result. */
async function inspector(url: string): Promise<{ send: (method: string, params?: object) => Promise<Record<string, unknown>>; close: () => void }> {
	const ws = new WebSocket(url);
	await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
	let next = 1;
	const waiting = new Map<number, { ok: (r: Record<string, unknown>) => void; fail: (e: Error) => void }>();
	ws.on('message', (data) => {
		const msg = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
		const w = msg.id !== undefined ? waiting.get(msg.id) : undefined;
		if (!w) return;
		waiting.delete(msg.id!);
		if (msg.error) w.fail(new Error(msg.error.message));
		else w.ok(msg.result ?? {});
	});
	return {
		send: (method, params = {}) =>
			new Promise((ok, fail) => {
				const id = next++;
				waiting.set(id, { ok, fail });
				ws.send(JSON.stringify({ id, method, params }));
			}),
		close: () => ws.close()
	};
}

const { bytes } = makeImportFile(10_000);
const server = await startServer(resolve(appDir), port, [`--inspect=127.0.0.1:${inspectPort}`]);
let browser: Browser | undefined;
try {
	if (process.env.BENCH_BROWSER !== '0')
		browser = await launchBenchChromium();
	const base = `http://127.0.0.1:${port}`;
	// The warm-up: module loading and JIT are not what an import costs once the server runs.
	const warm = await importThroughServer(base, bytes, 9580, server.pid, browser);
	const targets = JSON.parse((await httpRequest(`http://127.0.0.1:${inspectPort}/json/list`)).text) as { webSocketDebuggerUrl: string }[];
	const cdp = await inspector(targets[0].webSocketDebuggerUrl);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
	await cdp.send('Profiler.start');
	const measured = await importThroughServer(base, bytes, warm.notes, server.pid, browser);
	const { profile } = await cdp.send('Profiler.stop');
	cdp.close();
	mkdirSync(outDir, { recursive: true });
	const file = resolve(outDir, 'server-import.cpuprofile');
	writeFileSync(file, JSON.stringify(profile));
	console.log(JSON.stringify(measured));
	console.log(`wrote ${file}`);
} finally {
	await browser?.close();
	server.kill('SIGTERM');
}
