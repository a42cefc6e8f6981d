/**
 * bench:context — how well the importer reads customer context on real exports it was not tuned
 * on, against the previous importer's assumptions as the baseline in the same run.
 *
 * Held out (never looked at while writing the guesses): hotel-reviews-datafiniti,
 * olist-reviews-ptbr, hotel-reviews-bom, airline-tweets-excel. Used while writing them:
 * womens-clothing-1k, airline-tweets-original, derived/, google-forms-autistica,
 * qualtrics-export-format.
 *
 * For each file with a rating: the direction guessed on the file as it is (all of them are
 * "highest is best"), and on a copy whose rating is mirrored (v → min + max − v, so "lowest is
 * best" with the same comments). The baseline is the previous importer, which always took the
 * highest value as best: right on every original, wrong on every mirror. Also per file: the roles
 * guessed for the columns whose meaning the fixture's SOURCE.md states, non-answers found, problems
 * by kind, and the time of guess + build.
 *
 * Writes bench/results/context.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adviseMapping, buildNotes, guessMapping, parseFile, scaleEvidence } from '../../src/lib/import/index';
import { mirrored } from './mirror';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = process.env.GISTBOARD_FIXTURES ?? resolve(here, '../../../shared/fixtures');

interface Case {
	path: string;
	heldOut: boolean;
	/** Column → role the fixture's documentation gives it. */
	roles: Record<string, string>;
	rating?: string;
}

const CASES: Case[] = [
	{ path: 'hotel-reviews-datafiniti/Datafiniti_Hotel_Reviews.csv', heldOut: true, rating: 'reviews.rating', roles: { 'reviews.text': 'comment', 'reviews.rating': 'satisfaction', city: 'city', country: 'country', province: 'region', 'reviews.username': 'customerName' } },
	{ path: 'olist-reviews-ptbr/olist_order_reviews_dataset.csv', heldOut: true, rating: 'review_score', roles: { review_comment_message: 'comment', review_score: 'satisfaction', review_creation_date: 'date' } },
	{ path: 'hotel-reviews-bom/Datafiniti_Hotel_Reviews.csv', heldOut: true, rating: 'rating', roles: { reviews: 'comment', rating: 'satisfaction', name: 'product' } },
	{ path: 'airline-tweets-excel/Tweets.csv', heldOut: true, roles: { text: 'comment', airline: 'product', user_timezone: 'region', name: 'customerName' } },
	{ path: 'womens-clothing-1k/Womens Clothing E-Commerce Reviews.csv', heldOut: false, rating: 'Rating', roles: { 'Review Text': 'comment', Rating: 'satisfaction', Age: 'age' } },
	{ path: 'airline-tweets-original/Tweets.csv', heldOut: false, roles: { text: 'comment', airline: 'product', user_timezone: 'region', name: 'customerName' } }
];


const results: Record<string, unknown>[] = [];
let heldOutDirections = 0;
let heldOutDirectionsRight = 0;
let baselineRight = 0;
for (const c of CASES) {
	const file = resolve(fixtures, c.path);
	if (!existsSync(file)) {
		console.error(`skipping ${c.path}: not found`);
		continue;
	}
	const table = await parseFile(new Uint8Array(readFileSync(file)), c.path.split('/').pop()!);
	const t0 = performance.now();
	const mapping = guessMapping(table);
	const built = buildNotes(table, mapping, { importId: 'imp_bench', createdBy: 'bench' });
	const ms = performance.now() - t0;
	const advice = adviseMapping(table, mapping);
	const roleOf = (col: string) => mapping.columns.find((m) => m.column === col)?.role ?? '(missing)';
	const roles = Object.fromEntries(Object.entries(c.roles).map(([col, want]) => [col, { want, got: roleOf(col) }]));
	const rolesRight = Object.values(roles).filter((r) => r.want === r.got).length;
	const row: Record<string, unknown> = {
		file: c.path.split('/')[0],
		heldOut: c.heldOut,
		rows: table.rows.length,
		notes: built.notes.length,
		rolesRight: `${rolesRight}/${Object.keys(roles).length}`,
		roles,
		nonAnswers: advice.nonAnswers.count,
		problems: Object.fromEntries(built.summary.problems.map((p) => [p.kind, p.count])),
		guessAndBuildMs: Math.round(ms)
	};
	if (c.rating && roleOf(c.rating) === 'satisfaction') {
		const scale = mapping.columns.find((m) => m.column === c.rating)!.scale!;
		const original = scaleEvidence(table, mapping, c.rating)!;
		const flippedTable = mirrored(table, c.rating, mapping);
		const flippedMapping = guessMapping(flippedTable);
		const flippedScale = flippedMapping.columns.find((m) => m.column === c.rating)?.scale;
		const flipped = scaleEvidence(flippedTable, flippedMapping, c.rating);
		row.direction = {
			original: { guessed: scale.best, t: +original.t.toFixed(1), n: original.n },
			mirrored: { guessed: flippedScale?.best ?? '(not a scale)', t: flipped ? +flipped.t.toFixed(1) : null, n: flipped?.n ?? 0 }
		};
		if (c.heldOut) {
			heldOutDirections += 2;
			heldOutDirectionsRight += Number(scale.best === 'max') + Number(flippedScale?.best === 'min');
			baselineRight += 1;
		}
	}
	results.push(row);
	console.log(JSON.stringify(row));
}

const summary = {
	heldOutDirectionsRight,
	heldOutDirections,
	baselineDirectionsRight: baselineRight,
	ratio: baselineRight ? +(heldOutDirectionsRight / baselineRight).toFixed(2) : null
};
console.log('\nheld-out scale directions: importer', `${heldOutDirectionsRight}/${heldOutDirections}`, '· baseline (highest is best)', `${baselineRight}/${heldOutDirections}`);
mkdirSync(resolve(here, '../results'), { recursive: true });
writeFileSync(resolve(here, '../results/context.json'), JSON.stringify({ summary, files: results }, null, 2) + '\n');
