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
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
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

/** Time per item in nanoseconds of one run of `fn`. */
function once(items: number, fn: () => void): number {
	const t0 = performance.now();
	fn();
	return ((performance.now() - t0) * 1e6) / items;
}

/**
 * Ours and the baseline, RUNS times each, taking turns so that both see the same load on a shared
 * machine; the medians per item in nanoseconds.
 */
function pair(items: number, ours: () => void, baseline: () => void): [number, number] {
	ours();
	baseline();
	const a: number[] = [];
	const b: number[] = [];
	for (let r = 0; r < RUNS; r++) {
		a.push(once(items, ours));
		b.push(once(items, baseline));
	}
	return [Math.round(median(a)), Math.round(median(b))];
}

const eng = english();
const out: Record<string, number | string> = { source: eng.source, runs: RUNS, load_1min: Math.round(loadavg()[0] * 100) / 100 };

function measure(name: string, items: number, ours: () => void, baseline: () => void) {
	[out[`${name}_ns`], out[`${name}_baseline_ns`]] = pair(items, ours, baseline);
}

measure('fold_english', N, () => eng.texts.forEach((t) => (sink += foldText(t).length)), () => eng.texts.forEach((t) => (sink += oldNormalize(t).length)));
measure('fold_mixed', N, () => mixed.forEach((t) => (sink += foldText(t).length)), () => mixed.forEach((t) => (sink += oldNormalize(t).length)));

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
measure('diff_ascii', keys(asciiName), () => typing(asciiName, textDiff), () => typing(asciiName, oldDiff));
measure('diff_mixed', keys(mixedName), () => typing(mixedName, textDiff), () => typing(mixedName, oldDiff));

const slice40 = (t: string) => (t.length > 40 ? t.slice(0, 39) + '…' : t);
measure('truncate_english', N, () => eng.texts.forEach((t) => (sink += truncateWidth(t, 40).length)), () => eng.texts.forEach((t) => (sink += slice40(t).length)));
measure('truncate_mixed', N, () => mixed.forEach((t) => (sink += truncateWidth(t, 40).length)), () => mixed.forEach((t) => (sink += slice40(t).length)));

measure('segment_spaceless', N, () => spaceless.forEach((t) => (sink += spaceWords(t).length)), () => spaceless.forEach((t) => (sink += t.split(/[^\p{L}\p{N}]+/u).length)));
out.segment_english_ns = Math.round(median(Array.from({ length: RUNS }, () => once(N, () => eng.texts.forEach((t) => (sink += spaceWords(t).length))))));

const ratio = (a: string, b: string) => Math.round(((out[a] as number) / (out[b] as number)) * 100) / 100;
for (const k of ['fold_english', 'fold_mixed', 'diff_ascii', 'diff_mixed', 'truncate_english', 'truncate_mixed', 'segment_spaceless']) {
	out[`${k}_ratio`] = ratio(`${k}_ns`, `${k}_baseline_ns`);
}

console.log(`bench:text (${eng.source}; ${RUNS} runs each, ours and baseline taking turns, median; time per item; load ${out.load_1min})`);
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
