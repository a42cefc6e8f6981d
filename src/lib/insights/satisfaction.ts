/**
 * Satisfaction answers on their full scale. Every distinct answer stays its own bucket
 * ("satisfied" and "very satisfied" are never merged); this module only orders them and says
 * which ones count as dissatisfied.
 */

const NEGATIVE = /(dissatisf|unsatisf|unhappy|poor|bad|terrible|awful|detractor|negative|disappoint)/;
const NEUTRAL = /(neither|neutral|indifferent|passive|okay|^ok$|average|mixed)/;
const POSITIVE = /(satisf|happy|good|great|excellent|promoter|positive|love)/;
const STRONG = /(very|extremely|completely|totally|highly|strongly)/;
const WEAK = /(somewhat|slightly|fairly|rather|mostly)/;

/** A rank for a text answer: negative below zero, neutral zero, positive above; null if unknown. */
export function labelRank(answer: string): number | null {
	const a = answer.toLowerCase();
	const weight = STRONG.test(a) ? 2 : WEAK.test(a) ? 0.5 : 1;
	if (NEUTRAL.test(a)) return 0;
	if (NEGATIVE.test(a)) return -weight;
	if (POSITIVE.test(a)) return weight;
	return null;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

export interface Scale {
	/** Every distinct answer, worst first. */
	answers: string[];
	isDissatisfied: (answer: string) => boolean;
}

/**
 * Builds the scale from the answers seen on the whole board. Numbers sort numerically, with the
 * lowest 40% of the observed range counting as dissatisfied (1-2 on 1-5); text answers sort by
 * wording; answers that are neither come last in the order first seen.
 */
export function buildScale(seen: Iterable<string>): Scale {
	const distinct = [...new Set(seen)];
	const numbers = distinct.filter((a) => NUMBER.test(a)).map(Number);
	const min = numbers.length ? Math.min(...numbers) : 0;
	const max = numbers.length ? Math.max(...numbers) : 0;
	const key = (a: string): [number, number] => {
		if (NUMBER.test(a)) return [0, Number(a)];
		const rank = labelRank(a);
		return rank === null ? [2, distinct.indexOf(a)] : [1, rank];
	};
	const answers = distinct.sort((a, b) => {
		const [ka, va] = key(a);
		const [kb, vb] = key(b);
		return ka - kb || va - vb;
	});
	const cut = min + (max - min) * 0.4;
	return {
		answers,
		isDissatisfied(answer) {
			if (NUMBER.test(answer)) return max > min && Number(answer) < cut;
			const rank = labelRank(answer);
			return rank !== null && rank < 0;
		}
	};
}
