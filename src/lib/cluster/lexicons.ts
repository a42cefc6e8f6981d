import type { Language } from './language';

/**
 * Words of customer reviews whose polarity the general lexicons get wrong or miss, on the AFINN
 * scale (-5 … 5), written as customers write them; sentiment.ts stems them with the language's
 * stemmer, and a word here overrides the general lexicon's score for its stem.
 *
 * Why they exist: nlp.js's lexicons for these languages (ML-SentiCon for Spanish and German,
 * Pattern for French and Italian) score review words the wrong way round or not at all: Spanish
 * "solución" and "problema" (as in "no me dieron ninguna solución") and French "sale" ("dirty") and
 * "cher" positive, German "schrecklich" and "unhöflich" about 0, Italian "caro" positive. Measured
 * on the hand-made sentences in tests/fixtures/languages (BENCHMARKS.md, "Comment languages").
 *
 * What is here: the praise and complaint words of hotel, shop and service reviews (staff, rooms,
 * food, cleanliness, location, price, delivery, customer service, noise, products), with the
 * words a topic is named by ("solución", "problema", "Lösung") set to 0 or kept mildly negative,
 * so that a comment is not praise or complaint for naming its topic. Negations are handled by
 * sentiment.ts ("no funciona", "funktioniert nicht", "sin complicaciones").
 */
export const REVIEW_WORDS: Partial<Record<Language, Readonly<Record<string, number>>>> = {
	es: {
		amable: 3, atento: 2, atenta: 2, simpático: 2, simpáticos: 2, servicial: 2, serviciales: 2, cómodo: 2, cómoda: 2, comodísima: 3,
		comodísimo: 3, amplio: 2, amplia: 2, luminoso: 2, luminosa: 2, precioso: 3, preciosa: 3, delicioso: 3, deliciosa: 3, rico: 2,
		rica: 2, riquísimo: 3, riquísima: 3, buenísimo: 3, buenísima: 3, bueno: 2, buena: 2, buen: 2, bien: 2, genial: 3, geniales: 3,
		excelente: 3, estupendo: 3, estupenda: 3, perfecto: 3, perfecta: 3, perfectamente: 3, impecable: 3, limpio: 2, limpia: 2,
		limpísimo: 3, tranquilo: 2, tranquila: 2, rápido: 2, rápida: 2, recomiendo: 2, recomendable: 2, encantado: 3, encantada: 3,
		encanta: 3, maravilla: 3, maravilloso: 3, maravillosa: 3, fantástico: 3, fantástica: 3, satisfecho: 2, satisfecha: 2,
		razonable: 1, gracias: 2, resolvió: 2, resuelto: 2, ayudaron: 2, agradable: 2, espectacular: 3, contento: 2, contenta: 2,
		feliz: 3, superó: 2, disfrutaron: 2, disfrutamos: 2, volveremos: 2, volveré: 2, funciona: 1, atención: 0, solución: 0,
		grosero: -3, groseros: -3, maleducado: -3, maleducados: -3, antipático: -3, antipáticos: -3, sucio: -3, sucia: -3,
		suciedad: -3, pequeño: -1, pequeña: -1, oscuro: -1, oscura: -1, humedad: -2, pobre: -2, escaso: -2, escasa: -2, frío: -1,
		fría: -1, caro: -2, cara: -2, pésimo: -4, pésima: -4, ruidoso: -2, ruidosa: -2, ruido: -2, peligroso: -2, peligrosa: -2,
		abusivo: -3, estafa: -4, retraso: -2, roto: -3, rota: -3, faltaban: -2, faltaba: -2, inútil: -3, horrible: -4, horribles: -4,
		incómodo: -2, incómoda: -2, malísimo: -4, malísima: -4, malo: -3, mala: -3, mal: -3, decepción: -3, decepcionado: -3,
		decepcionada: -3, desastre: -4, viejo: -1, vieja: -1, cerrada: -1, cerrado: -1, fatal: -4, terrible: -4, problema: -1,
		queja: -2, imposible: -2, lento: -2, lenta: -2, lamentable: -3, vergüenza: -3, desear: -2, tardó: -1, complicaciones: -1,
		devuelvan: -1, olía: -2, mar: 0
	},
	fr: {
		aimable: 3, attentionné: 2, attentionnée: 2, souriant: 2, souriants: 2, serviable: 2, serviables: 2, spacieux: 2, spacieuse: 2,
		lumineux: 2, lumineuse: 2, confortable: 2, magnifique: 3, délicieux: 3, délicieuse: 3, copieux: 2, excellent: 3,
		excellente: 3, bon: 2, bonne: 2, bien: 2, impeccable: 3, propre: 2, propreté: 1, parfait: 3, parfaite: 3, parfaitement: 3,
		idéal: 3, raisonnable: 1, recommande: 2, rapide: 2, calme: 2, agréable: 2, agréables: 2, savoureux: 3, ravi: 3, ravie: 3,
		adore: 3, adoré: 3, merveilleux: 3, merveilleuse: 3, génial: 3, merci: 2, chaleureux: 3, satisfait: 2, satisfaite: 2,
		formidable: 3, superbe: 3, super: 2, sympa: 2, gentil: 2, réglé: 2, aidé: 2, patients: 1, reviendrons: 2, conseille: 2,
		facile: 1, simple: 1, marche: 1, fonctionne: 1, solution: 0,
		impoli: -3, désagréable: -3, froid: -1, froids: -1, sombre: -1, humidité: -2, sale: -3, médiocre: -3, pauvre: -2,
		cher: -2, chère: -2, trop: -1, désirer: -2, nul: -3, nulle: -3, bruyant: -2, bruit: -2, dangereux: -2, abusif: -3,
		arnaque: -4, retard: -2, cassé: -3, cassée: -3, manquait: -2, manque: -2, inutile: -3, inconfortable: -2, horrible: -4,
		horribles: -4, mauvais: -3, mauvaise: -3, mal: -3, déception: -3, déçu: -3, déçue: -3, catastrophe: -4, vétuste: -2,
		glacial: -2, problème: -1, lent: -2, décevant: -3, insupportable: -3, bof: -2, remboursé: -1, fermée: -1, fermé: -1
	},
	de: {
		freundlich: 3, freundliche: 3, aufmerksam: 2, nett: 2, nette: 2, hilfsbereit: 3, hilfsbereite: 3, geräumig: 2, hell: 1,
		gemütlich: 2, wunderschön: 3, wunderschönes: 3, lecker: 3, reichhaltig: 2, toll: 3, tolles: 3, tadellos: 3, sauber: 2,
		sauberes: 2, hervorragend: 3, perfekt: 3, super: 3, empfehlenswert: 3, empfehlen: 2, günstig: 2, schnell: 2, schnelle: 2,
		einwandfrei: 3, einwandfreiem: 3, gelöst: 2, geduldig: 2, geholfen: 2, ruhig: 2, ruhige: 2, bequem: 2, angenehm: 2,
		köstlich: 3, begeistert: 3, liebe: 3, wunderbar: 3, wunderbares: 3, gerne: 2, dank: 2, danke: 2, unkompliziert: 2,
		herzlich: 3, herzlicher: 3, zufrieden: 2, großartig: 3, großartiger: 3, besser: 2, gut: 2, gute: 2, gutes: 2, gutem: 2,
		prima: 3, klasse: 3, funktioniert: 1, funktionierte: 1, lösung: 0, problem: -1,
		unhöflich: -3, unfreundlich: -3, mürrische: -2, mürrisch: -2, muffig: -2, schmutzig: -3, schmutziges: -3, dunkel: -1,
		dürftig: -2, kalt: -1, kalter: -1, schlecht: -3, schlechtes: -3, schlechter: -3, teuer: -2, dreckig: -3, wünschen: -2,
		schrecklich: -4, schreckliches: -4, laut: -2, laute: -2, gefährlich: -2, gefährliche: -2, überteuert: -3, überteuerter: -3,
		abzocke: -4, verspätung: -2, kaputt: -3, fehlten: -2, fehlte: -2, nutzlos: -3, unbequem: -2, furchtbar: -4,
		furchtbarer: -4, ungenießbar: -4, katastrophe: -4, enttäuschung: -3, enttäuscht: -3, zumutung: -3, alt: -1, altes: -1,
		geschlossen: -1, mangel: -2, leider: -2, lärm: -3, ärgerlich: -3, langsam: -2
	},
	it: {
		gentile: 3, gentili: 3, disponibile: 2, disponibili: 2, simpatico: 2, simpatici: 2, cordiale: 2, cordiali: 2, spazioso: 2,
		spaziosa: 2, luminoso: 2, luminosa: 2, confortevole: 2, bellissimo: 3, bellissima: 3, bello: 2, bella: 2, delizioso: 3,
		deliziosa: 3, abbondante: 2, ottimo: 3, ottima: 3, buono: 2, buona: 2, buon: 2, bene: 2, benissimo: 3, impeccabile: 3,
		pulito: 2, pulita: 2, pulitissimo: 3, pulizia: 0, eccellente: 3, perfetto: 3, perfetta: 3, perfette: 3, perfettamente: 3,
		ragionevole: 1, consiglio: 2, consigliato: 2, veloce: 2, risolto: 2, pazienti: 1, aiutato: 2, tranquillo: 2, tranquilla: 2,
		comodo: 2, comoda: 2, comodissimo: 3, piacevole: 2, piacevoli: 2, squisito: 3, entusiasta: 3, adoro: 3, meraviglioso: 3,
		meravigliosa: 3, fantastico: 3, grazie: 2, semplice: 1, stupendo: 3, stupenda: 3, divertiti: 2, calorosa: 3, caloroso: 3,
		soddisfatto: 2, soddisfatta: 2, splendido: 3, splendida: 3, torneremo: 2, funziona: 1, funzionava: 1, soluzione: 0,
		scortese: -3, maleducato: -3, antipatico: -3, antipatici: -3, piccola: -1, piccolo: -1, buia: -1, buio: -1, puzzava: -3,
		puzza: -3, umido: -2, sporco: -3, sporca: -3, scarso: -2, scarsa: -2, freddo: -1, fredda: -1, pessimo: -4, pessima: -4,
		caro: -2, cara: -2, troppo: -1, desiderare: -2, lontano: -1, rumoroso: -2, rumorosa: -2, rumore: -2, pericoloso: -2,
		pericolosa: -2, esagerato: -2, truffa: -4, ritardo: -2, rotto: -3, rotta: -3, mancavano: -2, mancava: -2, inutile: -3,
		scomodo: -2, scomoda: -2, orribile: -4, orribili: -4, immangiabile: -4, delusione: -3, deluso: -3, delusa: -3, disastro: -4,
		vecchio: -1, vecchia: -1, chiuso: -1, chiusa: -1, malissimo: -4, male: -3, problema: -1, lento: -2, brutto: -3, brutta: -3,
		impossibile: -2
	}
};
