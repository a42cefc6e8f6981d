import Sentiment from 'sentiment';
import { wordScore } from '$lib/cluster/sentiment';
import { languageOf, majorityLanguage, type Language, type LanguageVotes } from '$lib/cluster/language';
import { prepareText } from '$lib/cluster/text';
import { isNonAnswer } from '$lib/context/nonanswer';
import { scaleAnswer, scalePosition, type Direction, type Scale } from '$lib/context/scale';

/**
 * Which end of a satisfaction scale is best, read from the comments themselves: comments at the
 * best end of a scale are more positive than those at the worst. Each comment is scored in its
 * own language (`commentSentiment`): the valence of its words averaged over its word count, on
 * AFINN's −5…5 per word; the correlation between the answer's position (read as if the highest
 * value were best) and the score says which way the scale runs. A correlation is trusted when its
 * t statistic, r·√((n−2)/(1−r²)), is at least `MIN_T` in size (two-sided p < 0.003 for the
 * sample sizes here); below that the comments do not tell, and the scale keeps the direction its
 * labels or the convention (highest best) give.
 *
 * Comments are scored in English, Portuguese, Spanish, French, German and Italian (the lexicons
 * the clustering reads, `wordScore` in cluster/sentiment.ts); a Dutch comment, or one in any
 * other language, scores 0 and so tells nothing. Measured on real and hand-written exports in
 * BENCHMARKS.md, "Scale direction in the comments' language".
 */
export interface DirectionEvidence {
	/** The direction the comments point to, or null when they do not tell. */
	best: Direction | null;
	/** Comments scored (on-scale answers with a comment that is not a non-answer). */
	n: number;
	/** Pearson correlation between position (highest = best) and comment score. */
	r: number;
	t: number;
	/** Mean comment score per scale value, in scale order. */
	means: { value: string; n: number; mean: number }[];
	/** The language most scored comments are in; it also reads comments whose own language is unclear. */
	language: Language;
}

export const MIN_T = 3;
const MIN_COMMENTS = 30;
/** Enough comments to tell a direction; a 10,000-row file would spend seconds scoring all of them. */
const MAX_SCORED = 2000;

let analyzer: Sentiment | null = null;

/** What is kept of a comment already read: several columns of one file are checked against the same comments. */
interface Reading {
	votes: LanguageVotes;
	/** Its score per language it was read in (the file's language decides a comment whose own is unclear). */
	scores: Partial<Record<Language, number>>;
}
const readings = new Map<string, Reading>();
const MAX_CACHED = 20_000;

/** Comments are read up to this many characters: enough to tell their tone, bounded in cost. */
const MAX_CHARS = 2000;

function reading(text: string): Reading {
	const key = text.slice(0, MAX_CHARS);
	let hit = readings.get(key);
	if (!hit) {
		if (readings.size >= MAX_CACHED) readings.clear();
		readings.set(key, (hit = { votes: prepareText(key).votes, scores: {} }));
	}
	return hit;
}

/**
 * The valence of a comment per word, on AFINN's −5…5 scale (its words' scores summed over its word
 * count, the `sentiment` library's "comparative"; 0 for no scored words), in the comment's own
 * language: the one whose grammar words it uses most (`languageOf` in cluster/language.ts), `file`
 * (the language of the file's comments) when no language shows or two tie.
 * - English: the AFINN-165 list of the `sentiment` library on the comment as written (Nielsen 2011).
 * - Portuguese, Spanish, French, German, Italian: the lexicon and negations the clustering reads
 *   for that language (`wordScore` in cluster/sentiment.ts).
 * - Dutch and any other language: 0; no lexicon was measured to separate praise from complaints.
 */
export function commentSentiment(text: string, file: Language = 'en'): number {
	const read = reading(text);
	const language = languageOf(read.votes, file);
	let score = read.scores[language];
	if (score === undefined) {
		const key = text.slice(0, MAX_CHARS);
		if (language === 'en') {
			analyzer ??= new Sentiment();
			score = analyzer.analyze(key).comparative;
		} else score = wordScore(prepareText(key), language) ?? 0;
		read.scores[language] = score;
	}
	return score;
}

/**
 * Scores pairs of (satisfaction answer, comment) and says which end of `scale` the comments put
 * the best answers at. `pairs` may be long: an even spread of at most 2,000 is scored, each in its
 * own language, the language most of them are in reading those whose own is unclear
 * (`commentSentiment`).
 */
export function guessDirection(scale: Scale, pairs: { answer: string; comment: string }[]): DirectionEvidence {
	const forward: Scale = { ...scale, best: 'max' };
	const usable = pairs.filter((p) => p.comment.trim() !== '' && !isNonAnswer(p.comment));
	const step = Math.max(1, usable.length / MAX_SCORED);
	const picked: { comment: string; pos: number; value: string }[] = [];
	const picks = Math.min(usable.length, MAX_SCORED);
	for (let k = 0; k < picks; k++) {
		const { answer, comment } = usable[Math.floor(k * step)];
		const read = scaleAnswer(forward, answer);
		if (!read || read.level === 'notApplicable' || read.level === 'offScale') continue;
		const pos = scalePosition(forward, read.value);
		if (pos === null) continue;
		picked.push({ comment, pos, value: String(read.value) });
	}
	const language = majorityLanguage(picked.map((p) => reading(p.comment).votes));
	const xs: number[] = [];
	const ys: number[] = [];
	const byValue = new Map<string, { n: number; sum: number; pos: number }>();
	for (const { comment, pos, value } of picked) {
		const score = commentSentiment(comment, language);
		xs.push(pos);
		ys.push(score);
		const v = byValue.get(value) ?? { n: 0, sum: 0, pos };
		v.n++;
		v.sum += score;
		byValue.set(value, v);
	}
	const n = xs.length;
	const r = pearson(xs, ys);
	const t = n > 2 && Math.abs(r) < 1 ? r * Math.sqrt((n - 2) / (1 - r * r)) : 0;
	const best: Direction | null = n >= MIN_COMMENTS && Math.abs(t) >= MIN_T ? (t > 0 ? 'max' : 'min') : null;
	const means = [...byValue]
		.sort((a, b) => a[1].pos - b[1].pos)
		.map(([value, v]) => ({ value, n: v.n, mean: v.sum / v.n }));
	return { best, n, r, t, means, language };
}

function pearson(xs: number[], ys: number[]): number {
	const n = xs.length;
	if (n < 3) return 0;
	let mx = 0;
	let my = 0;
	for (let i = 0; i < n; i++) {
		mx += xs[i];
		my += ys[i];
	}
	mx /= n;
	my /= n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		const dx = xs[i] - mx;
		const dy = ys[i] - my;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}
