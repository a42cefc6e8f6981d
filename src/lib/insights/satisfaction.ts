import { polarity } from '$lib/import/scale';

/**
 * Satisfaction answers on their full scale. Every distinct answer stays its own bucket
 * ("satisfied" and "very satisfied" are never merged); this module only orders them and says
 * which ones count as dissatisfied.
 */

/** A rank for a text answer: negative below zero, neutral zero, positive above; null if unknown. */
export function labelRank(answer: string): number | null {
	return polarity(answer);
}

/** The scale an import declared for its satisfaction column. */
export type DeclaredScale = { kind: 'numeric'; min: number; max: number } | { kind: 'labels'; labels: string[] };

const NUMBER = /^-?\d+(\.\d+)?$/;

export interface Scale {
	/** Every distinct answer, worst first. */
	answers: string[];
	isDissatisfied: (answer: string) => boolean;
}

/**
 * Builds the scale from the scale an import declared (every answer on it, even unused ones), or
 * else from the answers seen on the whole board. Numbers sort numerically, with the
 * lowest 40% of the observed range counting as dissatisfied (1-2 on 1-5); text answers sort by
 * wording; answers that are neither come last in the order first seen.
 */
export function buildScale(seen: Iterable<string>, declared?: DeclaredScale): Scale {
	const distinct = [...new Set(seen)];
	if (declared?.kind === 'labels' && declared.labels.length) {
		const answers = [...declared.labels, ...distinct.filter((a) => !declared.labels.includes(a))];
		return { answers, isDissatisfied: (a) => (labelRank(a) ?? 0) < 0 };
	}
	if (declared?.kind === 'numeric' && Number.isFinite(declared.min) && Number.isFinite(declared.max) && declared.max - declared.min <= 20) {
		const { min, max } = declared;
		const onScale = Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
		const off = distinct.filter((a) => !onScale.includes(a)).sort((a, b) => Number(a) - Number(b));
		// 0-10 is Net Promoter: 0-6 are detractors.
		const cut = min === 0 && max === 10 ? 7 : min + (max - min) * 0.4;
		return { answers: [...onScale, ...off], isDissatisfied: (a) => NUMBER.test(a) && Number(a) < cut };
	}
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
