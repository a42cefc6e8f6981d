/**
 * Clustering quality and speed against human labels, with the baselines in the same run.
 *
 *   npm run bench:cluster            (needs ../shared/fixtures beside the repository)
 *
 * Prints a table and writes bench/results/cluster.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ClusterModel } from '../../src/lib/cluster/model';
import { adjustedRandIndex, normalisedMutualInformation } from '../../src/lib/cluster/metrics';
import { seededRandom } from '../../src/lib/cluster/rng';
import { tfidfKMeans, topKeywordGroups } from './baselines';
import { available, labelledSets, allAirlineTweets, FIXTURES, type LabelledSet } from './datasets';

if (!available()) {
	console.error(`Fixtures not found at ${FIXTURES}. Put the shared fixtures beside the repository or set FIXTURES_DIR.`);
	process.exit(1);
}

const BASELINE_SEEDS = [1, 2, 3];

/** A seeded sample of n items (all of them when there are fewer), in file order. */
function sample<T>(items: T[], n: number, seed: number): number[] {
	const idx = [...items.keys()];
	if (n >= idx.length) return idx;
	const random = seededRandom(seed);
	for (let i = 0; i < n; i++) {
		const j = i + Math.floor(random() * (idx.length - i));
		[idx[i], idx[j]] = [idx[j], idx[i]];
	}
	return idx.slice(0, n).sort((a, b) => a - b);
}

/** Our partition: a group id per note; unclustered notes each count as a group of their own. */
function runOurs(texts: string[], clusters?: number) {
	const start = performance.now();
	const cpu = process.cpuUsage();
	const model = new ClusterModel(texts);
	const suggestion = model.suggest(clusters ? { clusters } : {});
	const ms = performance.now() - start;
	const cpuMs = process.cpuUsage(cpu).user / 1000;
	const labels: (string | number)[] = new Array(texts.length);
	suggestion.groups.forEach((g, gi) => g.members.forEach((i) => (labels[i] = gi)));
	for (const i of suggestion.unclustered) labels[i] = `unclustered-${i}`;
	return { labels, ms, cpuMs, clusters: suggestion.clusters, unclustered: suggestion.unclustered.length / texts.length };
}

interface Row {
	set: string;
	notes: number;
	classes: number;
	ours: { ari: number; nmi: number; clusters: number; unclustered: number; ms: number; cpuMs: number };
	oursAtLabelCount: { ari: number; nmi: number };
	tfidfKMeans: { ari: number; nmi: number; ms: number };
	topKeyword: { ari: number; nmi: number };
	ratio: number;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function evaluate(set: LabelledSet, n: number): Row {
	const picked = sample(set.texts, n, 42);
	const texts = picked.map((i) => set.texts[i]);
	const truth = picked.map((i) => set.labels[i]);
	const k = new Set(truth).size;
	const ours = runOurs(texts);
	const atK = runOurs(texts, k);
	let baselineMs = 0;
	const baseline = BASELINE_SEEDS.map((seed) => {
		const start = performance.now();
		const labels = tfidfKMeans(texts, k, seed);
		baselineMs += performance.now() - start;
		return { ari: adjustedRandIndex(truth, labels), nmi: normalisedMutualInformation(truth, labels) };
	});
	const keyword = topKeywordGroups(texts, k);
	const mean = (f: (x: { ari: number; nmi: number }) => number) => baseline.reduce((s, x) => s + f(x), 0) / baseline.length;
	const ari = adjustedRandIndex(truth, ours.labels);
	return {
		set: set.name,
		notes: texts.length,
		classes: k,
		ours: {
			ari: round(ari),
			nmi: round(normalisedMutualInformation(truth, ours.labels)),
			clusters: ours.clusters,
			unclustered: round(ours.unclustered),
			ms: Math.round(ours.ms),
			cpuMs: Math.round(ours.cpuMs)
		},
		oursAtLabelCount: {
			ari: round(adjustedRandIndex(truth, atK.labels)),
			nmi: round(normalisedMutualInformation(truth, atK.labels))
		},
		tfidfKMeans: { ari: round(mean((x) => x.ari)), nmi: round(mean((x) => x.nmi)), ms: Math.round(baselineMs / BASELINE_SEEDS.length) },
		topKeyword: {
			ari: round(adjustedRandIndex(truth, keyword)),
			nmi: round(normalisedMutualInformation(truth, keyword))
		},
		ratio: round(ari / Math.max(1e-9, mean((x) => x.ari)), 2)
	};
}

const rows: Row[] = [];
for (const { set, sizes } of labelledSets()) {
	for (const n of sizes) {
		const row = evaluate(set, n);
		rows.push(row);
		console.error(`${row.set} ${row.notes}: ARI ${row.ours.ari} vs ${row.tfidfKMeans.ari} in ${row.ours.ms} ms`);
	}
}

// Scale: 10,000 tweets of every sentiment (as a real board would hold); quality is scored on
// the labelled complaints among them.
const all = allAirlineTweets();
const picked = sample(all.texts, 10_000, 42);
const texts = picked.map((i) => all.texts[i]);
const scale = runOurs(texts);
const labelled = picked.map((_, j) => j).filter((j) => all.labels[picked[j]] !== null);
const scaleAri = adjustedRandIndex(
	labelled.map((j) => all.labels[picked[j]]),
	labelled.map((j) => scale.labels[j])
);
const scaleRow = {
	notes: texts.length,
	ms: Math.round(scale.ms),
	cpuMs: Math.round(scale.cpuMs),
	clusters: scale.clusters,
	unclustered: round(scale.unclustered),
	labelledNotes: labelled.length,
	ariOnLabelled: round(scaleAri)
};

const pad = (s: string | number, w: number) => String(s).padStart(w);
const header = `${'set'.padEnd(28)}${pad('notes', 7)}${pad('k', 4)}${pad('ARI', 7)}${pad('NMI', 7)}${pad('uncl', 6)}${pad('ms', 7)}${pad('cpu', 7)} | ${pad('ARI@k', 6)} | ${pad('km ARI', 7)}${pad('km NMI', 7)}${pad('km ms', 7)} | ${pad('kw ARI', 7)} | ${pad('x km', 6)}`;
console.log(header);
console.log('-'.repeat(header.length));
for (const r of rows) {
	console.log(
		`${r.set.padEnd(28)}${pad(r.notes, 7)}${pad(r.ours.clusters, 4)}${pad(r.ours.ari.toFixed(3), 7)}${pad(r.ours.nmi.toFixed(3), 7)}${pad(
			(r.ours.unclustered * 100).toFixed(0) + '%',
			6
		)}${pad(r.ours.ms, 7)}${pad(r.ours.cpuMs, 7)} | ${pad(r.oursAtLabelCount.ari.toFixed(3), 6)} | ${pad(r.tfidfKMeans.ari.toFixed(3), 7)}${pad(
			r.tfidfKMeans.nmi.toFixed(3),
			7
		)}${pad(r.tfidfKMeans.ms, 7)} | ${pad(r.topKeyword.ari.toFixed(3), 7)} | ${pad(r.ratio.toFixed(2), 6)}`
	);
}
console.log(
	`\nscale: ${scaleRow.notes} airline tweets (all sentiments) in ${scaleRow.ms} ms (${scaleRow.cpuMs} ms CPU), ${scaleRow.clusters} groups, ` +
		`${(scaleRow.unclustered * 100).toFixed(0)}% unclustered, ARI ${scaleRow.ariOnLabelled} on the ${scaleRow.labelledNotes} labelled complaints`
);

const goal = {
	ariAtLeastTwiceBaselineOnEverySet: rows.every((r) => r.ratio >= 2),
	unclusteredAtMostOneFifth: rows.every((r) => r.ours.unclustered <= 0.2) && scaleRow.unclustered <= 0.2,
	fiveThousandUnderTwoSeconds: rows.filter((r) => r.notes === 5000).every((r) => r.ours.ms < 2000),
	// Wall time on a shared machine includes waiting for a core; CPU time is the work itself.
	fiveThousandUnderTwoCpuSeconds: rows.filter((r) => r.notes === 5000).every((r) => r.ours.cpuMs < 2000)
};
console.log('goal:', JSON.stringify(goal), `(load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);

const results: Record<string, unknown> = { command: 'npm run bench:cluster', loadAverage: os.loadavg()[0], goal, scale: scaleRow };
for (const r of rows) results[`${r.set}@${r.notes}`] = r;
const out = join(import.meta.dirname, '../results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'cluster.json'), JSON.stringify(results, null, '\t') + '\n');
console.log(`written ${join('bench/results', 'cluster.json')}`);
