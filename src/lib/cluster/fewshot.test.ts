import { describe, expect, it } from 'vitest';
import { buildFeatures } from './features';
import { adjustPriors, argmax, logisticRegression, sparseNearestCentroid } from './fewshot';
import { sortRest } from './sort';

describe('adjustPriors', () => {
	// 2 examples per group; 600 unsorted notes whose posteriors lean a little to group 0 and say
	// little else: the kind of uncalibrated input where unbounded EM hands everything to one group.
	const k = 3;
	const n = 606;
	const labels = new Int32Array(n).fill(-1);
	for (let c = 0; c < k; c++) labels[c * 2] = labels[c * 2 + 1] = c;
	const p = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		const lean = i % 3 === 0 ? 0.2 : 0.05;
		p[i * k] = 1 / 3 + lean;
		p[i * k + 1] = 1 / 3 - lean / 2;
		p[i * k + 2] = 1 / 3 - lean / 2;
	}
	const shares = (q: Float64Array) => {
		const out = new Array(k).fill(0);
		let m = 0;
		for (let i = 0; i < n; i++) {
			if (labels[i] >= 0) continue;
			m++;
			for (let c = 0; c < k; c++) out[c] += q[i * k + c];
		}
		return out.map((v) => v / m);
	};

	it('unbounded, lets one group take nearly every note; within 3x, keeps the others alive', () => {
		const free = shares(adjustPriors({ p, k }, labels).p);
		expect(free[0]).toBeGreaterThan(0.9);
		const bounded = adjustPriors({ p, k }, labels, { maxRatio: 3 });
		const b = shares(bounded.p);
		// Examples are a third each, so no prior falls below a ninth (the posteriors lean further).
		expect(b[0]).toBeLessThan(0.9);
		for (const c of [1, 2]) {
			expect(b[c]).toBeGreaterThan(0.05);
			expect(b[c]).toBeGreaterThan(3 * free[c]);
		}
		// Examples keep their own group.
		for (let i = 0; i < 6; i++) expect(argmax(bounded.p, i, k)).toBe(labels[i]);
	});
});

describe('logisticRegression with self-training', () => {
	// Group 0 is about delays, group 1 about bags. The examples say "late" and "lost bag"; the
	// unsorted notes link "late" to "delayed" and "bag" to "suitcase", words no example has.
	const texts = [
		'flight late',
		'late again',
		'lost bag',
		'bag lost again',
		...Array.from({ length: 12 }, (_, i) => (i % 2 ? 'late and delayed flight' : 'delayed departure, late arrival')),
		...Array.from({ length: 12 }, (_, i) => (i % 2 ? 'bag missing, suitcase gone' : 'suitcase and bag lost')),
		'delayed departure',
		'suitcase gone'
	];
	const labels = new Int32Array(texts.length).fill(-1);
	labels[0] = labels[1] = 0;
	labels[2] = labels[3] = 1;
	const features = buildFeatures(texts, { maxDfShare: 1 });

	it('sorts notes whose words only the unsorted notes connect to a group', () => {
		const post = logisticRegression(features.matrix, labels, 2, { selfTraining: 3, addPerRound: 4, refitEpochs: 50 });
		const delayed = texts.length - 2;
		const suitcase = texts.length - 1;
		expect(post.p[delayed * 2 + 0]).toBeGreaterThan(0.6);
		expect(post.p[suitcase * 2 + 1]).toBeGreaterThan(0.6);
		// Without the unsorted notes, the examples say nothing about these two.
		const alone = logisticRegression(features.matrix, labels, 2);
		expect(alone.p[delayed * 2 + 0]).toBeCloseTo(0.5, 1);
		expect(alone.p[suitcase * 2 + 1]).toBeCloseTo(0.5, 1);
		// Examples keep their own group with certainty.
		expect(post.p[0 * 2 + 0]).toBe(1);
		expect(post.p[2 * 2 + 1]).toBe(1);
	});
});

describe('sparseNearestCentroid', () => {
	it('puts a note with the words of one group\'s examples in that group, with probabilities summing to 1', () => {
		const texts = ['dress too tight', 'lovely dress colour', 'jeans too long', 'jeans faded fast', 'this dress runs tight', 'faded jeans', 'nothing in common'];
		const labels = Int32Array.from([0, 0, 1, 1, -1, -1, -1]);
		const { matrix } = buildFeatures(texts, { maxDfShare: 1 });
		const post = sparseNearestCentroid(matrix, labels, 2);
		expect(argmax(post.p, 4, 2)).toBe(0);
		expect(argmax(post.p, 5, 2)).toBe(1);
		expect(post.p[4 * 2]).toBeGreaterThan(0.9);
		for (let i = 0; i < texts.length; i++) expect(post.p[i * 2] + post.p[i * 2 + 1]).toBeCloseTo(1, 12);
		// No shared word: no preference.
		expect(post.p[6 * 2]).toBeCloseTo(0.5, 12);
	});
});

describe('sortRest', () => {
	const texts = [
		'the flight was late',
		'late flight again',
		'they lost my bag',
		'my bag was lost',
		'flight two hours late',
		'bag never arrived, lost',
		'N/A'
	];
	const labels = Int32Array.from([0, 0, 1, 1, -1, -1, -1]);

	it('answers every unsorted note once, in input order, with a probability, and leaves non-answers unsure', () => {
		const { notes, unsure } = sortRest(texts, labels, 2);
		expect(notes.map((n) => n.index)).toEqual([4, 5, 6]);
		expect(notes[0].best).toBe(0);
		expect(notes[1].best).toBe(1);
		for (const note of notes) {
			expect(note.score).toBeGreaterThan(0);
			expect(note.score).toBeLessThanOrEqual(1);
		}
		expect(notes[2].group).toBeNull();
		expect(unsure).toBe(notes.filter((n) => n.group === null).length);
	});

	it('refuses one group, and labels that do not match the texts', () => {
		expect(() => sortRest(texts, Int32Array.from([0, 0, 0, 0, -1, -1, -1]), 2)).toThrow(/at least two groups/);
		expect(() => sortRest(texts, Int32Array.from([0, 1]), 2)).toThrow(/7 texts but 2 labels/);
	});
});
