/**
 * Non-answers: comments that say nothing about the customer's experience ("Did not answer",
 * "Nothing.", "N/A", "-", "sans commentaire", "keine Angabe", "nada"). Survey tools write them
 * for skipped questions and customers type them into required fields; on a board they are noise
 * (16% of one real NHS Friends & Family Test export), so the importer counts them and the
 * facilitator skips them or sets them aside, and clustering leaves them out of suggestions.
 *
 * A comment is a non-answer when, after normalisation (case, accents, punctuation and a trailing
 * "thanks" removed), it is one of the phrases below, or when nothing but punctuation is left.
 * Only whole comments match: "Nothing at all was wrong, great staff" is an answer.
 */

/** Languages with their own phrase list (ISO 639-1). */
export const NON_ANSWER_LANGUAGES = ['en', 'fr', 'de', 'es', 'pt', 'it', 'nl'] as const;
export type NonAnswerLanguage = (typeof NON_ANSWER_LANGUAGES)[number];

/** Written the way `normalizeForNonAnswer` leaves text: lower case, no accents, no punctuation. */
const PHRASES: Record<NonAnswerLanguage, string[]> = {
	en: [
		'did not answer', 'didnt answer', 'not answered', 'no answer', 'no answer given', 'no response',
		'none', 'none really', 'none at all', 'nothing', 'nothing really', 'nothing at all', 'nothing else',
		'nothing more', 'nothing further', 'nothing to add', 'nothing to say', 'nothing to report',
		'nothing to comment', 'nothing comes to mind', 'nothing springs to mind', 'nothing in particular',
		'nothing specific', 'no comment', 'no comments', 'no further comment', 'no further comments',
		'no other comments', 'no additional comments', 'no comment at this time', 'no suggestions',
		'no opinion', 'not applicable', 'not sure', 'unsure', 'dont know', 'do not know', 'i dont know',
		'idk', 'dunno', 'no idea', 'cant think of anything', 'cannot think of anything', 'cant say',
		'prefer not to say', 'rather not say', 'declined', 'skipped', 'blank', 'no', 'nope', 'nil',
		'null', 'na', 'nan', 'n a', 'none given', 'not stated', 'unknown', 'no thanks', 'no thank you'
	],
	fr: [
		'rien', 'rien a dire', 'rien a signaler', 'rien a ajouter', 'rien de plus', 'rien dautre',
		'rien de special', 'rien de particulier', 'ras', 'r a s', 's o', 'aucun', 'aucune', 'aucun commentaire',
		'aucune idee', 'sans commentaire', 'sans commentaires', 'pas de commentaire',
		'pas de commentaires', 'pas de reponse', 'sans reponse', 'non reponse', 'sans objet',
		'non applicable', 'neant', 'je ne sais pas', 'ne sait pas', 'nsp', 'non', 'pas didee',
		'je sais pas', 'sais pas', 'pas davis', 'sans avis', 'non renseigne'
	],
	de: [
		'nichts', 'nichts weiter', 'nichts mehr', 'nichts zu sagen', 'nichts hinzuzufugen',
		'nichts zu erganzen', 'nichts besonderes', 'gar nichts', 'nix', 'keine', 'keiner', 'kein',
		'keine angabe', 'keine angaben', 'ka', 'k a', 'keine ahnung', 'keine antwort', 'kein kommentar',
		'keine kommentare', 'keine anmerkungen', 'keine anmerkung', 'keine meinung', 'weiss nicht',
		'weis nicht', 'ich weiss nicht', 'nein', 'entfallt', 'nicht zutreffend', 'trifft nicht zu',
		'nicht beantwortet', 'ohne angabe', 'ohne kommentar'
	],
	es: [
		'nada', 'nada mas', 'nada que decir', 'nada que agregar', 'nada que anadir', 'nada que comentar',
		'nada en particular', 'ninguno', 'ninguna', 'ningun comentario', 'sin comentarios',
		'sin comentario', 'no tengo comentarios', 'sin respuesta', 'no contesta', 'no responde',
		'no sabe', 'no se', 'nsnc', 'ns nc', 'no aplica', 'no procede', 'sin opinion', 'ni idea', 'no'
	],
	pt: [
		'nada', 'nada mais', 'nada a declarar', 'nada a dizer', 'nada a acrescentar', 'nada a comentar',
		'nada consta', 'nenhum', 'nenhuma', 'nenhum comentario', 'sem comentarios', 'sem comentario',
		'sem resposta', 'nao respondeu', 'nao sei', 'nao se aplica', 'nao aplicavel', 'sem opiniao',
		'nao tenho', 'nao tenho comentarios', 'nao', 'nda', 'n d'
	],
	it: [
		'niente', 'nulla', 'niente da dire', 'niente da aggiungere', 'nessuno', 'nessuna',
		'nessun commento', 'senza commenti', 'non so', 'non saprei', 'non applicabile', 'no'
	],
	nl: [
		'niets', 'niks', 'niets te melden', 'niets toe te voegen', 'geen', 'geen commentaar',
		'geen opmerkingen', 'geen mening', 'weet niet', 'weet ik niet', 'geen idee', 'nee',
		'niet van toepassing', 'nvt'
	]
};

/** Politeness that does not make a non-answer an answer ("Nothing, thanks"). */
const TRAILING_COURTESY =
	/\s+(thanks|thank you|thankyou|cheers|merci|merci beaucoup|danke|danke schon|gracias|muchas gracias|obrigado|obrigada|grazie|bedankt|dank je)$/;

const BY_LANGUAGE = new Map<string, Set<string>>(
	NON_ANSWER_LANGUAGES.map((lang) => [lang, new Set(PHRASES[lang])])
);
const ANY_LANGUAGE = new Set(NON_ANSWER_LANGUAGES.flatMap((lang) => PHRASES[lang]));
/** Codes that read the same in every language. */
const UNIVERSAL = new Set(['na', 'n a', 'nan', 'null', 'nil', 'x', 'xx', 'xxx', 'tbd']);

/** Longest phrase above is 5 words; anything much longer is read as an answer without a lookup. */
const MAX_NORMALIZED_LENGTH = 48;

/**
 * Text as the phrase lists are written: NFKD without combining marks (so "néant" is "neant" and
 * "weiß" is "weiss"), lower case, apostrophes dropped inside words ("don't" → "dont"), every other
 * run of non-letters and non-digits one space, ends trimmed.
 */
export function normalizeForNonAnswer(text: string): string {
	return text
		.slice(0, 200)
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/ß/g, 'ss')
		.toLowerCase()
		.replace(/(\p{L})['’ʼ´`](\p{L})/gu, '$1$2')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/**
 * ASCII letters and digits of a text: normalising keeps every one of them, so a text with more
 * than `MAX_NORMALIZED_LENGTH` is an answer without normalising it (most comments are).
 */
function asciiAlphanumerics(text: string): number {
	let count = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) count++;
	}
	return count;
}

/**
 * Whether a comment is a non-answer.
 *
 * @param text the comment as imported (any length; only the first 200 characters are read)
 * @param lang an ISO 639-1 code or BCP 47 tag ("fr", "pt-BR"): only that language's phrases and
 *   the codes every language shares are tried. Without it, or for a language without a list,
 *   every list is tried (the phrases do not clash across these languages in practice).
 * @returns true for "Did not answer", "N/A", "-", "Rien à signaler", "Keine Angabe", "Nada.",
 *   blank or punctuation-only text; false for anything with content of its own.
 */
export function isNonAnswer(text: string, lang?: string): boolean {
	if (text.length > 200 || asciiAlphanumerics(text) > MAX_NORMALIZED_LENGTH) return false;
	let norm = normalizeForNonAnswer(text);
	if (norm === '') return true;
	if (norm.length > MAX_NORMALIZED_LENGTH) return false;
	norm = norm.replace(TRAILING_COURTESY, '');
	if (UNIVERSAL.has(norm)) return true;
	const primary = lang?.toLowerCase().split(/[-_]/)[0];
	const phrases = (primary && BY_LANGUAGE.get(primary)) || ANY_LANGUAGE;
	if (phrases.has(norm)) return true;
	// "No, nothing" / "Non, rien" / "Nein, nichts": a leading "no" before a non-answer.
	const lead = /^(no|non|nein|nee|nao)\s+(.+)$/.exec(norm);
	return lead !== null && phrases.has(lead[2]);
}
