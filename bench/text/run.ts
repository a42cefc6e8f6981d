/**
 * bench:text — what Unicode-safe text costs against the code-unit operations it replaced, in the
 * same run:
 * - fold: `foldText` (NFKC, case folding, marks) per comment vs the search's former
 *   normalisation (NFD, strip U+0300-U+036F, lower case), on English tweets and on mixed-script
 *   comments (Japanese, Chinese, Arabic, Hebrew, emoji);
 * - diff: `textDiff` per keystroke while typing a 300-character group name vs the former code-unit
 *   prefix/suffix diff;
 * - truncate: `truncateWidth` to 40 columns per note vs `slice(0, 39) + '…'`;
 * - segment: `spaceWords` on comments without spaces vs splitting on non-letters.
 *
 *   npm run bench:text
 *
 * English input: the airline tweets in ../shared/fixtures when present, else generated sentences.
 * Writes bench/results/text.json ({metric: value}, baselines and ratios included).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { foldText, spaceWords, textDiff, truncateWidth } from '../../src/lib/text/index';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = process.env.GISTBOARD_FIXTURES ?? process.env.FIXTURES_DIR ?? resolve(here, '../../../shared/fixtures');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const N = 5000;

function english(): { texts: string[]; source: string } {
	const file = join(FIXTURES, 'airline-tweets-original/Tweets.csv');
	if (existsSync(file)) {
		const rows = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
		return { texts: rows.slice(0, N).map((r) => r.text), source: 'airline-tweets-original (first 5,000)' };
	}
	const words = ['flight', 'delayed', 'again', 'the', 'crew', 'was', 'great', 'lost', 'bag', 'café', 'service', 'late'];
	return {
		texts: Array.from({ length: N }, (_, i) => Array.from({ length: 20 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ')),
		source: 'generated English sentences (fixtures not found)'
	};
}

const PHRASES = [
	'配送が遅すぎて、箱も壊れていました。',
	'スタッフの対応がとても丁寧でした',
	'快递太慢了，包装也坏了',
	'التوصيل بطيء جدا والمنتج مكسور',
	'השירות היה מצוין, תודה רבה',
	'👍🏽 Great service, fast delivery 🚚',
	'Ｆａｓｔ ｄｅｌｉｖｅｒｙ but the box was damaged 👨‍👩‍👧',
	'Lieferung kam zu spät, Straße gesperrt'
];
const mixed = Array.from({ length: N }, (_, i) => `${PHRASES[i % PHRASES.length]} ${PHRASES[(i * 3 + 1) % PHRASES.length]} #${i}`);
const spaceless = Array.from({ length: N }, (_, i) => PHRASES[i % 3] + PHRASES[(i + 1) % 3]);

/** The search's normalisation before src/lib/text. */
const oldNormalize = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** The group-name diff before src/lib/text: code units. */
function oldDiff(prev: string, next: string) {
	let start = 0;
	const max = Math.min(prev.length, next.length);
	while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
	let endPrev = prev.length;
	let endNext = next.length;
	while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
		endPrev--;
		endNext--;
	}
	return { index: start, remove: endPrev - start, insert: next.slice(start, endNext) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let sink = 0;

/** Median over RUNS of the time per item in nanoseconds. */
function time(items: number, fn: () => void): number {
	fn();
	const runs: number[] = [];
	for (let r = 0; r < RUNS; r++) {
		const t0 = performance.now();
		fn();
		runs.push(((performance.now() - t0) * 1e6) / items);
	}
	return Math.round(median(runs));
}

const eng = english();
const out: Record<string, number | string> = { source: eng.source, runs: RUNS, load_1min: Math.round(loadavg()[0] * 100) / 100 };

out.fold_english_ns = time(N, () => eng.texts.forEach((t) => (sink += foldText(t).length)));
out.fold_english_baseline_ns = time(N, () => eng.texts.forEach((t) => (sink += oldNormalize(t).length)));
out.fold_mixed_ns = time(N, () => mixed.forEach((t) => (sink += foldText(t).length)));
out.fold_mixed_baseline_ns = time(N, () => mixed.forEach((t) => (sink += oldNormalize(t).length)));

// Typing a group name one character at a time: each keystroke diffs the whole name.
function typing(name: string, diff: (a: string, b: string) => unknown) {
	const chars = Array.from(name);
	let prev = '';
	let next = '';
	for (const c of chars) {
		next += c;
		sink += diff(prev, next) ? 1 : 0;
		prev = next;
	}
	return chars.length;
}
const asciiName = 'Delivery took too long and the parcel arrived damaged; '.repeat(6).slice(0, 300);
const mixedName = Array.from('👍🏽 配送が遅い التوصيل بطيء Fast délivery 👨‍👩‍👧 '.repeat(12)).slice(0, 300).join('');
const keys = (name: string) => Array.from(name).length;
out.diff_ascii_ns = time(keys(asciiName), () => typing(asciiName, textDiff));
out.diff_ascii_baseline_ns = time(keys(asciiName), () => typing(asciiName, oldDiff));
out.diff_mixed_ns = time(keys(mixedName), () => typing(mixedName, textDiff));
out.diff_mixed_baseline_ns = time(keys(mixedName), () => typing(mixedName, oldDiff));

out.truncate_english_ns = time(N, () => eng.texts.forEach((t) => (sink += truncateWidth(t, 40).length)));
out.truncate_english_baseline_ns = time(N, () => eng.texts.forEach((t) => (sink += (t.length > 40 ? t.slice(0, 39) + '…' : t).length)));
out.truncate_mixed_ns = time(N, () => mixed.forEach((t) => (sink += truncateWidth(t, 40).length)));
out.truncate_mixed_baseline_ns = time(N, () => mixed.forEach((t) => (sink += (t.length > 40 ? t.slice(0, 39) + '…' : t).length)));

out.segment_spaceless_ns = time(N, () => spaceless.forEach((t) => (sink += spaceWords(t).length)));
out.segment_spaceless_baseline_ns = time(N, () => spaceless.forEach((t) => (sink += t.split(/[^\p{L}\p{N}]+/u).length)));
out.segment_english_ns = time(N, () => eng.texts.forEach((t) => (sink += spaceWords(t).length)));

const ratio = (a: string, b: string) => Math.round(((out[a] as number) / (out[b] as number)) * 100) / 100;
for (const k of ['fold_english', 'fold_mixed', 'diff_ascii', 'diff_mixed', 'truncate_english', 'truncate_mixed', 'segment_spaceless']) {
	out[`${k}_ratio`] = ratio(`${k}_ns`, `${k}_baseline_ns`);
}

console.log(`bench:text (${eng.source}; ${RUNS} runs, median; time per item)`);
console.log('metric               ours (ns)  baseline (ns)  ratio');
for (const k of ['fold_english', 'fold_mixed', 'diff_ascii', 'diff_mixed', 'truncate_english', 'truncate_mixed', 'segment_spaceless']) {
	console.log(`${k.padEnd(20)} ${String(out[`${k}_ns`]).padStart(9)}  ${String(out[`${k}_baseline_ns`]).padStart(13)}  ${String(out[`${k}_ratio`]).padStart(5)}`);
}
console.log(`segment_english      ${String(out.segment_english_ns).padStart(9)}  (a regex test: no spaceless script)`);
if (sink === 42) console.log('');
const file = resolve(here, '../results/text.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${file}`);
