import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BASELINES_DIR } from '../baselines/install.ts';
import { BENCH_WORKSPACE_TOKEN, createBenchBoard } from '../app-server.ts';
import { httpRequest } from '../http.ts';
import type { LoopLagReport, LoopLagRequest, RoomSpec, WriteTraceReport, WriteTraceRequest } from './protocol.ts';


export const SERVERS = ['gistboard', 'y-websocket-server', 'hocuspocus'] as const;
/** Ours on PostgreSQL (a fresh database per run), whatever `gistboard` runs on. */
export const ON_POSTGRES = 'gistboard-postgres';
/** Ours as two processes sharing PostgreSQL and Redis, clients split between them. */
export const CLUSTER = 'gistboard-redis';
export type ServerName = (typeof SERVERS)[number] | typeof ON_POSTGRES | typeof CLUSTER;
/** Every server name `--servers` accepts. */
export const ALL_SERVERS: readonly ServerName[] = [...SERVERS, ON_POSTGRES, CLUSTER];
/** PostgreSQL for `gistboard-postgres` and `gistboard-redis` when `--database-url` is not given. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Our server, in any of its set-ups (it has /healthz, /metrics and boards with share links). */
export const isOurs = (name: ServerName) => name === 'gistboard' || name === ON_POSTGRES || name === CLUSTER;

/**
 * CPU pinning: with `taskset` and at least two CPUs, every server runs on CPU 0 and the load
 * generator on CPU 1, the same for every server, so they never compete for one core.
 */
export interface Pinning {
	server: string;
	generator: string;
}

export function defaultPinning(cpuCount: number): Pinning | null {
	if (cpuCount < 2) return null;
	try {
		execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
	} catch {
		return null;
	}
	return { server: '0', generator: '1' };
}

/** The command and arguments that run `args` (a node command line) on `cpus`, or as they are. */
export function pinned(cpus: string | undefined, args: string[]): [string, string[]] {
	return cpus ? ['taskset', ['-c', cpus, process.execPath, ...args]] : [process.execPath, args];
}

const ROOT = resolve(import.meta.dirname, '../..');
const HOST = '127.0.0.1';

export interface StartOptions {
	port: number;
	/** Our server's database; unset means embedded PGlite in a fresh temporary data directory. */
	databaseUrl?: string;
	/** Reuse a data directory (a restart) instead of a fresh one. */
	dataDir?: string;
	redisUrl?: string;
	env?: Record<string, string>;
	/** CPUs the server runs on (taskset list, e.g. "0"); unset: any. */
	cpus?: string;
}

/** A server under test, started as a child process with the event-loop preload. */
export class RunningServer {
	private output = '';
	private lagWaiters: Array<(r: LoopLagReport['loopLag']) => void> = [];
	private traceWaiters: Array<(r: WriteTraceReport['writeTrace']) => void> = [];
	private gcWaiters: Array<() => void> = [];

	constructor(
		readonly name: ServerName,
		readonly child: ChildProcess,
		readonly port: number,
		readonly dataDir: string | undefined
	) {
		child.stdout?.on('data', (d) => (this.output = (this.output + d).slice(-4000)));
		child.stderr?.on('data', (d) => (this.output = (this.output + d).slice(-4000)));
		child.on('message', (m: LoopLagReport | WriteTraceReport) => {
			if (m && typeof m === 'object' && 'loopLag' in m) this.lagWaiters.shift()?.(m.loopLag);
			if (m && typeof m === 'object' && 'writeTrace' in m) this.traceWaiters.shift()?.(m.writeTrace);
			if (m && typeof m === 'object' && 'gc' in m) this.gcWaiters.shift()?.();
		});
	}

	get pids(): number[] {
		return [this.child.pid!];
	}

	get recentOutput(): string {
		return this.output;
	}

	/** Event-loop lag between two wall-clock times (performance.timeOrigin + performance.now()). */
	loopLag(from: number, to: number): Promise<LoopLagReport['loopLag']> {
		return new Promise((resolve) => {
			this.lagWaiters.push(resolve);
			this.child.send({ loopLag: { from, to } } satisfies LoopLagRequest);
		});
	}

	/** The server's own fan-out (writer's send to its last socket write) of the updates sent between two wall-clock times. */
	writeTrace(from: number, to: number): Promise<WriteTraceReport['writeTrace']> {
		return new Promise((resolve) => {
			this.traceWaiters.push(resolve);
			this.child.send({ writeTrace: { from, to } } satisfies WriteTraceRequest);
		});
	}

	/** A full garbage collection of the server's main thread (the probe preload, --expose-gc). */
	gc(): Promise<void> {
		return new Promise((resolve) => {
			this.gcWaiters.push(resolve);
			this.child.send({ gc: true });
		});
	}

	async metrics(): Promise<string | null> {
		if (!isOurs(this.name)) return null;
		const res = await httpRequest(`http://${HOST}:${this.port}/metrics`).catch(() => null);
		return res?.status === 200 ? res.text : null;
	}

	/** `count` rooms ready for clients: real boards with editor links for ours, names for the others. */
	async rooms(count: number): Promise<RoomSpec[]> {
		const rooms: RoomSpec[] = [];
		for (let i = 0; i < count; i++) {
			if (isOurs(this.name)) {
				const board = await createBenchBoard(`http://${HOST}:${this.port}`, `Bench board ${i + 1}`);
				const token = /[?#&]token=([^&#]+)/.exec(board.links.editor)?.[1];
				if (!token) throw new Error(`no token in the editor link ${board.links.editor}`);
				rooms.push({
					url: `ws://${HOST}:${this.port}/sync/${board.id}?token=${token}`,
					dialect: 'y-websocket',
					docName: board.id,
					token: decodeURIComponent(token)
				});
			} else {
				const docName = `bench-${i + 1}`;
				rooms.push(
					this.name === 'hocuspocus'
						? { url: `ws://${HOST}:${this.port}/`, dialect: 'hocuspocus', docName, token: 'bench' }
						: { url: `ws://${HOST}:${this.port}/${docName}`, dialect: 'y-websocket', docName, token: 'bench' }
				);
			}
		}
		return rooms;
	}

	/** Stops the server; SIGTERM first, SIGKILL if it does not leave. */
	async stop({ keepData = false } = {}): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			const exited = new Promise((r) => this.child.once('exit', r));
			this.child.kill('SIGTERM');
			const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		if (this.dataDir && !keepData) {
			// A child of the server (the database's first-start process) may still be writing into it
			// for a moment; a leftover temporary folder must not end a long run.
			try {
				rmSync(this.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
			} catch (err) {
				console.warn(`could not remove ${this.dataDir}: ${(err as Error).message}`);
			}
		}
	}
}

function command(name: Exclude<ServerName, typeof CLUSTER>): string[] {
	// The probes are plain JavaScript, so every server runs as its users run it: ours as `npm start`
	// does (the compiled bundle), the baselines from their packages.
	const preload = ['--expose-gc', '--import', join(ROOT, 'bench/sync/loop-lag.js'), '--import', join(ROOT, 'bench/sync/write-trace.js')];
	switch (name) {
		case 'gistboard':
		case ON_POSTGRES:
			return ['--enable-source-maps', ...preload, join(ROOT, 'build/gistboard-server.js')];
		case 'y-websocket-server':
			return [...preload, join(BASELINES_DIR, 'node_modules/@y/websocket-server/src/server.js')];
		case 'hocuspocus':
			return [...preload, join(BASELINES_DIR, 'hocuspocus-server.js')];
	}
}

export type ServerUnderTest = RunningServer | ServerGroup;

export async function startServer(name: ServerName, options: StartOptions): Promise<ServerUnderTest> {
	let dataDir: string | undefined;
	const env: Record<string, string> = { ...(process.env as Record<string, string>), ...options.env };
	env.PORT = String(options.port);
	env.WORKSPACE_TOKEN = BENCH_WORKSPACE_TOKEN;
	// Every simulated participant connects from this machine's address: per-client limits off.
	env.HTTP_RATE_LIMIT ??= '1000000';
	env.BOARDS_PER_HOUR ??= '1000000';
	env.MAX_ROOMS_PER_CLIENT ??= '1000000';
	env.MAX_CONNECTIONS_PER_ADDRESS ??= '1000000';
	env.UPDATE_BYTES_PER_SECOND ??= '1000000000';
	env.PRESENCE_CLAIMS_PER_MINUTE ??= '1000000';
	env.PRESENCE_MESSAGES_PER_SECOND ??= '1000000';
	env.HOST = HOST;
	env.NODE_ENV = 'production';
	delete env.DATABASE_URL;
	delete env.REDIS_URL;
	if (name === CLUSTER) {
		if (!options.databaseUrl || !options.redisUrl) throw new Error(`${CLUSTER} needs PostgreSQL and Redis`);
		const prefix = `gbbench:${randomBytes(4).toString('hex')}:`;
		const both = (await Promise.all(
			[options.port, options.port + 20].map((port) =>
				startServer('gistboard', { ...options, port, env: { ...options.env, REDIS_URL: options.redisUrl!, REDIS_PREFIX: prefix } })
			)
		)) as RunningServer[];
		return new ServerGroup(both);
	}
	if (name === 'gistboard' || name === ON_POSTGRES) {
		if (options.env?.REDIS_URL) env.REDIS_URL = options.env.REDIS_URL;
		if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
		else if (name === ON_POSTGRES) throw new Error(`${ON_POSTGRES} needs a PostgreSQL database`);
		else env.DATA_DIR = dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gb-bench-'));
	}
	// e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the servers.
	const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
	const [file, args] = pinned(options.cpus, [...extra, ...command(name)]);
	const child = spawn(file, args, {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe', 'ipc']
	});
	const server = new RunningServer(name, child, options.port, dataDir);
	const readyUrl = `http://${HOST}:${options.port}${isOurs(name) ? '/healthz' : '/'}`;
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${server.recentOutput}`);
		const res = await httpRequest(readyUrl).catch(() => null);
		if (res && (!isOurs(name) || res.status === 200)) break;
		if (Date.now() > deadline) {
			await server.stop();
			throw new Error(`${name} did not become ready within 180 s:\n${server.recentOutput}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return server;
}

/** CPU time (ms) and resident memory (MB) of a process, read from /proc. */
export function sampleProcs(pids: number[]): { cpuMs: number; rssMb: number } {
	return pids.map(sampleProc).reduce((a, b) => ({ cpuMs: a.cpuMs + b.cpuMs, rssMb: a.rssMb + b.rssMb }));
}

export function sampleProc(pid: number): { cpuMs: number; rssMb: number } {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return { cpuMs: ticks * 10, rssMb: rssKb / 1024 };
}

/** A fresh PostgreSQL database for one run of our server, dropped afterwards. */
export async function freshDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
	const pg = (await import('pg')).default;
	const name = `gb_bench_${randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
		}
	};
}

/**
 * Several processes measured as one server: CPU and memory summed, the worse event-loop lag,
 * boards created on the first, and each room's clients spread over all of them.
 */
export class ServerGroup {
	readonly name: ServerName = CLUSTER;
	readonly dataDir = undefined;

	constructor(private readonly members: RunningServer[]) {}

	get pids(): number[] {
		return this.members.flatMap((m) => m.pids);
	}

	get recentOutput(): string {
		return this.members.map((m) => m.recentOutput).join('\n');
	}

	async loopLag(from: number, to: number): Promise<LoopLagReport['loopLag']> {
		const all = await Promise.all(this.members.map((m) => m.loopLag(from, to)));
		return all.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a));
	}

	async gc(): Promise<void> {
		await Promise.all(this.members.map((m) => m.gc()));
	}

	/** The worse of the members' fan-out: each writes to its own share of the room. */
	async writeTrace(from: number, to: number): Promise<WriteTraceReport['writeTrace']> {
		const all = await Promise.all(this.members.map((m) => m.writeTrace(from, to)));
		return all.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a));
	}

	metrics(): Promise<string | null> {
		return this.members[0].metrics();
	}

	async rooms(count: number): Promise<RoomSpec[]> {
		const rooms = await this.members[0].rooms(count);
		return rooms.map((room) => ({
			...room,
			urls: this.members.map((m) => room.url.replace(`:${this.members[0].port}/`, `:${m.port}/`))
		}));
	}

	async stop(_options: { keepData?: boolean } = {}): Promise<void> {
		await Promise.all(this.members.map((m) => m.stop()));
	}
}
