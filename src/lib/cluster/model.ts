import { buildFeatures } from './features';
import { groupKeywords, titleFromKeywords, type Keyword } from './keywords';
import { distinctTitles, groupPhrases, indexRuns, phraseRuns, titleFromPhrases, type Phrase, type PhraseIndex } from './phrases';
import { evaluativeOnly, polarities, type PolarityFields } from './sentiment';
import { kmeans, pickRows } from './kmeans';
import { seededRandom } from './rng';
import { nmf } from './nmf';
import { truncatedSvd, type Dense, type TruncatedSvd } from './svd';
import { rowLength, sparseDot, type SparseRows, type Vocabulary } from './vectors';

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
	/** Customer fields of each note (same order as the texts): the satisfaction answer's rank is read. */
	fields?: readonly PolarityFields[];
	/** Split groups that hold both praise and complaints (default true). */
	sentiment?: boolean;
	/** Folded words never to group or title by (besides stop words). */
	ignore?: Iterable<string>;
	/**
	 * Vectors from another representation (an embeddings provider; one row per text, length 1):
	 * groups are then settled, and outliers found, in that space instead of LSA.
	 */
	vectors?: Dense;
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
	/** The group's most distinctive phrases, best first; the title is the first. */
	phrases: Phrase[];
	title: string;
	/** Mean cosine of the members to the group's centre: how tight the theme is (0..1). */
	cohesion: number;
	/** The survey question its notes answer, when the notes answer several (`QuestionModels`). */
	question?: string | null;
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

/** Groups that hold at least one note. */
const groupCount = (members: number[][]) => members.reduce((n, rows) => n + (rows.length > 0 ? 1 : 0), 0);

const MIN_GROUPS = 2;
const MAX_GROUPS = 30;
const MICRO_SAMPLE = 1500;
const NMF_ITERATIONS = 50;
/** Rounds of k-means in LSA space after NMF: notes move to the topic whose notes they resemble most. */
const REFINE_ROUNDS = 3;
const MICRO_FACTOR = 1.2;
/** Polarity beyond which a note is clear praise (or, negated, a clear complaint). */
const POLARITY = 0.2;

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
	private readonly phraseIndex: PhraseIndex;
	/** Whether a phrase only says how customers felt (`evaluativeOnly` in the board's language). */
	private readonly evaluative: (label: string) => boolean;
	/** For a note fitted as a copy of an earlier one, that note's index; -1 otherwise. */
	private readonly copyOf: Int32Array;
	/** Polarity of each note, -1 (complaint) to 1 (praise). */
	readonly polarity: Float64Array;
	private readonly sentimentAware: boolean;
	/** Notes without a usable word, and non-answers. */
	private readonly wordless: number;

	constructor(texts: readonly string[], options: ModelOptions = {}) {
		this.seed = options.seed ?? 1;
		this.report = (stage, done) => options.onProgress?.({ stage, done });
		this.size = texts.length;
		this.report('words', 0);
		// A word in more notes than about two and a half themes' worth says nothing about any one
		// theme ("flight" among airline complaints): at most 30% of the notes on large boards, more
		// on small ones, where each theme holds a larger share.
		const share = Math.max(0.3, 2.5 / expectedGroups(texts.length));
		const features = buildFeatures(texts, { maxDfShare: texts.length < 20 ? 1 : share, ignore: options.ignore });
		this.phraseIndex = indexRuns(features.prepared.map((p) => phraseRuns(p, features.ignore, features.language)));
		const language = features.language;
		this.evaluative = (label) => evaluativeOnly(label, language);
		this.report('vectors', 0.2);
		const { matrix, vocabulary } = features;
		this.matrix = matrix;
		this.vocabulary = vocabulary;
		// Near-duplicates count once: the same words in the same order (retweets, copied answers,
		// "Great service!" a hundred times) are fitted as one note, and follow it into its group.
		// Their polarity must agree too: "helpful" and "not helpful" share every content word.
		this.polarity = polarities(texts, options.fields, features.language);
		this.copyOf = new Int32Array(texts.length).fill(-1);
		const firstOf = new Map<string, number>();
		this.usable = [];
		for (let i = 0; i < texts.length; i++) {
			if (!features.usable[i]) continue;
			const key = Math.sign(Math.round(this.polarity[i] * 4)) + features.tokens[i].map((t) => t.stem).join(' ');
			const first = firstOf.get(key);
			if (first !== undefined) {
				this.copyOf[i] = first;
				continue;
			}
			firstOf.set(key, i);
			this.usable.push(i);
		}
		this.sentimentAware = options.sentiment ?? true;
		let wordless = 0;
		for (let i = 0; i < texts.length; i++) if (!features.usable[i]) wordless++;
		this.wordless = wordless;
		this.sub = subRows(matrix, this.usable);
		this.report('themes', 0.35);
		this.svd = this.usable.length > 2 ? truncatedSvd(this.sub, options.dims ?? 50, this.seed) : null;
		this.embedding = !this.svd
			? { rows: this.usable.length, cols: 0, data: new Float64Array(0) }
			: options.vectors
				? pickRows(options.vectors, this.usable)
				: embed(this.svd);
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
		const wanted = options.clusters ? clamp(Math.round(options.clusters), min, max) : null;
		let k = wanted ?? this.chooseByGap(clamp(prior - 1, min, max), clamp(prior + 1, min, max));
		this.report('groups', 0.8);
		let refined = this.byTopics(k);
		let members = this.splitBySentiment(this.members(refined, k, options));
		if (wanted && groupCount(members) !== wanted) ({ refined, members } = this.fitCount(wanted, k, groupCount(members), refined, members, options));
		this.report('titles', 0.9);

		const groups = members
			.map((rows) => {
				rows.sort((a, b) => refined.similarity[b] - refined.similarity[a]);
				const cohesion = rows.reduce((s, i) => s + refined.similarity[i], 0) / Math.max(1, rows.length);
				return { notes: this.withCopies(rows.map((i) => this.usable[i])), cohesion };
			})
			.filter((g) => g.notes.length > 0);
		const inGroups = new Set(groups.flatMap((g) => g.notes));
		const unclustered = [...Array(this.size).keys()].filter((i) => !inGroups.has(i));
		const out = this.describeGroups(groups, unclustered);
		out.sort((a, b) => b.members.length - a.members.length);
		this.report('titles', 1);
		return { groups: out, unclustered, clusters: out.length, range: { min, max } };
	}

	/**
	 * As many groups as were asked for (`wanted`), so that "finer" always gives more groups and
	 * "coarser" fewer. Splitting praise from complaints adds groups, so fewer topics are fitted
	 * and only as many of them split (the most mixed first) as the count leaves room for: from
	 * `wanted - (made - wanted)` topics up, the first number of topics that gives `wanted`
	 * groups, else the one that comes closest without going over. `made` is what `k` topics gave
	 * with every mixed topic split (`refined`, `members`), kept when nothing comes closer. Each
	 * try is one NMF fit (about 0.3-0.6 s of CPU at 10,000 notes); at most `wanted` of them.
	 */
	private fitCount(
		wanted: number,
		k: number,
		made: number,
		refined: ReturnType<ClusterModel['byTopics']>,
		members: number[][],
		options: SuggestOptions
	): { refined: ReturnType<ClusterModel['byTopics']>; members: number[][] } {
		let best = made < wanted ? { refined, members, count: made } : null;
		const max = this.maxClusters;
		// Too many groups: fewer topics, some split. Too few (topics that lost every note as
		// outliers): more topics, none split beyond the count.
		const first = made > wanted ? Math.max(Math.min(MIN_GROUPS, max), wanted - (made - wanted)) : k + 1;
		const last = Math.min(max, made > wanted ? wanted : wanted + 3);
		for (let t = first; t <= last; t++) {
			const r = this.byTopics(t);
			const m = this.splitBySentiment(this.members(r, t, options), Math.max(0, wanted - t));
			const count = groupCount(m);
			if (count <= wanted && (!best || count > best.count)) best = { refined: r, members: m, count };
			if (count === wanted) break;
		}
		return best ?? { refined, members };
	}

	/** Rows (of `usable`) of each topic, outliers left out (at most `maxUnclusteredShare` of all notes). */
	private members(refined: { assignment: Int32Array; similarity: Float64Array }, k: number, options: SuggestOptions): number[][] {
		const n = this.usable.length;
		const minSimilarity = options.minSimilarity ?? 0.25;
		const cap = Math.floor((options.maxUnclusteredShare ?? 0.15) * this.size) - this.wordless;
		const outliers = [...Array(n).keys()]
			.filter((i) => refined.similarity[i] < minSimilarity)
			.sort((a, b) => refined.similarity[a] - refined.similarity[b])
			.slice(0, Math.max(0, cap));
		const left = new Set(outliers);
		const members: number[][] = Array.from({ length: k }, () => []);
		for (let i = 0; i < n; i++) if (!left.has(i)) members[refined.assignment[i]].push(i);
		return members.filter((m) => m.length > 0);
	}

	/**
	 * Praise and complaints about one topic are different groups: a group holding both clear praise
	 * (polarity at least 0.2) and clear complaints (at most -0.2), each at least 2 notes and a tenth
	 * of it, is split in two; its neutral notes join the side whose centre they are closer to.
	 */
	private splitBySentiment(groups: number[][], budget = Infinity): number[][] {
		if (!this.sentimentAware || budget <= 0) return groups;
		const pol = (row: number) => this.polarity[this.usable[row]];
		// Copies count: ten people writing "not helpful" are ten complaints.
		const weight = (list: number[]) => list.reduce((s, r) => s + 1 + this.copyCount(this.usable[r]), 0);
		const mixed: { index: number; praise: number[]; complaints: number[]; share: number }[] = [];
		groups.forEach((rows, index) => {
			const praise = rows.filter((r) => pol(r) >= POLARITY);
			const complaints = rows.filter((r) => pol(r) <= -POLARITY);
			const total = weight(rows);
			const least = Math.max(2, 0.1 * total);
			const p = weight(praise);
			const c = weight(complaints);
			if (p >= least && c >= least) mixed.push({ index, praise, complaints, share: Math.min(p, c) / total });
		});
		mixed.sort((a, b) => b.share - a.share);
		const split = new Map(mixed.slice(0, budget).map((m) => [m.index, m]));
		const out: number[][] = [];
		groups.forEach((rows, index) => {
			const m = split.get(index);
			if (!m) return out.push(rows);
			const a = this.centre(m.praise);
			const b = this.centre(m.complaints);
			for (const r of rows) {
				if (pol(r) >= POLARITY || pol(r) <= -POLARITY) continue;
				(this.dotRow(r, a) >= this.dotRow(r, b) ? m.praise : m.complaints).push(r);
			}
			out.push(m.praise, m.complaints);
		});
		return out;
	}

	private centre(rows: number[]): Float64Array {
		const d = this.embedding.cols;
		const c = new Float64Array(d);
		for (const r of rows) for (let j = 0; j < d; j++) c[j] += this.embedding.data[r * d + j];
		return c;
	}

	private dotRow(row: number, c: Float64Array): number {
		const d = this.embedding.cols;
		let s = 0;
		let norm = 0;
		for (let j = 0; j < d; j++) {
			s += this.embedding.data[row * d + j] * c[j];
			norm += c[j] * c[j];
		}
		return s / (Math.sqrt(norm) || 1);
	}

	private copyCount(note: number): number {
		this.withCopies([]);
		return this.copies!.get(note)?.length ?? 0;
	}

	/** Each note followed by the notes fitted as copies of it. */
	private withCopies(notes: number[]): number[] {
		if (!this.copies) {
			this.copies = new Map();
			this.copyOf.forEach((first, i) => {
				if (first < 0) return;
				const list = this.copies!.get(first);
				if (list) list.push(i);
				else this.copies!.set(first, [i]);
			});
		}
		return notes.flatMap((i) => [i, ...(this.copies!.get(i) ?? [])]);
	}

	private copies: Map<number, number[]> | null = null;

	/** Keywords, phrases and distinct titles of groups of notes, against the rest of the board. */
	private describeGroups(groups: { notes: number[]; cohesion: number }[], rest: number[]): SuggestedGroup[] {
		const keywords = groupKeywords(this.matrix, this.vocabulary, groups.map((g) => g.notes));
		const phrases = groupPhrases(this.phraseIndex, groups.map((g) => g.notes), { rest, evaluative: this.evaluative });
		const titles = distinctTitles(phrases);
		return groups.map((g, gi) => ({
			members: g.notes,
			keywords: keywords[gi],
			phrases: phrases[gi],
			title: titles[gi] || titleFromKeywords(keywords[gi]),
			cohesion: g.cohesion
		}));
	}

	/** Too few notes with words to compare: they make one group. */
	private single(): Suggestion {
		const members = this.withCopies(this.usable);
		const inGroup = new Set(members);
		const unclustered = [...Array(this.size).keys()].filter((i) => !inGroup.has(i));
		const groups = members.length > 0 ? this.describeGroups([{ notes: members, cohesion: 1 }], unclustered) : [];
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

	/** Keywords, phrases and a title for an existing group of notes, against the rest of the board. */
	describe(members: readonly number[], top = 5): { keywords: Keyword[]; phrases: Phrase[]; title: string } {
		const inside = new Set(members);
		const rest = [...Array(this.size).keys()].filter((i) => !inside.has(i));
		const [keywords] = groupKeywords(this.matrix, this.vocabulary, [[...inside], rest], top);
		const [phrases] = groupPhrases(this.phraseIndex, [[...inside]], { rest, evaluative: this.evaluative });
		return { keywords, phrases, title: titleFromPhrases(phrases) || titleFromKeywords(keywords) };
	}

	private positions: Int32Array | null = null;

	/** Row of each note in the LSA embedding, -1 for notes without usable words. */
	private positionOf(): Int32Array {
		if (!this.positions) {
			this.positions = new Int32Array(this.size).fill(-1);
			this.usable.forEach((note, row) => (this.positions![note] = row));
			this.copyOf.forEach((first, i) => first >= 0 && (this.positions![i] = this.positions![first]));
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
