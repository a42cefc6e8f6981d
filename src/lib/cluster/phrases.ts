import { isShortWord } from '../text/segment';
import { addressedNames, boardLanguage, clauses, fold, isRedaction, LANGUAGES, negations, prepareText, stem, stopWords, textLanguage, type Language, type PreparedText, type Token } from './text';

/**
 * A candidate title: one to three content words as customers wrote them, with the function words
 * and negations between them ("não recebi", "dentro do prazo", "flight was cancelled").
 */
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
	/** How often each word was written in each form, by stem (after `canonicalStems`). */
	surfaces: Map<string, Map<string, number>>;
}

/** Content words in a phrase. */
const MAX_WORDS = 3;
/** Words in a phrase, function words and negations included. */
const MAX_SPAN = 4;
/** How much a phrase that only says how customers felt ("great") counts, against one naming a topic. */
export const EVALUATIVE_WEIGHT = 0.5;
/** A stem this many times rarer than the stem it extends by a letter or two is a garbled form of it. */
const GARBLED_RATIO = 3;

/**
 * The negations a title may hold (`negations` of the comment's language, less French "ne"/"n'",
 * which only open a negation that "pas" or "jamais" closes). They are stop words for grouping, but
 * in a complaint they carry the meaning ("não recebi", "not delivered", "pas propre"), so a title
 * may hold one, as sentiment-aware pipelines keep negations out of their stop lists.
 */
const TITLE_NEGATIONS = {} as Record<Language, ReadonlySet<string>>;
for (const language of LANGUAGES) TITLE_NEGATIONS[language] = new Set([...negations(language)].filter((w) => w !== 'ne' && w !== 'n'));

/** True for a negation of `language` ("not", "didn't", "não", "nunca", "nicht"), which a title may start with. */
export function isNegation(word: string, language: Language = 'en'): boolean {
	return TITLE_NEGATIONS[language].has(fold(word));
}

/**
 * A word of a phrase run: a content word (`stem` is its stem, as in the features), a negation or a
 * function word (`stem` is the folded word: "do", "não").
 */
export interface PhraseWord extends Token {
	kind: 'content' | 'negation' | 'function';
}

/**
 * The runs of a prepared comment (`prepareText`) that phrases are taken from: its words between
 * punctuation marks, content words, negations and function words alike; an ignored word or a
 * redaction ends a run. `language` is the board's, for a comment whose own is unclear.
 */
export function phraseRuns(prepared: PreparedText, ignore: ReadonlySet<string> | undefined, language: Language): PhraseWord[][] {
	const lang = textLanguage(prepared, language);
	const stop = stopWords(lang);
	const titleNegations = TITLE_NEGATIONS[lang];
	const runs: PhraseWord[][] = [];
	for (const chunk of clauses(prepared)) {
		let run: PhraseWord[] = [];
		for (const word of chunk) {
			const folded = fold(word);
			if (ignore?.has(folded) || isRedaction(folded)) {
				if (run.length) runs.push(run);
				run = [];
				continue;
			}
			if (titleNegations.has(folded)) {
				run.push({ stem: folded, surface: word, kind: 'negation' });
				continue;
			}
			const s = isShortWord(folded) || stop.has(folded) ? '' : stem(word.replace(/['’]/g, ''), lang);
			if (!s || isShortWord(s) || stop.has(s)) run.push({ stem: folded, surface: word, kind: 'function' });
			else run.push({ stem: s, surface: word, kind: 'content' });
		}
		if (run.length) runs.push(run);
	}
	return runs;
}

/**
 * Every phrase of every note (`indexRuns` over `phraseRuns`); ignored words are the caller's and
 * the names the notes address (`addressedNames`).
 */
export function indexPhrases(texts: readonly string[], options: { ignore?: Iterable<string>; language?: Language } = {}): PhraseIndex {
	const ignore = addressedNames(texts);
	for (const w of options.ignore ?? []) ignore.add(w);
	const prepared = texts.map(prepareText);
	const language = options.language ?? boardLanguage(prepared);
	return indexRuns(prepared.map((p) => phraseRuns(p, ignore, language)));
}

/**
 * Stems that are a far more common stem plus one or two letters, mapped to that stem: what an
 * export's find-and-replace or a stemmer's miss leaves ("Cancelled Flightled" in the airline
 * tweets, where "cancelled" was once replaced by "Cancelled Flight": "flightl" -> "flight"; "Late
 * Flightr" for "later"). The longer stem must be in at most a third as many notes as the shorter
 * one, which keeps words that merely start like a common one ("plane" beside a rarer "plan").
 * Titles only: the features keep every stem as it is.
 */
export function canonicalStems(runsPerNote: readonly Token[][][]): Map<string, string> {
	const notes = new Map<string, number>();
	for (const runs of runsPerNote) {
		const seen = new Set<string>();
		for (const run of runs) for (const t of run) seen.add(t.stem);
		for (const s of seen) notes.set(s, (notes.get(s) ?? 0) + 1);
	}
	const canonical = new Map<string, string>();
	for (const [stem, count] of notes) {
		for (const cut of [1, 2]) {
			const shorter = stem.slice(0, -cut);
			if (shorter.length < 4) break;
			if ((notes.get(shorter) ?? 0) >= GARBLED_RATIO * count) {
				canonical.set(stem, shorter);
				break;
			}
		}
	}
	return canonical;
}

/**
 * Every phrase of every note, from runs already cut (`phraseRuns`; plain tokens count as content
 * words): each span of up to four words inside a run that starts with a content word or a
 * negation, ends with a content word and holds at most three content words, none twice. So a
 * phrase never starts or ends with a function word, is never function words only, and never holds
 * an ignored word or a redaction ("Não recebi", "Dentro do prazo"; not "Recebi o", "Do prazo").
 */
export function indexRuns(runsPerNote: readonly (Token | PhraseWord)[][][]): PhraseIndex {
	const kind = (t: Token | PhraseWord) => ('kind' in t ? t.kind : 'content');
	const canonical = canonicalStems(runsPerNote.map((runs) => runs.map((run) => run.filter((t) => kind(t) === 'content'))));
	const forms = new Map<string, Map<string, number>>();
	const surfaces = new Map<string, Map<string, number>>();
	const perNote = runsPerNote.map((runs) => {
		const keys = new Set<string>();
		for (const run of runs) {
			const stemsOfRun = run.map((t) => (kind(t) === 'content' ? (canonical.get(t.stem) ?? t.stem) : t.stem));
			run.forEach((t, i) => {
				let f = surfaces.get(stemsOfRun[i]);
				if (!f) surfaces.set(stemsOfRun[i], (f = new Map()));
				f.set(t.surface, (f.get(t.surface) ?? 0) + 1);
			});
			for (let i = 0; i < run.length; i++) {
				if (kind(run[i]) === 'function') continue;
				let key = '';
				let form = '';
				const stems = new Set<string>();
				for (let len = 1; len <= MAX_SPAN && i + len <= run.length; len++) {
					const t = run[i + len - 1];
					const stem = stemsOfRun[i + len - 1];
					key = len === 1 ? stem : `${key} ${stem}`;
					form = len === 1 ? t.surface : `${form} ${t.surface}`;
					if (kind(t) !== 'content') continue;
					if (stems.has(stem) || stems.size === MAX_WORDS) break;
					stems.add(stem);
					let f = forms.get(key);
					if (!f) forms.set(key, (f = new Map()));
					f.set(form, (f.get(form) ?? 0) + 1);
					keys.add(key);
				}
			}
		}
		return [...keys];
	});
	return { perNote, forms, surfaces };
}

/**
 * The written form of a phrase that is typical both as a phrase and word by word: the form's
 * count times, for each of its words, the share of that stem's occurrences written that way.
 * "cancelled flight" (120 times) wins over "cancelled flighted" (204) and "cancelled flightled"
 * (445), whose last words are rare spellings of "flight"; "entrega rápida" keeps its agreement
 * over a rarer "entrega rápido" even where "rápido" is the commoner word.
 */
function labelOf(index: PhraseIndex, key: string): string {
	const stems = key.split(' ');
	let best = key;
	let bestWeight = -1;
	for (const [form, count] of index.forms.get(key) ?? []) {
		const written = form.split(' ');
		let weight = count;
		stems.forEach((stem, i) => {
			const seen = index.surfaces.get(stem);
			if (!seen) return;
			let total = 0;
			for (const c of seen.values()) total += c;
			weight *= (seen.get(written[i]) ?? 0) / Math.max(1, total);
		});
		if (weight > bestWeight || (weight === bestWeight && form < best)) {
			best = form;
			bestWeight = weight;
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
 * A phrase `evaluative` says only tells how customers felt ("great", "nice"), and scores
 * `EVALUATIVE_WEIGHT` times as much: a title names what a group is about ("friendly staff",
 * "location") before how much people liked it.
 */
export function groupPhrases(
	index: PhraseIndex,
	groups: readonly (readonly number[])[],
	options: { top?: number; rest?: readonly number[]; evaluative?: (label: string) => boolean } = {}
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
			const label = labelOf(index, key);
			const weight = options.evaluative?.(label) ? EVALUATIVE_WEIGHT : 1;
			const score = weight * (c / size) * Math.log(1 + average / board.get(key)!);
			scored.push({ key, label, count: c, score });
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
		// A longer phrase that holds this one and scores at least half as well says more, when more
		// than one note says it.
		const longer = sorted.find(
			(q) => q.key !== p.key && q.count > 1 && contains(q.key, p.key) && q.score >= 0.35 * p.score && !out.some((o) => contains(q.key, o.key) || contains(o.key, q.key))
		);
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
