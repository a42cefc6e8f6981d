import { describe, expect, it } from 'vitest';
import { groupKeywords, titleFromKeywords } from './keywords';
import { tokenize } from './text';
import { tfidf } from './vectors';

const texts = [
	'lost my bag',
	'bag lost in Denver',
	'they lost the bag again',
	'flight delayed two hours',
	'delayed flight, missed connection',
	'flight delayed on the tarmac'
];

describe('keyword labels', () => {
	const { matrix, vocabulary } = tfidf(
		texts.map((t) => tokenize(t)),
		{ minDf: 1, maxDfShare: 1 }
	);

	it('labels each group with the words frequent in it and rare elsewhere', () => {
		const [bags, delays] = groupKeywords(matrix, vocabulary, [
			[0, 1, 2],
			[3, 4, 5]
		]);
		expect(bags.slice(0, 2).map((k) => k.label).sort()).toEqual(['bag', 'lost']);
		expect(delays.slice(0, 2).map((k) => k.label).sort()).toEqual(['delayed', 'flight']);
		expect(bags.some((k) => k.term.includes('delai'))).toBe(false);
	});

	it('makes a title of distinct words, the first capitalised', () => {
		expect(
			titleFromKeywords([
				{ term: 'cancel flight', label: 'cancelled flight', score: 3 },
				{ term: 'flight', label: 'flight', score: 2 },
				{ term: 'rebook', label: 'rebooked', score: 1 },
				{ term: 'hotel', label: 'hotel', score: 1 }
			])
		).toBe('Cancelled flight · rebooked · hotel');
		expect(titleFromKeywords([])).toBe('');
	});
});
