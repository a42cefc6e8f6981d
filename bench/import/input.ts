/**
 * The file every import benchmark imports: `rows` rows (10,000 by default) made from the real
 * women's clothing reviews in ../shared/fixtures (CC0; GISTBOARD_FIXTURES points elsewhere),
 * cycled with fresh customer ids (`C100000`…), as CSV bytes (3.6 MB for 10,000 rows); without that
 * folder, generated rows of the same shape. `source` says which.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = process.env.GISTBOARD_FIXTURES ?? resolve(here, '../../../shared/fixtures');
const womens = resolve(fixtures, 'womens-clothing-1k/Womens Clothing E-Commerce Reviews.csv');

export function makeImportFile(rows: number): { bytes: Uint8Array; source: string } {
	let header: string[];
	let body: string[][];
	let source: string;
	if (existsSync(womens)) {
		const parsed = Papa.parse<string[]>(readFileSync(womens, 'utf8'), { skipEmptyLines: true }).data;
		header = ['Customer ID', ...parsed[0].slice(1)];
		body = parsed.slice(1);
		source = "womens-clothing-1k (real reviews) cycled to " + rows + ' rows';
	} else {
		header = ['Customer ID', 'Age', 'Review Text', 'Rating', 'Department Name'];
		body = Array.from({ length: 1000 }, (_, i) => [
			'',
			String(18 + (i % 60)),
			`Comment ${i}: the fabric is ${i % 3 ? 'soft' : 'scratchy'}, sizing runs ${i % 2 ? 'small' : 'large'}, délivery took ${i % 9} days.`,
			String(1 + (i % 5)),
			['Dresses', 'Tops', 'Bottoms'][i % 3]
		]);
		source = 'generated rows (shared fixtures not found)';
	}
	const table = Array.from({ length: rows }, (_, i) => {
		const row = body[i % body.length].slice();
		row[0] = `C${100000 + i}`;
		return row;
	});
	return { bytes: new TextEncoder().encode(Papa.unparse([header, ...table])), source };
}
