/**
 * Which end of a rating scale the comments say is best (`guessDirection`), per file and per
 * comment language: the t statistic of the correlation between the answer's position and the
 * comments' tone, the direction it gives (|t| ≥ 3) and the language most comments are in.
 *
 * Each case is read as it is and with its rating mirrored (v → min + max − v: the other end is
 * best, the comments stay where they were). Cases: the hand-written Spanish and German ratings of
 * tests/fixtures/direction (1 = best), and from ../shared/fixtures when it is there the Olist
 * reviews (Portuguese, 5 = best), the Datafiniti hotel reviews split by the language of their
 * comments (`detectLanguage`), and the English exports, whose figures must not move.
 *
 *     npx tsx bench/context/direction.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectLanguage, words } from '../../src/lib/cluster/text';
import { guessMapping, parseFile, scaleEvidence, type Mapping, type ParsedTable } from '../../src/lib/import/index';
import { mirrored } from './mirror';
import { detectScale } from '../../src/lib/context/scale';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = process.env.GISTBOARD_FIXTURES ?? resolve(here, '../../../shared/fixtures');

interface Case {
	name: string;
	path: string;
	rating: string;
	comment: string;
	/** Keep only rows whose comment is in this language. */
	language?: string;
}

const CASES: Case[] = [
	{ name: 'hand-written es (1 best)', path: resolve(here, '../../tests/fixtures/direction/es.csv'), rating: 'Valoración', comment: 'Comentario' },
	{ name: 'hand-written de (1 best)', path: resolve(here, '../../tests/fixtures/direction/de.csv'), rating: 'Note', comment: 'Kommentar' },
	{ name: 'olist (pt, 5 best)', path: resolve(fixtures, 'olist-reviews-ptbr/olist_order_reviews_dataset.csv'), rating: 'review_score', comment: 'review_comment_message' },
	...['de', 'fr', 'it', 'es', 'nl', 'en'].map((language) => ({
		name: `datafiniti ${language} rows`,
		path: resolve(fixtures, 'hotel-reviews-datafiniti/Datafiniti_Hotel_Reviews.csv'),
		rating: 'reviews.rating',
		comment: 'reviews.text',
		language
	})),
	{ name: 'datafiniti all', path: resolve(fixtures, 'hotel-reviews-datafiniti/Datafiniti_Hotel_Reviews.csv'), rating: 'reviews.rating', comment: 'reviews.text' },
	{ name: 'hotel-reviews-bom (en)', path: resolve(fixtures, 'hotel-reviews-bom/Datafiniti_Hotel_Reviews.csv'), rating: 'rating', comment: 'reviews' },
	{ name: 'womens-clothing (en)', path: resolve(fixtures, 'womens-clothing-1k/Womens Clothing E-Commerce Reviews.csv'), rating: 'Rating', comment: 'Review Text' }
];


const tables = new Map<string, ParsedTable>();
for (const c of CASES) {
	if (!existsSync(c.path)) {
		console.error(`skipping ${c.name}: ${c.path} not found`);
		continue;
	}
	let table = tables.get(c.path);
	if (!table) tables.set(c.path, (table = await parseFile(new Uint8Array(readFileSync(c.path)), c.path.split('/').pop()!)));
	// The scale and the comment column are read on the whole file, as an import of it would. A
	// column the importer did not take for a rating is read with the scale its values make, so
	// that the comments' evidence shows either way.
	const guessed = guessMapping(table);
	const column = guessed.columns.find((m) => m.column === c.rating)!;
	const mappedAs = (m: Mapping) => {
		const col = m.columns.find((x) => x.column === c.rating)!;
		return col.role === 'satisfaction' ? `satisfaction, ${col.scale?.best === 'min' ? 'lowest' : 'highest'} best` : col.role;
	};
	const mapped = mappedAs(guessed);
	const at = table.columns.find((t) => t.name === c.rating)!.index;
	const scale = column.scale ?? detectScale(table.rows.map((r) => r[at] ?? ''), c.rating);
	const mapping: Mapping = { ...guessed, columns: guessed.columns.map((m) => (m.column === c.rating ? { ...m, scale: scale ?? undefined } : m)) };
	if (c.language) {
		const text = table.columns.find((t) => t.name === c.comment)!.index;
		table = { ...table, rows: table.rows.filter((r) => (r[text] ?? '').trim() !== '' && detectLanguage(words(r[text]), 'en') === c.language) };
	}
	if (table.rows.length === 0) {
		console.error(`skipping ${c.name}: no rows`);
		continue;
	}
	if (!scale) {
		console.error(`skipping ${c.name}: ${c.rating} is not read as a scale`);
		continue;
	}
	const asIs = scaleEvidence(table, mapping, c.rating)!;
	const mirror = mirrored(table, c.rating, mapping);
	const flipped = scaleEvidence(mirror, mapping, c.rating)!;
	const show = (e: typeof asIs) => ({
		n: e.n,
		r: +e.r.toFixed(3),
		t: +e.t.toFixed(2),
		best: e.best === null ? 'not told' : e.best === 'max' ? `${scale.kind === 'numeric' ? scale.max : 'max'} best` : `${scale.kind === 'numeric' ? scale.min : 'min'} best`,
		language: (e as { language?: string }).language ?? '-'
	});
	console.log(JSON.stringify({ case: c.name, rows: table.rows.length, mapped: c.language ? '-' : mapped, asIs: show(asIs), mirroredMapped: c.language ? '-' : mappedAs(guessMapping(mirror)), mirrored: show(flipped) }));
}
