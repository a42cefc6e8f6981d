import { describe, expect, it } from 'vitest';
import { addressedNames, boardLanguage, detectLanguage, fold, isStopWord, normaliseText, tokenize, words } from './text';

const stems = (text: string, ignore?: Set<string>) => tokenize(text, undefined, ignore).map((t) => t.stem);

describe('text normalisation', () => {
	it('drops links, e-mail addresses, @mentions and entities but keeps hashtag words', () => {
		expect(words('@united Bags lost &amp; no reply http://t.co/x1 mail me@x.com #fail')).toEqual([
			'bags',
			'lost',
			'no',
			'reply',
			'mail',
			'fail'
		]);
		expect(normaliseText('a&#39;b &lt;3')).toBe("a'b <3");
	});

	it('folds accents and apostrophes', () => {
		expect(fold('Não')).toBe('nao');
		expect(fold("Don't")).toBe('dont');
	});

	it('knows English and Portuguese stop words and comment fillers', () => {
		for (const w of ['the', 'and', 'não', 'para', 'thanks', 'lol']) expect(isStopWord(w)).toBe(true);
		expect(isStopWord('luggage')).toBe(false);
	});

	it('stems English so that forms of a word count as one', () => {
		expect(stems('Delayed again, the delays are endless')).toEqual(['delai', 'delai', 'endless']);
		expect(stems('Lost my bags')).toEqual(stems('lost bag'));
	});

	it('detects Portuguese and stems it with the Portuguese stemmer', () => {
		const raw = words('O produto não foi entregue no prazo e a entrega atrasou');
		expect(detectLanguage(raw)).toBe('pt');
		expect(detectLanguage(words('The product was not delivered on time'))).toBe('en');
		const s = stems('O produto não foi entregue no prazo e a entrega atrasou');
		expect(s.filter((x) => x === 'entreg')).toHaveLength(2);
		expect(s).toContain('produt');
	});

	it('keeps the written form beside the stem for showing keywords', () => {
		expect(tokenize('Cancelled')[0]).toEqual({ stem: 'cancel', surface: 'cancelled' });
	});

	it('finds the names customers address and ignores them as words', () => {
		const texts = ['@SouthwestAir lost bag', '@SouthwestAir late again', '@JetBlue great crew', '@bob hi'];
		const names = addressedNames(texts, 0.5);
		expect([...names].sort()).toEqual(['air', 'southwest', 'southwestair']);
		expect(stems('Southwest lost my bag', names)).toEqual(['lost', 'bag']);
	});
});

describe('board language', () => {
	it('stems short comments without grammar words in the language of the board', () => {
		const board = ['o produto chegou antes do prazo', 'não recebi o produto', 'produto excelente'];
		expect(boardLanguage(board)).toBe('pt');
		expect(tokenize('produtos excelentes', undefined, undefined, 'pt').map((t) => t.stem)).toEqual(
			tokenize('o produto é excelente', 'pt').map((t) => t.stem)
		);
	});
});
