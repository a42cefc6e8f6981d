import { foldText, foldTextWithOffsets, originalRange } from '../text/normalize';
import { spaceWords } from '../text/segment';

/**
 * Full-text search over note texts (and their metadata values) that answers while typing.
 * Texts are folded once for matching (`foldText`: NFKC, case folding, accents; so "Ｄｅｌｉｖｅｒｙ"
 * finds "delivery" and "cafe" finds "café") and kept in one array; a query is a set of words that
 * must all occur (a short one at the start of a word, see WORD_START_BELOW). A query in a script written without spaces is split into words first
 * ("遅い配送" finds "配送が遅い"). When the query extends the previous one, only the previous hits
 * are searched again, so each keystroke gets cheaper.
 */
export function normalize(s: string): string {
	return foldText(s);
}

function terms(query: string): string[] {
	return foldText(spaceWords(query)).split(/\s+/).filter(Boolean);
}

/**
 * Terms shorter than this (in code points) match only at the start of a word when they are
 * written in Latin, Greek or Cyrillic letters: "app" finds "app" and "apps", not "disappointed";
 * "fit" not "benefit"; "late" not "chocolate". Searching then selecting every match is how
 * groups are made, and a short word inside longer ones swept unrelated comments into the group.
 * Longer terms match inside words too, so "lieferung" finds "Paketlieferung" and "deliver" finds
 * "undelivered"; scripts written without spaces (and Arabic and Hebrew, whose words take
 * prefixes) always match anywhere.
 */
export const WORD_START_BELOW = 5;

const SPACED = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}]/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** Whether `term` must start a word to match (see WORD_START_BELOW). */
function atWordStart(term: string): boolean {
	return [...term].length < WORD_START_BELOW && SPACED.test(term);
}

/** The character ending at `i`, whole (an astral letter is two code units). */
function charBefore(text: string, i: number): string {
	const c = text.charCodeAt(i - 1);
	return c >= 0xdc00 && c <= 0xdfff && i > 1 ? text.slice(i - 2, i) : text[i - 1];
}

/** The first place at or after `from` where `term` occurs in `hay` as it must (see WORD_START_BELOW), or -1. */
function find(hay: string, term: string, wordStart: boolean, from = 0): number {
	let i = hay.indexOf(term, from);
	if (!wordStart) return i;
	while (i > 0) {
		if (!WORD_CHAR.test(charBefore(hay, i))) return i;
		i = hay.indexOf(term, i + 1);
	}
	return i;
}

/** What a note is found by, before it is folded: its text and its metadata values. */
type Unfolded = { text: string; extra: Iterable<unknown> };

function fold({ text, extra }: Unfolded): string {
	let hay = normalize(text);
	for (const v of extra) if (v !== null && v !== undefined && v !== '') hay += '\u0000' + normalize(String(v));
	return hay;
}

/**
 * The texts are folded when first searched, or a few at a time while the page is idle
 * (`prepare`), not when they are added: folding 10,000 notes (NFKC and case folding of every text
 * and metadata value) was a fifth of the board view's first pass when a board is opened, which
 * nobody waits for a search to need.
 */
export class SearchIndex {
	private ids: string[] = [];
	private texts: string[] = [];
	/** Per slot, what is still to be folded into `texts` (null once folded). */
	private unfolded: (Unfolded | null)[] = [];
	/** Slots that may still be unfolded, in the order they were added (some may be folded or moved since). */
	private queue: number[] = [];
	private slot = new Map<string, number>();
	private version = 0;
	private last: { query: string; version: number; hits: number[] } | null = null;

	get size() {
		return this.slot.size;
	}

	has(id: string): boolean {
		return this.slot.has(id);
	}

	/** Adds or replaces a note's text and metadata values (folded later, see `prepare`). */
	set(id: string, text: string, extra: Iterable<unknown> = []) {
		let i = this.slot.get(id);
		if (i === undefined) {
			i = this.ids.length;
			this.slot.set(id, i);
			this.ids.push(id);
			this.texts.push('');
			this.unfolded.push(null);
		}
		this.unfolded[i] = { text, extra };
		this.queue.push(i);
		this.version++;
	}

	delete(id: string) {
		const i = this.slot.get(id);
		if (i === undefined) return;
		const last = this.ids.length - 1;
		if (i !== last) {
			this.ids[i] = this.ids[last];
			this.texts[i] = this.texts[last];
			this.unfolded[i] = this.unfolded[last];
			this.slot.set(this.ids[i], i);
			if (this.unfolded[i]) this.queue.push(i);
		}
		this.ids.pop();
		this.texts.pop();
		this.unfolded.pop();
		this.slot.delete(id);
		this.version++;
	}

	/** Whether every text is folded, so a search does no folding first. */
	get prepared(): boolean {
		return this.queue.length === 0;
	}

	/**
	 * Folds texts not folded yet, until `deadline()` says to stop (checked every 64 texts) or
	 * all are; answers whether all are. Without a deadline folds all of them.
	 */
	prepare(deadline?: () => boolean): boolean {
		const q = this.queue;
		let n = 0;
		while (q.length) {
			const i = q.pop()!;
			const raw = this.unfolded[i];
			if (!raw) continue;
			this.texts[i] = fold(raw);
			this.unfolded[i] = null;
			if (deadline && ++n % 64 === 0 && deadline()) break;
		}
		return q.length === 0;
	}

	/** Ids of notes matching every word of `query`; empty query matches nothing. */
	search(query: string): string[] {
		const words = terms(query);
		if (words.length === 0) {
			this.last = null;
			return [];
		}
		this.prepare();
		const key = words.join(' ');
		const wordStart = words.map(atWordStart);
		let candidates: Iterable<number> | null = null;
		if (this.last && this.last.version === this.version && isRefinement(this.last.query, key)) {
			candidates = this.last.hits;
		}
		const hits: number[] = [];
		const check = (i: number) => {
			const t = this.texts[i];
			for (let k = 0; k < words.length; k++) if (find(t, words[k], wordStart[k]) < 0) return;
			hits.push(i);
		};
		if (candidates) for (const i of candidates) check(i);
		else for (let i = 0; i < this.texts.length; i++) check(i);
		this.last = { query: key, version: this.version, hits };
		return hits.map((i) => this.ids[i]);
	}
}

/**
 * Every word of the new query contains a word of the old one where the old one would match too:
 * old hits are a superset of new hits. A word that had to start a word ("app") is refined only by
 * a word starting with it that must start a word as well ("appl", not "isapp" or "appear", which
 * may match inside "disappear").
 */
function isRefinement(prev: string, next: string): boolean {
	const p = prev.split(' ');
	const n = next.split(' ');
	return p.every((w) => n.some((x) => (atWordStart(w) ? atWordStart(x) && x.startsWith(w) : x.includes(w))));
}

/**
 * Ranges of `text` to highlight for `query` ([start, end) UTF-16 pairs, merged, in order). A match
 * in the folded text is widened to whole characters of the original, so a highlight never splits
 * an emoji or a letter with its accent, and full-width or accented text highlights too.
 */
export function highlightRanges(text: string, query: string): [number, number][] {
	const words = terms(query);
	if (!words.length) return [];
	const folded = foldTextWithOffsets(text);
	const hay = folded.folded;
	const ranges: [number, number][] = [];
	for (const w of words) {
		const wordStart = atWordStart(w);
		let i = find(hay, w, wordStart);
		while (i >= 0) {
			const r = originalRange(folded, i, i + w.length);
			if (r) ranges.push(r);
			i = find(hay, w, wordStart, i + w.length);
		}
	}
	ranges.sort((a, b) => a[0] - b[0]);
	const merged: [number, number][] = [];
	for (const r of ranges) {
		const top = merged[merged.length - 1];
		if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]);
		else merged.push([r[0], r[1]]);
	}
	return merged;
}

/** Splits text into plain and highlighted pieces for rendering. */
export function highlightPieces(text: string, query: string): { text: string; hit: boolean }[] {
	const out: { text: string; hit: boolean }[] = [];
	let at = 0;
	for (const [s, e] of highlightRanges(text, query)) {
		if (s > at) out.push({ text: text.slice(at, s), hit: false });
		out.push({ text: text.slice(s, e), hit: true });
		at = e;
	}
	if (at < text.length) out.push({ text: text.slice(at), hit: false });
	return out;
}
