/**
 * bench:start — a newcomer's first start: `git clone`, then `npm ci && npm start` until
 * `GET /healthz` answers, for this commit and a baseline commit in the same run, rounds
 * interleaved. Also counts what the newcomer is shown: output lines in all, and lines that are
 * warnings (`warn`, `warning`, `deprecated`) or hints meant for another workflow (`npm run preview`).
 *
 *   npm run bench:start -- [--ref=HEAD] [--baseline=<ref>] [--rounds=3] [--cold-cache] [--port=4390]
 *
 * `--cold-cache` gives every `npm ci` an empty npm cache of its own (a first install on a new
 * machine: every package is downloaded); by default the user's cache is used, as on a developer's
 * machine that has installed any project with these packages before.
 * Writes bench/results/start.json. Times in seconds, wall clock.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { httpRequest } from '../http.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function parseArgs(argv: string[]) {
	const args = new Map(argv.map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
	return {
		ref: args.get('ref') ?? 'HEAD',
		baseline: args.get('baseline'),
		rounds: Math.max(1, Number(args.get('rounds') ?? 3)),
		coldCache: args.has('cold-cache'),
		port: Number(args.get('port') ?? 4390)
	};
}

interface Round {
	ci_s: number;
	start_s: number;
	total_s: number;
	/** CPU seconds (user + system) of npm ci and of npm start until /healthz, all processes: what a machine of its own would spend. */
	ci_cpu_s: number;
	start_cpu_s: number;
	lines: number;
	warnings: string[];
}

/** Runs a command in `cwd`, collecting its output; rejects with the output when it fails. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
	return new Promise((resolveRun, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('close', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${out}`))));
	});
}

const NOISE = /\b(warn|warning|deprecated)\b|npm run preview/i;
const TICK = 100; // clock ticks per second (USER_HZ) on Linux

/** CPU seconds of a process and every descendant, live ones and those already waited for. */
function treeCpuSeconds(root: number): number {
	const stats = new Map<number, { ppid: number; ticks: number }>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// utime, stime, cutime, cstime (fields 14-17): children count once they have been waited for.
			stats.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
		} catch {
			// The process ended while the list was read.
		}
	}
	let ticks = 0;
	const queue = [root];
	while (queue.length) {
		const pid = queue.pop()!;
		ticks += stats.get(pid)?.ticks ?? 0;
		for (const [child, s] of stats) if (s.ppid === pid) queue.push(child);
	}
	return ticks / TICK;
}

async function firstStart(commit: string, port: number, coldCache: boolean): Promise<Round> {
	const dir = mkdtempSync(join(tmpdir(), 'gb-first-start-'));
	const cache = coldCache ? mkdtempSync(join(tmpdir(), 'gb-npm-cache-')) : undefined;
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', FORCE_COLOR: '0' };
	for (const k of ['DATABASE_URL', 'REDIS_URL', 'DATA_DIR', 'npm_config_cache']) delete env[k];
	if (cache) env.npm_config_cache = cache;
	try {
		execFileSync('git', ['clone', '-q', ROOT, dir]);
		execFileSync('git', ['checkout', '-q', commit], { cwd: dir });
		const t0 = performance.now();
		// `times` prints the CPU of the shell's waited-for children (npm ci and all it ran) last.
		let output = await run('bash', ['-c', 'npm ci 2>&1; status=$?; times; exit $status'], dir, env);
		const cpuLine = output.trim().split('\n').at(-1)!;
		output = output.trim().split('\n').slice(0, -2).join('\n');
		const ciCpu = cpuLine.split(/\s+/).map((t) => /(\d+)m([\d.]+)s/.exec(t)).reduce((a, m) => a + (m ? Number(m[1]) * 60 + Number(m[2]) : 0), 0);
		const t1 = performance.now();
		const server = spawn('npm', ['start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let startCpu = 0;
		server.stdout.on('data', (d) => (output += d));
		server.stderr.on('data', (d) => (output += d));
		try {
			const deadline = Date.now() + 10 * 60_000;
			for (;;) {
				if (server.exitCode !== null) throw new Error(`npm start exited with ${server.exitCode}:\n${output}`);
				const res = await httpRequest(`http://127.0.0.1:${port}/healthz`).catch(() => null);
				if (res?.status === 200) {
					startCpu = treeCpuSeconds(server.pid!);
					break;
				}
				if (Date.now() > deadline) throw new Error(`no answer from /healthz within 10 minutes:\n${output}`);
				await new Promise((r) => setTimeout(r, 250));
			}
		} finally {
			// npm start runs the server as its child: stop the whole process group this run started.
			if (server.pid) process.kill(-server.pid, 'SIGTERM');
			await new Promise((r) => server.once('close', r));
		}
		const t2 = performance.now();
		const lines = output.split('\n').filter((l) => l.trim());
		return {
			ci_s: (t1 - t0) / 1000,
			start_s: (t2 - t1) / 1000,
			total_s: (t2 - t0) / 1000,
			ci_cpu_s: ciCpu,
			start_cpu_s: startCpu,
			lines: lines.length,
			warnings: lines.filter((l) => NOISE.test(l))
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
		if (cache) rmSync(cache, { recursive: true, force: true });
	}
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const refs = [options.ref, ...(options.baseline ? [options.baseline] : [])];
	const commits = refs.map((ref) => execFileSync('git', ['rev-parse', ref], { cwd: ROOT, encoding: 'utf8' }).trim());
	const load = { start: loadavg()[0], end: NaN };
	const rounds: Round[][] = refs.map(() => []);
	for (let i = 0; i < options.rounds; i++) {
		for (const [k, commit] of commits.entries()) {
			process.stdout.write(`round ${i + 1}/${options.rounds}: ${refs[k]} (${commit.slice(0, 8)})… `);
			const round = await firstStart(commit, options.port, options.coldCache);
			rounds[k].push(round);
			console.log(
				`npm ci ${r1(round.ci_s)} s (cpu ${r1(round.ci_cpu_s)} s), npm start to /healthz ${r1(round.start_s)} s (cpu ${r1(round.start_cpu_s)} s), ${round.lines} lines, ${round.warnings.length} warnings`
			);
		}
	}
	load.end = loadavg()[0];
	const summary = refs.map((ref, k) => ({
		ref,
		commit: commits[k],
		ci_s: r1(median(rounds[k].map((r) => r.ci_s))),
		start_s: r1(median(rounds[k].map((r) => r.start_s))),
		total_s: r1(median(rounds[k].map((r) => r.total_s))),
		ci_cpu_s: r1(median(rounds[k].map((r) => r.ci_cpu_s))),
		start_cpu_s: r1(median(rounds[k].map((r) => r.start_cpu_s))),
		lines: median(rounds[k].map((r) => r.lines)),
		warnings: rounds[k][0].warnings,
		rounds_total_s: rounds[k].map((r) => r1(r.total_s))
	}));
	const result = {
		summary,
		...(summary.length > 1 ? { ratio_total_vs_baseline: Number((summary[0].total_s / summary[1].total_s).toFixed(2)) } : {}),
		meta: {
			command: `npm run bench:start -- ${process.argv.slice(2).join(' ')}`.trim(),
			cold_cache: options.coldCache,
			node: process.version,
			cpus: cpus().length,
			load_average_1m: load,
			at: new Date().toISOString()
		}
	};
	mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
	const out = join(ROOT, `bench/results/start${options.coldCache ? '-cold-cache' : ''}.json`);
	writeFileSync(out, JSON.stringify(result, null, '\t') + '\n');
	for (const s of summary) {
		console.log(
			`\n${s.ref}: npm ci ${s.ci_s} s + npm start ${s.start_s} s = ${s.total_s} s (median of ${options.rounds}; CPU ${s.ci_cpu_s} + ${s.start_cpu_s} s), ${s.lines} lines of output`
		);
		for (const w of s.warnings) console.log(`  ${w}`);
	}
	console.log(`\nwrote ${out}`);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
