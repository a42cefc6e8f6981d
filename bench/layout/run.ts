/**
 * The layout module against a baseline revision of itself, in the same run: CPU milliseconds of one
 * `layoutBoard` call (process.cpuUsage, so the shared machine's load moves it less than wall time),
 * median of 5 blocks of 30 calls each, for boards of 5,000 and 10,000 notes all unsorted (a fresh
 * import) and half in 40 groups (mid-workshop).
 *
 *     BENCH_BASELINE=<git revision> npx tsx bench/layout/run.ts
 *
 * The baseline's `src/lib/board/layout.ts` is read with `git show` into a temporary file beside
 * this one and removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { layoutBoard, type LayoutGroup, type LayoutNote } from '../../src/lib/board/layout.ts';

const rev = process.env.BENCH_BASELINE ?? 'HEAD~1';
const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, `.baseline-${process.pid}.ts`);
const source = execFileSync('git', ['show', `${rev}:src/lib/board/layout.ts`], { encoding: 'utf8' }).replace(/from '\.\/order\.ts'/g, "from '../../src/lib/board/order.ts'");
writeFileSync(file, source);
try {
	const baseline: typeof layoutBoard = (await import(pathToFileURL(file).href)).layoutBoard;
	const cpu = (f: () => void, runs: number) => {
		const s = process.cpuUsage();
		for (let i = 0; i < runs; i++) f();
		const d = process.cpuUsage(s);
		return (d.user + d.system) / 1000 / runs;
	};
	const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
	console.log(`| board | notes | baseline ${rev} ms | now ms | ratio |\n|---|---|---|---|---|`);
	for (const grouped of [false, true])
		for (const n of [5000, 10000]) {
			const groups: LayoutGroup[] = Array.from({ length: 40 }, (_, i) => ({ id: `grp_${i}`, x: 20000 + (i % 8) * 3000, y: Math.floor(i / 8) * 3000, parentId: null, order: `a${i}`, collapsed: false }));
			// One import: every note has the same creation time, so ties are broken by id, as on a real board.
			const notes: LayoutNote[] = Array.from({ length: n }, (_, i) => ({ id: `note_${String(i).padStart(6, '0')}`, createdAt: 1000, groupId: grouped && i % 2 ? `grp_${i % 40}` : null, order: `a${i}`, pos: null }));
			cpu(() => baseline(notes, groups), 20);
			cpu(() => layoutBoard(notes, groups), 20);
			const was: number[] = [];
			const now: number[] = [];
			for (let r = 0; r < 5; r++) {
				was.push(cpu(() => baseline(notes, groups), 30));
				now.push(cpu(() => layoutBoard(notes, groups), 30));
			}
			console.log(`| ${grouped ? 'half in groups' : 'all unsorted'} | ${n.toLocaleString('en')} | ${median(was).toFixed(1)} | ${median(now).toFixed(1)} | ${(median(now) / median(was)).toFixed(2)} |`);
		}
} finally {
	rmSync(file, { force: true });
}
