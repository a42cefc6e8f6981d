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

/** The terms of one note, in order: stems, then neighbour pairs. */
export function noteTerms(tokens: Token[], bigrams: boolean): { terms: string[]; surfaces: string[] } {
	const terms: string[] = [];
	const surfaces: string[] = [];
	for (const t of tokens) {
		terms.push(t.stem);
		surfaces.push(t.surface);
	}
	if (bigrams) {
		for (let i = 1; i < tokens.length; i++) {
			if (tokens[i - 1].stem === tokens[i].stem) continue;
			terms.push(tokens[i - 1].stem + ' ' + tokens[i].stem);
			surfaces.push(tokens[i - 1].surface + ' ' + tokens[i].surface);
		}
	}
	return { terms, surfaces };
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

	const perDoc = docs.map((tokens) => noteTerms(tokens, bigrams));
	// Document frequencies first; the surface forms are counted for the kept terms only (most word
	// pairs occur once and are dropped, and a map of forms for each of them was most of the cost).
	const dfAll = new Map<string, number>();
	const seen = new Set<string>();
	for (const { terms } of perDoc) {
		seen.clear();
		for (const term of terms) {
			if (seen.has(term)) continue;
			seen.add(term);
			dfAll.set(term, (dfAll.get(term) ?? 0) + 1);
		}
	}

	const terms: string[] = [];
	for (const [t, d] of dfAll) if (d >= minDf && d <= maxDf) terms.push(t);
	terms.sort();
	const index = new Map(terms.map((t, i) => [t, i]));
	const df = Int32Array.from(terms, (t) => dfAll.get(t)!);
	const idf = Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
	// Each note's terms as vocabulary indices (-1: dropped), looked up once.
	const docIdx = perDoc.map(({ terms: t }) => Int32Array.from(t, (term) => index.get(term) ?? -1));
	const surfaceCounts: (Map<string, number> | undefined)[] = new Array(terms.length);
	perDoc.forEach((doc, d) => {
		const idx = docIdx[d];
		for (let i = 0; i < idx.length; i++) {
			const j = idx[i];
			if (j < 0) continue;
			const forms = (surfaceCounts[j] ??= new Map());
			forms.set(doc.surfaces[i], (forms.get(doc.surfaces[i]) ?? 0) + 1);
		}
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
		// Sorted indices; each run of one index is a term and its count.
		const idx = docIdx[i].filter((j) => j >= 0).sort();
		const start = nnz;
		let norm = 0;
		for (let e = 0; e < idx.length; ) {
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
