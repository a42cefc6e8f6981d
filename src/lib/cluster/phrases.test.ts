import { describe, expect, it } from 'vitest';
import { ClusterModel } from './model';
import { distinctTitles, groupPhrases, indexPhrases, titleFromPhrases } from './phrases';
import { fold, isStopWord, words } from './text';

const LUGGAGE = [
	'My lost luggage was never returned by xxxx',
	'Lost luggage again at the airport, [e-mail] me please',
	'Still no news about my lost luggage from XXXX',
	'They lost luggage of the whole family',
	'Lost luggage desk was closed when we landed'
];
const DELAYS = [
	'The flight was delayed by four hours',
	'Flight delayed again, we missed the wedding',
	'Delayed flight with no explanation at all',
	'Our flight got delayed twice tonight',
	'Every flight delayed this month'
];
const FOOD = ['The sandwich on board was stale', 'Stale sandwich and cold coffee', 'Only a stale sandwich for a long flight'];

describe('phrase titles', () => {
	it('names a group by its most distinctive phrase in the comments’ own words', () => {
		const index = indexPhrases([...LUGGAGE, ...DELAYS, ...FOOD]);
		const [luggage, delays, food] = groupPhrases(index, [
			[0, 1, 2, 3, 4],
			[5, 6, 7, 8, 9],
			[10, 11, 12]
		]);
		expect(titleFromPhrases(luggage)).toBe('Lost luggage');
		expect(titleFromPhrases(delays)).toMatch(/^(Flight delayed|Delayed flight|Delayed)$/);
		expect(titleFromPhrases(food)).toBe('Stale sandwich');
	});

	it('keeps accents and the language of the comments', () => {
		const texts = ['Entrega rápida e produto ótimo', 'Entrega rápida, recomendo', 'Chegou antes do prazo, entrega rápida', 'Produto veio quebrado', 'Veio quebrado e sem manual', 'Produto quebrado na caixa'];
		const [fast] = groupPhrases(indexPhrases(texts), [[0, 1, 2], [3, 4, 5]]);
		expect(titleFromPhrases(fast)).toBe('Entrega rápida');
	});

	it('never puts a stop word, a redaction token or an ignored word in a title', () => {
		const texts = [
			...LUGGAGE,
			...DELAYS,
			...FOOD,
			'@united xxxx XXXX [phone] the and of xxxx',
			'@united thanks for nothing, xxxx xxxx',
			'*** [name] *** ###',
			'@united @united the the the'
		];
		const ignore = ['sandwich'];
		const suggestion = new ClusterModel(texts, { ignore }).suggest();
		const titles = suggestion.groups.map((g) => g.title).filter(Boolean);
		expect(titles.length).toBeGreaterThan(1);
		const phrases = suggestion.groups.flatMap((g) => g.phrases.map((p) => p.label));
		for (const text of [...titles, ...phrases]) {
			for (const word of words(text)) {
				expect(isStopWord(word), `stop word “${word}” in “${text}”`).toBe(false);
				expect(fold(word)).not.toMatch(/^x{2,}$/);
				expect(['united', 'mail', 'phone', 'name', 'sandwich']).not.toContain(fold(word));
			}
		}
	});

	it('gives two groups with the same best phrase different titles', () => {
		const p = (label: string, score: number) => ({ key: label, label, count: 3, score });
		expect(distinctTitles([[p('staff', 2), p('friendly', 1)], [p('staff', 1), p('rude', 0.5)]])).toEqual(['Staff', 'Staff · rude']);
	});
});
