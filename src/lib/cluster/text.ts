import { isShortWord, spaceWords } from '../text/segment';
import { scalarToString } from '../text/wellformed';
import { fold, languageOf, languageVotes, majorityLanguage, splitElisions, stem, stopWords, type Language, type LanguageVotes } from './language';

export { detectLanguage, fold, isStopWord, LANGUAGES, languageOf, languageVotes, negations, stem, stopWords, type Language, type LanguageVotes } from './language';

/**
 * What exports put where they removed something: "xxxx" and "XXX" (survey tools' redaction of names),
 * "[e-mail]", "[phone]", "[name]", "<redacted>", runs of "*" or "#". They are no customer's words
 * and must never become a keyword or a title.
 */
export const REDACTION = /\[[^\]\n]{1,24}\]|<[a-z _-]{1,24}>|\{[a-z _-]{1,24}\}|\b[xX]{2,}\b|[*#]{3,}/g;

/** True for a word that only marks a redaction ("xxxx", "XX"). */
export function isRedaction(word: string): boolean {
	return /^[xX]{2,}$/.test(word);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

const EMAIL = /\S+@\S+\.\w+/g;
/** There is an address (EMAIL) exactly when there is a non-space character, "@", more, "." and a word character. */
const HAS_EMAIL = /\S@\S+\.\w/;

/**
 * E-mail addresses replaced by a space. The full pattern is only run on text that has one: on
 * the "@handle"s of tweets it backtracks from every position before each "@".
 */
function withoutAddresses(text: string): string {
	return HAS_EMAIL.test(text) ? text.replace(EMAIL, ' ') : text;
}

/**
 * Removes what is not the customer's own words: HTML entities, links, e-mail addresses, @mentions
 * (in tweets these are the company being addressed, not the topic) and the # of hashtags. Text in
 * a script written without spaces (Chinese, Japanese) gets a space between its words.
 */
export function normaliseText(text: string): string {
	const spaced = spaceWords(text)
		.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
			if (name[0] === '#') {
				const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
				return scalarToString(code) ?? ' ';
			}
			return ENTITIES[name.toLowerCase()] ?? whole;
		})
		.replace(REDACTION, ' ')
		.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ');
	return withoutAddresses(spaced)
		.replace(/(^|[^\w])@\w+/g, '$1 ')
		.replace(/#(\w)/g, '$1')
		.replace(/\u00a0/g, ' ');
}

const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

/** Words of a text in order, lower case, as written (before stop words and stemming). */
export function words(text: string): string[] {
	return splitElisions(normaliseText(text).toLowerCase().match(WORD) ?? []);
}

/**
 * A text normalised once for everything that reads its words: the normalised lower-case text
 * (`normaliseText`), its words (elided articles split off: `splitElisions`), and how strongly
 * each language shows in them (`languageVotes`). Building features reads each comment through
 * this once instead of normalising it per use.
 */
export interface PreparedText {
	normalised: string;
	words: string[];
	votes: LanguageVotes;
}

export function prepareText(text: string): PreparedText {
	const normalised = normaliseText(text).toLowerCase();
	const list = splitElisions(normalised.match(WORD) ?? []);
	return { normalised, words: list, votes: languageVotes(list) };
}

/** The language of a prepared text (`languageOf` its votes), `board` on a tie or without evidence. */
export function textLanguage(prepared: PreparedText, board: Language): Language {
	return languageOf(prepared.votes, board);
}

/**
 * The language most comments of a board are written in (texts as they are, or prepared): the
 * language of the most comments whose own language is clear, English when none is.
 */
export function boardLanguage(texts: readonly string[] | readonly PreparedText[]): Language {
	return majorityLanguage(texts.map((text) => (typeof text === 'string' ? languageVotes(words(text)) : text.votes)));
}

export interface Token {
	/** The stem, folded: what counts as "the same word". */
	stem: string;
	/** The word as the customer wrote it (lower case), for showing keywords. */
	surface: string;
}

/**
 * The content words of a comment: normalised, stop words and one-letter words removed, stemmed
 * ("delayed", "delays" -> "delai"), so that different forms of a word count as one.
 */
export function tokenize(
	text: string,
	language?: Language,
	ignore?: ReadonlySet<string>,
	boardLanguage: Language = 'en'
): Token[] {
	const raw = words(text);
	const lang = language ?? languageOf(languageVotes(raw), boardLanguage);
	const stop = stopWords(lang);
	const out: Token[] = [];
	for (const word of raw) {
		const folded = fold(word);
		if (isShortWord(folded) || stop.has(folded) || ignore?.has(folded)) continue;
		const s = stem(word.replace(/['’]/g, ''), lang);
		if (isShortWord(s) || stop.has(s)) continue;
		out.push({ stem: s, surface: folded });
	}
	return out;
}

/**
 * The names customers address rather than talk about: @handles that recur across the comments
 * (in at least `minShare` of them), with their CamelCase parts ("@SouthwestAir" -> southwestair,
 * southwest, air). On a board of tweets to six airlines, the airline names say nothing about the
 * theme, and would otherwise split every theme by airline.
 */
export function addressedNames(texts: readonly string[], minShare = 0.01): Set<string> {
	const counts = new Map<string, { count: number; forms: Set<string> }>();
	for (const text of texts) {
		const seen = new Set<string>();
		for (const match of text.matchAll(/(?:^|[^\w])@(\w{2,})/g)) {
			const key = match[1].toLowerCase();
			let entry = counts.get(key);
			if (!entry) counts.set(key, (entry = { count: 0, forms: new Set() }));
			entry.forms.add(match[1]);
			if (seen.has(key)) continue;
			seen.add(key);
			entry.count++;
		}
	}
	const names = new Set<string>();
	const min = Math.max(2, minShare * texts.length);
	for (const [key, { count, forms }] of counts) {
		if (count < min) continue;
		names.add(fold(key));
		for (const form of forms) {
			for (const part of form.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|_/)) {
				if (part.length >= 3) names.add(fold(part));
			}
		}
	}
	return names;
}

/**
 * The words of a prepared comment (`prepareText`) in the stretches between punctuation marks, in
 * order: no phrase is taken across a full stop or a comma.
 */
export function clauses(prepared: PreparedText): string[][] {
	return prepared.normalised.split(/[.,;:!?()\[\]{}"“”«»…\n\r\t/\\|<>=+*&%$€£-]+/).map((chunk) => splitElisions(chunk.match(WORD) ?? []));
}

/**
 * The runs of consecutive content words of a comment, in order: a stop word, an ignored word,
 * a redaction or punctuation ends a run. Phrases for titles are taken inside runs, so a title never
 * holds a stop word or spans two sentences ("great location. staff" is not a phrase). `text` is
 * the comment, or the comment already read by `prepareText`.
 */
export function tokenRuns(
	text: string | PreparedText,
	language?: Language,
	ignore?: ReadonlySet<string>,
	boardLanguage: Language = 'en'
): Token[][] {
	const prepared = typeof text === 'string' ? prepareText(text) : text;
	const lang = language ?? textLanguage(prepared, boardLanguage);
	const stop = stopWords(lang);
	const runs: Token[][] = [];
	for (const chunk of clauses(prepared)) {
		let run: Token[] = [];
		for (const word of chunk) {
			const folded = fold(word);
			const s = isShortWord(folded) || stop.has(folded) || ignore?.has(folded) || isRedaction(folded) ? '' : stem(word.replace(/['’]/g, ''), lang);
			if (!s || isShortWord(s) || stop.has(s)) {
				if (run.length) runs.push(run);
				run = [];
				continue;
			}
			run.push({ stem: s, surface: word });
		}
		if (run.length) runs.push(run);
	}
	return runs;
}
