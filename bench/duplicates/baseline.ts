// The duplicate finder as it was before the rewrite (src/lib/cluster/duplicates.ts at commit
// 85dd370), kept unchanged as bench:duplicates' baseline: string shingles in Sets, 60 MinHash
// functions in 20 bands of 3, every candidate pair remembered, buckets over 500 notes skipped.

import { fold, normaliseText } from '../../src/lib/cluster/text';

export interface DuplicateStack {
	/** The note to keep on top: the most words (most detail), then the first in input order. */
	keep: number;
	/** Every member, `keep` included, in input order. */
	members: number[];
	/** Lowest word-shingle Jaccard similarity of a member to `keep` (1 for identical text). */
	similarity: number;
}

export interface DuplicateOptions {
	/** Jaccard similarity of word shingles at or above which two comments count as the same. */
	threshold?: number;
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

function shingles(words: string[]): Set<string> {
	const out = new Set<string>();
	if (words.length < 3) {
		if (words.length) out.add(words.join(' '));
		return out;
	}
	for (let i = 0; i + 2 < words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
	return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
	if (a.size === 0 && b.size === 0) return 1;
	let inter = 0;
	const [small, large] = a.size < b.size ? [a, b] : [b, a];
	for (const x of small) if (large.has(x)) inter++;
	return inter / (a.size + b.size - inter);
}

/** 32-bit FNV-1a of a string. */
function hash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** The i-th MinHash function: a cheap mix of the shingle's hash with a per-function constant. */
function permute(h: number, i: number): number {
	let x = (h ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
	x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
	x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
	return (x ^ (x >>> 16)) >>> 0;
}

const BANDS = 20;
const ROWS = 3;

/**
 * Finds identical and near-identical comments ("Flight delayed again!!" and "flight delayed
 * again"). Identical text after normalisation is matched exactly; near-identical text through
 * MinHash signatures of three-word shingles with banded locality-sensitive hashing, and every
 * candidate pair is checked with the exact Jaccard similarity. Only stacks of two or more are returned.
 */
export function findDuplicates(texts: readonly string[], options: DuplicateOptions = {}): DuplicateStack[] {
	const threshold = options.threshold ?? 0.8;
	const n = texts.length;
	const comparable = texts.map(comparableText);
	const sets = comparable.map((t) => shingles(t ? t.split(' ') : []));
	const parent = [...Array(n).keys()];
	const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
	const union = (a: number, b: number) => {
		const ra = find(a);
		const rb = find(b);
		if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
	};

	const exact = new Map<string, number>();
	for (let i = 0; i < n; i++) {
		if (!comparable[i]) continue;
		const first = exact.get(comparable[i]);
		if (first === undefined) exact.set(comparable[i], i);
		else union(first, i);
	}

	if (threshold < 1) {
		const buckets = new Map<number, number[]>();
		for (const i of exact.values()) {
			if (sets[i].size === 0) continue;
			const signature = new Uint32Array(BANDS * ROWS).fill(0xffffffff);
			for (const s of sets[i]) {
				const base = hash(s);
				for (let h = 0; h < signature.length; h++) {
					const v = permute(base, h);
					if (v < signature[h]) signature[h] = v;
				}
			}
			for (let b = 0; b < BANDS; b++) {
				let key = b + 1;
				for (let r = b * ROWS; r < b * ROWS + ROWS; r++) key = (Math.imul(key, 0x01000193) ^ signature[r]) >>> 0;
				key = key * BANDS + b;
				const bucket = buckets.get(key);
				if (bucket) bucket.push(i);
				else buckets.set(key, [i]);
			}
		}
		const checked = new Set<number>();
		for (const bucket of buckets.values()) {
			if (bucket.length < 2 || bucket.length > 500) continue;
			for (let x = 0; x < bucket.length; x++) {
				for (let y = x + 1; y < bucket.length; y++) {
					const a = bucket[x];
					const b = bucket[y];
					const key = Math.min(a, b) * n + Math.max(a, b);
					if (checked.has(key)) continue;
					checked.add(key);
					if (jaccard(sets[a], sets[b]) >= threshold) union(a, b);
				}
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
		const similarity = Math.min(...members.map((m) => (comparable[m] === comparable[keep] ? 1 : jaccard(sets[m], sets[keep]))));
		out.push({ keep, members, similarity });
	}
	out.sort((a, b) => b.members.length - a.members.length || a.members[0] - b.members[0]);
	return out;
}
