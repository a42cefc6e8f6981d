/**
 * Satisfaction keeps its full scale and its order: "satisfied" and "very satisfied" are different
 * answers and stay different. A scale is numeric (1-5, 1-7, 0-10, 1-10) or an ordered list of the
 * text labels the survey used.
 */
export type Scale =
	| { kind: 'numeric'; min: number; max: number }
	| { kind: 'labels'; labels: string[] };

export type NpsCategory = 'detractor' | 'passive' | 'promoter';

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
	['Very poor', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent']
];

export function parseNumber(value: string): number | null {
	const v = value.trim().replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(v)) return null;
	return Number(v);
}

const key = (label: string) => label.trim().replace(/\s+/g, ' ').toLowerCase();

/** Works out the scale from the answers in a column (and its header, for 0-10 questions). */
export function detectScale(values: string[], header = ''): Scale | null {
	const answers = values.map((v) => v.trim()).filter((v) => v !== '');
	if (answers.length === 0) return null;
	const numbers = answers.map(parseNumber).filter((n): n is number => n !== null);
	if (numbers.length >= answers.length * 0.8) {
		const integers = numbers.filter((n) => Number.isInteger(n) && n >= 0 && n <= 10);
		if (integers.length === 0) return null;
		// The top of the scale is the highest answer anyone gave; the bottom ignores a stray 0
		// (a missing-value code) so that a 1-5 question with a few zeros stays 1-5.
		const counts = new Map<number, number>();
		for (const n of integers) counts.set(n, (counts.get(n) ?? 0) + 1);
		const max = Math.max(...counts.keys());
		const min = Math.min(...[...counts].filter(([, c]) => c >= integers.length * 0.02).map(([n]) => n), max);
		if (max <= 5) return { kind: 'numeric', min: 1, max: 5 };
		if (max <= 7) return { kind: 'numeric', min: 1, max: 7 };
		if (max <= 10) {
			const zero = min === 0 || /0\s*(-|to)\s*10|recommend|nps/i.test(header);
			return { kind: 'numeric', min: zero ? 0 : 1, max: 10 };
		}
		return { kind: 'numeric', min, max };
	}
	const seen = new Map<string, string>();
	for (const a of answers) {
		const k = key(a);
		if (!seen.has(k)) seen.set(k, a.replace(/\s+/g, ' '));
	}
	if (seen.size > 12) return null;
	for (const standard of STANDARD_SCALES) {
		const keys = standard.map(key);
		if ([...seen.keys()].every((k) => keys.includes(k))) {
			return { kind: 'labels', labels: standard.map((label) => seen.get(key(label)) ?? label) };
		}
	}
	const labels = [...seen.values()];
	const scored = labels.map((label, i) => ({ label, i, score: polarity(label) }));
	if (scored.every((s) => s.score === null)) return { kind: 'labels', labels };
	scored.sort((a, b) => (a.score ?? 99) - (b.score ?? 99) || a.i - b.i);
	return { kind: 'labels', labels: scored.map((s) => s.label) };
}

/** How positive a label is, from -4 to 4; null when it says nothing about satisfaction. */
export function polarity(label: string): number | null {
	const l = label.toLowerCase();
	let base: number | null = null;
	if (/neither|neutral|indifferent|\bnor\b|average|mixed|^ok(ay)?$|^fair$|weder|neutre|neutro/.test(l)) return 0;
	if (/dissatisf|unsatisf|unhappy|disappoint|disagree|unlikely|negative|unzufrieden|insatisf|mécontent/.test(l)) base = -2;
	else if (/terrible|awful|horrible|worst/.test(l)) base = -3.5;
	else if (/\bpoor\b|\bbad\b|ruim|mauvais|schlecht/.test(l)) base = -2;
	else if (/excellent|outstanding|superb|ausgezeichnet/.test(l)) base = 3.5;
	else if (/satisf|happy|pleased|agree|likely|positive|zufrieden|satisfait|satisfeito/.test(l)) base = 2;
	else if (/\bgood\b|\bgreat\b|\bgut\b|\bbom\b|\bbien\b/.test(l)) base = 2;
	if (base === null) return null;
	const sign = Math.sign(base);
	if (/extremely|completely|totally|äußerst|extrêmement/.test(l)) return sign * 4;
	if (/very|strongly|highly|sehr|muito|très|muy/.test(l)) return base * 1.5;
	if (/moderately|fairly|rather|mostly|eher/.test(l)) return sign * 1.5;
	if (/somewhat|slightly|a bit|a little|etwas/.test(l)) return sign * 1;
	return base;
}

export interface ScaledAnswer {
	/** The answer as the note keeps it: a number on a numeric scale, the label otherwise. */
	value: number | string;
	/** Position on the scale, 1 = lowest; null when the answer is not on the scale. */
	rank: number | null;
	nps: NpsCategory | null;
	/** Set when the answer is kept but is not on the scale. */
	problem: string | null;
}

export function scaleAnswer(scale: Scale, raw: string): ScaledAnswer | null {
	const v = raw.trim().replace(/\s+/g, ' ');
	if (v === '') return null;
	if (scale.kind === 'numeric') {
		const n = parseNumber(v);
		const range = `${scale.min}-${scale.max}`;
		if (n === null) return { value: v, rank: null, nps: null, problem: `satisfaction “${v}” is not a number on the ${range} scale; kept as written` };
		if (!Number.isInteger(n) || n < scale.min || n > scale.max) {
			return { value: n, rank: null, nps: null, problem: `satisfaction ${n} is not on the ${range} scale; kept as written` };
		}
		return { value: n, rank: n - scale.min + 1, nps: isNps(scale) ? npsCategory(n) : null, problem: null };
	}
	const index = scale.labels.findIndex((l) => key(l) === key(v));
	if (index < 0) return { value: v, rank: null, nps: null, problem: `satisfaction “${v}” is not one of the scale's answers; kept as written` };
	return { value: scale.labels[index], rank: index + 1, nps: null, problem: null };
}

export const isNps = (scale: Scale) => scale.kind === 'numeric' && scale.max === 10 && scale.min === 0;

export function npsCategory(score: number): NpsCategory {
	if (score >= 9) return 'promoter';
	if (score >= 7) return 'passive';
	return 'detractor';
}

export function describeScale(scale: Scale): string {
	if (scale.kind === 'numeric') return `${scale.min}-${scale.max}${isNps(scale) ? ' (NPS)' : ''}`;
	return scale.labels.join(' < ');
}
