import type * as Y from 'yjs';

/**
 * Applies the change from the Y.Text's current content to `next` as one minimal edit (common
 * prefix and suffix kept), so a concurrent edit by someone else elsewhere in the text survives.
 * Must run inside a transaction.
 */
export function applyTextChange(text: Y.Text, next: string): void {
	const prev = text.toString();
	if (prev === next) return;
	let start = 0;
	const max = Math.min(prev.length, next.length);
	while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
	let endPrev = prev.length;
	let endNext = next.length;
	while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
		endPrev--;
		endNext--;
	}
	if (endPrev > start) text.delete(start, endPrev - start);
	if (endNext > start) text.insert(start, next.slice(start, endNext));
}
