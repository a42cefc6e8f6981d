import { describe, expect, it } from 'vitest';
import { ClusterModel } from './model';
import { distinctTitles, groupPhrases, indexPhrases, isNegation, titleFromPhrases } from './phrases';
import { evaluativeOnly } from './sentiment';
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
const FOOD = ['The sandwich on board was stale', 'Stale sandwich and cold coffee', 'Only a stale sandwich on the long flight'];

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

	it('names what a group is about before how much people liked it', () => {
		const texts = [
			'Great stay',
			'Great breakfast',
			'Great location',
			'Great location near the beach',
			'Great staff',
			'Great view',
			'Great pool',
			'Great price',
			'Great food',
			'Great room',
			'Great value',
			'Great service',
			'Great bar',
			'Great',
			'Room was dirty and the sheets stained',
			'Dirty room, stained carpet',
			'The room was dirty when we arrived'
		];
		const index = indexPhrases(texts);
		const groups = [[...Array(14).keys()], [14, 15, 16]];
		// By counts alone the praise is titled by its adjective, which says nothing of what was liked.
		expect(titleFromPhrases(groupPhrases(index, groups)[0])).toBe('Great');
		const [praise, complaints] = groupPhrases(index, groups, { evaluative: (label) => evaluativeOnly(label, 'en') });
		expect(titleFromPhrases(praise)).toBe('Great location');
		expect(titleFromPhrases(complaints)).toMatch(/room/i);
	});

	it('tells phrases that only say how customers felt from phrases that name something', () => {
		for (const phrase of ['great', 'very nice', 'not good', 'Awesome', 'worst']) expect(evaluativeOnly(phrase, 'en'), phrase).toBe(true);
		for (const phrase of ['great location', 'staff', 'front desk', 'the', 'delayed', 'dirty', 'friendly']) expect(evaluativeOnly(phrase, 'en'), phrase).toBe(false);
		expect(evaluativeOnly('ótimo', 'pt')).toBe(true);
		expect(evaluativeOnly('entrega rápida', 'pt')).toBe(false);
		// Dutch has no lexicon: nothing is taken for a feeling.
		expect(evaluativeOnly('goed', 'nl')).toBe(false);
	});

	it('keeps accents and the language of the comments', () => {
		const texts = ['Entrega rápida e produto ótimo', 'Entrega rápida, recomendo', 'Chegou antes do prazo, entrega rápida', 'Produto veio quebrado', 'Veio quebrado e sem manual', 'Produto quebrado na caixa'];
		const [fast] = groupPhrases(indexPhrases(texts), [[0, 1, 2], [3, 4, 5]]);
		expect(titleFromPhrases(fast)).toBe('Entrega rápida');
	});

	it('never starts or ends a title with a stop word, nor puts a redaction token or an ignored word in one', () => {
		const texts = [
			...LUGGAGE,
			...DELAYS,
			...FOOD,
			'@united xxxx XXXX [phone] the and of xxxx',
			'@united thanks for nothing, xxxx xxxx',
			'*** [name] *** ###',
			'@united @united the the the',
			'The bag was not delivered to the hotel',
			'Bag not delivered after two days',
			'My bag was not delivered at all'
		];
		const ignore = ['sandwich'];
		const suggestion = new ClusterModel(texts, { ignore }).suggest();
		const titles = suggestion.groups.map((g) => g.title).filter(Boolean);
		expect(titles.length).toBeGreaterThan(1);
		const phrases = suggestion.groups.flatMap((g) => g.phrases.map((p) => p.label));
		for (const text of [...titles, ...phrases]) {
			for (const part of text.split(' · ')) {
				const list = words(part);
				expect(isStopWord(list[0]) && !isNegation(list[0]), `“${part}” starts with a stop word`).toBe(false);
				expect(isStopWord(list[list.length - 1]), `“${part}” ends with a stop word`).toBe(false);
				expect(list.every((w) => isStopWord(w) || isNegation(w)), `“${part}” is only stop words`).toBe(false);
			}
			for (const word of words(text)) {
				expect(fold(word)).not.toMatch(/^x{2,}$/);
				expect(['united', 'mail', 'phone', 'name', 'sandwich']).not.toContain(fold(word));
			}
		}
	});

	it('keeps a negation and the function words inside a phrase as customers write it', () => {
		const texts = [
			'Não recebi o produto até agora',
			'Ainda não recebi o produto',
			'Não recebi o produto, péssimo',
			'Comprei dois e não recebi nada',
			'Entrega dentro do prazo',
			'Chegou dentro do prazo, recomendo',
			'Tudo certo, entrega dentro do prazo',
			'Produto ótimo, entregue dentro do prazo',
			'Recebi o produto certo, adorei',
			'Recebi hoje, tudo certo'
		];
		const [missing, onTime] = groupPhrases(indexPhrases(texts), [[0, 1, 2, 3], [4, 5, 6, 7]], { rest: [8, 9] });
		expect(titleFromPhrases(missing)).toMatch(/^Não recebi/);
		expect(titleFromPhrases(onTime)).toMatch(/dentro do prazo$/i);
		const english = ['Package not delivered', 'My parcel was not delivered', 'Still not delivered after a week', 'Order not delivered, no reply', 'Delivered on time', 'Delivered early, great'];
		const [notDelivered] = groupPhrases(indexPhrases(english), [[0, 1, 2, 3]], { rest: [4, 5] });
		expect(titleFromPhrases(notDelivered)).toBe('Not delivered');
	});

	it('names a phrase by its usual spelling, not by a garbled one that is more frequent', () => {
		// The airline export replaced "cancel" with "Cancelled Flight" and "later" with "Late Flightr".
		const cancelled = [
			'my Cancelled Flightled again',
			'Cancelled Flightled with no warning',
			'another Cancelled Flightled tonight',
			'cancelled flight and no hotel',
			'Cancelled Flighted twice'
		];
		const other = ['flight was fine', 'nice flight crew', 'flight on time', 'good flight', 'flight food ok', 'flight seats fine', 'flight wifi broken', 'late flight home'];
		const [group] = groupPhrases(indexPhrases([...cancelled, ...other]), [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9, 10, 11, 12]]);
		expect(titleFromPhrases(group)).toBe('Cancelled flight');
	});

	it('keeps the agreement of a phrase where one of its words is commoner in another form', () => {
		const texts = ['Entrega rápida', 'Entrega rápida, adorei', 'Entrega rápida e segura', 'Produto rápido', 'Carregador rápido', 'Rápido demais', 'Secador rápido', 'Muito rápido'];
		const [fast] = groupPhrases(indexPhrases(texts), [[0, 1, 2], [3, 4, 5, 6, 7]]);
		expect(titleFromPhrases(fast)).toBe('Entrega rápida');
	});

	it('gives two groups with the same best phrase different titles', () => {
		const p = (label: string, score: number) => ({ key: label, label, count: 3, score });
		expect(distinctTitles([[p('staff', 2), p('friendly', 1)], [p('staff', 1), p('rude', 0.5)]])).toEqual(['Staff', 'Staff · rude']);
	});
});
