import Sentiment from 'sentiment';
import { isNonAnswer } from '$lib/context/nonanswer';
import { scaleAnswer, scalePosition, type Direction, type Scale } from '$lib/context/scale';

/**
 * Which end of a satisfaction scale is best, read from the comments themselves: comments at the
 * best end of a scale are more positive than those at the worst. Each comment is scored with the
 * AFINN-165 word list (the `sentiment` library: valence −5…5 per word, averaged over the
 * comment's words); the correlation between the answer's position (read as if the highest value
 * were best) and the score says which way the scale runs. A correlation is trusted when its
 * t statistic, r·√((n−2)/(1−r²)), is at least `MIN_T` in size (two-sided p < 0.003 for the
 * sample sizes here); below that the comments do not tell, and the scale keeps the direction its
 * labels or the convention (highest best) give.
 *
 * AFINN is an English word list: comments in other languages score mostly 0 and rarely reach
 * the threshold, so for them the direction comes from the scale's labels or stays as it is.
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
}

export const MIN_T = 3;
const MIN_COMMENTS = 30;
/** Enough comments to tell a direction; a 10,000-row file would spend seconds scoring all of them. */
const MAX_SCORED = 3000;

let analyzer: Sentiment | null = null;

/** AFINN-165 valence of a comment, averaged over its words (the library's "comparative" score). */
export function commentSentiment(text: string): number {
	analyzer ??= new Sentiment();
	return analyzer.analyze(text.slice(0, 2000)).comparative;
}

/**
 * Scores pairs of (satisfaction answer, comment) and says which end of `scale` the comments put
 * the best answers at. `pairs` may be long: an even spread of at most 3,000 is scored.
 */
export function guessDirection(scale: Scale, pairs: { answer: string; comment: string }[]): DirectionEvidence {
	const forward: Scale = { ...scale, best: 'max' };
	const usable = pairs.filter((p) => p.comment.trim() !== '' && !isNonAnswer(p.comment));
	const step = Math.max(1, usable.length / MAX_SCORED);
	const xs: number[] = [];
	const ys: number[] = [];
	const byValue = new Map<string, { n: number; sum: number; pos: number }>();
	const picks = Math.min(usable.length, MAX_SCORED);
	for (let k = 0; k < picks; k++) {
		const { answer, comment } = usable[Math.floor(k * step)];
		const read = scaleAnswer(forward, answer);
		if (!read || read.level === 'notApplicable' || read.level === 'offScale') continue;
		const pos = scalePosition(forward, read.value);
		if (pos === null) continue;
		const score = commentSentiment(comment);
		xs.push(pos);
		ys.push(score);
		const key = String(read.value);
		const v = byValue.get(key) ?? { n: 0, sum: 0, pos };
		v.n++;
		v.sum += score;
		byValue.set(key, v);
	}
	const n = xs.length;
	const r = pearson(xs, ys);
	const t = n > 2 && Math.abs(r) < 1 ? r * Math.sqrt((n - 2) / (1 - r * r)) : 0;
	const best: Direction | null = n >= MIN_COMMENTS && Math.abs(t) >= MIN_T ? (t > 0 ? 'max' : 'min') : null;
	const means = [...byValue]
		.sort((a, b) => a[1].pos - b[1].pos)
		.map(([value, v]) => ({ value, n: v.n, mean: v.sum / v.n }));
	return { best, n, r, t, means };
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
