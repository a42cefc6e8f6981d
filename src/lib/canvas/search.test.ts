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

describe('short words match the start of a word', () => {
	const index = new SearchIndex();
	index.set('app', 'The app crashes when I open my orders');
	index.set('apps', 'Apps are slow');
	index.set('disappointed', 'Very disappointed with the fabric');
	index.set('apply', 'Could not apply my discount code');
	index.set('benefit', 'No benefit from the loyalty card');
	index.set('fit', 'Great fit, true to size');
	index.set('chocolate', 'The chocolate arrived melted');
	index.set('late', 'Parcel came late (again)');
	index.set('compound', 'Die Paketlieferung kam zu spät');
	index.set('japanese', '配送アプリが落ちる');
	index.set('meta', 'No words here', ['app store']);

	it('finds a word or a word it begins, never one it sits inside', () => {
		expect(index.search('app').sort()).toEqual(['app', 'apply', 'apps', 'meta']);
		expect(index.search('fit')).toEqual(['fit']);
		expect(index.search('late')).toEqual(['late']);
		expect(index.search('LATE again')).toEqual(['late']);
	});

	it('lets longer words match inside words, and spaceless scripts anywhere', () => {
		expect(index.search('lieferung')).toEqual(['compound']);
		expect(index.search('appointed')).toEqual(['disappointed']);
		expect(index.search('アプリ')).toEqual(['japanese']);
	});

	it('narrows while typing without losing words a shorter query could not find', () => {
		expect(index.search('app')).toHaveLength(4);
		expect(index.search('appo')).toEqual([]);
		// "appoi" may match inside a word: "disappointed", which "app" and "appo" did not find.
		expect(index.search('appoi')).toEqual(['disappointed']);
	});

	it('highlights only the matches it found', () => {
		expect(highlightPieces('App disappeared, apps', 'app').filter((p) => p.hit).map((p) => p.text)).toEqual(['App', 'app']);
	});
});
