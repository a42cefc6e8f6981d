import { formatCount } from './count';

/**
 * Counted nouns for people to read: "1 note", "2 notes", "1,204 comments". The plural form comes
 * from the CLDR plural rules of the language (`Intl.PluralRules`), so a count never reads
 * "1 notes"; the number is grouped as the reader's browser writes numbers (`formatCount`).
 */
const rules = new Map<string, Intl.PluralRules>();

function rulesFor(locale: string): Intl.PluralRules {
	let r = rules.get(locale);
	if (!r) rules.set(locale, (r = new Intl.PluralRules(locale)));
	return r;
}

/**
 * `count` and the noun in the form the count takes: `counted(1, 'note')` is "1 note",
 * `counted(3, 'note')` is "3 notes", `counted(2, 'person', 'people')` is "2 people".
 * `other` defaults to `one` + "s"; `locale` is the language of the words, whose plural rules
 * apply. Non-finite counts read as 0.
 */
export function counted(count: number, one: string, other = `${one}s`, locale = 'en'): string {
	const n = Number.isFinite(count) ? count : 0;
	return `${formatCount(n)} ${rulesFor(locale).select(n) === 'one' ? one : other}`;
}

/** The noun alone in the form `count` takes ("note" or "notes"), for labels that show the number apart. */
export function nounFor(count: number, one: string, other = `${one}s`, locale = 'en'): string {
	return rulesFor(locale).select(Number.isFinite(count) ? count : 0) === 'one' ? one : other;
}

/** English indefinite article for a word: "a viewer", "an editor", "a facilitator". */
export function withArticle(word: string): string {
	return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
