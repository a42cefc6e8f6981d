import { groupKeywords, titleFromKeywords, type Keyword } from './keywords';
import { kmeans, pickRows } from './kmeans';
import { seededRandom } from './rng';
import { nmf } from './nmf';
import { truncatedSvd, type Dense, type TruncatedSvd } from './svd';
import { addressedNames, boardLanguage, tokenize } from './text';
import { rowLength, sparseDot, tfidf, type SparseRows, type Vocabulary } from './vectors';

export type Stage = 'words' | 'vectors' | 'themes' | 'groups' | 'titles';

export interface Progress {
	stage: Stage;
	/** 0..1 over the whole job. */
	done: number;
}

export interface ModelOptions {
	/** Dimensions kept by LSA. */
	dims?: number;
	seed?: number;
	onProgress?: (progress: Progress) => void;
}

export interface SuggestOptions {
	/** The number of groups wanted; chosen from the data when absent. */
	clusters?: number;
	/**
	 * Below this cosine to its group's centre a note is left unclustered, so that odd comments do
	 * not blur a theme. At most `maxUnclusteredShare` of the notes are left out this way.
	 */
	minSimilarity?: number;
	maxUnclusteredShare?: number;
}

export interface SuggestedGroup {
	/** Index of each member in the input, most typical first. */
	members: number[];
	keywords: Keyword[];
	title: string;
	/** Mean cosine of the members to the group's centre: how tight the theme is (0..1). */
	cohesion: number;
}

export interface Suggestion {
	groups: SuggestedGroup[];
	/** Inputs left out: no usable words, or too far from every group. */
	unclustered: number[];
	/** The number of groups chosen and the range the user can move within (coarser/finer). */
	clusters: number;
	range: { min: number; max: number };
}

interface Merge {
	a: number;
	b: number;
	/** Cosine of the two centres joined. */
	similarity: number;
}

const MIN_GROUPS = 2;
const MAX_GROUPS = 30;
const MICRO_SAMPLE = 1500;
const NMF_ITERATIONS = 50;
/** Rounds of k-means in LSA space after NMF: notes move to the topic whose notes they resemble most. */
const REFINE_ROUNDS = 3;
const MICRO_FACTOR = 1.2;

/**
 * Everything that does not depend on the number of groups, computed once per set of notes:
 * words, TF-IDF, LSA, fine "micro" clusters and the tree that merges them. Asking for coarser or
 * finer groups then only cuts the tree at another level.
 */
export class ClusterModel {
	readonly size: number;
	readonly matrix: SparseRows;
	readonly vocabulary: Vocabulary;
	/** Notes that have at least one usable word, and their LSA vectors (same order). */
	readonly usable: number[];
	readonly embedding: Dense;
	private readonly sub: SparseRows;
	private readonly svd: TruncatedSvd | null;
	private microCentres: Dense;
	private microWeights: Float64Array;
	private merges: Merge[];
	private readonly seed: number;
	private readonly report: (stage: Stage, done: number) => void;

	constructor(texts: readonly string[], options: ModelOptions = {}) {
		this.seed = options.seed ?? 1;
		this.report = (stage, done) => options.onProgress?.({ stage, done });
		this.size = texts.length;
		this.report('words', 0);
		const addressed = addressedNames(texts);
		const language = boardLanguage(texts);
		const tokens = texts.map((t) => tokenize(t, undefined, addressed, language));
		this.report('vectors', 0.2);
		// A word in more notes than about two and a half themes' worth says nothing about any one
		// theme ("flight" among airline complaints): at most 30% of the notes on large boards, more
		// on small ones, where each theme holds a larger share.
		const share = Math.max(0.3, 2.5 / expectedGroups(texts.length));
		const { matrix, vocabulary } = tfidf(tokens, { maxDfShare: texts.length < 20 ? 1 : share });
		this.matrix = matrix;
		this.vocabulary = vocabulary;
		this.usable = [];
		for (let i = 0; i < texts.length; i++) if (rowLength(matrix, i) > 0) this.usable.push(i);
		this.sub = subRows(matrix, this.usable);
		this.report('themes', 0.35);
		this.svd = this.usable.length > 2 ? truncatedSvd(this.sub, options.dims ?? 50, this.seed) : null;
		this.embedding = this.svd ? embed(this.svd) : { rows: this.usable.length, cols: 0, data: new Float64Array(0) };
		this.report('groups', 0.7);
		const n = this.usable.length;
		// The fine clusters only serve to choose how many groups to propose: a sample is enough.
		const random = seededRandom(this.seed + 3);
		const sample = n <= MICRO_SAMPLE ? null : sampleIndices(n, MICRO_SAMPLE, random);
		const fitRows = sample ? pickRows(this.embedding, sample) : this.embedding;
		const m = this.svd ? Math.max(1, Math.min(fitRows.rows, Math.round(Math.sqrt(n) * MICRO_FACTOR), 80)) : 0;
		const fitted = m > 0 ? kmeans(fitRows, m, { seed: this.seed, maxIterations: 30, tolerance: 0.002 }) : null;
		this.microCentres = fitted?.centroids ?? { rows: 0, cols: 0, data: new Float64Array(0) };
		this.microWeights = new Float64Array(m);
		if (fitted) for (const c of fitted.assignment) this.microWeights[c]++;
		this.merges = agglomerate(this.microCentres, this.microWeights);
	}

	/** How many fine clusters the tree starts from. */
	private get microCount(): number {
		return this.microWeights.filter((w) => w > 0).length;
	}

	/** The most groups that can be asked for. */
	get maxClusters(): number {
		return Math.max(1, Math.min(MAX_GROUPS, this.usable.length, this.svd ? this.svd.s.length : 1));
	}

	/**
	 * Proposes groups. Without a requested count it starts from a count that grows slowly with the
	 * board (8 for 1,000 notes, 10 for 10,000: as many themes as a workshop can discuss) and moves
	 * it by one where the tree of fine clusters shows a sharper drop in similarity: themes that are
	 * clearly apart stay apart.
	 */
	suggest(options: SuggestOptions = {}): Suggestion {
		const max = this.maxClusters;
		const min = Math.min(MIN_GROUPS, max);
		if (!this.svd) return this.single();
		const prior = clamp(expectedGroups(this.usable.length), min, max);
		const k = options.clusters
			? clamp(Math.round(options.clusters), min, max)
			: this.chooseByGap(clamp(prior - 1, min, max), clamp(prior + 1, min, max));
		this.report('groups', 0.8);
		const refined = this.byTopics(k);
		this.report('titles', 0.9);

		const n = this.usable.length;
		const minSimilarity = options.minSimilarity ?? 0.25;
		const cap = Math.floor((options.maxUnclusteredShare ?? 0.15) * this.size) - (this.size - n);
		const outliers = [...Array(n).keys()]
			.filter((i) => refined.similarity[i] < minSimilarity)
			.sort((a, b) => refined.similarity[a] - refined.similarity[b])
			.slice(0, Math.max(0, cap));
		const left = new Set(outliers);
		const members: number[][] = Array.from({ length: k }, () => []);
		for (let i = 0; i < n; i++) if (!left.has(i)) members[refined.assignment[i]].push(i);

		const groups = members
			.map((rows) => {
				rows.sort((a, b) => refined.similarity[b] - refined.similarity[a]);
				const cohesion = rows.reduce((s, i) => s + refined.similarity[i], 0) / Math.max(1, rows.length);
				return { rows, cohesion };
			})
			.filter((g) => g.rows.length > 0);
		const keywords = groupKeywords(
			this.matrix,
			this.vocabulary,
			groups.map((g) => g.rows.map((i) => this.usable[i]))
		);
		const out: SuggestedGroup[] = groups.map((g, gi) => ({
			members: g.rows.map((i) => this.usable[i]),
			keywords: keywords[gi],
			title: titleFromKeywords(keywords[gi]),
			cohesion: g.cohesion
		}));
		out.sort((a, b) => b.members.length - a.members.length);
		const usable = new Set(this.usable);
		const unclustered = [
			...outliers.map((i) => this.usable[i]),
			...[...Array(this.size).keys()].filter((i) => !usable.has(i))
		].sort((a, b) => a - b);
		this.report('titles', 1);
		return { groups: out, unclustered, clusters: out.length, range: { min, max } };
	}

	/** Too few notes with words to compare: they make one group. */
	private single(): Suggestion {
		const usable = new Set(this.usable);
		const groups: SuggestedGroup[] = [];
		if (this.usable.length > 0) {
			const [keywords] = groupKeywords(this.matrix, this.vocabulary, [this.usable]);
			groups.push({ members: [...this.usable], keywords, title: titleFromKeywords(keywords), cohesion: 1 });
		}
		const unclustered = [...Array(this.size).keys()].filter((i) => !usable.has(i));
		return { groups, unclustered, clusters: groups.length, range: { min: groups.length, max: groups.length } };
	}

	/**
	 * Topics by non-negative matrix factorisation of the TF-IDF matrix, started from the SVD
	 * (NNDSVD); a note joins its strongest topic. A few rounds of k-means in LSA space from the
	 * topics' centres then settle notes that NMF split between topics. A note's similarity is the
	 * cosine of its LSA vector to its group's centre.
	 */
	private byTopics(k: number): { assignment: Int32Array; similarity: Float64Array } {
		const n = this.usable.length;
		const { w } = nmf(this.sub, k, { svd: this.svd!, iterations: NMF_ITERATIONS });
		const assignment = new Int32Array(n);
		for (let i = 0; i < n; i++) {
			let best = 0;
			for (let c = 1; c < k; c++) if (w[i * k + c] > w[i * k + best]) best = c;
			assignment[i] = best;
		}
		const d = this.embedding.cols;
		const centres = new Float64Array(k * d);
		for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centres[assignment[i] * d + j] += this.embedding.data[i * d + j];
		for (let c = 0; c < k; c++) {
			let norm = 0;
			for (let j = 0; j < d; j++) norm += centres[c * d + j] ** 2;
			norm = Math.sqrt(norm) || 1;
			for (let j = 0; j < d; j++) centres[c * d + j] /= norm;
		}
		return kmeans(this.embedding, k, { init: { rows: k, cols: d, data: centres }, maxIterations: REFINE_ROUNDS });
	}

	/**
	 * The count just before the tree's sharpest drop in similarity: merging further would join
	 * themes that are clearly apart.
	 */
	private chooseByGap(min: number, max: number): number {
		const alive = this.microCount;
		let best = min;
		let bestGap = -Infinity;
		for (let k = min; k <= max; k++) {
			const next = this.merges[alive - k];
			const previous = this.merges[alive - k - 1];
			if (!next || !previous) continue;
			const gap = previous.similarity - next.similarity;
			if (gap > bestGap) {
				bestGap = gap;
				best = k;
			}
		}
		return best;
	}

	/**
	 * The notes most like note `index`, best first: the mean of the cosine of their TF-IDF vectors
	 * (same words) and of their LSA vectors (words used in the same kind of comment).
	 */
	similar(index: number, limit = 10, among?: readonly number[]): { index: number; similarity: number }[] {
		const position = this.positionOf();
		const candidates = among ?? [...Array(this.size).keys()];
		const d = this.embedding.cols;
		const own = position[index];
		const out: { index: number; similarity: number }[] = [];
		for (const j of candidates) {
			if (j === index) continue;
			let sim = sparseDot(this.matrix, index, j);
			const other = position[j];
			if (own >= 0 && other >= 0) {
				let dot = 0;
				for (let c = 0; c < d; c++) dot += this.embedding.data[own * d + c] * this.embedding.data[other * d + c];
				sim = (sim + Math.max(0, dot)) / 2;
			}
			if (sim > 0.05) out.push({ index: j, similarity: sim });
		}
		out.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
		return out.slice(0, limit);
	}

	/** Keywords and a title for an existing group of notes, against the rest of the board. */
	describe(members: readonly number[], top = 5): { keywords: Keyword[]; title: string } {
		const inside = new Set(members);
		const rest = [...Array(this.size).keys()].filter((i) => !inside.has(i));
		const [keywords] = groupKeywords(this.matrix, this.vocabulary, [[...inside], rest], top);
		return { keywords, title: titleFromKeywords(keywords) };
	}

	private positions: Int32Array | null = null;

	/** Row of each note in the LSA embedding, -1 for notes without usable words. */
	private positionOf(): Int32Array {
		if (!this.positions) {
			this.positions = new Int32Array(this.size).fill(-1);
			this.usable.forEach((note, row) => (this.positions![note] = row));
		}
		return this.positions;
	}
}

/**
 * Agglomerative merging of the micro clusters: repeatedly joins the two whose size-weighted
 * centres are most alike. Returns the merges in order.
 */
function agglomerate(centres: Dense, weights: Float64Array): Merge[] {
	const m = centres.rows;
	const d = centres.cols;
	const sum = Float64Array.from(centres.data);
	for (let c = 0; c < m; c++) for (let j = 0; j < d; j++) sum[c * d + j] *= weights[c];
	const alive = [...Array(m).keys()].filter((c) => weights[c] > 0);
	const merges: Merge[] = [];
	const cos = (a: number, b: number) => {
		let dot = 0;
		let na = 0;
		let nb = 0;
		for (let j = 0; j < d; j++) {
			dot += sum[a * d + j] * sum[b * d + j];
			na += sum[a * d + j] ** 2;
			nb += sum[b * d + j] ** 2;
		}
		return dot / (Math.sqrt(na * nb) || 1);
	};
	while (alive.length > 1) {
		let bestA = 0;
		let bestB = 1;
		let best = -Infinity;
		for (let x = 0; x < alive.length; x++) {
			for (let y = x + 1; y < alive.length; y++) {
				const s = cos(alive[x], alive[y]);
				if (s > best) {
					best = s;
					bestA = x;
					bestB = y;
				}
			}
		}
		const a = alive[bestA];
		const b = alive[bestB];
		for (let j = 0; j < d; j++) sum[a * d + j] += sum[b * d + j];
		merges.push({ a, b, similarity: best });
		alive.splice(bestB, 1);
	}
	return merges;
}

function subRows(m: SparseRows, rows: number[]): SparseRows {
	const rowStart = new Int32Array(rows.length + 1);
	let nnz = 0;
	rows.forEach((r, i) => (rowStart[i + 1] = nnz += rowLength(m, r)));
	const cols = new Int32Array(nnz);
	const vals = new Float64Array(nnz);
	rows.forEach((r, i) => {
		cols.set(m.cols.subarray(m.rowStart[r], m.rowStart[r + 1]), rowStart[i]);
		vals.set(m.vals.subarray(m.rowStart[r], m.rowStart[r + 1]), rowStart[i]);
	});
	return { rowStart, cols, vals, width: m.width };
}

/** LSA vectors of the notes (U S), rows scaled to length 1. */
function embed(svd: TruncatedSvd): Dense {
	const { rows: n, cols: k, data } = svd.u;
	const out = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		let norm = 0;
		for (let c = 0; c < k; c++) norm += (out[i * k + c] = data[i * k + c] * svd.s[c]) ** 2;
		norm = Math.sqrt(norm);
		if (norm > 0) for (let c = 0; c < k; c++) out[i * k + c] /= norm;
	}
	return { rows: n, cols: k, data: out };
}

/** k distinct indices below n, in ascending order (partial Fisher-Yates). */
function sampleIndices(n: number, k: number, random: () => number): number[] {
	const all = [...Array(n).keys()];
	for (let i = 0; i < k; i++) {
		const j = i + Math.floor(random() * (n - i));
		[all[i], all[j]] = [all[j], all[i]];
	}
	return all.slice(0, k).sort((a, b) => a - b);
}

/** How many groups a board of n notes starts from: 6 for 100 notes, 8 for 1,000, 10 for 10,000. */
function expectedGroups(n: number): number {
	return Math.round(2 * Math.log10(Math.max(10, n)) + 2);
}


const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
