/**
 * Clustering and sorting quality and speed against human labels, with baselines in the same run.
 *
 *   npm run bench:cluster            (needs ../shared/fixtures beside the repository, or FIXTURES_DIR)
 *   BENCH_QUICK=1 npm run bench:cluster   (one seed instead of three; for a quick look)
 *   BENCH_SKIP_SORTING=1 npm run bench:cluster   (suggestions and scale only, for a change that
 *                                                 leaves sorting's features and method as they are)
 *   BENCH_WORDS_ONLY=1 npm run bench:cluster     (suggestions without the satisfaction answers: polarity
 *                                                 from the comments' words alone, as on a board
 *                                                 whose import has no satisfaction column)
 *   EMBEDDINGS=local npm run bench:cluster       (vectors from the local sentence encoder, after
 *                                                 `npm run embeddings:install`; or EMBEDDINGS_URL for a
 *                                                 server): suggestions and sorting read them as
 *                                                 `npm run cluster` does, the time to embed is reported,
 *                                                 and the results go to cluster-<provider>.json
 *
 * For every labelled set it reports
 * - suggestions: ARI/NMI at the method's own choice of group count and at the label count, the
 *   unclustered share, against TF-IDF + k-means at the label count (mean of the seeds);
 * - sort the rest: accuracy on the unsorted notes with 5, 10 and 20 examples per label (mean over
 *   the seeds), against TF-IDF nearest centroid given the same examples; and how many notes the
 *   method is sure of and how often those are right;
 * and the time to cluster and to sort 10,000 comments. Goals are checked on the held-out sets only.
 * Prints a table and writes bench/results/cluster.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pickSeeds } from '../../src/lib/cluster/fewshot';
import { adjustedRandIndex, normalisedMutualInformation } from '../../src/lib/cluster/metrics';
import { ClusterModel } from '../../src/lib/cluster/model';
import { seededRandom } from '../../src/lib/cluster/rng';
import { representationFromEnv } from '../../src/lib/cluster/representation';
import { sortRest } from '../../src/lib/cluster/sort';
import type { Dense } from '../../src/lib/cluster/svd';
import { tfidfKMeans, tfidfNearestCentroid } from './baselines';
import { cachedVectors } from './cached-vectors';
import { allAirlineTweets, available, FIXTURES, labelledSets, type LabelledSet } from './datasets';

if (!available()) {
	console.error(`Fixtures not found at ${FIXTURES}. Put the shared fixtures beside the repository or set FIXTURES_DIR.`);
	process.exit(1);
}

/** Vectors from an embeddings provider instead of the built-in TF-IDF and LSA, when EMBEDDINGS or EMBEDDINGS_URL asks for one. */
const representation = representationFromEnv(process.env);
if (representation) console.error(`Vectors from ${representation.name}${representation.sendsTo ? ` (texts sent to ${representation.sendsTo})` : ' (computed on this machine)'}.`);

const SEEDS = process.env.BENCH_QUICK ? [1] : [1, 2, 3];
/** Draws of examples for sorting: its accuracy varies more from draw to draw than clustering's. */
const SORT_DRAWS = process.env.BENCH_QUICK ? [1] : [1, 2, 3, 4, 5, 6];
const SHOTS = [5, 10, 20];
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/** A seeded sample of n items (all of them when there are fewer), in file order. */
function sample(length: number, n: number, seed: number): number[] {
	const idx = [...Array(length).keys()];
	if (n >= idx.length) return idx;
	const random = seededRandom(seed);
	for (let i = 0; i < n; i++) {
		const j = i + Math.floor(random() * (idx.length - i));
		[idx[i], idx[j]] = [idx[j], idx[i]];
	}
	return idx.slice(0, n).sort((a, b) => a - b);
}

function subset(set: LabelledSet, n: number): LabelledSet {
	const picked = sample(set.texts.length, n, 42);
	return {
		name: set.name,
		texts: picked.map((i) => set.texts[i]),
		labels: picked.map((i) => set.labels[i]),
		fields: set.fields ? picked.map((i) => set.fields![i]) : undefined
	};
}

/** Our partition: a group id per note; unclustered notes each count as a group of their own. */
function suggestions(set: LabelledSet, clusters?: number, vectors?: Dense) {
	const start = performance.now();
	const cpu = process.cpuUsage();
	const model = new ClusterModel(set.texts, { fields: process.env.BENCH_WORDS_ONLY ? undefined : set.fields, vectors });
	const suggestion = model.suggest(clusters ? { clusters } : {});
	const ms = performance.now() - start;
	const cpuMs = process.cpuUsage(cpu).user / 1000;
	const labels: (string | number)[] = new Array(set.texts.length);
	suggestion.groups.forEach((g, gi) => g.members.forEach((i) => (labels[i] = gi)));
	for (const i of suggestion.unclustered) labels[i] = `unclustered-${i}`;
	return {
		ari: adjustedRandIndex(set.labels, labels),
		nmi: normalisedMutualInformation(set.labels, labels),
		clusters: suggestion.clusters,
		unclustered: suggestion.unclustered.length / set.texts.length,
		titles: suggestion.groups.map((g) => g.title),
		ms,
		cpuMs
	};
}

function clusteringRow(set: LabelledSet, vectors?: Dense) {
	const k = new Set(set.labels).size;
	const own = suggestions(set, undefined, vectors);
	const atK = suggestions(set, k, vectors);
	const km = SEEDS.map((seed) => {
		const labels = tfidfKMeans(set.texts, k, seed);
		return { ari: adjustedRandIndex(set.labels, labels), nmi: normalisedMutualInformation(set.labels, labels) };
	});
	const kmAri = mean(km.map((x) => x.ari));
	return {
		notes: set.texts.length,
		labels: k,
		own: { ari: round(own.ari), nmi: round(own.nmi), clusters: own.clusters, unclustered: round(own.unclustered), ms: Math.round(own.ms), cpuMs: Math.round(own.cpuMs) },
		// Groups made when the label count was asked for: praise/complaint splits count towards it,
		// and when most topics are split fewer groups than asked can come back.
		atLabelCount: { ari: round(atK.ari), nmi: round(atK.nmi), unclustered: round(atK.unclustered), groups: atK.clusters },
		tfidfKMeans: { ari: round(kmAri), nmi: round(mean(km.map((x) => x.nmi))) },
		ratioAtLabelCount: round(atK.ari / Math.max(1e-9, kmAri), 2),
		titles: own.titles
	};
}

function sortingRow(set: LabelledSet, vectors?: Dense) {
	const classes = [...new Set(set.labels)].sort();
	const k = classes.length;
	const out: Record<string, unknown> = {};
	for (const shots of SHOTS) {
		const ours: number[] = [];
		const baseline: number[] = [];
		const sureShare: number[] = [];
		const sureAccuracy: number[] = [];
		for (const seed of SORT_DRAWS) {
			const seeds = pickSeeds(set.labels, shots, seed);
			const labels = new Int32Array(set.texts.length).fill(-1);
			for (const [i, l] of seeds) labels[i] = classes.indexOf(l);
			const result = sortRest(set.texts, labels, k, { vectors });
			let right = 0;
			let sure = 0;
			let sureRight = 0;
			for (const note of result.notes) {
				const ok = classes[note.best] === set.labels[note.index];
				if (ok) right++;
				if (note.group !== null) {
					sure++;
					if (ok) sureRight++;
				}
			}
			ours.push(right / result.notes.length);
			sureShare.push(sure / result.notes.length);
			sureAccuracy.push(sure ? sureRight / sure : 0);
			const nc = tfidfNearestCentroid(set.texts, labels, k);
			let ncRight = 0;
			let total = 0;
			for (let i = 0; i < set.texts.length; i++) {
				if (labels[i] >= 0) continue;
				total++;
				if (classes[nc[i]] === set.labels[i]) ncRight++;
			}
			baseline.push(ncRight / total);
		}
		out[`at${shots}`] = {
			accuracy: round(mean(ours)),
			nearestCentroid: round(mean(baseline)),
			ratio: round(mean(ours) / Math.max(1e-9, mean(baseline)), 2),
			// Spread over the draws: the standard deviation and the lowest of the per-draw ratios.
			ratioSd: round(sd(ours.map((a, d) => a / Math.max(1e-9, baseline[d]))), 2),
			ratioMin: round(Math.min(...ours.map((a, d) => a / Math.max(1e-9, baseline[d]))), 2),
			sureShare: round(mean(sureShare)),
			sureAccuracy: round(mean(sureAccuracy))
		};
	}
	// Always answering the largest label: the floor any sorting must clear.
	const counts = new Map<string, number>();
	for (const l of set.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
	out.largestLabel = round(Math.max(...counts.values()) / set.labels.length);
	return out;
}

type Row = { set: string; role: string; sortingRole: string; clustering: ReturnType<typeof clusteringRow>; sorting: Record<string, unknown> | null };
const rows: Row[] = [];
for (const { set, sizes, role, sortingRole } of await labelledSets()) {
	for (const n of sizes) {
		const s = subset(set, n);
		const vectors = representation ? (await cachedVectors(representation, s.texts, `${s.name} ${s.texts.length}`)).vectors : undefined;
		const clustering = clusteringRow(s, vectors);
		// Sorting is scored once per set, on all of it.
		const sorting = n >= set.texts.length && !process.env.BENCH_SKIP_SORTING ? sortingRow(s, vectors) : null;
		rows.push({ set: s.name, role, sortingRole, clustering, sorting });
		console.error(`${s.name} ${s.texts.length} (${role}): ARI@k ${clustering.atLabelCount.ari} vs ${clustering.tfidfKMeans.ari}`);
	}
}

// Scale: 10,000 tweets of every sentiment, as a real board would hold them.
const all = allAirlineTweets();
const picked = sample(all.texts.length, 10_000, 42);
const texts = picked.map((i) => all.texts[i]);
// The provider's time for the 10,000 (model load included), apart from clustering's and sorting's.
const scaleEmbedded = representation ? await cachedVectors(representation, texts, `scale ${texts.length}`) : null;
const scaleVectors = scaleEmbedded?.vectors;
const clusterStart = performance.now();
const clusterCpu = process.cpuUsage();
const scaleSuggestion = new ClusterModel(texts, { vectors: scaleVectors }).suggest();
const scaleCluster = { ms: Math.round(performance.now() - clusterStart), cpuMs: Math.round(process.cpuUsage(clusterCpu).user / 1000) };
const reasons = [...new Set(all.labels.filter((l): l is string => l !== null))].sort();
const scaleLabels = new Int32Array(texts.length).fill(-1);
const labelledIdx = picked.map((p, j) => (all.labels[p] !== null ? j : -1)).filter((j) => j >= 0);
const scaleSeeds = pickSeeds(labelledIdx.map((j) => all.labels[picked[j]]!), 10, 1);
for (const [t, l] of scaleSeeds) scaleLabels[labelledIdx[t]] = reasons.indexOf(l);
const sortStart = performance.now();
const sortCpu = process.cpuUsage();
const scaleSort = sortRest(texts, scaleLabels, reasons.length, { vectors: scaleVectors });
const scaleSorting = { ms: Math.round(performance.now() - sortStart), cpuMs: Math.round(process.cpuUsage(sortCpu).user / 1000) };
const scale = {
	notes: texts.length,
	cluster: { ...scaleCluster, clusters: scaleSuggestion.clusters, unclustered: round(scaleSuggestion.unclustered.length / texts.length) },
	sort: { ...scaleSorting, examples: scaleSeeds.size, unsure: round(scaleSort.unsure / scaleSort.notes.length) },
	embed: scaleEmbedded && { ms: scaleEmbedded.ms === null ? null : Math.round(scaleEmbedded.ms), cpuMs: scaleEmbedded.cpuMs === null ? null : Math.round(scaleEmbedded.cpuMs) }
};

const pad = (s: string | number, w: number) => String(s).padStart(w);
console.log('\nSuggestions (ARI/NMI against the labels; unclustered notes count as groups of one)');
const head1 = `${'set'.padEnd(24)}${pad('role', 9)}${pad('notes', 7)}${pad('k', 4)} | ${pad('own k', 6)}${pad('ARI', 7)}${pad('NMI', 7)}${pad('uncl', 6)} | ${pad('groups', 7)}${pad('ARI@k', 7)}${pad('NMI@k', 7)}${pad('uncl', 6)} | ${pad('km ARI', 7)}${pad('km NMI', 7)} | ${pad('x km', 6)}`;
console.log(head1);
console.log('-'.repeat(head1.length));
for (const r of rows) {
	const c = r.clustering;
	console.log(
		`${r.set.padEnd(24)}${pad(r.role, 9)}${pad(c.notes, 7)}${pad(c.labels, 4)} | ${pad(c.own.clusters, 6)}${pad(c.own.ari.toFixed(3), 7)}${pad(c.own.nmi.toFixed(3), 7)}${pad(
			(c.own.unclustered * 100).toFixed(0) + '%',
			6
		)} | ${pad(c.atLabelCount.groups, 7)}${pad(c.atLabelCount.ari.toFixed(3), 7)}${pad(c.atLabelCount.nmi.toFixed(3), 7)}${pad((c.atLabelCount.unclustered * 100).toFixed(0) + '%', 6)} | ${pad(
			c.tfidfKMeans.ari.toFixed(3),
			7
		)}${pad(c.tfidfKMeans.nmi.toFixed(3), 7)} | ${pad(c.ratioAtLabelCount.toFixed(2), 6)}`
	);
}
console.log('\nSort the rest (accuracy on the unsorted notes; ours / TF-IDF nearest centroid; sure share and accuracy)');
for (const r of rows) {
	if (!r.sorting) continue;
	const cells = SHOTS.map((s) => {
		const x = r.sorting![`at${s}`] as { accuracy: number; nearestCentroid: number; ratio: number; ratioSd: number; ratioMin: number; sureShare: number; sureAccuracy: number };
		return `${s}/label ${x.accuracy.toFixed(3)} / ${x.nearestCentroid.toFixed(3)} = ${x.ratio.toFixed(2)}x ±${x.ratioSd.toFixed(2)} min ${x.ratioMin.toFixed(2)} (sure ${(x.sureShare * 100).toFixed(0)}% at ${x.sureAccuracy.toFixed(3)})`;
	});
	console.log(`${r.set.padEnd(24)}${pad(r.sortingRole, 9)} | ${cells.join(' | ')} | largest label ${r.sorting.largestLabel}`);
}
console.log(
	`\nscale: ${scale.notes} airline tweets clustered in ${scale.cluster.ms} ms (${scale.cluster.cpuMs} ms CPU), ${scale.cluster.clusters} groups, ` +
		`${(scale.cluster.unclustered * 100).toFixed(0)}% unclustered; sorted from ${scale.sort.examples} examples in ${scale.sort.ms} ms (${scale.sort.cpuMs} ms CPU)` +
		(scale.embed ? `; vectors (${representation!.name}) ${scale.embed.ms === null ? 'from the cache' : `in ${scale.embed.ms} ms (${scale.embed.cpuMs} ms CPU), not counted above`}` : '')
);

const heldOut = rows.filter((r) => r.role === 'held out');
const at10 = (r: Row) => (r.sorting?.at10 as { ratio: number } | undefined)?.ratio ?? 0;
const goal = {
	heldOutSortingAtLeast135xNearestCentroidAt10: rows.filter((r) => r.sortingRole === 'held out').every((r) => at10(r) >= 1.35),
	heldOutAriAtLeast2xKMeansAtLabelCount: heldOut.every((r) => r.clustering.ratioAtLabelCount >= 2),
	heldOutUnclusteredAtMostOneFifth: heldOut.every((r) => r.clustering.atLabelCount.unclustered <= 0.2 && r.clustering.own.unclustered <= 0.2),
	tenThousandClusteredUnderTwoSeconds: scale.cluster.ms <= 2000,
	tenThousandSortedUnderTwoSeconds: scale.sort.ms <= 2000,
	// Wall time on a shared machine includes waiting for a core; CPU time is the work itself.
	tenThousandUnderTwoCpuSeconds: scale.cluster.cpuMs <= 2000 && scale.sort.cpuMs <= 2000
};
console.log('goal (held-out sets):', JSON.stringify(goal), `(load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);

const results: Record<string, unknown> = { command: 'npm run bench:cluster', representation: representation?.name ?? 'built-in (TF-IDF and LSA)', wordsOnly: Boolean(process.env.BENCH_WORDS_ONLY), seeds: SEEDS, sortingDraws: SORT_DRAWS, loadAverage: round(os.loadavg()[0], 1), goal, scale };
for (const r of rows) results[`${r.set}@${r.clustering.notes}`] = r;
const dir = join(import.meta.dirname, '../results');
mkdirSync(dir, { recursive: true });
// Results with another representation go beside the built-in one's, not over it.
const file = representation ? `cluster-${representation.name.replace(/[^a-z0-9.-]+/gi, '-').toLowerCase()}.json` : 'cluster.json';
writeFileSync(join(dir, file), JSON.stringify(results, null, '\t') + '\n');
console.log(`written ${join('bench/results', file)}`);
