import { seededRandom } from '../../src/lib/cluster/rng';
import { tokenize } from '../../src/lib/cluster/text';
import { tfidf, type SparseRows } from '../../src/lib/cluster/vectors';

/**
 * Plain TF-IDF + k-means, as a textbook would do it: unigrams, stop words, L2-normalised TF-IDF,
 * k-means++ seeding, Lloyd iterations on Euclidean distance, k given (the number of human labels).
 */
export function tfidfKMeans(texts: string[], k: number, seed = 1): number[] {
	const { matrix } = tfidf(texts.map((t) => tokenize(t)), { bigrams: false, maxDfShare: 1 });
	return sparseKMeans(matrix, k, seed);
}

function sparseKMeans(m: SparseRows, k: number, seed: number): number[] {
	const n = m.rowStart.length - 1;
	const v = m.width;
	const random = seededRandom(seed);
	const centres = new Float64Array(k * v);
	const norms = new Float64Array(k);
	const rowDot = (i: number, c: number) => {
		let s = 0;
		for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) s += m.vals[e] * centres[c * v + m.cols[e]];
		return s;
	};
	const rowNorm2 = (i: number) => {
		let s = 0;
		for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) s += m.vals[e] ** 2;
		return s;
	};
	const setCentre = (c: number, i: number) => {
		centres.fill(0, c * v, c * v + v);
		for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) centres[c * v + m.cols[e]] = m.vals[e];
		norms[c] = rowNorm2(i);
	};
	// k-means++ seeding on squared Euclidean distance.
	const dist = new Float64Array(n).fill(Infinity);
	let pick = Math.floor(random() * n);
	for (let c = 0; c < k; c++) {
		setCentre(c, pick);
		let total = 0;
		for (let i = 0; i < n; i++) {
			const d = rowNorm2(i) - 2 * rowDot(i, c) + norms[c];
			if (d < dist[i]) dist[i] = d;
			total += dist[i];
		}
		let target = random() * total;
		for (let i = 0; i < n; i++) {
			target -= dist[i];
			if (target <= 0) {
				pick = i;
				break;
			}
		}
	}
	const assignment = new Int32Array(n).fill(-1);
	for (let iter = 0; iter < 50; iter++) {
		let changed = 0;
		for (let i = 0; i < n; i++) {
			let best = 0;
			let bestD = Infinity;
			for (let c = 0; c < k; c++) {
				const d = norms[c] - 2 * rowDot(i, c);
				if (d < bestD) {
					bestD = d;
					best = c;
				}
			}
			if (assignment[i] !== best) changed++;
			assignment[i] = best;
		}
		if (!changed) break;
		centres.fill(0);
		const sizes = new Float64Array(k);
		for (let i = 0; i < n; i++) {
			const c = assignment[i];
			sizes[c]++;
			for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) centres[c * v + m.cols[e]] += m.vals[e];
		}
		for (let c = 0; c < k; c++) {
			let s = 0;
			for (let j = 0; j < v; j++) {
				if (sizes[c] > 0) centres[c * v + j] /= sizes[c];
				s += centres[c * v + j] ** 2;
			}
			norms[c] = s;
		}
	}
	return [...assignment];
}

/**
 * Grouping by the most frequent keyword: the k most common words of the whole set each make a
 * group, and a note joins the group of the most common of those words that it contains; notes
 * with none of them share one "other" group.
 */
export function topKeywordGroups(texts: string[], k: number): number[] {
	const docs = texts.map((t) => [...new Set(tokenize(t).map((x) => x.stem))]);
	const counts = new Map<string, number>();
	for (const d of docs) for (const s of d) counts.set(s, (counts.get(s) ?? 0) + 1);
	const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k);
	const rank = new Map(top.map(([s], i) => [s, i]));
	return docs.map((d) => {
		let best = k;
		for (const s of d) best = Math.min(best, rank.get(s) ?? k);
		return best;
	});
}

/**
 * TF-IDF nearest centroid (Rocchio), the textbook few-shot baseline: unigram TF-IDF over every
 * note, the mean of each group's examples, each other note to the most similar mean (cosine).
 * `labels[i]` is the example's group or -1. Answers a group per note.
 */
export function tfidfNearestCentroid(texts: readonly string[], labels: Int32Array, k: number): Int32Array {
	const { matrix: m } = tfidf(texts.map((t) => tokenize(t)), { bigrams: false, maxDfShare: 1 });
	const n = labels.length;
	const v = m.width;
	const c = new Float64Array(k * v);
	for (let i = 0; i < n; i++) {
		if (labels[i] < 0) continue;
		for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) c[labels[i] * v + m.cols[e]] += m.vals[e];
	}
	for (let g = 0; g < k; g++) {
		let s = 0;
		for (let j = 0; j < v; j++) s += c[g * v + j] ** 2;
		s = Math.sqrt(s) || 1;
		for (let j = 0; j < v; j++) c[g * v + j] /= s;
	}
	const out = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		let best = 0;
		let bestScore = -Infinity;
		for (let g = 0; g < k; g++) {
			let s = 0;
			for (let e = m.rowStart[i]; e < m.rowStart[i + 1]; e++) s += m.vals[e] * c[g * v + m.cols[e]];
			if (s > bestScore) {
				bestScore = s;
				best = g;
			}
		}
		out[i] = labels[i] >= 0 ? labels[i] : best;
	}
	return out;
}
