import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from './metrics';
import { ClusterModel, type Progress } from './model';

/** Three themes a workshop would see, written in varied words. */
const luggage = [
	'My bag was lost on the way to Denver',
	'Lost luggage again, nobody knows where my bag is',
	'Still waiting for my lost suitcase after three days',
	'The baggage claim lost my bag',
	'Where is my luggage? Lost bag report filed',
	'Bag never arrived, lost luggage desk was closed',
	'They lost my suitcase and the luggage desk did not help',
	'Lost bag, lost time, lost patience',
	'My luggage was lost and the bag claim is a mess',
	'Suitcase lost on a direct flight, how?'
];
const delays = [
	'Flight delayed four hours with no explanation',
	'Delayed again, missed my connection',
	'Another delay, the flight left three hours late',
	'Our flight was delayed twice tonight',
	'Delayed flight and nobody at the gate to explain the delay',
	'Late departure, delayed arrival, missed the connection',
	'Two hour delay on the tarmac',
	'The flight is delayed and the connection is gone',
	'Delays every single week on this route',
	'Delayed departure made me miss my meeting'
];
const refunds = [
	'Still no refund for my cancelled ticket',
	'Asked for a refund three times, no answer',
	'Refund promised a month ago never came',
	'How do I get a refund for the ticket?',
	'The refund form on the website is broken',
	'Refund still pending after six weeks',
	'They charged me twice and refuse a refund',
	'Where is my refund? Ticket was cancelled',
	'Refund request ignored by customer care',
	'I want my money back, refund the ticket'
];
const texts = [...luggage, ...delays, ...refunds];
const truth = texts.map((_, i) => Math.floor(i / 10));

function partition(model: ClusterModel, clusters?: number) {
	const suggestion = model.suggest(clusters ? { clusters } : {});
	const labels: (number | string)[] = texts.map((_, i) => `alone-${i}`);
	suggestion.groups.forEach((g, gi) => g.members.forEach((i) => (labels[i] = gi)));
	return { suggestion, labels };
}

describe('suggested groups', () => {
	const model = new ClusterModel(texts);

	it('recovers three hand-written themes when asked for three groups', () => {
		const { suggestion, labels } = partition(model, 3);
		expect(suggestion.groups).toHaveLength(3);
		expect(adjustedRandIndex(truth, labels)).toBeGreaterThan(0.8);
		const titles = suggestion.groups.map((g) => g.title.toLowerCase());
		expect(titles.some((t) => t.includes('refund'))).toBe(true);
		expect(titles.some((t) => t.includes('delay'))).toBe(true);
		expect(titles.some((t) => /lost|luggage|bag/.test(t))).toBe(true);
	});

	it('chooses a count on its own and leaves at most 15% unclustered', () => {
		const { suggestion } = partition(model);
		expect(suggestion.clusters).toBeGreaterThanOrEqual(2);
		expect(suggestion.range.min).toBeLessThanOrEqual(suggestion.clusters);
		expect(suggestion.range.max).toBeGreaterThanOrEqual(suggestion.clusters);
		expect(suggestion.unclustered.length).toBeLessThanOrEqual(Math.floor(0.15 * texts.length));
		const placed = suggestion.groups.flatMap((g) => g.members).concat(suggestion.unclustered).sort((a, b) => a - b);
		expect(placed).toEqual(texts.map((_, i) => i));
	});

	it('gives coarser and finer groupings on request', () => {
		expect(model.suggest({ clusters: 2 }).groups.length).toBe(2);
		expect(model.suggest({ clusters: 5 }).groups.length).toBeGreaterThanOrEqual(4);
	});

	it('leaves notes without usable words unclustered', () => {
		const withEmpty = new ClusterModel([...texts, '', 'ok thanks', '12345']);
		const { unclustered } = withEmpty.suggest({ clusters: 3 });
		expect(unclustered).toEqual(expect.arrayContaining([30, 31, 32]));
	});

	it('is the same for the same notes', () => {
		const again = new ClusterModel(texts);
		expect(again.suggest().groups.map((g) => g.members)).toEqual(model.suggest().groups.map((g) => g.members));
	});

	it('finds the notes most similar to one note', () => {
		const similar = model.similar(20, 5).map((s) => s.index);
		expect(similar.every((i) => i >= 20 && i < 30)).toBe(true);
	});

	it('describes an existing group with its own keywords', () => {
		const { title, keywords } = model.describe([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
		expect(keywords[0].label).toMatch(/^delay/);
		expect(title).toMatch(/^Delay/);
	});

	it('reports progress through every stage', () => {
		const stages: Progress[] = [];
		new ClusterModel(texts, { onProgress: (p) => stages.push(p) }).suggest();
		expect(stages.map((s) => s.stage)).toEqual(expect.arrayContaining(['words', 'vectors', 'themes', 'groups', 'titles']));
		expect(stages.at(-1)!.done).toBe(1);
	});

	it('leaves non-answers and redaction-only notes out of every group, and counts copies once', () => {
		const extra = ['N/A', 'Did not answer', 'xxxx', '[e-mail] [phone]', ...Array(12).fill('Lost bag, lost time, lost patience')];
		const result = new ClusterModel([...texts, ...extra]).suggest({ clusters: 3 });
		const n = texts.length;
		for (const i of [n, n + 1, n + 2, n + 3]) expect(result.unclustered).toContain(i);
		// The twelve copies follow the luggage comment they repeat rather than making a theme of their own.
		const groupOf = (i: number) => result.groups.findIndex((g) => g.members.includes(i));
		const copies = new Set(extra.slice(4).map((_, j) => groupOf(n + 4 + j)));
		expect(copies.size).toBe(1);
		expect([...copies][0]).toBe(groupOf(texts.indexOf('Lost bag, lost time, lost patience')));
	});

	it('copes with tiny and empty boards', () => {
		expect(new ClusterModel([]).suggest()).toMatchObject({ groups: [], unclustered: [] });
		const two = new ClusterModel(['late flight', 'late flight again']).suggest();
		expect(two.groups.flatMap((g) => g.members).sort()).toEqual([0, 1]);
	});
});

describe('the number of groups asked for', () => {
	// Praise beside the complaints of each theme: splitting praise from complaints adds groups,
	// which the count asked for must leave room for.
	const praise = [
		'My bag arrived first on the belt, great luggage handling',
		'Lovely staff at the baggage desk found my suitcase fast',
		'Luggage came out quickly, excellent service',
		'The flight left on time and landed early, wonderful',
		'Perfect punctual flight, no delay at all, thank you',
		'Great crew, departure right on time',
		'Refund arrived in two days, excellent customer care',
		'Quick and easy refund, thank you so much',
		'Got my refund fast, great support'
	];
	const mixed = [...texts, ...praise];
	const model = new ClusterModel(mixed);

	it('gives exactly that many groups, so finer always means more and coarser fewer', () => {
		for (let count = 2; count <= 8; count++) {
			const suggestion = model.suggest({ clusters: count });
			expect(suggestion.groups.length, `asked for ${count}`).toBe(count);
			expect(suggestion.clusters).toBe(count);
			// Every note is in one group or unclustered, once.
			const placed = suggestion.groups.flatMap((g) => g.members).concat(suggestion.unclustered).sort((a, b) => a - b);
			expect(placed).toEqual(mixed.map((_, i) => i));
		}
	});
});
