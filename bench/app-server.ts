/**
 * The app's own server, started for a benchmark as `npm start` starts it: the compiled bundle
 * (`build/gistboard-server.js`, made by `npm run build`) when the folder has one, else
 * `tsx server/index.ts` (commits from before the bundle), on the embedded database in a fresh data
 * directory, with the workspace credential below so the benchmark can create boards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { httpRequest } from './http.ts';

/**
 * Chromium as the benchmarks drive it: the system browser (/usr/bin/chromium, or CHROMIUM_PATH),
 * headless, without GPU, QUIC or background traffic (the flags the E2E tests use).
 */
export function launchBenchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
	});
}

/** The workspace credential every benchmark server starts with (`Authorization: Bearer …` to create boards). */
export const BENCH_WORKSPACE_TOKEN = 'bench-workspace-token-0123456789abcdef';

/** A board the benchmark made: its id and its share links (full URLs carrying their tokens). */
export interface BenchBoard {
	id: string;
	links: { facilitator: string; editor: string; viewer: string };
}

/**
 * Creates a board titled `title` on the server at `base` (`POST /api/boards` with the benchmark's
 * workspace credential). Rejects when the server does not answer 201, with its answer.
 */
export async function createBenchBoard(base: string, title: string): Promise<BenchBoard> {
	const res = await httpRequest(`${base}/api/boards`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_WORKSPACE_TOKEN}` },
		body: JSON.stringify({ title })
	});
	if (res.status !== 201) throw new Error(`${base}: POST /api/boards answered ${res.status}: ${res.text}`);
	return JSON.parse(res.text) as BenchBoard;
}

export interface AppServerOptions {
	/** More environment for the server (ROOM_IDLE_MS, …); it wins over the defaults. */
	env?: Record<string, string>;
	/** Whether the server's standard output shows in the benchmark's (its errors always do). */
	quiet?: boolean;
	/** How long to wait for `/healthz`, in seconds (120 by default). */
	waitSeconds?: number;
	/** Flags for Node before the script (`--cpu-prof`, which NODE_OPTIONS does not take). */
	nodeArgs?: string[];
}

/**
 * Starts the server of the app folder `dir` on 127.0.0.1:`port` and resolves with its process once
 * `GET /healthz` answers 200 (asked every 500 ms). Rejects, after killing the process, when it
 * exits or does not answer within `waitSeconds`. The caller stops it (`child.kill('SIGTERM')`).
 */
export async function startAppServer(dir: string, port: number, options: AppServerOptions = {}): Promise<ChildProcess> {
	const bundle = join(dir, 'build', 'gistboard-server.js');
	const args = [...(options.nodeArgs ?? []), ...(existsSync(bundle) ? ['--enable-source-maps', bundle] : ['--import', 'tsx', 'server/index.ts'])];
	const child = spawn(process.execPath, args, {
		cwd: dir,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: mkdtempSync(join(tmpdir(), 'gistboard-bench-')),
			WORKSPACE_TOKEN: BENCH_WORKSPACE_TOKEN,
			...options.env
		},
		stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit']
	});
	let failed: Error | null = null;
	child.once('error', (e) => (failed = e));
	const tries = ((options.waitSeconds ?? 120) * 1000) / 500;
	for (let i = 0; i < tries; i++) {
		if (child.exitCode !== null || failed) break;
		try {
			if ((await httpRequest(`http://127.0.0.1:${port}/healthz`)).status === 200) return child;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	child.kill('SIGKILL');
	throw new Error(`the server in ${dir} did not start on port ${port}${failed ? ` (${(failed as Error).message})` : ''}; run \`npm run build\` there first`);
}
