import { describe, expect, it } from 'vitest';
import { tokenize } from './text';
import { sparseDot, tfidf } from './vectors';

const docs = ['lost bag', 'lost bag again', 'late flight', 'late flight crew'].map((t) => tokenize(t));

describe('TF-IDF vectors', () => {
	it('weights rare words above common ones and scales rows to length 1', () => {
		const { matrix, vocabulary } = tfidf(docs, { bigrams: false, minDf: 1, maxDfShare: 1 });
		expect(vocabulary.terms).toEqual(['bag', 'crew', 'flight', 'late', 'lost']);
		const idf = (t: string) => vocabulary.idf[vocabulary.index.get(t)!];
		// idf = ln((1 + n) / (1 + df)) + 1 with n = 4
		expect(idf('crew')).toBeCloseTo(Math.log(5 / 2) + 1, 12);
		expect(idf('lost')).toBeCloseTo(Math.log(5 / 3) + 1, 12);
		for (let i = 0; i < docs.length; i++) expect(sparseDot(matrix, i, i)).toBeCloseTo(1, 12);
		expect(sparseDot(matrix, 0, 1)).toBeGreaterThan(0.9);
		expect(sparseDot(matrix, 0, 2)).toBe(0);
	});

	it('adds neighbouring word pairs, shown as written', () => {
		const { vocabulary } = tfidf(docs, { minDf: 2, maxDfShare: 1 });
		expect(vocabulary.terms).toEqual(['bag', 'flight', 'late', 'late flight', 'lost', 'lost bag']);
		expect(vocabulary.display[vocabulary.index.get('lost bag')!]).toBe('lost bag');
	});

	it('drops words that appear in more than the given share of notes', () => {
		const { vocabulary } = tfidf([...docs, tokenize('flight lost')], { bigrams: false, minDf: 1, maxDfShare: 0.5 });
		expect(vocabulary.terms).not.toContain('flight');
		expect(vocabulary.terms).not.toContain('lost');
	});
});
