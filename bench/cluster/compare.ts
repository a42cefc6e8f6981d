/**
 * What `methods.ts` and `candidates.ts` share: the labelled set named on the command line, and the
 * protocol that compares few-shot sorting methods on it.
 */
import * as F from '../../src/lib/cluster/fewshot';
import type { Dense } from '../../src/lib/cluster/svd';
import type { SparseRows } from '../../src/lib/cluster/vectors';
import { tfidfNearestCentroid } from './baselines';
import { airlineComplaints, clothingReviews, hotelThemes, olistThemes, type LabelledSet } from './datasets';

/** The labelled set by its name on the command line: airline, department, class, olist, olist2, olist3 or hotel. */
export async function namedSet(which: string): Promise<LabelledSet> {
	return which === 'airline'
		? airlineComplaints()
		: which === 'olist'
			? await olistThemes(1)
			: which === 'olist2' || which === 'olist3'
				? await olistThemes(which === 'olist2' ? 2 : 3)
				: which === 'hotel'
					? hotelThemes()
					: clothingReviews(which === 'department' ? 'Department Name' : 'Class Name');
}

const BASELINE = 'TF-IDF nearest centroid (baseline)';
const DRAWS = [1, 2, 3, 4, 5, 6];

/**
 * Prints each method's accuracy on the notes not given as examples, with 5, 10 and 20 examples
 * per label, mean of draws 1-6, beside TF-IDF nearest centroid: the ratio of the means, the spread
 * of the per-draw ratios and the lowest of them. Method names are padded to `nameWidth`.
 */
export function compareMethods(set: LabelledSet, methods: [string, (labels: Int32Array) => F.Posteriors][], nameWidth: number): void {
	const classes = [...new Set(set.labels)].sort();
	const k = classes.length;
	const n = set.texts.length;
	console.log(`${set.name}: ${n} notes, ${k} labels, ${DRAWS.length} draws of examples`);
	for (const per of [5, 10, 20]) {
		const acc: Record<string, number[]> = { [BASELINE]: [] };
		const ratios: Record<string, number[]> = {};
		for (const seed of DRAWS) {
			const seeds = F.pickSeeds(set.labels, per, seed);
			const labels = new Int32Array(n).fill(-1);
			for (const [i, l] of seeds) labels[i] = classes.indexOf(l);
			const score = (guess: (i: number) => number) => {
				let right = 0;
				let total = 0;
				for (let i = 0; i < n; i++) {
					if (labels[i] >= 0) continue;
					total++;
					if (classes[guess(i)] === set.labels[i]) right++;
				}
				return right / total;
			};
			const nc = tfidfNearestCentroid(set.texts, labels, k);
			acc[BASELINE].push(score((i) => nc[i]));
			for (const [name, fn] of methods) {
				const post = fn(labels);
				(acc[name] ??= []).push(score((i) => F.argmax(post.p, i, k)));
				(ratios[name] ??= []).push(acc[name].at(-1)! / acc[BASELINE].at(-1)!);
			}
		}
		const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
		const sd = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
		const base = mean(acc[BASELINE]);
		console.log(`\n${per} examples per label`);
		for (const [name, a] of Object.entries(acc)) {
			const r = ratios[name];
			const spread = r ? `  ±${sd(r).toFixed(2)}, lowest draw ${Math.min(...r).toFixed(2)}x` : '';
			console.log(`  ${name.padEnd(nameWidth)} ${mean(a).toFixed(3)}  ${(mean(a) / base).toFixed(2)}x${spread}`);
		}
	}
}

/**
 * Each sparse row (TF-IDF) with the same note's dense row (LSA or sentence vector, `v.rows` rows)
 * beside it at `weight`, the pair scaled to length 1 again: a logistic regression can then learn
 * from co-occurrence or meaning as well as from exact words. The dense columns follow `m.width`.
 */
export function besideDense(m: SparseRows, v: Dense, weight: number): SparseRows {
	const n = v.rows;
	const d = v.cols;
	const rowStart = new Int32Array(n + 1);
	const cols = new Int32Array(m.cols.length + n * d);
	const vals = new Float64Array(cols.length);
	let o = 0;
	for (let i = 0; i < n; i++) {
		const start = o;
		let norm = 0;
		for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) {
			cols[o] = m.cols[e];
			norm += (vals[o++] = m.vals[e]) ** 2;
		}
		for (let c = 0; c < d; c++) {
			cols[o] = m.width + c;
			norm += (vals[o++] = weight * v.data[i * d + c]) ** 2;
		}
		norm = Math.sqrt(norm) || 1;
		for (let t = start; t < o; t++) vals[t] /= norm;
		rowStart[i + 1] = o;
	}
	return { rowStart, cols, vals, width: m.width + d };
}
