/**
 * What suggestions read of comments in Spanish, French, German, Italian and Dutch:
 *
 *   npx tsx bench/cluster/languages.ts        (the hotel rows need ../shared/fixtures or FIXTURES_DIR)
 *
 * 1. Language and polarity on the hand-written sentences of tests/fixtures/languages (tuning and
 *    held-out sets, see its README): how many are told their language with an English board (ties
 *    go to the board), and, for each lexicon a language could read, how many get the right sign,
 *    0, or the wrong sign: nlp.js's general lexicons alone, the review words alone
 *    (src/lib/cluster/lexicons.ts) and both (what sentiment.ts reads).
 * 2. The non-English rows of the Datafiniti hotel reviews (decoded as Latin-1; accents were lost
 *    in that file): the language each is read in, whether clear polarities (|p| > 0.2) agree with
 *    the rating (4-5 praise, 1-2 complaint), and the titles suggested for each language's rows.
 * Prints tables; results in BENCHMARKS.md ("Comment languages").
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import lexiconDe from '@nlpjs/lang-de/src/sentiment/senticon_de.json';
import lexiconEs from '@nlpjs/lang-es/src/sentiment/afinn_es.json';
import lexiconFr from '@nlpjs/lang-fr/src/sentiment/pattern_fr.json';
import lexiconIt from '@nlpjs/lang-it/src/sentiment/pattern_it.json';
import { ClusterModel } from '../../src/lib/cluster/model';
import { lexiconScore, reviewLexicon, textPolarity, type Lexicon } from '../../src/lib/cluster/sentiment';
import { boardLanguage, detectLanguage, fold, prepareText, words, type Language } from '../../src/lib/cluster/text';
import { FIXTURES } from './datasets';

const SENTENCES = resolve(import.meta.dirname, '../../tests/fixtures/languages');
const general = (lexicon: Record<string, number>, scale: number): Lexicon => new Map(Object.entries(lexicon).map(([k, v]) => [fold(k), v * scale]));
const GENERAL: Record<string, { name: string; lexicon: Lexicon }> = {
	es: { name: 'nlp.js AFINN-es', lexicon: general(lexiconEs, 1) },
	fr: { name: 'nlp.js Pattern-fr', lexicon: general(lexiconFr, 5) },
	de: { name: 'nlp.js SentiCon-de', lexicon: general(lexiconDe, 5) },
	it: { name: 'nlp.js Pattern-it', lexicon: general(lexiconIt, 5) }
};

function sentences(name: string): { praise: boolean; text: string }[] {
	return readFileSync(join(SENTENCES, `${name}.tsv`), 'utf8')
		.trim()
		.split('\n')
		.slice(1)
		.map((line) => {
			const [polarity, , text] = line.split('\t');
			return { praise: polarity === 'praise', text };
		});
}

console.log('Hand-written sentences: language told with an English board; polarity right / 0 / wrong sign (|p| > 0.2 of the right ones)');
for (const language of ['es', 'fr', 'de', 'it', 'nl'] as Language[]) {
	for (const set of language === 'nl' ? ['nl'] : [language, `${language}-heldout`]) {
		const list = sentences(set);
		const told = list.filter((s) => detectLanguage(words(s.text)) === language).length;
		const cells: string[] = [];
		const lexicons: [string, Lexicon][] = GENERAL[language]
			? [
					[GENERAL[language].name, GENERAL[language].lexicon],
					['review words', reviewLexicon(language)],
					['both (kept)', reviewLexicon(language, GENERAL[language].lexicon)]
				]
			: [];
		for (const [name, lexicon] of lexicons) {
			let right = 0;
			let clear = 0;
			let zero = 0;
			let wrong = 0;
			for (const { praise, text } of list) {
				const p = Math.tanh(lexiconScore(prepareText(text), language, lexicon) * 1.5);
				if (p === 0) zero++;
				else if (p > 0 === praise) {
					right++;
					if (Math.abs(p) > 0.2) clear++;
				} else wrong++;
			}
			cells.push(`${name} ${right} / ${zero} / ${wrong} (${clear})`);
		}
		console.log(`${set.padEnd(11)} ${String(list.length).padStart(3)} sentences, language ${told}/${list.length} | ${cells.join(' | ') || 'polarity 0 (not read)'}`);
	}
}

const HOTEL = join(FIXTURES, 'hotel-reviews-datafiniti/Datafiniti_Hotel_Reviews.csv');
if (!existsSync(HOTEL)) {
	console.log(`\n(${HOTEL} not found: the hotel rows are skipped)`);
	process.exit(0);
}
const raw = new TextDecoder('latin1').decode(readFileSync(HOTEL));
const rows = (Papa.parse<Record<string, string>>(raw, { header: true, skipEmptyLines: true }).data ?? []).filter((r) => r['reviews.text']);
const texts = rows.map((r) => r['reviews.text']);
const board = boardLanguage(texts);
const languages = texts.map((t) => detectLanguage(words(t), board));
const counts = new Map<Language, number>();
for (const l of languages) counts.set(l, (counts.get(l) ?? 0) + 1);
console.log(`\nDatafiniti hotel reviews, ${texts.length} rows, board ${board}: ${[...counts].map(([l, n]) => `${l} ${n}`).join(', ')}`);
for (const language of ['de', 'fr', 'it', 'es', 'nl'] as Language[]) {
	const rowsOf = languages.flatMap((l, i) => (l === language ? [i] : []));
	if (!rowsOf.length) continue;
	let agree = 0;
	let disagree = 0;
	let unclear = 0;
	for (const i of rowsOf) {
		const rating = Number(rows[i]['reviews.rating']);
		if (!(rating >= 1 && rating <= 5) || rating === 3) continue;
		const p = textPolarity(texts[i], language);
		if (Math.abs(p) <= 0.2) unclear++;
		else if (p > 0 === rating >= 4) agree++;
		else disagree++;
	}
	const titles =
		rowsOf.length >= 8
			? new ClusterModel(rowsOf.map((i) => texts[i]))
					.suggest({ clusters: Math.min(6, Math.floor(rowsOf.length / 4)) })
					.groups.map((g) => `${g.title} (${g.members.length})`)
					.join(' | ')
			: '';
	console.log(`${language}: ${rowsOf.length} rows; clear polarity agreeing with the rating ${agree}, disagreeing ${disagree}, not clear ${unclear}${titles ? `; titles: ${titles}` : ''}`);
}
