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
	const dfAll = new Map<string, number>();
	const surfaceCounts = new Map<string, Map<string, number>>();
	for (const { terms, surfaces } of perDoc) {
		const seen = new Set<string>();
		for (let i = 0; i < terms.length; i++) {
			const term = terms[i];
			let forms = surfaceCounts.get(term);
			if (!forms) surfaceCounts.set(term, (forms = new Map()));
			forms.set(surfaces[i], (forms.get(surfaces[i]) ?? 0) + 1);
			if (seen.has(term)) continue;
			seen.add(term);
			dfAll.set(term, (dfAll.get(term) ?? 0) + 1);
		}
	}

	const terms = [...dfAll.keys()].filter((t) => {
		const df = dfAll.get(t)!;
		return df >= minDf && df <= maxDf;
	});
	terms.sort();
	const index = new Map(terms.map((t, i) => [t, i]));
	const df = Int32Array.from(terms, (t) => dfAll.get(t)!);
	const idf = Float64Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
	const display = terms.map((t) => {
		let best = t;
		let bestCount = -1;
		for (const [form, count] of surfaceCounts.get(t)!) {
			if (count > bestCount || (count === bestCount && form < best)) {
				best = form;
				bestCount = count;
			}
		}
		return best;
	});

	const rowStart = new Int32Array(n + 1);
	const cols: number[] = [];
	const vals: number[] = [];
	for (let i = 0; i < n; i++) {
		const counts = new Map<number, number>();
		for (const term of perDoc[i].terms) {
			const j = index.get(term);
			if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
		}
		const entries = [...counts.entries()].sort((a, b) => a[0] - b[0]);
		let norm = 0;
		const weights = entries.map(([j, tf]) => {
			const w = (1 + Math.log(tf)) * idf[j];
			norm += w * w;
			return w;
		});
		norm = Math.sqrt(norm) || 1;
		for (let e = 0; e < entries.length; e++) {
			cols.push(entries[e][0]);
			vals.push(weights[e] / norm);
		}
		rowStart[i + 1] = cols.length;
	}
	return {
		matrix: { rowStart, cols: Int32Array.from(cols), vals: Float64Array.from(vals), width: terms.length },
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
