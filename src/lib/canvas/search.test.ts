import { describe, expect, it } from 'vitest';
import { highlightPieces, SearchIndex } from './search';

describe('search in every language', () => {
	const index = new SearchIndex();
	index.set('ja', '配送が遅すぎて、箱も壊れていました。');
	index.set('zh', '快递太慢了，包装也坏了');
	index.set('ar', 'التوصيلُ بطيءٌ جداً');
	index.set('wide', 'Ｆａｓｔ ｄｅｌｉｖｅｒｙ ＯＫ');
	index.set('de', 'STRAßE gesperrt, Lieferung spät');
	index.set('emoji', '👍🏽 great service');

	it('finds a Japanese or Chinese comment by a word inside it, in any order', () => {
		expect(index.search('配送')).toEqual(['ja']);
		expect(index.search('壊れ')).toEqual(['ja']);
		expect(index.search('遅すぎて配送')).toEqual(['ja']);
		expect(index.search('包装')).toEqual(['zh']);
	});

	it('matches full-width letters, case, ß and Arabic without its vowel marks', () => {
		expect(index.search('fast delivery')).toEqual(['wide']);
		expect(index.search('strasse')).toEqual(['de']);
		expect(index.search('بطيء')).toEqual(['ar']);
		expect(index.search('ＧＲＥＡＴ')).toEqual(['emoji']);
	});

	it('highlights whole characters of the original text', () => {
		expect(highlightPieces('Ｆａｓｔ ｄｅｌｉｖｅｒｙ', 'fast')).toEqual([
			{ text: 'Ｆａｓｔ', hit: true },
			{ text: ' ｄｅｌｉｖｅｒｙ', hit: false }
		]);
		expect(highlightPieces('配送が遅い', '遅い')).toEqual([
			{ text: '配送が', hit: false },
			{ text: '遅い', hit: true }
		]);
		expect(highlightPieces('التوصيلُ بطيءٌ', 'التوصيل')).toEqual([
			{ text: 'التوصيلُ', hit: true },
			{ text: ' بطيءٌ', hit: false }
		]);
		expect(highlightPieces('Café 👍🏽', 'cafe')[0]).toEqual({ text: 'Café', hit: true });
	});
});
