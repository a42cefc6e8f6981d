import type { Token } from './text';

/** Rows of a sparse matrix, one per note: term indices (ascending) and weights. */
export interface SparseRows {
	/** rowStart[i]..rowStart[i+1] index into `cols`/`vals` for row i. */
	rowStart: Int32Array;
	cols: Int32Array;
	vals: Float64Array;
	/** Number of columns (terms). */
	width: number;
}

export interface Vocabulary {
	/** Term (a stem, or two stems joined by a space) -> column. */
	index: Map<string, number>;
	terms: string[];
	/** How many notes contain each term. */
	df: Int32Array;
	/** The most frequent written form of each term, for showing it to people. */
	display: string[];
	idf: Float64Array;
}

export interface VectorOptions {
	/** Also count pairs of neighbouring words ("lost bag"): they often name a theme better than one word. */
	bigrams?: boolean;
	/** A term must appear in at least this many notes to count. */
	minDf?: number;
	/**
	 * Terms in more than this share of the notes say nothing about a theme ("flight" on an airline
	 * board). Default 0.5, or 1 below 20 notes.
	 */
	maxDfShare?: number;
}

/**
 * TF-IDF vectors of the notes: sublinear term frequency (1 + ln tf) times smoothed inverse document
 * frequency, each row scaled to length 1 so that long and short comments compare fairly.
 */
export function tfidf(
	docs: Token[][],
	options: VectorOptions = {}
): { matrix: SparseRows; vocabulary: Vocabulary } {
	const n = docs.length;
	const bigrams = options.bigrams ?? true;
	const minDf = options.minDf ?? (n >= 200 ? 2 : 1);
	// On a handful of notes a shared word is all there is to go by.
	const maxDfShare = options.maxDfShare ?? (n < 20 ? 1 : 0.5);
	const maxDf = Math.max(minDf, Math.floor(maxDfShare * n));

	// Stems become integers and word pairs pairs of integers, so document frequencies are counted
	// without building a string per pair; strings are made for the kept terms only (most word
	// pairs occur once and are dropped).
	const stemId = new Map<string, number>();
	const stems: string[] = [];
	const docStems = docs.map((tokens) => {
		const ids = new Int32Array(tokens.length);
		for (let i = 0; i < tokens.length; i++) {
			const stem = tokens[i].stem;
			let id = stemId.get(stem);
			if (id === undefined) {
				id = stems.length;
				stems.push(stem);
				stemId.set(stem, id);
			}
			ids[i] = id;
		}
		return ids;
	});
	const s = stems.length;
	const pairId = new Map<number, number>();
	const pairs: number[] = [];
	const docPairs = docStems.map((ids) => {
		if (!bigrams || ids.length < 2) return new Int32Array(0);
		const out = new Int32Array(ids.length - 1);
		for (let i = 1; i < ids.length; i++) {
			// A word repeated ("very very") is no pair: -1.
			if (ids[i - 1] === ids[i]) {
				out[i - 1] = -1;
				continue;
			}
			const key = ids[i - 1] * s + ids[i];
			let id = pairId.get(key);
			if (id === undefined) {
				id = pairs.length;
				pairs.push(key);
				pairId.set(key, id);
			}
			out[i - 1] = s + id;
		}
		return out;
	});
	// Term t: a stem (t < s) or a word pair (t - s indexes `pairs`).
	const termCount = s + pairs.length;
	const dfAll = new Int32Array(termCount);
	const lastDoc = new Int32Array(termCount).fill(-1);
	const countDocument = (list: Int32Array, d: number) => {
		for (let i = 0; i < list.length; i++) {
			const t = list[i];
			if (t < 0 || lastDoc[t] === d) continue;
			lastDoc[t] = d;
			dfAll[t]++;
		}
	};
	for (let d = 0; d < n; d++) {
		countDocument(docStems[d], d);
		countDocument(docPairs[d], d);
	}
	const termName = (t: number) => (t < s ? stems[t] : stems[Math.floor(pairs[t - s] / s)] + ' ' + stems[pairs[t - s] % s]);
	const kept: { name: string; t: number }[] = [];
	for (let t = 0; t < termCount; t++) if (dfAll[t] >= minDf && dfAll[t] <= maxDf) kept.push({ name: termName(t), t });
	kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const terms = kept.map((k) => k.name);
	const column = new Int32Array(termCount).fill(-1);
	kept.forEach((k, j) => (column[k.t] = j));
	const index = new Map(terms.map((t, i) => [t, i]));
	const df = Int32Array.from(kept, (k) => dfAll[k.t]);
	const idf = Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
	// Each note's terms as vocabulary indices (-1: dropped), and the written forms of kept terms.
	const surfaceCounts: (Map<string, number> | undefined)[] = new Array(terms.length);
	const countForm = (j: number, form: string) => {
		const forms = (surfaceCounts[j] ??= new Map());
		forms.set(form, (forms.get(form) ?? 0) + 1);
	};
	const docIdx = docs.map((tokens, d) => {
		const stemsOf = docStems[d];
		const pairsOf = docPairs[d];
		const idx = new Int32Array(stemsOf.length + pairsOf.length);
		for (let i = 0; i < stemsOf.length; i++) {
			const j = (idx[i] = column[stemsOf[i]]);
			if (j >= 0) countForm(j, tokens[i].surface);
		}
		for (let i = 0; i < pairsOf.length; i++) {
			const j = (idx[stemsOf.length + i] = pairsOf[i] < 0 ? -1 : column[pairsOf[i]]);
			if (j >= 0) countForm(j, tokens[i].surface + ' ' + tokens[i + 1].surface);
		}
		return idx;
	});
	const display = terms.map((t, j) => {
		let best = t;
		let bestCount = -1;
		for (const [form, count] of surfaceCounts[j]!) {
			if (count > bestCount || (count === bestCount && form < best)) {
				best = form;
				bestCount = count;
			}
		}
		return best;
	});

	let total = 0;
	for (const idx of docIdx) total += idx.length;
	const rowStart = new Int32Array(n + 1);
	const cols = new Int32Array(total);
	const vals = new Float64Array(total);
	let nnz = 0;
	for (let i = 0; i < n; i++) {
		// Sorted indices (dropped terms, -1, first); each run of one index is a term and its count.
		const idx = docIdx[i].sort();
		const start = nnz;
		let norm = 0;
		let first = 0;
		while (first < idx.length && idx[first] < 0) first++;
		for (let e = first; e < idx.length; ) {
			let end = e + 1;
			while (end < idx.length && idx[end] === idx[e]) end++;
			const w = (1 + Math.log(end - e)) * idf[idx[e]];
			cols[nnz] = idx[e];
			vals[nnz++] = w;
			norm += w * w;
			e = end;
		}
		norm = Math.sqrt(norm) || 1;
		for (let e = start; e < nnz; e++) vals[e] /= norm;
		rowStart[i + 1] = nnz;
	}
	return {
		matrix: { rowStart, cols: cols.slice(0, nnz), vals: vals.slice(0, nnz), width: terms.length },
		vocabulary: { index, terms, df, display, idf }
	};
}

/** Cosine of two unit-length sparse rows. */
export function sparseDot(m: SparseRows, a: number, b: number): number {
	let i = m.rowStart[a];
	let j = m.rowStart[b];
	const iEnd = m.rowStart[a + 1];
	const jEnd = m.rowStart[b + 1];
	let sum = 0;
	while (i < iEnd && j < jEnd) {
		const ci = m.cols[i];
		const cj = m.cols[j];
		if (ci === cj) sum += m.vals[i++] * m.vals[j++];
		else if (ci < cj) i++;
		else j++;
	}
	return sum;
}

export function rowLength(m: SparseRows, i: number): number {
	return m.rowStart[i + 1] - m.rowStart[i];
}
