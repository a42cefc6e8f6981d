import type { SparseRows, Vocabulary } from './vectors';

export interface Keyword {
	term: string;
	/** As people write it, e.g. "delayed" for the stem "delai". */
	label: string;
	score: number;
}

/**
 * Class-based TF-IDF (as in BERTopic): a term describes a group when it is frequent inside the
 * group and rare across the board. Returns the top terms of each group, best first.
 */
export function groupKeywords(
	matrix: SparseRows,
	vocabulary: Vocabulary,
	groups: readonly (readonly number[])[],
	top = 5
): Keyword[][] {
	const v = vocabulary.terms.length;
	const total = new Float64Array(v);
	const perGroup = groups.map((members) => {
		const counts = new Map<number, number>();
		for (const i of members) {
			for (let e = matrix.rowStart[i]; e < matrix.rowStart[i + 1]; e++) {
				const j = matrix.cols[e];
				counts.set(j, (counts.get(j) ?? 0) + 1);
			}
		}
		for (const [j, c] of counts) total[j] += c;
		return counts;
	});
	const words = total.reduce((s, x) => s + x, 0);
	const average = words / Math.max(1, groups.length);
	return perGroup.map((counts, g) => {
		const size = Math.max(1, groups[g].length);
		const scored: Keyword[] = [];
		for (const [j, c] of counts) {
			if (c < 2 && size > 3) continue;
			const score = (c / size) * Math.log(1 + average / total[j]);
			scored.push({ term: vocabulary.terms[j], label: vocabulary.display[j], score });
		}
		scored.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
		return pickDistinct(scored, top);
	});
}

/** Drops a word when a chosen pair already says it ("lost bag" makes "bag" redundant), and vice versa. */
function pickDistinct(sorted: Keyword[], top: number): Keyword[] {
	const out: Keyword[] = [];
	for (const k of sorted) {
		if (out.length >= top) break;
		const parts = k.term.split(' ');
		const covered = out.some((o) => {
			const chosen = o.term.split(' ');
			return parts.every((p) => chosen.includes(p)) || chosen.every((p) => parts.includes(p));
		});
		if (covered) continue;
		for (let i = out.length - 1; i >= 0; i--) {
			if (parts.length > 1 && out[i].term.split(' ').length === 1 && parts.includes(out[i].term)) out.splice(i, 1);
		}
		out.push(k);
	}
	return out;
}

/**
 * A short group title from its keywords: "Delayed · hours · connection". A keyword that repeats
 * a word already in the title is skipped ("cancelled flight" then "flight" says nothing new).
 */
export function titleFromKeywords(keywords: Keyword[], words = 3): string {
	const used = new Set<string>();
	const labels: string[] = [];
	for (const k of keywords) {
		if (labels.length >= words) break;
		const stems = k.term.split(' ');
		if (stems.some((s) => used.has(s)) || labels.includes(k.label)) continue;
		for (const s of stems) used.add(s);
		labels.push(k.label);
	}
	if (labels.length === 0) return '';
	labels[0] = labels[0].charAt(0).toUpperCase() + labels[0].slice(1);
	return labels.join(' · ');
}
