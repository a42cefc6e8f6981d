import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLanguage, isStopWord, splitElisions, type Language } from './language';
import { expectPraiseApartFromComplaints } from '../../../tests/helpers/praise-apart';
import { ClusterModel } from './model';
import { isNegation } from './phrases';
import { textPolarity } from './sentiment';
import { boardLanguage, tokenize, words } from './text';

interface Labelled {
	polarity: 'praise' | 'complaint';
	topic: string;
	text: string;
}

/** Hand-written praise and complaints (tests/fixtures/languages/README.md says how they were made). */
function sentences(name: string): Labelled[] {
	const file = readFileSync(resolve(import.meta.dirname, '../../../tests/fixtures/languages', `${name}.tsv`), 'utf8');
	return file
		.trim()
		.split('\n')
		.slice(1)
		.map((line) => {
			const [polarity, topic, text] = line.split('\t');
			return { polarity: polarity as Labelled['polarity'], topic, text };
		});
}

const EUROPEAN: Language[] = ['es', 'fr', 'de', 'it', 'nl'];
const WITH_POLARITY: Language[] = ['es', 'fr', 'de', 'it'];

describe('language of a comment', () => {
	it.each(EUROPEAN)('tells %s from the others, on its own or with a board of the same language to decide ties', (language) => {
		const texts = sentences(language).map((s) => s.text);
		const alone = texts.map((t) => detectLanguage(words(t)));
		// A sentence with no grammar word that is only this language's ("Bagno moderno e pulito")
		// falls back to the board's language: English on its own, never a third language.
		expect(alone.filter((l) => l === language).length / texts.length).toBeGreaterThanOrEqual(0.8);
		expect(alone.filter((l) => l !== language && l !== 'en').length).toBeLessThanOrEqual(2);
		expect(boardLanguage(texts)).toBe(language);
		const onBoard = texts.map((t) => detectLanguage(words(t), boardLanguage(texts)));
		expect(onBoard.filter((l) => l === language).length).toBeGreaterThanOrEqual(texts.length - 2);
	});

	it('knows short comments by their few grammar words', () => {
		const short: [string, Language][] = [
			['Very good', 'en'],
			['Muito bom', 'pt'],
			['Muy bien', 'es'],
			['Très bien', 'fr'],
			['Sehr gut', 'de'],
			['Molto bene', 'it'],
			['Zeer goed', 'nl'],
			['Le personnel', 'fr'],
			['Das Zimmer', 'de'],
			['Il personale', 'it'],
			['Het ontbijt', 'nl'],
			['Não recebi', 'pt'],
			['El pedido', 'es']
		];
		for (const [text, language] of short) expect(detectLanguage(words(text)), text).toBe(language);
	});

	it("falls back to the board's language, English by default, where the words do not tell", () => {
		for (const text of ['Excelente', 'Wifi', 'Super!', 'Hotel Lido', 'OK', '']) {
			expect(detectLanguage(words(text)), text).toBe('en');
			expect(detectLanguage(words(text), 'de'), text).toBe('de');
		}
		// Shared Romance words ("una", "con") leave Spanish and Italian tied: the board decides.
		expect(detectLanguage(words('Pessimo, una delusione totale'), 'it')).toBe('it');
		expect(detectLanguage(words('Pessimo, una delusione totale'), 'es')).toBe('es');
		expect(boardLanguage(['OK', 'Wifi'])).toBe('en');
	});

	it('leaves English and Portuguese comments as they were read before', () => {
		for (const text of ['@united thanks so much!', 'I do', 'still waiting for a reply', 'The heel broke after a week', 'Man, what a flight'])
			expect(detectLanguage(words(text)), text).toBe('en');
		for (const text of ['Como sempre, excelente serviço.', 'Tudo correu como combinado, nada a reclamar.', 'nao recebi', 'A impressão está saindo com a tinta fraquinha'])
			expect(detectLanguage(words(text)), text).toBe('pt');
		// "do" is English too: on a Portuguese board the board decides, as it did.
		expect(detectLanguage(words('Dentro do previsto'), 'pt')).toBe('pt');
	});
});

describe('words of each language', () => {
	it("splits French and Italian elided articles off their noun, and leaves English contractions alone", () => {
		expect(splitElisions(words("L'hôtel, j'adore l'emplacement de l’hôtel"))).toEqual(['l', 'hôtel', 'j', 'adore', 'l', 'emplacement', 'de', 'l', 'hôtel']);
		expect(words("Un'esperienza dell'hotel")).toEqual(['un', 'esperienza', 'dell', 'hotel']);
		expect(words("I don't think it's o'clock")).toEqual(['i', "don't", 'think', "it's", "o'clock"]);
	});

	it('knows each language’s grammar words, and keeps words that carry a theme or a judgement', () => {
		const stop: Record<string, string[]> = {
			es: ['el', 'los', 'que', 'muy', 'para', 'nuestro'],
			fr: ['le', 'les', 'est', 'avec', 'nous', 'était', 'très'],
			de: ['der', 'und', 'ist', 'sehr', 'nicht', 'wurden'],
			it: ['il', 'della', 'che', 'sono', 'molto', 'anche', 'troppo'],
			nl: ['het', 'een', 'niet', 'voor', 'zijn', 'heeft']
		};
		for (const [language, list] of Object.entries(stop)) for (const w of list) expect(isStopWord(w, language as Language), `${language} ${w}`).toBe(true);
		for (const w of ['bien', 'mal', 'mejor', 'días', 'horas']) expect(isStopWord(w, 'es'), w).toBe(false);
		for (const w of ['zimmer', 'chambre', 'camera', 'kamer', 'habitación']) for (const l of EUROPEAN) expect(isStopWord(w, l), `${l} ${w}`).toBe(false);
		// English grammar words stay stop words in the other languages (mixed comments).
		expect(isStopWord('the', 'de')).toBe(true);
	});

	it('stems each language with its own stemmer, so forms of a word count as one', () => {
		const stems = (text: string, language: Language) => tokenize(text, language).map((t) => t.stem);
		expect(stems('habitación habitaciones', 'es')).toEqual(['habit', 'habit']);
		expect(stems('chambre chambres', 'fr')).toEqual(['chambr', 'chambr']);
		expect(stems('Zimmer Zimmers', 'de')).toEqual(['zimm', 'zimm']);
		expect(stems('prodotto prodotti', 'it')).toEqual(['prodott', 'prodott']);
		expect(stems('kamer kamers', 'nl')).toEqual(['kamer', 'kamer']);
		// Detected per comment when not given: the German comment is not stemmed as English.
		expect(tokenize('Das Frühstück war lecker, die Frühstücke sind gut').map((t) => t.stem)).toEqual(['fruhstuck', 'leck', 'fruhstuck', 'gut']);
	});
});

describe('titles in the comments’ own language', () => {
	it.each(EUROPEAN)('never start or end a %s title with a stop word of its language', (language) => {
		const texts = sentences(language).map((s) => s.text);
		const suggestion = new ClusterModel(texts).suggest({ clusters: 5 });
		const titles = suggestion.groups.map((g) => g.title).filter(Boolean);
		expect(titles.length).toBeGreaterThan(2);
		const labels = suggestion.groups.flatMap((g) => g.phrases.map((p) => p.label));
		for (const text of [...titles, ...labels]) {
			for (const part of text.split(' · ')) {
				const list = words(part);
				expect(isStopWord(list[0], language) && !isNegation(list[0], language), `“${part}” starts with a stop word`).toBe(false);
				expect(isStopWord(list[list.length - 1], language), `“${part}” ends with a stop word`).toBe(false);
				expect(list.every((w) => isStopWord(w, language) || isNegation(w, language)), `“${part}” is only stop words`).toBe(false);
			}
		}
	});

	it('titles a French group by its noun, without the elided article', () => {
		const texts = [
			"L'emplacement est idéal",
			"L'emplacement de l'hôtel est parfait",
			"J'ai adoré l'emplacement",
			"L'emplacement, à deux pas du centre",
			'Le petit déjeuner était froid',
			'Petit déjeuner médiocre',
			'Le petit déjeuner manquait de choix',
			'Petit déjeuner trop cher'
		];
		const titles = new ClusterModel(texts, { sentiment: false }).suggest({ clusters: 2 }).groups.map((g) => g.title.toLowerCase());
		expect(titles).toContain('emplacement');
		expect(titles.some((t) => t.startsWith('petit déjeuner'))).toBe(true);
	});
});

/** Praise and complaints about the staff, and neutral notes on another topic, in each language. */
const SAME_TOPIC: Record<string, { praise: string[]; complaints: string[]; other: string[] }> = {
	es: {
		praise: ['El personal fue amable', 'Personal muy amable y atento', 'El personal, siempre amable', 'Un personal amable y servicial', 'Personal amable, excelente'],
		complaints: ['El personal fue grosero', 'Personal muy grosero y maleducado', 'El personal, siempre grosero', 'Un personal grosero e inútil', 'Personal grosero, pésimo'],
		other: ['El aparcamiento está a dos calles', 'Aparcamiento en la calle de atrás', 'El aparcamiento cuesta diez euros', 'Hay aparcamiento en la plaza', 'Aparcamiento junto a la estación']
	},
	fr: {
		praise: ['Le personnel était aimable', 'Personnel très aimable et serviable', 'Le personnel, toujours aimable', 'Un personnel aimable et souriant', 'Personnel aimable, parfait'],
		complaints: ['Le personnel était impoli', 'Personnel très impoli et désagréable', 'Le personnel, toujours impoli', 'Un personnel impoli et froid', 'Personnel impoli, nul'],
		other: ['Le parking est à deux rues', 'Parking dans la rue derrière', 'Le parking coûte dix euros', 'Il y a un parking sur la place', 'Parking à côté de la gare']
	},
	de: {
		praise: ['Das Personal war freundlich', 'Personal sehr freundlich und hilfsbereit', 'Das Personal, immer freundlich', 'Ein freundliches und aufmerksames Personal', 'Personal freundlich, perfekt'],
		complaints: ['Das Personal war unhöflich', 'Personal sehr unhöflich und unfreundlich', 'Das Personal, immer unhöflich', 'Ein unhöfliches und mürrisches Personal', 'Personal unhöflich, schrecklich'],
		other: ['Der Parkplatz ist zwei Straßen weiter', 'Parkplatz in der Straße dahinter', 'Der Parkplatz kostet zehn Euro', 'Es gibt einen Parkplatz am Markt', 'Parkplatz neben dem Bahnhof']
	},
	it: {
		praise: ['Il personale è stato gentile', 'Personale molto gentile e disponibile', 'Il personale, sempre gentile', 'Un personale gentile e cordiale', 'Personale gentile, perfetto'],
		complaints: ['Il personale è stato scortese', 'Personale molto scortese e maleducato', 'Il personale, sempre scortese', 'Un personale scortese e antipatico', 'Personale scortese, pessimo'],
		other: ['Il parcheggio è a due strade', 'Parcheggio nella strada dietro', 'Il parcheggio costa dieci euro', 'C’è un parcheggio in piazza', 'Parcheggio accanto alla stazione']
	}
};

describe('praise and complaints in each language', () => {
	it.each(WITH_POLARITY)('puts %s praise and complaints about the same topic in different groups', (language) => {
		const { praise, complaints, other } = SAME_TOPIC[language];
		expectPraiseApartFromComplaints(praise, complaints, other);
	});

	it.each(WITH_POLARITY)('scores %s praise above zero and complaints below on the sentences the review words were checked on', (language) => {
		for (const { polarity, text } of sentences(language)) {
			const p = textPolarity(text, language);
			if (polarity === 'praise') expect(p, text).toBeGreaterThanOrEqual(0);
			else expect(p, text).toBeLessThanOrEqual(0);
		}
	});

	it.each(WITH_POLARITY)('gets the sign of %s held-out sentences right far more often than wrong', (language) => {
		// Other topics than the review words were written for (restaurants, apps, banks, flights).
		let right = 0;
		let wrong = 0;
		for (const { polarity, text } of sentences(`${language}-heldout`)) {
			const p = textPolarity(text, language);
			if (p === 0) continue;
			if (p > 0 === (polarity === 'praise')) right++;
			else wrong++;
		}
		expect(right).toBeGreaterThanOrEqual(10);
		expect(wrong).toBeLessThanOrEqual(2);
	});

	it('reads the words earlier lexicons had the wrong way round', () => {
		expect(textPolarity('Nadie me dio una solución', 'es')).toBeLessThanOrEqual(0);
		expect(textPolarity('Me dieron una solución rápida', 'es')).toBeGreaterThan(0);
		expect(textPolarity('Das Zimmer war schrecklich', 'de')).toBeLessThan(-0.2);
		expect(textPolarity('Das Personal war unhöflich', 'de')).toBeLessThan(-0.2);
		expect(textPolarity('Le petit déjeuner est trop cher', 'fr')).toBeLessThan(-0.2);
		expect(textPolarity('La colazione è troppo cara', 'it')).toBeLessThan(-0.2);
	});

	it('turns a word round after a negation, and in German before one', () => {
		expect(textPolarity('El wifi no funciona', 'es')).toBeLessThan(0);
		expect(textPolarity('Check-in sin complicaciones', 'es')).toBeGreaterThan(0);
		expect(textPolarity("Le wifi ne marchait pas", 'fr')).toBeLessThan(0);
		expect(textPolarity("Ils n'ont jamais réglé mon problème", 'fr')).toBeLessThan(0);
		expect(textPolarity('Das WLAN funktionierte nicht', 'de')).toBeLessThan(0);
		expect(textPolarity('Das Zimmer war nicht sauber', 'de')).toBeLessThan(0);
		// "kein" negates what follows only: the old bathroom stays a complaint.
		expect(textPolarity('Altes Badezimmer und kein warmes Wasser', 'de')).toBeLessThan(0);
		expect(textPolarity('La camera non era pulita', 'it')).toBeLessThan(0);
	});

	it('leaves Dutch neutral: no lexicon was measured to separate praise from complaints there', () => {
		const dutch = sentences('nl').filter(({ text }) => detectLanguage(words(text), 'nl') === 'nl');
		expect(dutch.length).toBeGreaterThan(15);
		for (const { text } of dutch) expect(textPolarity(text, 'nl'), text).toBe(0);
	});
});
