/**
 * `npm run bench:sync [-- --quick] [--duration=S] [--scenarios=a,b] [--servers=a,b]
 *   [--database-url=postgres://…] [--skip-build] [--out=path] [--port=N] [--label=name] [--repeat=N]
 *   [--pin=S:G|off] [--skip-initial-sync]`
 *
 * `--repeat=N` (default 3, 1 with --quick) runs each workload N times, the servers taking turns,
 * and reports for each server the round with the median p99: on a shared machine one round can be
 * hit by another job's load.
 *
 * `--pin=S:G` runs every server on CPUs S and the load generator on CPUs G (taskset lists);
 * by default `0:1` when taskset is there and the machine has two CPUs or more; `--pin=off` not at all.
 *
 * `--label=name` stores this run's cells as `<server>@name` (ratios as `<scenario>@name`, meta
 * under `runs.name`), so a partial run is added next to a full run instead of replacing its cells.
 *
 * Starts our server (built, with persistence on), the stock @y/websocket-server 0.1.1 and
 * Hocuspocus 4.7, one at a time, and drives each with the same clients from a separate process.
 * `gistboard-postgres` is ours on PostgreSQL (`--database-url`, default the local `test` database)
 * in the same run as `gistboard` on the embedded database.
 */
import { execSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { ensureBaselines } from '../baselines/install.ts';
import { boardWithNotes } from './board10k.ts';
import type { ClientsConfig, ClientsReport, FromClients, RoomSpec } from './protocol.ts';
import {
	ALL_SERVERS,
	CLUSTER,
	DEFAULT_DATABASE_URL,
	defaultPinning,
	freshDatabase,
	isOurs,
	ON_POSTGRES,
	pinned,
	sampleProcs,
	SERVERS,
	startServer,
	type Pinning,
	type ServerName,
	type ServerUnderTest
} from './servers.ts';
import { classify, Wire } from './wire.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DEFAULT_PORT = 4310;

interface Scenario {
	name: string;
	rooms: number;
	clientsPerRoom: number;
	writersPerRoom: number;
	awarenessHz: number;
	what: string;
}

const SCENARIOS: Scenario[] = [
	{ name: 'room-50', rooms: 1, clientsPerRoom: 50, writersPerRoom: 5, awarenessHz: 0, what: '50 clients, 5 writing at 2 Hz' },
	{ name: 'room-200', rooms: 1, clientsPerRoom: 200, writersPerRoom: 20, awarenessHz: 0, what: '200 clients, 20 writing at 2 Hz' },
	{ name: 'room-500', rooms: 1, clientsPerRoom: 500, writersPerRoom: 50, awarenessHz: 0, what: '500 clients, 50 writing at 2 Hz' },
	{
		name: 'room-500-awareness',
		rooms: 1,
		clientsPerRoom: 500,
		writersPerRoom: 50,
		awarenessHz: 1,
		what: '500 clients, 50 writing at 2 Hz, every client sending a cursor at 1 Hz'
	},
	{ name: 'rooms-100x5', rooms: 100, clientsPerRoom: 5, writersPerRoom: 1, awarenessHz: 0, what: '100 rooms of 5 clients, 1 writing per room at 2 Hz' }
];

function parseArgs(argv: string[]) {
	const args = new Map<string, string>();
	for (const arg of argv) {
		const [key, value] = arg.replace(/^--/, '').split('=');
		args.set(key, value ?? 'true');
	}
	const quick = args.has('quick');
	const pin = args.get('pin');
	let pinning: Pinning | null;
	if (pin === 'off') pinning = null;
	else if (pin) {
		const [server, generator] = pin.split(':');
		if (!server || !generator) throw new Error(`--pin wants S:G (taskset CPU lists, e.g. 0:1) or off, not "${pin}"`);
		pinning = { server, generator };
	} else pinning = defaultPinning(cpus().length);
	const list = (key: string, all: readonly string[], defaults = all) => {
		// `--scenarios=` (empty) runs none: only the initial sync and memory.
		const given = args.get(key);
		const chosen = given === undefined ? [...defaults] : given.split(',').filter(Boolean);
		for (const c of chosen) if (!all.includes(c)) throw new Error(`unknown ${key} "${c}"; choose from ${all.join(', ')}`);
		return chosen;
	};
	return {
		quick,
		durationMs: Number(args.get('duration') ?? (quick ? 3 : 20)) * 1000,
		repeat: Math.max(1, Number(args.get('repeat') ?? (quick ? 1 : 3))),
		warmupMs: quick ? 1000 : 3000,
		scenarios: list('scenarios', SCENARIOS.map((s) => s.name)),
		servers: list('servers', ALL_SERVERS, SERVERS) as ServerName[],
		/** Given: `gistboard` runs on PostgreSQL too. */
		databaseUrl: args.get('database-url'),
		postgresUrl: args.get('database-url') ?? DEFAULT_DATABASE_URL,
		pinning,
		redisUrl: args.get('redis-url') ?? 'redis://127.0.0.1:6379',
		skipBuild: args.has('skip-build'),
		skipInitialSync: args.has('skip-initial-sync'),
		notes: Number(args.get('notes') ?? (quick ? 2000 : 10_000)),
		port: Number(args.get('port') ?? DEFAULT_PORT),
		label: args.get('label'),
		out: resolve(ROOT, args.get('out') ?? (quick ? 'bench/results/sync-quick.json' : 'bench/results/sync.json'))
	};
}

type Options = ReturnType<typeof parseArgs>;

export interface Cell {
	p50_ms: number;
	p99_ms: number;
	max_ms: number;
	delivered_ratio: number;
	cpu_pct: number;
	loop_lag_p99_ms: number;
	rss_mb: number;
	dropped: number;
	sent: number;
	expected: number;
	delivered: number;
	frames_in_per_s: number;
	generator_cpu_pct: number;
	metrics_loop_lag_p99_ms?: number;
	/** Ours: mean time to store one batch of updates over the window, and how many batches were stored. */
	persist_avg_ms?: number;
	persisted_batches?: number;
	/** Server CPU time per update delivered to a client (µs): CPU over the window / deliveries. */
	cpu_us_per_delivery: number;
	/** Server CPU time per frame any client received (µs), presence included. */
	cpu_us_per_frame: number;
	/** The server's own part: a writer's send to the server's last socket write of it (bench/sync/write-trace.ts). */
	server_p50_ms: number;
	server_p99_ms: number;
	/** With --repeat: the p99 of every round, in order. */
	rounds_p99_ms?: number[];
}

/** Ours on PostgreSQL: `gistboard-postgres`, `gistboard-redis`, and `gistboard` with --database-url. */
const onPostgres = (name: ServerName, options: Options) => name === ON_POSTGRES || name === CLUSTER || (name === 'gistboard' && !!options.databaseUrl);

async function withServer<T>(name: ServerName, port: number, options: Options, fn: (s: ServerUnderTest) => Promise<T>): Promise<T> {
	const db = onPostgres(name, options) ? await freshDatabase(options.postgresUrl) : null;
	const server = await startServer(name, { port, databaseUrl: db?.url, redisUrl: options.redisUrl, cpus: options.pinning?.server });
	try {
		return await fn(server);
	} finally {
		await server.stop();
		await db?.drop();
	}
}

/** `gistboard_update_persist_seconds` sum and count from a /metrics text, or null. */
function persistTotals(metrics: string | null): { sum: number; count: number } | null {
	const sum = metrics && /^gistboard_update_persist_seconds_sum (\S+)/m.exec(metrics)?.[1];
	const count = metrics && /^gistboard_update_persist_seconds_count (\S+)/m.exec(metrics)?.[1];
	return sum && count ? { sum: Number(sum), count: Number(count) } : null;
}

async function runScenario(server: ServerUnderTest, scenario: Scenario, options: Options): Promise<Cell> {
	const rooms = await server.rooms(scenario.rooms);
	const config: ClientsConfig = {
		rooms,
		clientsPerRoom: scenario.clientsPerRoom,
		writersPerRoom: scenario.writersPerRoom,
		writeHz: 2,
		awarenessHz: scenario.awarenessHz,
		warmupMs: options.warmupMs,
		durationMs: options.durationMs,
		drainMs: 5000,
		connectConcurrency: 25
	};
	const nodeArgs = ['--import', 'tsx', ...(process.env.BENCH_CLIENTS_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
	// fork() runs `execPath execArgv module`: taskset in front keeps the IPC channel (it execs node).
	const [execPath, execArgv] = pinned(options.pinning?.generator, nodeArgs);
	const generator = fork(join(import.meta.dirname, 'clients.ts'), [], {
		execPath,
		execArgv,
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	let cpuStart = 0;
	let measureStartedAt = 0;
	let cpuPct = NaN;
	let cpuMs = NaN;
	let measuredMs = NaN;
	let trace = { updates: 0, p50Ms: NaN, p99Ms: NaN, maxMs: NaN };
	let peakRss = 0;
	let loopLagP99 = NaN;
	let metricsLag: number | undefined;
	// Ours: how long storing each batch took over the window, from its histogram's sum and count.
	let persistAtStart: Promise<{ sum: number; count: number } | null> = Promise.resolve(null);
	let persist: { avgMs: number; batches: number } | undefined;
	let sampler: NodeJS.Timeout | undefined;
	let measured: Promise<void> = Promise.resolve();
	const sample = () => {
		peakRss = Math.max(peakRss, sampleProcs(server.pids).rssMb);
	};
	const report = await new Promise<ClientsReport>((resolveReport, reject) => {
		let reported = false;
		generator.on('exit', (code) => {
			if (!reported) reject(new Error(`load generator exited with ${code} before reporting`));
		});
		generator.on('message', async (message: FromClients) => {
			try {
				if (message.type === 'ready') {
					generator.send({ type: 'go' });
				} else if (message.type === 'measure-start') {
					persistAtStart = server.metrics().then(persistTotals);
					cpuStart = sampleProcs(server.pids).cpuMs;
					measureStartedAt = performance.now();
					sample();
					sampler = setInterval(sample, 200);
				} else if (message.type === 'measure-end') {
					clearInterval(sampler);
					sample();
					cpuMs = sampleProcs(server.pids).cpuMs - cpuStart;
					measuredMs = performance.now() - measureStartedAt;
					cpuPct = (cpuMs / measuredMs) * 100;
					const from = performance.timeOrigin + measureStartedAt;
					const to = performance.timeOrigin + performance.now();
					measured = (async () => {
						// The server answers once it has caught up, so the window has been sampled in full.
						await new Promise((r) => setTimeout(r, 200));
						loopLagP99 = (await server.loopLag(from, to)).p99Ms;
						// Updates sent in the window; their last writes may fall in the drain after it.
						await new Promise((r) => setTimeout(r, 2000));
						trace = await server.writeTrace(from, to);
						const metrics = await server.metrics();
						const [before, after] = [await persistAtStart, persistTotals(metrics)];
						if (before && after && after.count > before.count) {
							persist = { avgMs: ((after.sum - before.sum) / (after.count - before.count)) * 1000, batches: after.count - before.count };
						}
						const lag = metrics && /^nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(metrics)?.[1];
						if (lag) metricsLag = Number(lag) * 1000;
					})();
				} else if (message.type === 'result') {
					reported = true;
					await measured;
					resolveReport(message);
				} else if (message.type === 'error') {
					reject(new Error(`load generator: ${message.message}`));
				}
			} catch (err) {
				reject(err);
			}
		});
		generator.send({ type: 'start', config });
	}).finally(() => {
		clearInterval(sampler);
		generator.kill();
	});
	// BENCH_SHOW_SERVER_OUTPUT=1 prints what the server logged (repairs, refusals) after each workload.
	if ((report.delivered < report.expected || process.env.BENCH_SHOW_SERVER_OUTPUT) && server.recentOutput.trim()) {
		console.log(`\n${server.name} said:\n${server.recentOutput.trim().split('\n').slice(-10).join('\n')}`);
	}
	const round = (n: number, digits = 2) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);
	return {
		p50_ms: round(report.p50Ms),
		p99_ms: round(report.p99Ms),
		max_ms: round(report.maxMs),
		delivered_ratio: report.expected ? round(report.delivered / report.expected, 4) : 0,
		cpu_pct: round(cpuPct, 1),
		loop_lag_p99_ms: round(loopLagP99),
		rss_mb: round(peakRss, 1),
		dropped: report.dropped,
		sent: report.sent,
		expected: report.expected,
		delivered: report.delivered,
		frames_in_per_s: Math.round(report.framesInPerSec),
		generator_cpu_pct: round(report.generatorCpuPct, 1),
		cpu_us_per_delivery: report.delivered ? round((cpuMs * 1000) / report.delivered, 1) : NaN,
		cpu_us_per_frame: report.framesInPerSec ? round((cpuMs * 1000) / ((report.framesInPerSec * measuredMs) / 1000), 2) : NaN,
		server_p50_ms: round(trace.p50Ms),
		server_p99_ms: round(trace.p99Ms),
		...(metricsLag !== undefined ? { metrics_loop_lag_p99_ms: round(metricsLag) } : {}),
		...(persist ? { persist_avg_ms: round(persist.avgMs, 3), persisted_batches: persist.batches } : {})
	};
}

/**
 * Connects one client and returns the time and bytes until the server's sync answer arrived.
 * With `seed` the client sends that update and stays connected until `leave` is called: the
 * baselines keep a document only while somebody is in it. `stay` keeps a client connected without
 * sending anything.
 */
function syncOnce(
	room: RoomSpec,
	seed?: Uint8Array[],
	stay = !!seed
): Promise<{ ms: number; bytes: number; step2Bytes: number; leave: () => void }> {
	return new Promise((resolveSync, reject) => {
		const wire = new Wire(room.dialect, room.docName);
		const started = performance.now();
		let bytes = 0;
		const socket = new WebSocket(room.url, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
		const leave = () => socket.terminate();
		const timer = setTimeout(() => {
			leave();
			reject(new Error(`no sync answer from ${room.url} within 60 s`));
		}, 60_000);
		socket.on('open', () => {
			if (room.dialect === 'hocuspocus') socket.send(wire.auth(room.token));
			socket.send(wire.emptyStep1());
			for (const part of seed ?? []) socket.send(wire.update(part));
		});
		socket.on('message', (data: Buffer) => {
			bytes += data.length;
			const kind = classify(room.dialect, data);
			if (kind !== 'step2') return;
			const ms = performance.now() - started;
			clearTimeout(timer);
			if (!stay) leave();
			resolveSync({ ms, bytes, step2Bytes: data.length, leave });
		});
		socket.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
	});
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface InitialSync {
	notes: number;
	ms: number;
	bytes: number;
	cold_ms?: number;
	cold_bytes?: number;
	/** Resident memory (MB) of the server: started and idle, no board yet. */
	idle_rss_mb?: number;
	/** Holding the board: after it was sent in and served 5 times, one client still connected. */
	board_rss_mb?: number;
	/** Highest RSS sampled (every 200 ms) while the board was sent in and served. */
	peak_rss_mb?: number;
	/** Ours after a restart: idle, then holding the board it loaded from the database. */
	restart_idle_rss_mb?: number;
	cold_board_rss_mb?: number;
	error?: string;
}

/**
 * RSS of the server's processes in MB, `settleMs` after a burst of work and right after a full
 * garbage collection of its main thread (the same for every server): what it holds, not how much
 * garbage its last burst left, which otherwise moves a reading by 100 MB and more.
 */
async function rssAfter(server: ServerUnderTest, settleMs: number): Promise<number> {
	await new Promise((r) => setTimeout(r, settleMs));
	await server.gc();
	await new Promise((r) => setTimeout(r, 200));
	return Number(sampleProcs(server.pids).rssMb.toFixed(1));
}

async function initialSync(name: ServerName, port: number, options: Options): Promise<InitialSync> {
	const seed = boardWithNotes(options.notes);
	const db = onPostgres(name, options) ? await freshDatabase(options.postgresUrl) : null;
	const cpus = options.pinning?.server;
	let server = await startServer(name, { port, databaseUrl: db?.url, cpus });
	let peak = 0;
	const sampler = setInterval(() => {
		try {
			peak = Math.max(peak, sampleProcs(server.pids).rssMb);
		} catch {
			// Between the stop and the restart there is no process to sample.
		}
	}, 200);
	try {
		const idle = await rssAfter(server, 3000);
		const [room] = await server.rooms(1);
		const seeder = await syncOnce(room, seed);
		const deadline = Date.now() + 60_000;
		const seedBytes = seed.reduce((n, part) => n + part.length, 0);
		while ((await syncOnce(room)).step2Bytes < seedBytes * 0.9) {
			if (Date.now() > deadline) throw new Error(`${name} never served the seeded board`);
			await new Promise((r) => setTimeout(r, 200));
		}
		const runs = [];
		for (let i = 0; i < 5; i++) runs.push(await syncOnce(room));
		const result: InitialSync = {
			notes: options.notes,
			ms: Number(median(runs.map((r) => r.ms)).toFixed(1)),
			bytes: runs[0].bytes,
			idle_rss_mb: idle,
			board_rss_mb: await rssAfter(server, 2000),
			peak_rss_mb: Number(peak.toFixed(1))
		};
		seeder.leave();
		if (isOurs(name)) {
			// Cold: a restarted process loads the board from the database on the first connection.
			await server.stop({ keepData: true });
			server = await startServer(name, { port, databaseUrl: db?.url, dataDir: server.dataDir, cpus });
			result.restart_idle_rss_mb = await rssAfter(server, 3000);
			const cold = await syncOnce(room, undefined, true);
			result.cold_ms = Number(cold.ms.toFixed(1));
			result.cold_bytes = cold.bytes;
			result.cold_board_rss_mb = await rssAfter(server, 2000);
			cold.leave();
		}
		return result;
	} finally {
		clearInterval(sampler);
		await server.stop();
		await db?.drop();
	}
}

function table(results: Record<string, Record<string, Cell>>, scenarios: string[], servers: string[]): string {
	const header = ['scenario', 'server', 'p50 ms', 'p99 ms', 'max ms', 'server p99 ms', 'delivered', 'dropped', 'cpu %', 'cpu µs/delivery', 'loop p99 ms', 'rss MB', 'gen cpu %'];
	const rows = [header];
	for (const s of scenarios) {
		for (const server of servers) {
			const c = results[s]?.[server];
			if (!c) continue;
			rows.push([
				s,
				server,
				String(c.p50_ms),
				String(c.p99_ms),
				String(c.max_ms),
				String(c.server_p99_ms),
				`${(c.delivered_ratio * 100).toFixed(2)}%`,
				String(c.dropped),
				String(c.cpu_pct),
				String(c.cpu_us_per_delivery),
				String(c.loop_lag_p99_ms),
				String(c.rss_mb),
				String(c.generator_cpu_pct)
			]);
		}
	}
	const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	return rows.map((r) => r.map((v, i) => v.padEnd(widths[i])).join('  ')).join('\n');
}

/**
 * With several rounds, the round with the median p99 stands for the server (its other measures
 * come from the same round, so they stay consistent), and every round's p99 is kept beside it.
 */
function medianRound(cells: Cell[]): Cell {
	if (cells.length === 1) return cells[0];
	const byP99 = [...cells].sort((a, b) => a.p99_ms - b.p99_ms);
	return { ...byP99[Math.floor((byP99.length - 1) / 2)], rounds_p99_ms: cells.map((c) => c.p99_ms) };
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	if (options.servers.some(isOurs)) {
		if (!options.skipBuild) {
			console.log('Building the production server (npm run build)…');
			execSync('npm run build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		} else {
			// The pages' build is kept; the server bundle takes a second and must match the sources.
			execSync('node scripts/build-server.mjs', { cwd: ROOT, stdio: 'inherit' });
		}
	}
	if (options.servers.some((s) => s === 'hocuspocus' || s === 'y-websocket-server')) ensureBaselines();
	const loadBefore = loadavg()[0];
	const previous = existsSync(options.out) ? JSON.parse(readFileSync(options.out, 'utf8')) : {};
	const results: Record<string, Record<string, Cell>> = {};
	for (const name of options.scenarios) {
		const scenario = SCENARIOS.find((s) => s.name === name)!;
		results[name] = {};
		// Rounds interleave the servers, so a spell of load on the shared machine hits each of them.
		const rounds = new Map<string, Cell[]>();
		for (let round = 1; round <= options.repeat; round++) {
			// Every other round in reverse order, so that no server always follows the same one.
			const order = [...options.servers.entries()];
			if (round % 2 === 0) order.reverse();
			for (const [i, server] of order) {
				const which = options.repeat > 1 ? ` (round ${round} of ${options.repeat})` : '';
				process.stdout.write(`${name} (${scenario.what}) on ${server}${which}… `);
				const cell = await withServer(server, options.port + i, options, (s) => runScenario(s, scenario, options));
				rounds.set(server, [...(rounds.get(server) ?? []), cell]);
				console.log(
					`p99 ${cell.p99_ms} ms (server ${cell.server_p99_ms} ms), delivered ${(cell.delivered_ratio * 100).toFixed(2)}%, cpu ${cell.cpu_pct}% (${cell.cpu_us_per_delivery} µs per delivery)`
				);
			}
		}
		for (const [server, cells] of rounds) results[name][server] = medianRound(cells);
	}
	const initial: Record<string, InitialSync> = {};
	if (!options.skipInitialSync) {
		for (const [i, server] of options.servers.entries()) {
			if (server === CLUSTER) continue;
			process.stdout.write(`initial sync of a ${options.notes}-note board on ${server}… `);
			try {
				initial[server] = await initialSync(server, options.port + i, options);
				const r = initial[server];
				console.log(
					`${r.ms} ms, ${r.bytes} bytes; RSS idle ${r.idle_rss_mb} MB, holding the board ${r.board_rss_mb} MB` +
						(r.cold_board_rss_mb ? `, after a restart ${r.cold_board_rss_mb} MB` : '')
				);
			} catch (err) {
				// The workloads' results are still written; the failure is recorded next to them.
				console.log(`failed: ${err instanceof Error ? err.message : err}`);
				initial[server] = { notes: options.notes, ms: NaN, bytes: 0, error: String(err) };
			}
		}
	}
	const ratios: Record<string, Record<string, number>> = {};
	const ratio = (a: number | undefined, b: number | undefined) => (a && b ? Number((a / b).toFixed(3)) : NaN);
	for (const [name, cells] of Object.entries(results)) {
		ratios[name] = {};
		const ours = cells.gistboard;
		const cluster = cells[CLUSTER];
		if (ours && cluster) {
			ratios[name].redis_added_p50_ms = Number((cluster.p50_ms - ours.p50_ms).toFixed(2));
			ratios[name].redis_added_p99_ms = Number((cluster.p99_ms - ours.p99_ms).toFixed(2));
		}
		// `p99_vs_hocuspocus` for ours on the embedded database, `postgres_p99_vs_hocuspocus` on PostgreSQL.
		for (const [variant, prefix] of [
			['gistboard', ''],
			[ON_POSTGRES, 'postgres_']
		] as const) {
			const cell = cells[variant];
			if (!cell) continue;
			for (const baseline of ['hocuspocus', 'y-websocket-server']) {
				const other = cells[baseline];
				if (!other) continue;
				ratios[name][`${prefix}p99_vs_${baseline}`] = ratio(cell.p99_ms, other.p99_ms);
				ratios[name][`${prefix}server_p99_vs_${baseline}`] = ratio(cell.server_p99_ms, other.server_p99_ms);
				ratios[name][`${prefix}cpu_vs_${baseline}`] = ratio(cell.cpu_pct, other.cpu_pct);
				ratios[name][`${prefix}cpu_per_delivery_vs_${baseline}`] = ratio(cell.cpu_us_per_delivery, other.cpu_us_per_delivery);
				ratios[name][`${prefix}rss_vs_${baseline}`] = ratio(cell.rss_mb, other.rss_mb);
			}
		}
		if (!Object.keys(ratios[name]).length) delete ratios[name];
	}
	const hocuspocus = initial.hocuspocus;
	if (hocuspocus) {
		const memory: Record<string, number> = {};
		for (const [variant, prefix] of [
			['gistboard', ''],
			[ON_POSTGRES, 'postgres_']
		] as const) {
			const ours = initial[variant];
			if (!ours) continue;
			memory[`${prefix}idle_rss_vs_hocuspocus`] = ratio(ours.idle_rss_mb, hocuspocus.idle_rss_mb);
			memory[`${prefix}board_rss_vs_hocuspocus`] = ratio(ours.board_rss_mb, hocuspocus.board_rss_mb);
			memory[`${prefix}cold_board_rss_vs_hocuspocus`] = ratio(ours.cold_board_rss_mb, hocuspocus.board_rss_mb);
		}
		ratios['initial-sync'] = memory;
	}
	const meta = {
		command: `npm run bench:sync -- ${process.argv.slice(2).join(' ')}`.trim(),
		duration_s: options.durationMs / 1000,
		repeat: options.repeat,
		database: options.databaseUrl ? 'postgresql' : 'pglite',
		// Which CPUs the servers and the load generator ran on (taskset), or null when not pinned.
		pinning: options.pinning,
		node: process.version,
		cpus: cpus().length,
		// The machine is shared: its load says how far the numbers can be trusted.
		load_average_1m: { start: loadBefore, end: loadavg()[0] },
		at: new Date().toISOString()
	};
	// Earlier results in the file are kept; this run's cells are merged in (under `<server>@label` with --label).
	const key = (k: string) => (options.label ? `${k}@${options.label}` : k);
	const output: Record<string, any> = { ...previous };
	for (const [name, cells] of Object.entries(results)) {
		output[name] = { ...(previous[name] ?? {}) };
		for (const [server, cell] of Object.entries(cells)) output[name][key(server)] = cell;
	}
	output['initial-sync'] = { ...(previous['initial-sync'] ?? {}) };
	for (const [server, sync] of Object.entries(initial)) output['initial-sync'][key(server)] = sync;
	output.ratios = { ...(previous.ratios ?? {}) };
	for (const [name, r] of Object.entries(ratios)) output.ratios[key(name)] = r;
	if (options.label) output.runs = { ...(previous.runs ?? {}), [options.label]: meta };
	else output.meta = meta;
	mkdirSync(dirname(options.out), { recursive: true });
	writeFileSync(options.out, JSON.stringify(output, null, '\t') + '\n');
	console.log('\n' + table(results, options.scenarios, [...ALL_SERVERS]));
	if (Object.keys(ratios).length) console.log('\nratios:', JSON.stringify(ratios));
	if (!options.skipInitialSync) console.log('\ninitial sync:', JSON.stringify(initial));
	console.log(`\nwrote ${options.out}`);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
