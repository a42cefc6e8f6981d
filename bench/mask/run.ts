/**
 * bench:mask — masking contact details in imported comments (`maskContacts`: e-mail addresses by
 * one Unicode regular expression, phone numbers by candidate runs checked with libphonenumber-js
 * in twelve national formats) against the former regular-expression masking (bench/mask/baseline.ts),
 * in the same run, on 20,000 comments of which three in five hold digits or an address.
 *
 *   npm run bench:mask
 *
 * Writes bench/results/mask.json ({metric: value}, baseline and ratio included): median
 * microseconds per comment over BENCH_RUNS runs (default 7).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { maskContacts } from '../../src/lib/import/mask';
import { maskContacts as baselineMask } from './baseline';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SHAPES = [
	'The courier was late again and nobody called back',
	'Call me back on 06 12 34 56 78 about order 2024-03-04',
	'Écrivez à josé.garcía@exemple.fr, merci',
	'Great staff, quick refund of 129.99 in the shop',
	'Ruf an: +49 (0)30 12 34 56 78 oder per Mail'
];
const comments = Array.from({ length: 20_000 }, (_, i) => SHAPES[i % SHAPES.length]);

function medianMicros(fn: (text: string) => string): number {
	const times: number[] = [];
	for (let r = 0; r < RUNS; r++) {
		const start = performance.now();
		for (const c of comments) fn(c);
		times.push(((performance.now() - start) * 1000) / comments.length);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}

medianMicros(maskContacts);
medianMicros(baselineMask);
const current = medianMicros(maskContacts);
const baseline = medianMicros(baselineMask);
const result = { comments: comments.length, 'mask µs/comment': +current.toFixed(2), 'baseline µs/comment': +baseline.toFixed(2), 'ratio (mask / baseline)': +(current / baseline).toFixed(2) };
console.table(result);
mkdirSync(join(here, '../results'), { recursive: true });
writeFileSync(join(here, '../results/mask.json'), JSON.stringify(result, null, 2) + '\n');
