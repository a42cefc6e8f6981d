import { describe, expect, it } from 'vitest';
import { isNonAnswer, normalizeForNonAnswer } from './nonanswer';

describe('isNonAnswer', () => {
	it('recognises English non-answers whatever their case and punctuation', () => {
		for (const text of ['Did not answer', 'Nothing.', 'None', 'N/A', 'n.a.', 'NA', 'No comment', 'no comments!',
			'-', '--', '...', '?', '', '   ', "Don't know", 'Nothing, thanks', 'No, nothing', 'nothing really'])
			expect(isNonAnswer(text), text).toBe(true);
	});

	it('recognises French, German, Spanish and Portuguese non-answers', () => {
		for (const [text, lang] of [
			['Rien à signaler', 'fr'], ['Sans commentaire.', 'fr'], ['Néant', 'fr'], ['Je ne sais pas', 'fr-FR'],
			['Keine Angabe', 'de'], ['k.A.', 'de'], ['Nichts hinzuzufügen', 'de'], ['Weiß nicht', 'de'],
			['Nada.', 'es'], ['Sin comentarios', 'es'], ['NS/NC', 'es'], ['No sé', 'es'],
			['Nada a declarar', 'pt'], ['Não sei', 'pt-BR'], ['Sem comentários', 'pt'], ['nenhum', 'pt']
		]) {
			expect(isNonAnswer(text, lang), `${text} (${lang})`).toBe(true);
			expect(isNonAnswer(text), `${text} without a language`).toBe(true);
		}
	});

	it('keeps comments that say something, including praise and short complaints', () => {
		for (const text of ['Everything.', 'Nothing at all was wrong, great staff', 'Rude staff', 'Too slow',
			'None of the staff listened', 'Nada funcionou', 'Rien ne marchait', 'Keine Parkplätze', '10/10', 'ok'])
			expect(isNonAnswer(text), text).toBe(false);
	});

	it('with a language, tries only that language and the shared codes', () => {
		expect(isNonAnswer('nichts', 'fr')).toBe(false);
		expect(isNonAnswer('nichts', 'de')).toBe(true);
		expect(isNonAnswer('N/A', 'de')).toBe(true);
		// A language without its own list falls back to all of them.
		expect(isNonAnswer('nothing', 'sv')).toBe(true);
	});

	it('reads long text as an answer without scanning it', () => {
		expect(isNonAnswer('nothing '.repeat(1000))).toBe(false);
	});
});

describe('normalizeForNonAnswer', () => {
	it('drops accents, apostrophes inside words and punctuation', () => {
		expect(normalizeForNonAnswer("  Didn't   ANSWER. ")).toBe('didnt answer');
		expect(normalizeForNonAnswer('Néant !')).toBe('neant');
		expect(normalizeForNonAnswer('N/A')).toBe('n a');
	});
});
