import { ellipsize } from '../text/width';

/** Longest label a chip or a heading shows before the full name moves to its tooltip (characters). */
export const SHORT_LABEL_MAX = 28;

/**
 * A field's label short enough for a chip: a long column header loses its trailing explanation
 * in brackets ("Rating (1 = excellent, 5 = poor)" → "Rating", "Likelihood to recommend (0-10)" →
 * "Likelihood to recommend"), and what is still longer than `max` characters ends in an
 * ellipsis. Short labels come back unchanged. Wherever it is shown, the full label goes in the
 * tooltip and accessible name.
 */
export function shortLabel(label: string, max = SHORT_LABEL_MAX): string {
	const text = label.replace(/\s+/g, ' ').trim();
	if ([...text].length <= max) return text;
	const bare = text.replace(/\s*[([][^()[\]]*[)\]]\s*$/, '').trim();
	return ellipsize(bare || text, max);
}
