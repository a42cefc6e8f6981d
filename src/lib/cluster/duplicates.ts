import { fold, normaliseText } from './text';

export interface DuplicateStack {
	/** The note to keep on top: the most words (most detail), then the first in input order. */
	keep: number;
	/** Every member, `keep` included, in input order. */
	members: number[];
	/** Lowest word-shingle Jaccard similarity of a member to `keep` (1 for identical text). */
	similarity: number;
}

export interface DuplicateOptions {
	/** Jaccard similarity of word shingles at or above which two comments count as the same (0-1, default 0.8). */
	threshold?: number;
	/**
	 * For each text, the survey question it answers (`questionKey` of src/lib/context): texts of
	 * different questions are never stacked ("Everything." answering "What was good?" and "What
	 * could we do better?" are different answers). Absent: all texts answer one question.
	 */
	questions?: readonly string[];
}

/**
 * The comment reduced to what a reader compares: words only (Chinese and Japanese segmented into
 * words), folded, single spaces. Marks stay inside their words (a Hindi vowel sign is no space).
 */
export function comparableText(text: string): string {
	return fold(normaliseText(text))
		.replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
		.trim();
}

// Hashes here are signed 32-bit integers (`| 0`), never unsigned: V8 keeps those in registers and
// Int32Arrays, while unsigned values above 2^31 become floating-point numbers in the hot loops.
// MinHash needs any fixed order of the hash values; signed order is one.

/** 32-bit FNV-1a of a string. */
function hash(text: string): number {
	let h = 0x811c9dc5 | 0;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h;
}

/** A 32-bit finaliser (MurmurHash3's fmix32): spreads every input bit over the output. */
function mix(x: number): number {
	x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
	x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
	return x ^ (x >>> 16);
}

/** Word hashes of the comment being read, reused from one comment to the next. */
let wordScratch = new Int32Array(256);

/**
 * The comment's three-word shingles as sorted, distinct 32-bit hashes (a comment of one or two
 * words is one shingle: its whole text). `comparable` has single spaces between words; each
 * word's FNV-1a hash is taken in one pass over the characters and the hashes are combined by
 * position, so no word or shingle string is ever built.
 */
function shingleSet(comparable: string): Int32Array {
	if (!comparable) return new Int32Array(0);
	let words = 0;
	let h = 0x811c9dc5 | 0;
	for (let i = 0; i < comparable.length; i++) {
		const c = comparable.charCodeAt(i);
		if (c === 32) {
			if (words === wordScratch.length) {
				const grown = new Int32Array(words * 2);
				grown.set(wordScratch);
				wordScratch = grown;
			}
			wordScratch[words++] = h;
			h = 0x811c9dc5 | 0;
		} else h = Math.imul(h ^ c, 0x01000193);
	}
	if (words < 2) return Int32Array.of(hash(comparable));
	if (words === wordScratch.length) {
		const grown = new Int32Array(words * 2);
		grown.set(wordScratch);
		wordScratch = grown;
	}
	wordScratch[words++] = h;
	const w = wordScratch;
	const out = new Int32Array(words - 2);
	for (let i = 0; i + 2 < words; i++) out[i] = mix(mix(mix(w[i]) ^ w[i + 1]) ^ Math.imul(w[i + 2], 0x9e3779b1));
	out.sort();
	let n = 0;
	for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i];
	return out.subarray(0, n);
}

/** Jaccard similarity of two sorted sets of distinct hashes, by one merge pass. */
function jaccard(a: Int32Array, b: Int32Array): number {
	if (a.length === 0 && b.length === 0) return 1;
	let i = 0;
	let j = 0;
	let inter = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			inter++;
			i++;
			j++;
		} else if (a[i] < b[j]) i++;
		else j++;
	}
	return inter / (a.length + b.length - inter);
}

/**
 * LSH bands: a pair of comments becomes a candidate when all ROWS MinHash values of any of the
 * BANDS bands agree, which happens with probability 1 − (1 − s^ROWS)^BANDS for Jaccard similarity
 * s (Leskovec, Rajaraman & Ullman, Mining of Massive Datasets, ch. 3.4): 16 bands of 4 catch a pair
 * at s = 0.8 with probability 0.9998, at 0.7 with 0.98, and one at 0.3 with 0.12. Every candidate is
 * then checked with its exact Jaccard similarity, so a chance candidate costs time, never a wrong stack.
 */
const BANDS = 16;
const ROWS = 4;
const HASHES = BANDS * ROWS;
/** Odd multipliers and offsets of the MinHash functions h_k(x) = a_k·x + b_k (mod 2^32), fixed so results repeat. */
const MULTIPLIERS = new Int32Array(HASHES);
const OFFSETS = new Int32Array(HASHES);
for (let k = 0, seed = 0x2545f491; k < HASHES; k++) {
	seed = mix(seed + 0x9e3779b9);
	MULTIPLIERS[k] = seed | 1;
	seed = mix(seed + 0x9e3779b9);
	OFFSETS[k] = seed;
}

/** In a bucket of more comments than this, each is compared with this many before it, not with all. */
const FULL_PAIRS_UP_TO = 64;

/**
 * Finds identical and near-identical comments ("Flight delayed again!!" and "flight delayed
 * again") within each survey question. Comments with the same words after normalisation
 * (`comparableText`) are matched by hashing; near-identical ones through MinHash signatures of
 * their three-word shingles with banded locality-sensitive hashing, and every candidate pair is
 * confirmed by the exact Jaccard similarity of the shingle sets (≥ `threshold`, default 0.8).
 * Stacks are the connected groups of confirmed pairs. Only stacks of two or more are returned,
 * largest first.
 *
 * Time: linear in the total length of the texts plus the candidate pairs; 10,000 tweets in
 * about 0.1 s (BENCHMARKS.md, `bench:duplicates`). The MinHash and banding are a few lines
 * here rather than a library: the packages on npm either have no banding (bloom-filters' MinHash)
 * or are unmaintained, and both keep signatures as arrays of numbers per document.
 */
export function findDuplicates(texts: readonly string[], options: DuplicateOptions = {}): DuplicateStack[] {
	const threshold = options.threshold ?? 0.8;
	const questions = options.questions;
	if (questions && questions.length !== texts.length) throw new Error(`findDuplicates: ${texts.length} texts but ${questions.length} questions`);
	const n = texts.length;
	const comparable = texts.map(comparableText);
	const parent = new Int32Array(n);
	for (let i = 0; i < n; i++) parent[i] = i;
	const find = (x: number): number => {
		while (parent[x] !== x) x = parent[x] = parent[parent[x]];
		return x;
	};
	const union = (a: number, b: number) => {
		const ra = find(a);
		const rb = find(b);
		if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
	};

	// Identical comparable text within one question: one representative each.
	const questionHash = new Int32Array(n);
	const exact = new Map<string, number>();
	const representatives: number[] = [];
	for (let i = 0; i < n; i++) {
		if (!comparable[i]) continue;
		const question = questions?.[i] ?? '';
		if (question) questionHash[i] = hash(question);
		const key = question ? `${question}\u0000${comparable[i]}` : comparable[i];
		const first = exact.get(key);
		if (first === undefined) {
			exact.set(key, i);
			representatives.push(i);
		} else union(first, i);
	}

	const sets: Int32Array[] = new Array(n);
	const setOf = (i: number) => (sets[i] ??= shingleSet(comparable[i]));

	if (threshold < 1 && representatives.length > 1) {
		const reps = representatives.length;
		const signatures = new Int32Array(reps * HASHES);
		for (let r = 0; r < reps; r++) {
			const set = setOf(representatives[r]);
			const base = r * HASHES;
			for (let k = 0; k < HASHES; k++) {
				const a = MULTIPLIERS[k];
				const b = OFFSETS[k];
				let min = 0x7fffffff;
				for (let s = 0; s < set.length; s++) {
					const v = (Math.imul(a, set[s]) + b) | 0;
					if (v < min) min = v;
				}
				signatures[base + k] = min;
			}
		}
		// Jaccard ≥ t needs the smaller set to be at least t times the larger one.
		const confirm = (a: number, b: number) => {
			if (find(a) === find(b)) return;
			if (questions && questions[a] !== questions[b]) return;
			const sa = setOf(a);
			const sb = setOf(b);
			const [small, large] = sa.length < sb.length ? [sa.length, sb.length] : [sb.length, sa.length];
			if (small < threshold * large) return;
			if (jaccard(sa, sb) >= threshold) union(a, b);
		};
		// Per band, each representative's band key and its number packed into one float
		// (key · 2^21 + r, exact below 2^53, keys signed) and sorted: equal keys end up side by side, without a
		// hash map of 160,000 buckets.
		const packed = new Float64Array(reps);
		const SHIFT = 2 ** 21;
		if (reps >= SHIFT) throw new Error(`findDuplicates: at most ${SHIFT - 1} distinct comments`);
		for (let b = 0; b < BANDS; b++) {
			for (let r = 0; r < reps; r++) {
				let key = mix(questionHash[representatives[r]] ^ (b + 1));
				for (let k = b * ROWS; k < b * ROWS + ROWS; k++) key = mix(key ^ signatures[r * HASHES + k]);
				packed[r] = key * SHIFT + r;
			}
			packed.sort();
			for (let start = 0; start < reps; ) {
				const key = Math.floor(packed[start] / SHIFT);
				let end = start + 1;
				while (end < reps && Math.floor(packed[end] / SHIFT) === key) end++;
				// A bucket of many comments is compared by a window of neighbours, not every pair.
				const low = key * SHIFT;
				for (let y = start + 1; y < end; y++) {
					for (let x = Math.max(start, y - FULL_PAIRS_UP_TO); x < y; x++) {
						confirm(representatives[packed[x] - low], representatives[packed[y] - low]);
					}
				}
				start = end;
			}
		}
	}

	const stacks = new Map<number, number[]>();
	for (let i = 0; i < n; i++) {
		if (!comparable[i]) continue;
		const r = find(i);
		const list = stacks.get(r);
		if (list) list.push(i);
		else stacks.set(r, [i]);
	}
	const out: DuplicateStack[] = [];
	for (const members of stacks.values()) {
		if (members.length < 2) continue;
		let keep = members[0];
		for (const m of members) if (comparable[m].length > comparable[keep].length) keep = m;
		let similarity = 1;
		for (const m of members) {
			if (comparable[m] !== comparable[keep]) similarity = Math.min(similarity, jaccard(setOf(m), setOf(keep)));
		}
		out.push({ keep, members, similarity });
	}
	out.sort((a, b) => b.members.length - a.members.length || a.members[0] - b.members[0]);
	return out;
}
