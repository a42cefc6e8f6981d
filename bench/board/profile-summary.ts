/**
 * Summarises a CPU profile written by `BENCH_PROFILE=<folder> npm run bench:board` (Chromium's
 * CDP Profiler format, also what `node --cpu-prof` writes): the functions with the most self time
 * and the most total time (self + callees, each function counted once per sample), in ms.
 *
 *     npx tsx bench/board/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
	console.error('usage: profile-summary.ts <file.cpuprofile> [top]');
	process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: ProfileNode) => {
	const f = n.callFrame;
	const where = f.url ? f.url.replace(/^.*\//, '') + ':' + (f.lineNumber + 1) : '';
	return `${f.functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
	const ms = (profile.timeDeltas[i] ?? 0) / 1000;
	all += ms;
	const node = byId.get(id)!;
	self.set(label(node), (self.get(label(node)) ?? 0) + ms);
	const seen = new Set<string>();
	for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
		const l = label(byId.get(cur)!);
		if (seen.has(l)) continue;
		seen.add(l);
		total.set(l, (total.get(l) ?? 0) + ms);
	}
});
const print = (title: string, m: Map<string, number>) => {
	console.log(`\n${title}`);
	for (const [l, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${l}`);
};
console.log(`${file}: ${all.toFixed(0)} ms sampled`);
print('self time', self);
print('total time', total);
