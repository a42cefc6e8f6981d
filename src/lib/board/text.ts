import type * as Y from 'yjs';
import { textDiff } from '../text/diff.ts';

/**
 * Applies the change from the Y.Text's current content to `next` as one minimal edit (common
 * prefix and suffix kept), so a concurrent edit by someone else elsewhere in the text survives.
 * The edit starts and ends between grapheme clusters, so it never splits an emoji, a surrogate
 * pair or a combining sequence (see `textDiff`). Must run inside a transaction.
 */
export function applyTextChange(text: Y.Text, next: string): void {
	const edit = textDiff(text.toString(), next);
	if (!edit) return;
	if (edit.remove > 0) text.delete(edit.index, edit.remove);
	if (edit.insert) text.insert(edit.index, edit.insert);
}
