/**
 * bench:duplicates — the board's "Duplicates" (src/lib/cluster/duplicates.ts) at 10,000 notes,
 * against the finder it replaced (bench/duplicates/baseline.ts) in the same run, and both against
 * the exhaustive answer on a sample.
 *
 *   npm run bench:duplicates [-- --runs=5 --sample=2500]
 *
 * Sets (read from ../shared/fixtures when it is there, FIXTURES_DIR to point elsewhere):
 * - 10,000 airline tweets (retweets, copied complaints);
 * - 10,000 hotel reviews (reviews posted twice, boilerplate);
 * - 10,000 generated survey answers (always, no fixtures needed): variants of a few answers with
 *   words dropped, added and swapped, half of them answering a second question.
 *
 * Time: wall and CPU of `findDuplicates` on the whole set, old and new taking turns, median of
 * `--runs` rounds after a warm-up round. Quality: on a seeded sample of `--sample` notes of each
 * set, the exhaustive answer is every pair whose three-word shingle sets reach Jaccard 0.8 (the
 * definition both finders approximate, computed over all pairs) and the groups those pairs and
 * identical texts connect; each finder's stacks are scored by the pairs of notes they put together
 * (precision: of the pairs a finder stacked, how many the exhaustive groups also put together;
 * recall: the reverse). On the whole set, the new finder is scored against the old one the same way.
 * Writes bench/results/duplicates.json.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { comparableText, findDuplicates, type DuplicateStack } from '../../src/lib/cluster/duplicates';
import { findDuplicates as findDuplicatesBefore } from './baseline';

const ROOT = resolve(import.meta.dirname, '../..');
// Beside the repository (../shared/fixtures) or, for a worktree elsewhere, the machine's copy.
const FIXTURES = process.env.FIXTURES_DIR ?? [join(ROOT, '../shared/fixtures'), '/work/shared/fixtures'].find((d) => existsSync(d)) ?? '';
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const RUNS = Number(args.get('runs') ?? 5);
const SAMPLE = Number(args.get('sample') ?? 2500);
const NOTES = 10_000;
const THRESHOLD = 0.8;

interface DataSet {
	name: string;
	texts: string[];
	questions?: string[];
}

function readCsv(file: string): Record<string, string>[] {
	return Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
}

function fixtureSets(): DataSet[] {
	const sets: DataSet[] = [];
	const tweets = join(FIXTURES, 'airline-tweets-original/Tweets.csv');
	if (existsSync(tweets)) sets.push({ name: 'airline tweets', texts: readCsv(tweets).map((r) => r.text).slice(0, NOTES) });
	const hotelDir = join(FIXTURES, 'hotel-reviews-bom');
	const hotel = existsSync(hotelDir) && readdirSync(hotelDir).find((f) => f.endsWith('.csv'));
	if (hotel) {
		const rows = readCsv(join(hotelDir, hotel));
		const column = Object.keys(rows[0]).find((k) => k === 'reviews.text') ?? Object.keys(rows[0]).find((k) => /review/i.test(k))!;
		sets.push({ name: 'hotel reviews', texts: rows.map((r) => r[column] ?? '').filter((t) => t.trim()).slice(0, NOTES) });
	}
	return sets;
}

/** Seeded generator (Park–Miller), so every run sees the same notes. */
function random(seed: number) {
	return () => (seed = (seed * 48271) % 2147483647) / 2147483647;
}

function generatedSet(): DataSet {
	const next = random(42);
	const answers = [
		'the delivery arrived two days late and the box was damaged when it came',
		'customer service never answered my emails about the refund for the broken chair',
		'the app logs me out every time I switch to another app and back again',
		'great value for money and the staff at the store were really helpful',
		'the checkout page kept failing with my card so I had to order by phone',
		'sizes run small so I had to send the dress back and wait for a new one'
	];
	const filler = ['really', 'again', 'very', 'still', 'honestly', 'today', 'just', 'also'];
	const texts: string[] = [];
	const questions: string[] = [];
	for (let i = 0; i < NOTES; i++) {
		const words = answers[Math.floor(next() * answers.length)].split(' ');
		for (let e = Math.floor(next() * 6); e > 0; e--) {
			const at = Math.floor(next() * words.length);
			const roll = next();
			if (roll < 0.4) words.splice(at, 1);
			else if (roll < 0.8) words.splice(at, 0, filler[Math.floor(next() * filler.length)]);
			else words.splice(at, 1, `w${Math.floor(next() * 5000)}`);
		}
		texts.push(words.join(' '));
		questions.push(next() < 0.5 ? 'What could we do better?' : 'What went well?');
	}
	return { name: 'generated answers, 2 questions', texts, questions };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const r1 = (x: number) => Math.round(x * 10) / 10;

function timed(fn: () => DuplicateStack[]): { wall: number; cpu: number; stacks: DuplicateStack[] } {
	const c = process.cpuUsage();
	const t = performance.now();
	const stacks = fn();
	const wall = performance.now() - t;
	const d = process.cpuUsage(c);
	return { wall, cpu: (d.user + d.system) / 1000, stacks };
}

/** Group number of every note a finder stacked (notes left alone have none). */
function groupsOf(stacks: { members: number[] }[]): Map<number, number> {
	const out = new Map<number, number>();
	stacks.forEach((s, k) => s.members.forEach((m) => out.set(m, k)));
	return out;
}

/** Pairs put together, counted per group as m·(m−1)/2, and the pairs two groupings share. */
function pairScores(found: Map<number, number>, truth: Map<number, number>): { precision: number; recall: number; pairs: number; truePairs: number } {
	const count = (groups: Map<number, number>) => {
		const sizes = new Map<number, number>();
		for (const g of groups.values()) sizes.set(g, (sizes.get(g) ?? 0) + 1);
		let pairs = 0;
		for (const m of sizes.values()) pairs += (m * (m - 1)) / 2;
		return pairs;
	};
	// Shared pairs: notes grouped together by both, counted per (found group, true group) cell.
	const cells = new Map<string, number>();
	for (const [note, g] of found) {
		const t = truth.get(note);
		if (t === undefined) continue;
		const key = `${g}:${t}`;
		cells.set(key, (cells.get(key) ?? 0) + 1);
	}
	let shared = 0;
	for (const m of cells.values()) shared += (m * (m - 1)) / 2;
	const pairs = count(found);
	const truePairs = count(truth);
	return { precision: pairs ? shared / pairs : 1, recall: truePairs ? shared / truePairs : 1, pairs, truePairs };
}

/** Every pair at or above the threshold over all pairs, joined into groups (the exhaustive answer). */
function exhaustiveGroups(texts: string[], questions?: string[]): Map<number, number> {
	const comparable = texts.map(comparableText);
	const sets = comparable.map((c) => {
		const w = c ? c.split(' ') : [];
		if (w.length < 3) return new Set(w.length ? [c] : []);
		return new Set(w.slice(2).map((_, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`));
	});
	const parent = texts.map((_, i) => i);
	const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
	for (let a = 0; a < texts.length; a++) {
		if (sets[a].size === 0) continue;
		for (let b = a + 1; b < texts.length; b++) {
			if (sets[b].size === 0 || (questions && questions[a] !== questions[b])) continue;
			let same = comparable[a] === comparable[b];
			if (!same) {
				let inter = 0;
				for (const x of sets[a]) if (sets[b].has(x)) inter++;
				same = inter / (sets[a].size + sets[b].size - inter) >= THRESHOLD;
			}
			if (same) parent[find(b)] = find(a);
		}
	}
	const members = new Map<number, number[]>();
	texts.forEach((_, i) => members.set(find(i), [...(members.get(find(i)) ?? []), i]));
	const out = new Map<number, number>();
	for (const [root, list] of members) if (list.length > 1) for (const m of list) out.set(m, root);
	return out;
}

function sample(set: DataSet, size: number): DataSet {
	if (set.texts.length <= size) return set;
	const next = random(7);
	const picked = new Set<number>();
	while (picked.size < size) picked.add(Math.floor(next() * set.texts.length));
	const order = [...picked].sort((a, b) => a - b);
	return { name: set.name, texts: order.map((i) => set.texts[i]), questions: set.questions && order.map((i) => set.questions![i]) };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function main() {
	const sets = [...fixtureSets(), generatedSet()];
	const load = { start: loadavg()[0], end: NaN };
	const results = [];
	for (const set of sets) {
		const options = { questions: set.questions };
		const before = () => findDuplicatesBefore(set.texts);
		const after = () => findDuplicates(set.texts, options);
		// The baseline knows no questions: within-question results are compared on the sample only.
		timed(before);
		timed(after);
		const old: ReturnType<typeof timed>[] = [];
		const now: ReturnType<typeof timed>[] = [];
		for (let r = 0; r < RUNS; r++) {
			old.push(timed(before));
			now.push(timed(after));
		}
		const small = sample(set, SAMPLE);
		const truth = exhaustiveGroups(small.texts, small.questions);
		const scoreNew = pairScores(groupsOf(findDuplicates(small.texts, { questions: small.questions })), truth);
		// The old finder has no questions: scored against the exhaustive answer without them.
		const scoreOld = pairScores(groupsOf(findDuplicatesBefore(small.texts)), small.questions ? exhaustiveGroups(small.texts) : truth);
		const agreement = set.questions ? null : pairScores(groupsOf(now[0].stacks), groupsOf(old[0].stacks));
		const row = {
			set: set.name,
			notes: set.texts.length,
			stacks: now[0].stacks.length,
			stacked_notes: now[0].stacks.reduce((a, s) => a + s.members.length, 0),
			old_wall_ms: r1(median(old.map((t) => t.wall))),
			old_cpu_ms: r1(median(old.map((t) => t.cpu))),
			new_wall_ms: r1(median(now.map((t) => t.wall))),
			new_cpu_ms: r1(median(now.map((t) => t.cpu))),
			speedup_wall: r1(median(old.map((t) => t.wall)) / median(now.map((t) => t.wall))),
			sample: small.texts.length,
			exhaustive_pairs: scoreNew.truePairs,
			new_precision: round3(scoreNew.precision),
			new_recall: round3(scoreNew.recall),
			old_precision: round3(scoreOld.precision),
			old_recall: round3(scoreOld.recall),
			...(agreement ? { new_vs_old_precision: round3(agreement.precision), new_vs_old_recall: round3(agreement.recall) } : {})
		};
		results.push(row);
		console.log(
			`${row.set}: ${row.notes} notes, ${row.stacks} stacks of ${row.stacked_notes}; old ${row.old_wall_ms} ms (cpu ${row.old_cpu_ms}), new ${row.new_wall_ms} ms (cpu ${row.new_cpu_ms}), ${row.speedup_wall}x; ` +
				`sample of ${row.sample}: new P ${row.new_precision} R ${row.new_recall}, old P ${row.old_precision} R ${row.old_recall}` +
				(agreement ? `; new vs old on all: P ${row.new_vs_old_precision} R ${row.new_vs_old_recall}` : '')
		);
	}
	load.end = loadavg()[0];
	mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
	const out = join(ROOT, 'bench/results/duplicates.json');
	const meta = { command: `npm run bench:duplicates -- ${process.argv.slice(2).join(' ')}`.trim(), runs: RUNS, threshold: THRESHOLD, node: process.version, cpus: cpus().length, load_average_1m: load, at: new Date().toISOString() };
	writeFileSync(out, JSON.stringify({ results, meta }, null, '\t') + '\n');
	console.log(`\nwrote ${out}`);
}

main();
