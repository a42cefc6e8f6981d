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

describe('folding when searched or idle', () => {
	const texts: [string, string, unknown[]][] = [
		['a', 'Lieferung SPÄT', ['Berlin']],
		['b', 'late delivery', ['Hamburg', null]],
		['c', 'Café closed', []],
		['d', 'delivery was late again', [3]]
	];

	it('finds the same notes whether texts were folded ahead, in part, or not at all', () => {
		const eager = new SearchIndex();
		const lazy = new SearchIndex();
		const partial = new SearchIndex();
		for (const [id, text, extra] of texts) for (const index of [eager, lazy, partial]) index.set(id, text, extra);
		for (const index of [eager, lazy, partial]) index.delete('a');
		eager.prepare();
		expect(eager.prepared).toBe(true);
		let calls = 0;
		partial.prepare(() => ++calls > 0);
		expect(lazy.prepared).toBe(false);
		for (const q of ['late', 'delivery late', 'hamburg', 'cafe', 'spat', '3']) {
			const expected = eager.search(q);
			expect(lazy.search(q)).toEqual(expected);
			expect(partial.search(q)).toEqual(expected);
		}
		expect(eager.search('late')).toEqual(['d', 'b']);
		expect(lazy.prepared).toBe(true);
	});

	it('finds a note by its newest text after it was replaced or moved to another slot', () => {
		const index = new SearchIndex();
		index.set('x', 'old words');
		index.set('y', 'other');
		index.prepare();
		index.set('x', 'new words');
		index.delete('y');
		index.set('z', 'zebra');
		expect(index.search('old')).toEqual([]);
		expect(index.search('new')).toEqual(['x']);
		index.delete('x');
		expect(index.search('zebra')).toEqual(['z']);
	});
});
