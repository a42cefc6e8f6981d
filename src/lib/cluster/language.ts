import { stemmer as stemDutch } from '@orama/stemmers/dutch';
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFrench } from '@orama/stemmers/french';
import { stemmer as stemGerman } from '@orama/stemmers/german';
import { stemmer as stemItalian } from '@orama/stemmers/italian';
import { stemmer as stemPortuguese } from '@orama/stemmers/portuguese';
import { stemmer as stemSpanish } from '@orama/stemmers/spanish';
import { stopwords as dutchStopwords } from '@orama/stopwords/dutch';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { stopwords as germanStopwords } from '@orama/stopwords/german';
import { stopwords as italianStopwords } from '@orama/stopwords/italian';
import { stopwords as portugueseStopwords } from '@orama/stopwords/portuguese';
import { stopwords as spanishStopwords } from '@orama/stopwords/spanish';
import negationsPt from '@nlpjs/lang-pt/src/sentiment/negations_pt.json';
import { foldText } from '../text/normalize';
import { CJK_FUNCTION_WORDS } from '../text/segment';

/**
 * The languages whose comments get their own stop words, stemmer and (where it was measured to
 * work, see sentiment.ts) polarity: ISO 639-1 codes. Comments in any other language are read with
 * the board's language (English when nothing else is clear).
 */
export const LANGUAGES = ['en', 'pt', 'es', 'fr', 'de', 'it', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Evidence for each language in one text: the weight of its grammar words (`languageVotes`). */
export type LanguageVotes = Record<Language, number>;

/**
 * Lower case without accents or apostrophes: "Não" and "nao", "don't" and "dont", "Ｆｌｉｇｈｔ" and
 * "flight" are one word. Marks that make another letter stay (`foldText`): が is not か.
 */
export function fold(word: string): string {
	if (/^[a-z]*$/.test(word)) return word;
	return foldText(word).replace(/['’]/g, '');
}

/**
 * Words that carry no theme in customer comments: fillers, greetings, chat shorthand. The general
 * lists cover grammar words; these are what comments add on top.
 */
const COMMENT_FILLERS = [
	'amp', 'rt', 'via', 'im', 'ive', 'id', 'ill', 'dont', 'cant', 'wont', 'didnt', 'doesnt', 'isnt',
	'u', 'ur', 'pls', 'plz', 'please', 'thanks', 'thank', 'thx', 'ty', 'hi', 'hello', 'hey', 'ok',
	'okay', 'yes', 'yeah', 'lol', 'omg', 'just', 'get', 'got', 'gets', 'getting', 'one', 'also',
	'still', 'even', 'really', 'much', 'will', 'can', 'now', 'us', 'oh', 'well', 'would', 'could',
	'way', 'know', 'like', 'need', 'want', 'going', 'go', 'make', 'take', 'let', 'say', 'said',
	'etc', 'lot', 'lots', 'bit', 'thing', 'things', 'something', 'anything', 'everything', 'ever',
	'never', 'today', 'yet', 'since', 'back', 'another', 'every', 'many', 'though', 'although',
	'sure', 'maybe', 'actually', 'already', 'ago', 'always', 'anyway', 'else', 'two', 'first',
	'de', 'da', 'do', 'dos', 'das', 'pra', 'pro', 'q', 'vc', 'ja', 'tá', 'ta', 'muito', 'bem'
];

/**
 * Words of the Spanish list (the large stopwords-iso one @orama ships, where the other languages
 * have Snowball's) that are what a comment is about or what it thinks, not grammar: "buena
 * ubicación", "mal servicio", "tardó 3 días" keep them, as English keeps "good", "bad" and "days".
 */
const SPANISH_CONTENT = new Set([
	'bien', 'buen', 'buena', 'buenas', 'bueno', 'buenos', 'mal', 'mejor', 'peor', 'gran', 'grandes', 'nueva', 'nuevas',
	'nuevo', 'nuevos', 'dia', 'dias', 'día', 'días', 'horas', 'lugar', 'precio', 'claro', 'breve', 'largo', 'lejos', 'cerca'
]);

/**
 * Degree words, quantifiers and sentence adverbs that the Snowball lists of French, German, Italian
 * and Dutch leave out while English's (with the comment fillers) has "very", "too", "all",
 * "always", "so" and Spanish's "muy", "demasiado", "todo", "siempre": without them "Molto gentile",
 * "Très bien situé" or "Alors" would be titles.
 */
const FUNCTION_WORDS: Partial<Record<Language, readonly string[]>> = {
	fr: [
		'très', 'trop', 'tout', 'tous', 'toute', 'toutes', 'aussi', 'vraiment', 'assez', 'beaucoup', 'peu', 'plus', 'moins', 'alors',
		'donc', 'puis', 'comme', 'car', 'déjà', 'encore', 'toujours', 'là', 'ça', 'cela'
	],
	de: ['wirklich', 'immer', 'ganz', 'ziemlich', 'etwas', 'total', 'echt', 'eher', 'schon', 'mal', 'gleich', 'dabei', 'sehr'],
	it: [
		'molto', 'troppo', 'tutto', 'tutti', 'tutta', 'tutte', 'sempre', 'veramente', 'davvero', 'proprio', 'abbastanza', 'poco',
		'così', 'già', 'poi', 'quindi', 'ancora', 'comunque', 'invece'
	],
	nl: ['zeer', 'erg', 'heel', 'echt', 'wel', 'nog', 'ook', 'te', 'best', 'vrij', 'alle', 'dus', 'toen', 'altijd']
};

/**
 * Each language's grammar words: the Snowball lists of @orama/stopwords (Spanish: its larger list
 * less `SPANISH_CONTENT`) and `FUNCTION_WORDS`. English and Portuguese also stop each other's words and the comment
 * fillers, as they always have here; the other languages stop their own words, English ones
 * (mixed comments, loan phrases) and the fillers.
 */
const OWN: Record<Language, readonly string[]> = {
	en: englishStopwords,
	pt: portugueseStopwords,
	es: spanishStopwords.filter((w) => !SPANISH_CONTENT.has(w)),
	fr: [...frenchStopwords, ...FUNCTION_WORDS.fr!],
	de: [...germanStopwords, ...FUNCTION_WORDS.de!],
	it: [...italianStopwords, ...FUNCTION_WORDS.it!],
	nl: [...dutchStopwords, ...FUNCTION_WORDS.nl!]
};

const SHARED = [...COMMENT_FILLERS, ...CJK_FUNCTION_WORDS];
const ENGLISH_PORTUGUESE = new Set([...englishStopwords, ...portugueseStopwords, ...SHARED].map(fold));
const STOP: Record<Language, ReadonlySet<string>> = {
	en: ENGLISH_PORTUGUESE,
	pt: ENGLISH_PORTUGUESE,
	es: new Set([...OWN.es, ...englishStopwords, ...SHARED].map(fold)),
	fr: new Set([...OWN.fr, ...englishStopwords, ...SHARED].map(fold)),
	de: new Set([...OWN.de, ...englishStopwords, ...SHARED].map(fold)),
	it: new Set([...OWN.it, ...englishStopwords, ...SHARED].map(fold)),
	nl: new Set([...OWN.nl, ...englishStopwords, ...SHARED].map(fold))
};

/** The folded stop words of a language (`isStopWord`), for callers that test many words. */
export function stopWords(language: Language = 'en'): ReadonlySet<string> {
	return STOP[language];
}

/**
 * True for a word that carries no theme in a comment of `language` (default English, whose set
 * also holds the Portuguese words): a grammar word of that language or of English, or a filler.
 */
export function isStopWord(word: string, language: Language = 'en'): boolean {
	return STOP[language].has(fold(word));
}

/**
 * The words that tell each language apart in comments: its most frequent grammar words and a few
 * words of reviews as common as they ("très", "molto", "sehr", "zeer", "muito"), as written (lower
 * case). Hand-picked rather than the stop lists above, whose long tails name other languages' words
 * too: the Spanish list has "nada", "dentro", "sobre", "antes" and "cada", which Portuguese
 * comments use as often. Words that English comments use as well are left out ("hat", "will",
 * "also", "camera", "super", "personal", "hotel"), except English's own.
 */
const MARKERS: Record<Language, readonly string[]> = {
	en: [
		'the', 'and', 'is', 'was', 'were', 'are', 'it', 'this', 'that', 'to', 'of', 'in', 'for', 'with', 'my', 'i', 'you', 'we',
		'they', 'not', 'but', 'have', 'has', 'had', 'be', 'been', 'on', 'at', 'a', 'an', 'our', 'their', 'would', 'from', 'there',
		'what', 'all', 'very', 'good', 'great', 'nice', 'bad', 'staff', 'room', "it's", "didn't", "don't", "i'm", 'im', 'get', 'got',
		'just', 'do', 'so', 'no', 'me', 'your', 'he', 'she', 'too', 'yes', 'how', 'why', 'can', 'will', 'am', 'if', 'or', 'as', 'by',
		'up', 'out', 'about', 'please', 'thanks', 'thank'
	],
	pt: [
		'não', 'a', 'de', 'do', 'da', 'dos', 'das', 'em', 'no', 'na', 'nos', 'nas', 'um', 'uma', 'o', 'os', 'as', 'e', 'é', 'que', 'com',
		'para', 'pelo', 'pela', 'muito', 'mais', 'mas', 'foi', 'ao', 'à', 'eu', 'meu', 'minha', 'você', 'ele', 'ela', 'isso', 'esse',
		'essa', 'este', 'esta', 'já', 'só', 'também', 'até', 'ainda', 'sem', 'quando', 'tudo', 'está', 'estava', 'bem', 'bom', 'boa',
		'ótimo', 'ótima', 'excelente', 'produto', 'entrega', 'chegou', 'prazo', 'recebi', 'recomendo', 'pra', 'veio', 'nada', 'antes',
		'como', 'sempre'
	],
	es: [
		'el', 'la', 'los', 'las', 'a', 'de', 'del', 'y', 'en', 'que', 'es', 'un', 'una', 'por', 'para', 'con', 'no', 'muy', 'pero', 'lo',
		'le', 'les', 'se', 'su', 'sus', 'al', 'más', 'me', 'mi', 'nos', 'fue', 'era', 'estaba', 'está', 'hay', 'todo', 'bien',
		'bueno', 'buena', 'buen', 'también', 'cuando', 'porque', 'como', 'ya', 'sin', 'nada', 'antes', 'excelente', 'habitación',
		'llegó', 'tiene', 'son', 'este', 'esta', 'recomiendo', 'pedido', 'mucho', 'mucha', 'muchos', 'nuestra', 'nuestras',
		'nuestro', 'nuestros', 'hemos', 'han', 'fueron', 'estuvo', 'toda', 'todos', 'donde', 'aunque', 'así', 'desde', 'hasta',
		'poco', 'también', 'mis', 'tus'
	],
	fr: [
		'le', 'la', 'les', 'de', 'des', 'du', 'et', 'est', 'un', 'une', 'en', 'que', 'qui', 'pour', 'pas', 'ne', 'avec', 'dans',
		'sur', 'au', 'aux', 'ce', 'cette', 'il', 'elle', 'nous', 'vous', 'je', 'j', 'l', 'd', 'n', 'c', 'qu', 'mais', 'très', 'bien',
		'bon', 'bonne', 'tout', 'tous', 'toute', 'trop', 'sont', 'était', 'été', 'avons', 'chambre', 'séjour', 'petit',
		'personnel', 'à', 'ont', 'mes', 'nos', 'votre', 'notre', 'aussi', 'beaucoup', 'peu', 'chez', 'ils', 'être', 'fait', 'y'
	],
	de: [
		'der', 'die', 'das', 'und', 'ist', 'war', 'nicht', 'ein', 'eine', 'einen', 'zu', 'mit', 'auf', 'für', 'im', 'in', 'es', 'sehr',
		'wir', 'ich', 'sie', 'den', 'dem', 'des', 'auch', 'aber', 'sind', 'waren', 'haben', 'hatten', 'wurde', 'gute', 'zimmer',
		'frühstück', 'immer', 'alles', 'noch', 'nur', 'schön', 'leider', 'lage', 'freundlich', 'kein', 'keine', 'vom', 'zum', 'bei',
		'mir', 'uns', 'ganz', 'wieder', 'nach', 'oder', 'wenn', 'dass', 'viel'
	],
	it: [
		'il', 'lo', 'la', 'i', 'a', 'gli', 'le', 'di', 'del', 'della', 'dei', 'e', 'è', 'un', 'una', 'che', 'per', 'con', 'non', 'molto',
		'ma', 'ci', 'si', 'sono', 'era', 'erano', 'stato', 'stata', 'anche', 'nel', 'nella', 'al', 'alla', 'da', 'dal', 'dalla',
		'questo', 'questa', 'tutto', 'tutti', 'più', 'bene', 'ottimo', 'ottima', 'buono', 'buona', 'personale', 'colazione',
		'posizione', 'abbiamo', 'camere', 'mi', 'mio', 'mia', 'ha', 'hanno', 'ho', 'sul', 'sulla', 'nei', 'dell', 'tutta',
		'perché', 'così', 'però', 'sempre', 'veramente', 'nostre', 'nostro', 'nostra', 'gentile', 'ed'
	],
	nl: [
		'de', 'het', 'een', 'en', 'is', 'was', 'van', 'niet', 'op', 'te', 'met', 'voor', 'zijn', 'er', 'maar', 'ook', 'dat', 'die',
		'wij', 'we', 'ik', 'zeer', 'goed', 'goede', 'erg', 'mooi', 'kamer', 'personeel', 'ontbijt', 'lekker', 'wel', 'geen', 'nog',
		'heeft', 'hebben', 'waren', 'werd'
	]
};

/**
 * For each marker as written and folded, the languages whose markers hold it. A word in k
 * languages gives each 1/k: "que" or "la" say little, "the", "und", "très" or "não" say much.
 * Forms as written come first, so "très" is French even though "tres" is a Spanish word; folded
 * forms of two letters are left out ("só" and "é" are Portuguese, "so" and "e" are not only that).
 */
const DETECT: ReadonlyMap<string, readonly Language[]> = (() => {
	const written = new Map<string, Set<Language>>();
	const add = (map: Map<string, Set<Language>>, word: string, language: Language) => {
		let set = map.get(word);
		if (!set) map.set(word, (set = new Set()));
		set.add(language);
	};
	for (const language of LANGUAGES) for (const word of MARKERS[language]) add(written, word, language);
	const out = new Map<string, readonly Language[]>();
	for (const [word, set] of written) out.set(word, [...set]);
	const folded = new Map<string, Set<Language>>();
	for (const [word, set] of written) {
		const f = fold(word);
		if (f === word || f.length < 3 || written.has(f)) continue;
		for (const language of set) add(folded, f, language);
	}
	for (const [word, set] of folded) out.set(word, [...set]);
	return out;
})();

function noVotes(): LanguageVotes {
	return { en: 0, pt: 0, es: 0, fr: 0, de: 0, it: 0, nl: 0 };
}

/**
 * How strongly each language shows in a text's words (lower case, as `words` gives them): the sum
 * over its words of 1/k for each of the k languages whose markers (`MARKERS`) hold the word. This is the stop-word method of language identification (Grefenstette 1995, "Comparing
 * two language identification schemes"), which needs no model and works on the short comments
 * where character n-gram detectors are least sure.
 */
export function languageVotes(words: readonly string[]): LanguageVotes {
	const votes = noVotes();
	for (const word of words) {
		const languages = DETECT.get(word.replace(/’/g, "'"));
		if (!languages) continue;
		const share = 1 / languages.length;
		for (const language of languages) votes[language] += share;
	}
	return votes;
}

/**
 * The language with the most evidence (`languageVotes`). With none, or when two languages tie for
 * the most (a short comment such as "produto excelente" has no grammar words; "la camera era"
 * could be Spanish or Italian), `fallback` decides: the board's language.
 */
export function languageOf(votes: LanguageVotes, fallback: Language): Language {
	let best: Language = fallback;
	let top = 0;
	let tie = false;
	for (const language of LANGUAGES) {
		const v = votes[language];
		if (v > top + 1e-9) {
			best = language;
			top = v;
			tie = false;
		} else if (v > 0 && Math.abs(v - top) <= 1e-9) tie = true;
	}
	return top === 0 || tie ? fallback : best;
}

/** The language of a text's words (`languageOf` over `languageVotes`), `fallback` on a tie. */
export function detectLanguage(words: readonly string[], fallback: Language = 'en'): Language {
	return languageOf(languageVotes(words), fallback);
}

/**
 * The language most comments of a board are written in, given each comment's votes: the language
 * of the most comments whose own language is clear; English when none is, or on a tie.
 */
export function majorityLanguage(perText: Iterable<LanguageVotes>): Language {
	const counts = noVotes();
	const none = 'none' as unknown as Language;
	for (const votes of perText) {
		const language = languageOf(votes, none);
		if (language !== none) counts[language]++;
	}
	return languageOf(counts, 'en');
}

const STEMMERS: Record<Language, (word: string) => string> = {
	en: stemEnglish,
	pt: stemPortuguese,
	es: stemSpanish,
	fr: stemFrench,
	de: stemGerman,
	it: stemItalian,
	nl: stemDutch
};

/** Keeps stems of the same word identical across comments; stemming dominates tokenising time. */
const stemCache = new Map<string, string>();

/**
 * The folded stem of one word in a language (the Snowball stemmer of that language, as
 * @orama/stemmers implements it): "entregue" -> "entreg", "habitaciones" -> "habit",
 * "Zimmers" -> "zimm".
 */
export function stem(word: string, language: Language): string {
	const key = language + word;
	let out = stemCache.get(key);
	if (out === undefined) {
		out = fold(STEMMERS[language](word));
		if (stemCache.size > 200_000) stemCache.clear();
		stemCache.set(key, out);
	}
	return out;
}

/**
 * French and Italian articles and pronouns written onto the next word with an apostrophe:
 * "l'hôtel", "d'eau", "j'adore", "qu'il", "dell'hotel", "un'esperienza". English contractions put
 * the apostrophe after the word ("don't", "it's") and are not among these.
 */
const ELISION = /^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|dell|dall|nell|sull|all|coll|un|quest|quell|nessun|sant)['’](?=[\p{L}\p{M}]{2})/u;

/**
 * The words of a text with elided articles split off ("l'hôtel" -> "l", "hôtel"), so that the
 * article is a grammar word of its own and the noun is the same word as without it.
 */
export function splitElisions(words: string[]): string[] {
	let out: string[] | null = null;
	for (let i = 0; i < words.length; i++) {
		const word = words[i];
		const match = word.length > 3 && (word.includes("'") || word.includes('’')) ? ELISION.exec(word) : null;
		if (!match) {
			out?.push(word);
			continue;
		}
		out ??= words.slice(0, i);
		out.push(match[1], word.slice(match[0].length));
	}
	return out ?? words;
}

const ENGLISH_NEGATIONS = [
	'not', 'no', 'never', 'nor', 'cannot', "don't", "didn't", "doesn't", "isn't", "wasn't", "weren't", "aren't", "can't",
	"couldn't", "won't", "wouldn't", "haven't", "hasn't", "hadn't", "shouldn't", "ain't"
];

/**
 * Negations of each language, folded, English ones included (mixed comments). Portuguese is
 * nlp.js's list (`@nlpjs/lang-pt`); the others are the negative particles, "never", "no one",
 * "nothing", "none" and "without" of each language's grammar ("sin complicaciones", "ohne
 * Probleme" are praise). French "ne"/"n'" open a negation that "pas", "jamais" or "rien" close.
 */
const NEGATIONS: Record<Language, ReadonlySet<string>> = (() => {
	const portuguese = (negationsPt as { words: string[] }).words;
	const own: Record<Language, readonly string[]> = {
		en: portuguese,
		pt: portuguese,
		es: ['no', 'nunca', 'jamás', 'ni', 'sin', 'tampoco', 'nadie', 'nada', 'ningún', 'ninguna', 'ninguno'],
		fr: ['ne', 'n', 'pas', 'jamais', 'aucun', 'aucune', 'sans', 'rien', 'ni'],
		de: ['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nichts', 'ohne'],
		it: ['non', 'mai', 'niente', 'nessun', 'nessuno', 'nessuna', 'senza', 'né'],
		nl: ['niet', 'geen', 'nooit', 'niets', 'zonder', 'nee']
	};
	const out = {} as Record<Language, ReadonlySet<string>>;
	for (const language of LANGUAGES) out[language] = new Set([...ENGLISH_NEGATIONS, ...own[language]].map(fold));
	return out;
})();

/** The negations of a language, folded ("não", "nicht", "pas"; English ones in every language). */
export function negations(language: Language = 'en'): ReadonlySet<string> {
	return NEGATIONS[language];
}
