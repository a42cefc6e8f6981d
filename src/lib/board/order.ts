import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

/**
 * Order inside a group is a fractional index (as in Excalidraw and Figma): inserting between two
 * siblings writes one key on the moved note and never renumbers the others, so two people
 * reordering at once do not conflict. Two clients may mint the same key concurrently; ties are
 * broken by id, so every client sorts the same way.
 */
export interface Ordered {
	id: string;
	order: string;
}

export function compareOrder(a: Ordered, b: Ordered): number {
	if (a.order !== b.order) return a.order < b.order ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Longest order key kept, in characters. Keys grow by about one character every six insertions
 * at the same place of one group, so people never come near it; without a bound one change could
 * give a note or a group a key of half a megabyte, which every tab then stores, compares and
 * sends on.
 */
export const MAX_ORDER_KEY = 1024;

/** Whether `key` is a fractional-index key of at most `MAX_ORDER_KEY` characters. */
export function isOrderKey(key: unknown): key is string {
	if (typeof key !== 'string' || key.length === 0 || key.length > MAX_ORDER_KEY) return false;
	try {
		generateKeyBetween(key, null);
		return true;
	} catch {
		return false;
	}
}

/**
 * `n` keys to insert at position `index` of `sorted` (keys in sorted order, as `compareOrder`
 * leaves them). Equal neighbours (from a concurrent tie) and damaged keys are stepped over.
 */
export function keysAt(sorted: readonly string[], index: number, n: number): string[] {
	if (n <= 0) return [];
	const at = Math.max(0, Math.min(index, sorted.length));
	let prev: string | null = null;
	for (let i = at - 1; i >= 0; i--) {
		if (isOrderKey(sorted[i])) {
			prev = sorted[i];
			break;
		}
	}
	let next: string | null = null;
	for (let i = at; i < sorted.length; i++) {
		if (isOrderKey(sorted[i]) && (prev === null || sorted[i] > prev)) {
			next = sorted[i];
			break;
		}
	}
	return generateNKeysBetween(prev, next, n);
}

/** Keys for `n` items appended after every key in `sorted`. */
export function keysAfter(sorted: readonly string[], n: number): string[] {
	return keysAt(sorted, sorted.length, n);
}
