import { isNonAnswer } from './nonanswer';

/**
 * Satisfaction scales, described rather than assumed. A scale says which end is best
 * (`best: 'min'` for "1 = Very good … 5 = Very poor"), may label its values, and lists the
 * answers that are not on it (`notApplicable`: "Don't know", 6 and 7 on a 1-5 question). Every
 * answer keeps its own bucket: "satisfied" and "very satisfied" are never merged, and answers
 * that are not on the scale are never counted as satisfied or dissatisfied.
 *
 * Numeric scales run from `min` to `max` in steps of 1; label scales list their answers in
 * order, first = the `min` end. `best` says which end is the best answer for both.
 */
export type Direction = 'min' | 'max';

export interface NumericScale {
	kind: 'numeric';
	min: number;
	max: number;
	best: Direction;
	/** Words for some or all values, keyed by the value as written ("1" → "Very good"). */
	labels?: Record<string, string>;
	/** Values that are answers but not on the scale ("6", "Don't know"), as written. */
	notApplicable?: string[];
}

export interface LabelScale {
	kind: 'labels';
	/** The answers in order, first = the `min` end. */
	labels: string[];
	best: Direction;
	notApplicable?: string[];
}

export type Scale = NumericScale | LabelScale;

/** Where an answer falls: the three levels insights count, or off the scale. */
export type Level = 'dissatisfied' | 'neutral' | 'satisfied' | 'notApplicable' | 'offScale';

export const LEVEL_LABELS: Record<Level, string> = {
	dissatisfied: 'Dissatisfied',
	neutral: 'Neutral',
	satisfied: 'Satisfied',
	notApplicable: 'Not on the scale',
	offScale: 'Not on the scale'
};

export type NpsCategory = 'detractor' | 'passive' | 'promoter';

/** Largest numeric scale range accepted (0-100 sliders are read as 0-100). */
export const MAX_SCALE_SPAN = 100;

const STANDARD_SCALES: string[][] = [
	['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'],
	[
		'Extremely dissatisfied',
		'Moderately dissatisfied',
		'Slightly dissatisfied',
		'Neither satisfied nor dissatisfied',
		'Slightly satisfied',
		'Moderately satisfied',
		'Extremely satisfied'
	],
	['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
	['Very unlikely', 'Unlikely', 'Neutral', 'Likely', 'Very likely'],
	['Very poor', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'],
	['Very poor', 'Poor', 'Neither good nor poor', 'Good', 'Very good']
];

/** A number as survey tools write it ("4", "4.5", "4,5"); null for anything else. */
export function parseNumber(value: string): number | null {
	const v = value.trim().replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(v)) return null;
	return Number(v);
}

/** Answers compared without case or spacing. */
export const answerKey = (label: string) => label.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * How positive a worded answer is, from -4 (extremely negative) to 4; 0 for neutral wording;
 * null when it says nothing about satisfaction. English, French, German, Spanish and Portuguese
 * answer words. The one ranking of worded answers: the importer orders label scales with it and
 * nothing else ranks answers by their words.
 */
export function polarity(label: string): number | null {
	const l = label.toLowerCase();
	let base: number | null = null;
	if (/neither|neutral|indifferent|\bnor\b|average|mixed|^ok(ay)?$|^fair$|weder|neutre|neutro|passive/.test(l)) return 0;
	if (/dissatisf|unsatisf|unhappy|disappoint|disagree|unlikely|negative|unzufrieden|insatisf|mécontent|detractor/.test(l)) base = -2;
	else if (/terrible|awful|horrible|worst|péssim|pésim/.test(l)) base = -3.5;
	else if (/\bpoor\b|\bbad\b|ruim|mauvais|schlecht|\bmalo?\b|\bmau\b/.test(l)) base = -2;
	else if (/excellent|outstanding|superb|ausgezeichnet|excelente|exzellent/.test(l)) base = 3.5;
	else if (/satisf|happy|pleased|agree|likely|positive|zufrieden|satisfait|satisfeito|promoter/.test(l)) base = 2;
	else if (/\bgood\b|\bgreat\b|\bgut\b|\bbom\b|\bbien\b|\bbueno\b|\bbon\b/.test(l)) base = 2;
	if (base === null) return null;
	const sign = Math.sign(base);
	if (/extremely|completely|totally|äußerst|extrêmement|extremamente|extremadamente/.test(l)) return sign * 4;
	if (/very|strongly|highly|sehr|muito|très|muy/.test(l)) return base * 1.5;
	if (/moderately|fairly|rather|mostly|eher/.test(l)) return sign * 1.5;
	if (/somewhat|slightly|a bit|a little|etwas/.test(l)) return sign * 1;
	return base;
}

/** "Don't know", "Not applicable", "Prefer not to say", "N/A" and the like, in the five languages. */
export function looksNotApplicable(label: string): boolean {
	return isNonAnswer(label) || /don.?t know|not applicable|prefer not|no opinion|ne sais pas|weiß nicht|weiss nicht|no sé|não sei|sem opinião/i.test(label);
}

/**
 * Values written as a code and its label, as many exports do: "1 - Very good", "5 = Very poor",
 * "6 (Don't know)", "Very good (1)". Returns null for anything else.
 */
export function splitCodedLabel(value: string): { code: number; label: string } | null {
	const v = value.trim();
	let m = /^(-?\d{1,3})\s*(?:[-–=:.)]|\s)\s*(\D.*)$/.exec(v);
	if (m) return { code: Number(m[1]), label: m[2].replace(/\)$/, '').trim() };
	m = /^(\D.*?)\s*\((-?\d{1,3})\)$/.exec(v);
	if (m) return { code: Number(m[2]), label: m[1].trim() };
	return null;
}

/**
 * Works out a scale from the answers in a column (and its header, for 0-10 questions). The
 * direction it returns is `max` unless the answers' own words say otherwise ("1 - Very good");
 * the importer then checks the direction against the comments (see `guessDirection`).
 *
 * - Numbers: 1-5, 1-7, 0-10 or 1-10 (and 0-100); a stray 0 or a rare code above a standard
 *   scale (6 and 7 each under 4% next to 1-5) becomes `notApplicable`, as do text answers such
 *   as "Don't know" among the numbers.
 * - Coded labels ("1 - Very good"): numeric with those labels; labels such as "Don't know" are
 *   not on the scale; the labels' own words give the direction.
 * - Words: a standard scale when the answers are one, else ordered by `polarity`.
 */
export function detectScale(values: string[], header = ''): Scale | null {
	const answers = values.map((v) => v.trim()).filter((v) => v !== '');
	if (answers.length === 0) return null;
	const coded = codedScale(answers);
	if (coded) return coded;
	const numbers: number[] = [];
	const words = new Map<string, string>();
	for (const a of answers) {
		const n = parseNumber(a);
		if (n !== null) numbers.push(n);
		else if (!words.has(answerKey(a))) words.set(answerKey(a), a.replace(/\s+/g, ' '));
	}
	if (numbers.length >= answers.length * 0.8) {
		const scale = numericScale(numbers, header);
		if (!scale) return null;
		withHeaderLabels(scale, header);
		const na = [...words.values()].filter(looksNotApplicable);
		if (na.length) scale.notApplicable = [...(scale.notApplicable ?? []), ...na];
		return scale;
	}
	if (words.size > 12) return null;
	for (const standard of STANDARD_SCALES) {
		const keys = standard.map(answerKey);
		const onScale = [...words.keys()].filter((k) => !looksNotApplicable(k));
		if (onScale.every((k) => keys.includes(k))) {
			const na = [...words.entries()].filter(([k]) => !keys.includes(k)).map(([, v]) => v);
			return withNa({ kind: 'labels', labels: standard.map((label) => words.get(answerKey(label)) ?? label), best: 'max' }, na);
		}
	}
	const labels = [...words.values()];
	const na = labels.filter(looksNotApplicable);
	const scored = labels.filter((l) => !na.includes(l)).map((label, i) => ({ label, i, score: polarity(label) }));
	if (scored.every((s) => s.score === null)) return withNa({ kind: 'labels', labels: scored.map((s) => s.label), best: 'max' }, na);
	scored.sort((a, b) => (a.score ?? 99) - (b.score ?? 99) || a.i - b.i);
	return withNa({ kind: 'labels', labels: scored.map((s) => s.label), best: 'max' }, na);
}

/**
 * Labels a header gives its scale's ends ("Rating (1 = excellent, 5 = poor)", "0 = not at all
 * likely, 10 = extremely likely"): kept on the scale when at least two codes on it are named, and
 * their words, when they say which end is best, set its direction.
 */
function withHeaderLabels(scale: NumericScale, header: string): void {
	const labels: Record<string, string> = {};
	for (const m of header.matchAll(/(-?\d{1,3})\s*[=:]\s*([^,;()=:\d][^,;()=]*?)\s*(?=[,;)]|$)/g)) {
		const code = Number(m[1]);
		if (code >= scale.min && code <= scale.max && !(m[1] in labels)) labels[m[1]] = m[2].trim();
	}
	if (Object.keys(labels).length < 2) return;
	scale.labels = labels;
	const byWords = directionFromLabels(scale);
	if (byWords) scale.best = byWords;
}

function withNa<T extends Scale>(scale: T, na: string[]): T {
	if (na.length) scale.notApplicable = na;
	return scale;
}

function numericScale(numbers: number[], header: string): NumericScale | null {
	const integers = numbers.filter((n) => Number.isInteger(n));
	if (integers.length === 0) return null;
	const counts = new Map<number, number>();
	for (const n of integers) counts.set(n, (counts.get(n) ?? 0) + 1);
	const share = (n: number) => (counts.get(n) ?? 0) / integers.length;
	const rare = (n: number) => share(n) < 0.04;
	const notApplicable: number[] = [];
	// Missing-value codes: negative numbers, 9/99/999 above a short scale, a stray 0.
	for (const n of [...counts.keys()]) {
		if (n < 0 || n === 99 || n === 999 || n === 98) {
			notApplicable.push(n);
			counts.delete(n);
		}
	}
	let max = Math.max(...counts.keys());
	if (max === 9 && rare(9) && [...counts.keys()].every((n) => n <= 5 || n === 9)) {
		notApplicable.push(9);
		counts.delete(9);
		max = Math.max(...counts.keys());
	}
	// 6 and 7 that are rare next to a well-used 1-5 are "don't know" codes (NHS Friends & Family).
	if (max >= 6 && max <= 8) {
		const tail = [...counts.keys()].filter((n) => n > 5);
		const headUsed = [1, 2, 3, 4, 5].filter((n) => (counts.get(n) ?? 0) > 0).length >= 4;
		if (headUsed && tail.every(rare) && tail.reduce((s, n) => s + share(n), 0) < 0.1) {
			for (const n of tail) {
				notApplicable.push(n);
				counts.delete(n);
			}
			max = 5;
		}
	}
	if (counts.size === 0 || max > MAX_SCALE_SPAN) return null;
	const positive = [...counts].filter(([, c]) => c >= integers.length * 0.02).map(([n]) => n);
	const low = Math.min(...positive, max);
	let scale: NumericScale;
	if (max <= 5) scale = { kind: 'numeric', min: 1, max: 5, best: 'max' };
	else if (max <= 7) scale = { kind: 'numeric', min: 1, max: 7, best: 'max' };
	else if (max <= 10) {
		const zero = low === 0 || /0\s*(-|to)\s*10|recommend|nps/i.test(header);
		scale = { kind: 'numeric', min: zero ? 0 : 1, max: 10, best: 'max' };
	} else scale = { kind: 'numeric', min: low <= 1 ? low : 0, max: max <= 100 ? 100 : max, best: 'max' };
	// A 0 on a scale that starts at 1 is a missing-value code. When most answers are such codes the
	// column counts something (retweets, visits, items) with its few non-zero values: not a scale.
	if (scale.min === 1 && share(0) > 0.5) return null;
	if (scale.min === 1 && counts.has(0)) notApplicable.push(0);
	if (notApplicable.length) scale.notApplicable = [...new Set(notApplicable)].sort((a, b) => a - b).map(String);
	return scale;
}

/**
 * A scale written as codes with labels ("1 - Very satisfied"). Bare codes of the same scale ("3"
 * beside "3 - Neither") count with them, as exports that mix a web form's labels with a phone
 * survey's codes write them: at least a fifth of the answers must carry a label, and coded plus
 * bare answers within the labelled codes' range at least 60%.
 */
function codedScale(answers: string[]): NumericScale | null {
	const labels = new Map<number, string>();
	let coded = 0;
	const bare: number[] = [];
	for (const a of answers) {
		const c = splitCodedLabel(a);
		if (c) {
			coded++;
			if (!labels.has(c.code)) labels.set(c.code, c.label);
		} else {
			const n = parseNumber(a);
			if (n !== null) bare.push(n);
		}
	}
	if (coded < answers.length * 0.2 || labels.size < 2 || labels.size > 12) return null;
	const notApplicable = [...labels].filter(([, l]) => looksNotApplicable(l)).map(([n]) => n);
	const onScale = [...labels.keys()].filter((n) => !notApplicable.includes(n));
	if (onScale.length < 2) return null;
	const min = Math.min(...onScale);
	const max = Math.max(...onScale);
	if (max - min > 10) return null;
	const bareCodes = bare.filter((n) => Number.isInteger(n) && ((n >= min && n <= max) || labels.has(n))).length;
	if (coded + bareCodes < answers.length * 0.6) return null;
	const scale: NumericScale = {
		kind: 'numeric',
		min,
		max,
		best: 'max',
		labels: Object.fromEntries([...labels].sort((a, b) => a[0] - b[0]).map(([n, l]) => [String(n), l]))
	};
	if (notApplicable.length) scale.notApplicable = notApplicable.sort((a, b) => a - b).map(String);
	const byWords = directionFromLabels(scale);
	if (byWords) scale.best = byWords;
	return scale;
}

/**
 * The direction the scale's own words give: "1 - Very good … 5 - Very poor" is best at `min`.
 * Null when the labels say nothing about satisfaction or contradict each other.
 */
export function directionFromLabels(scale: Scale): Direction | null {
	const ordered = scaleValues({ ...scale, best: 'max' }).map((v) => polarity(v.label ?? v.value));
	const known = ordered.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null);
	if (known.length < 2) return null;
	let up = 0;
	let down = 0;
	for (let i = 1; i < known.length; i++) {
		if (known[i].p > known[i - 1].p) up++;
		else if (known[i].p < known[i - 1].p) down++;
	}
	if (up > 0 && down === 0) return 'max';
	if (down > 0 && up === 0) return 'min';
	return null;
}

export interface ScaleValue {
	/** The value as notes keep it ("4", "Very satisfied"). */
	value: string;
	/** Its words, when the scale labels it. */
	label: string | null;
}

/**
 * Every answer on the scale, worst first, then the `notApplicable` answers. This is the order
 * of bars, legends and filters everywhere.
 */
export function scaleValues(scale: Scale): ScaleValue[] {
	let values: ScaleValue[];
	if (scale.kind === 'numeric') {
		const span = Math.min(MAX_SCALE_SPAN, scale.max - scale.min);
		values = Array.from({ length: span + 1 }, (_, i) => {
			const value = String(scale.min + i);
			return { value, label: scale.labels?.[value] ?? null };
		});
	} else {
		values = scale.labels.map((l) => ({ value: l, label: null }));
	}
	if (scale.best === 'min') values.reverse();
	for (const na of scale.notApplicable ?? []) values.push({ value: na, label: scale.kind === 'numeric' ? (scale.labels?.[na] ?? null) : null });
	return values;
}

/** "4 · Good" for a labelled value, the value itself otherwise. */
export function valueLabel(scale: Scale | null | undefined, value: string): string {
	if (!scale || scale.kind !== 'numeric') return value;
	const label = scale.labels?.[value];
	return label ? `${value} · ${label}` : value;
}

const isNa = (scale: Scale, value: string) => (scale.notApplicable ?? []).some((na) => answerKey(na) === answerKey(value));

/**
 * Position of an answer on its scale from 0 (worst) to 1 (best), whichever end is best; null for
 * answers not on the scale (`notApplicable` or unknown).
 */
export function scalePosition(scale: Scale, raw: string | number): number | null {
	const value = String(raw).trim();
	if (value === '' || isNa(scale, value)) return null;
	let t: number;
	if (scale.kind === 'numeric') {
		const n = parseNumber(value);
		if (n === null || n < scale.min || n > scale.max || scale.max === scale.min) return null;
		t = (n - scale.min) / (scale.max - scale.min);
	} else {
		const i = scale.labels.findIndex((l) => answerKey(l) === answerKey(value));
		if (i < 0) return null;
		t = scale.labels.length === 1 ? 1 : i / (scale.labels.length - 1);
	}
	return scale.best === 'min' ? 1 - t : t;
}

export const isNps = (scale: Scale) => scale.kind === 'numeric' && scale.min === 0 && scale.max === 10 && scale.best === 'max';

export function npsCategory(score: number): NpsCategory {
	if (score >= 9) return 'promoter';
	if (score >= 7) return 'passive';
	return 'detractor';
}

/**
 * Which level an answer is: on 0-10 Net Promoter scales detractors (0-6) are dissatisfied,
 * passives (7-8) neutral, promoters (9-10) satisfied (Reichheld 2003); on label scales the
 * words decide where they can ("Fair" is neutral on Very poor … Excellent); otherwise the worst
 * 40% of the scale is dissatisfied, the best 40% satisfied and the middle neutral, so 1-2 / 3 /
 * 4-5 on a 1-5 scale whose best is 5, and 4-5 / 3 / 1-2 when its best is 1.
 */
export function answerLevel(scale: Scale, raw: string | number): Level {
	const value = String(raw).trim();
	if (isNa(scale, value)) return 'notApplicable';
	const t = scalePosition(scale, value);
	if (t === null) return 'offScale';
	if (isNps(scale)) {
		const c = npsCategory(Number(value));
		return c === 'detractor' ? 'dissatisfied' : c === 'passive' ? 'neutral' : 'satisfied';
	}
	if (scale.kind === 'labels' && wordsAgree(scale)) {
		const p = polarity(value);
		if (p !== null) return p < 0 ? 'dissatisfied' : p > 0 ? 'satisfied' : 'neutral';
	}
	if (t < 0.4 - 1e-9) return 'dissatisfied';
	if (t > 0.6 + 1e-9) return 'satisfied';
	return 'neutral';
}

const agreement = new WeakMap<LabelScale, boolean>();
/** Whether a label scale's words run the way its direction says (not reversed by hand against them). */
function wordsAgree(scale: LabelScale): boolean {
	let v = agreement.get(scale);
	if (v === undefined) {
		v = directionFromLabels(scale) === scale.best;
		agreement.set(scale, v);
	}
	return v;
}

export interface ScaledAnswer {
	/** The answer as the note keeps it: a number on a numeric scale, the label otherwise. */
	value: number | string;
	level: Level;
	nps: NpsCategory | null;
	/** Set when the answer is kept but is neither on the scale nor one of its non-scale answers. */
	problem: string | null;
}

/** Reads one cell of a satisfaction column on its scale. Null for an empty cell. */
export function scaleAnswer(scale: Scale, raw: string): ScaledAnswer | null {
	let v = raw.trim().replace(/\s+/g, ' ');
	if (v === '') return null;
	if (scale.kind === 'numeric') {
		const coded = splitCodedLabel(v);
		if (coded) v = String(coded.code);
		if (isNa(scale, v)) return { value: parseNumber(v) ?? v, level: 'notApplicable', nps: null, problem: null };
		const n = parseNumber(v);
		const range = `${scale.min}-${scale.max}`;
		if (n === null) return { value: v, level: 'offScale', nps: null, problem: `satisfaction “${v}” is not a number on the ${range} scale; kept as written` };
		if (n < scale.min || n > scale.max || !Number.isInteger(n)) return { value: n, level: 'offScale', nps: null, problem: `satisfaction ${n} is not on the ${range} scale; kept as written` };
		return { value: n, level: answerLevel(scale, n), nps: isNps(scale) && Number.isInteger(n) ? npsCategory(n) : null, problem: null };
	}
	const na = (scale.notApplicable ?? []).find((l) => answerKey(l) === answerKey(v));
	if (na) return { value: na, level: 'notApplicable', nps: null, problem: null };
	const label = scale.labels.find((l) => answerKey(l) === answerKey(v));
	if (!label) return { value: v, level: 'offScale', nps: null, problem: `satisfaction “${v}” is not one of the scale's answers; kept as written` };
	return { value: label, level: answerLevel(scale, label), nps: null, problem: null };
}

/** "1-5, best 1 (Very good), 6 and 7 not on the scale" for the mapping step and reports. */
export function describeScale(scale: Scale): string {
	const values = scaleValues(scale).filter((v) => !isNa(scale, v.value));
	const best = values[values.length - 1];
	const worst = values[0];
	const name = (v: ScaleValue | undefined) => (v ? (v.label ? `${v.value} (${v.label})` : v.value) : '');
	let text: string;
	if (scale.kind === 'numeric') {
		text = `${scale.min}-${scale.max}${isNps(scale) ? ' (NPS)' : ''}, best ${name(best)}, worst ${name(worst)}`;
	} else text = `${values.length} answers, best “${best?.value ?? ''}”, worst “${worst?.value ?? ''}”`;
	const na = scale.notApplicable ?? [];
	if (na.length) text += `; not on the scale: ${na.join(', ')}`;
	return text;
}

/** The same scale read the other way round: what was best is now worst. */
export function reverseScale<T extends Scale>(scale: T): T {
	return { ...scale, best: scale.best === 'max' ? 'min' : 'max' };
}
