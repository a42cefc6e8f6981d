import { addressedNames, boardLanguage, tokenRuns, type Language, type Token } from './text';

/** A candidate title: one to three consecutive content words as customers wrote them. */
export interface Phrase {
	/** Stems joined by spaces: what counts as the same phrase. */
	key: string;
	/** The form customers wrote most often, e.g. "lost luggage". */
	label: string;
	/** Notes of the group that contain it. */
	count: number;
	score: number;
}

/** Phrases (keys) of each note, each once per note, and the written forms seen for each key. */
export interface PhraseIndex {
	perNote: string[][];
	forms: Map<string, Map<string, number>>;
}

const MAX_WORDS = 3;

/**
 * Every phrase of every note: the one-, two- and three-word spans inside runs of content words
 * (`tokenRuns`), so no phrase holds a stop word, an ignored word or a redaction token.
 */
export function indexPhrases(texts: readonly string[], options: { ignore?: Iterable<string>; language?: Language } = {}): PhraseIndex {
	const ignore = addressedNames(texts);
	for (const w of options.ignore ?? []) ignore.add(w);
	const language = options.language ?? boardLanguage(texts);
	return indexRuns(texts.map((text) => tokenRuns(text, undefined, ignore, language)));
}

/** The same, from runs already cut (`Features.runs`). */
export function indexRuns(runsPerNote: readonly Token[][][]): PhraseIndex {
	const forms = new Map<string, Map<string, number>>();
	const perNote = runsPerNote.map((runs) => {
		const keys = new Set<string>();
		for (const run of runs) {
			for (let i = 0; i < run.length; i++) {
				let key = '';
				let form = '';
				const stems = new Set<string>();
				for (let len = 1; len <= MAX_WORDS && i + len <= run.length; len++) {
					const t = run[i + len - 1];
					if (stems.has(t.stem)) break;
					stems.add(t.stem);
					key = len === 1 ? t.stem : `${key} ${t.stem}`;
					form = len === 1 ? t.surface : `${form} ${t.surface}`;
					let f = forms.get(key);
					if (!f) forms.set(key, (f = new Map()));
					f.set(form, (f.get(form) ?? 0) + 1);
					keys.add(key);
				}
			}
		}
		return [...keys];
	});
	return { perNote, forms };
}

function labelOf(index: PhraseIndex, key: string): string {
	let best = key;
	let bestCount = -1;
	for (const [form, count] of index.forms.get(key) ?? []) {
		if (count > bestCount || (count === bestCount && form < best)) {
			best = form;
			bestCount = count;
		}
	}
	return best;
}

/**
 * The most distinctive phrases of each group against the rest of the board: class-based TF-IDF
 * (Grootendorst 2022, BERTopic) over phrases instead of single words,
 * score = (notes of the group with the phrase / group size) * log(1 + A / notes of the board with
 * it), A = mean phrases per group. A phrase must be in two notes of a group of more than three.
 * A longer phrase replaces a shorter one it contains when it scores at least half as well
 * ("lost luggage" over "luggage"). `rest` lists notes in no group (they count in the board).
 */
export function groupPhrases(
	index: PhraseIndex,
	groups: readonly (readonly number[])[],
	options: { top?: number; rest?: readonly number[] } = {}
): Phrase[][] {
	const top = options.top ?? 3;
	const board = new Map<string, number>();
	let totalPhrases = 0;
	const count = (notes: readonly number[]) => {
		const counts = new Map<string, number>();
		for (const i of notes) for (const key of index.perNote[i] ?? []) counts.set(key, (counts.get(key) ?? 0) + 1);
		for (const [key, c] of counts) {
			board.set(key, (board.get(key) ?? 0) + c);
			totalPhrases += c;
		}
		return counts;
	};
	const perGroup = groups.map(count);
	if (options.rest) count(options.rest);
	const average = totalPhrases / Math.max(1, groups.length + (options.rest?.length ? 1 : 0));
	return perGroup.map((counts, g) => {
		const size = Math.max(1, groups[g].length);
		const scored: Phrase[] = [];
		for (const [key, c] of counts) {
			if (c < 2 && size > 3) continue;
			const score = (c / size) * Math.log(1 + average / board.get(key)!);
			scored.push({ key, label: labelOf(index, key), count: c, score });
		}
		scored.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
		return pickPhrases(scored, top);
	});
}

/** The best phrases, a longer one standing in for a shorter one it contains when close in score. */
function pickPhrases(sorted: Phrase[], top: number): Phrase[] {
	const out: Phrase[] = [];
	const contains = (long: string, short: string) => ` ${long} `.includes(` ${short} `);
	for (const p of sorted) {
		if (out.length >= top) break;
		if (out.some((o) => contains(o.key, p.key) || contains(p.key, o.key))) continue;
		// A longer phrase that holds this one and scores at least half as well says more.
		const longer = sorted.find((q) => q.key !== p.key && contains(q.key, p.key) && q.score >= 0.35 * p.score && !out.some((o) => contains(q.key, o.key) || contains(o.key, q.key)));
		out.push(longer ?? p);
	}
	return out;
}

/** A title from the best phrase, first letter capitalised: "Lost luggage". Empty without phrases. */
export function titleFromPhrases(phrases: readonly Phrase[]): string {
	const first = phrases[0]?.label ?? '';
	return first ? first.charAt(0).toUpperCase() + first.slice(1) : '';
}

/**
 * Titles for several groups at once, all different: where two groups would get the same title,
 * the one with the weaker claim adds its next phrase ("Staff · rude").
 */
export function distinctTitles(phrases: readonly (readonly Phrase[])[]): string[] {
	const titles = phrases.map((p) => titleFromPhrases(p));
	const byTitle = new Map<string, number[]>();
	titles.forEach((t, g) => {
		if (!t) return;
		const list = byTitle.get(t.toLowerCase());
		if (list) list.push(g);
		else byTitle.set(t.toLowerCase(), [g]);
	});
	for (const groups of byTitle.values()) {
		if (groups.length < 2) continue;
		const sorted = [...groups].sort((a, b) => phrases[b][0].score - phrases[a][0].score);
		for (const g of sorted.slice(1)) {
			const extra = phrases[g].slice(1).find((p) => p.label && !titles[g].toLowerCase().includes(p.label));
			if (extra) titles[g] = `${titles[g]} · ${extra.label}`;
		}
	}
	return titles;
}
