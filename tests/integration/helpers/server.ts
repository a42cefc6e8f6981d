import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The production server needs a build; make one once if there is none. */
export function ensureBuild(): void {
	if (!existsSync(join(ROOT, 'build/handler.js'))) execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
}

export async function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const srv = createServer();
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => res(port));
		});
		srv.on('error', rej);
	});
}

/** The workspace credential every test server starts with (WORKSPACE_TOKEN). */
export const TEST_WORKSPACE_TOKEN = 'test-workspace-token-0123456789abcdef';

/**
 * Every client of a test comes from 127.0.0.1 with one workspace credential, so the per-client
 * limits (requests a second, boards an hour, boards held open) are sized for a crowd; suites that
 * test those limits set their own.
 */
const PER_CLIENT_LIMITS = { HTTP_RATE_LIMIT: '1000', BOARDS_PER_HOUR: '100000', MAX_ROOMS_PER_CLIENT: '100000', MAX_CONNECTIONS_PER_ADDRESS: '100000', UPDATE_BYTES_PER_SECOND: '1000000000', PRESENCE_CLAIMS_PER_MINUTE: '1000000', PRESENCE_MESSAGES_PER_SECOND: '1000000' };

/** Headers that carry the workspace credential, for creating boards and managing departments. */
export const workspaceHeaders = (token = TEST_WORKSPACE_TOKEN) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

export const tempDir = (prefix = 'gistboard-') => mkdtempSync(join(tmpdir(), prefix));

export interface RunningServer {
	port: number;
	url: string;
	process: ChildProcess;
	output: () => string;
	/** Sends a signal and waits for the process to exit; resolves with its exit code. */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The server's command line: the TypeScript sources through tsx (what is being changed, always
 * current), or the compiled bundle `npm start` runs (`bundle`; build it first with
 * `node scripts/build-server.mjs`).
 */
export type Entry = 'source' | 'bundle';
const ENTRY: Record<Entry, string[]> = {
	source: ['--import', 'tsx', 'server/index.ts'],
	bundle: ['--enable-source-maps', 'build/gistboard-server.js']
};

/** Every server child still running; killed when the test process exits, so none outlives its suite. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

/** Starts the server as a child process, as `npm start` would, and waits until it listens. */
export async function startServer(env: Record<string, string | undefined>, timeoutMs = 90_000, entry: Entry = 'source'): Promise<RunningServer> {
	ensureBuild();
	const port = env.PORT ? Number(env.PORT) : await freePort();
	const child = spawn(process.execPath, ENTRY[entry], {
		cwd: ROOT,
		env: { ...process.env, HOST: '127.0.0.1', WORKSPACE_TOKEN: TEST_WORKSPACE_TOKEN, ...PER_CLIENT_LIMITS, ...env, PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	running.add(child);
	const exited = new Promise<number | null>((res) =>
		child.on('exit', (code) => {
			running.delete(child);
			res(code);
		})
	);
	await new Promise<void>((res, rej) => {
		const timer = setTimeout(() => rej(new Error(`server did not start in time:\n${out}`)), timeoutMs);
		const check = () => {
			if (out.includes('Gistboard is running')) {
				clearTimeout(timer);
				res();
			}
		};
		child.stdout!.on('data', check);
		child.on('exit', (code) => {
			clearTimeout(timer);
			rej(new Error(`server exited with ${code}:\n${out}`));
		});
	});
	return {
		port,
		url: `http://127.0.0.1:${port}`,
		process: child,
		output: () => out,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode !== null) return child.exitCode;
			child.kill(signal);
			return exited;
		}
	};
}

/** Runs the server to completion (for start-up failures) and returns its exit code and output. */
export async function runServerToExit(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
	ensureBuild();
	const child = spawn(process.execPath, ENTRY.source, {
		cwd: ROOT,
		env: { ...process.env, HOST: '127.0.0.1', PORT: '0', WORKSPACE_TOKEN: TEST_WORKSPACE_TOKEN, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	const code = await new Promise<number | null>((res) => child.on('exit', res));
	clearTimeout(timer);
	return { code, output };
}
