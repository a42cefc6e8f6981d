import { describe, expect, it } from 'vitest';
import { comparableText, findDuplicates } from './duplicates';
import { fold, tokenize, words } from './text';
import { tokens } from '../insights/text';
import { findBoilerplate } from './features';

describe('clustering text in scripts without spaces', () => {
	it('finds the words of Japanese and Chinese comments', () => {
		const ja = tokenize('配送が遅すぎて、箱も壊れていました。').map((t) => t.surface);
		expect(ja).toContain('配送');
		expect(ja).toContain('箱');
		expect(ja).not.toContain('が');
		const zh = tokenize('快递太慢了，包装也坏了').map((t) => t.surface);
		expect(zh).toEqual(expect.arrayContaining(['快递', '包装']));
		expect(zh).not.toContain('了');
		expect(words('配送が遅い Late')).toEqual(['配送', 'が', '遅い', 'late']);
	});

	it('folds without turning one letter into another', () => {
		expect(fold('Ｆｌｉｇｈｔ')).toBe('flight');
		expect(fold('ガス')).not.toBe(fold('カス'));
		expect(fold('हिंदी')).toBe('हिंदी');
	});

	it('stacks near-duplicate Japanese comments', () => {
		expect(comparableText('配送が遅い！')).toBe('配送 が 遅い');
		const texts = [
			'配送がとても遅くて、箱も壊れていました。',
			'配送がとても遅くて箱も壊れていました',
			'スタッフの対応が丁寧でした'
		];
		const stacks = findDuplicates(texts);
		expect(stacks).toHaveLength(1);
		expect(stacks[0].members).toEqual([0, 1]);
	});

	it('keeps Hindi words whole when comparing', () => {
		expect(comparableText('डिलीवरी बहुत देर से हुई')).toBe('डिलीवरी बहुत देर से हुई');
	});

	it('gives insights the words of Japanese comments', () => {
		expect(tokens('配送が遅すぎて、箱も壊れていました')).toEqual(expect.arrayContaining(['配送', '箱']));
	});
});

describe('boilerplate in Japanese answers', () => {
	it('finds a repeated sentence that ends in a full-width stop', () => {
		const sign = 'ご回答ありがとうございました。';
		const answers = ['配送が遅かった。', '箱が壊れていた。', 'スタッフが親切だった。', '値段が高い。', 'アプリが使いにくい。'];
		const texts = answers.map((a) => a + sign);
		const found = findBoilerplate(texts);
		expect(found).toHaveLength(1);
		expect(found[0]).toContain('ありがとう');
	});
});
