/**
 * Text direction for right-to-left comments (Arabic, Hebrew, Persian, Urdu...). The browser finds
 * a paragraph's direction with `dir="auto"`; exports that are not HTML (SVG, Markdown, plain
 * text) need the same answer, and isolation so that a right-to-left comment next to left-to-right
 * metadata ("— customer 1042, Lisbon") does not reorder its neighbours.
 *
 * Direction is that of the first strong character (rules P2 and P3 of the Unicode Bidirectional
 * Algorithm, UAX #9, as `dir="auto"` does), skipping text inside isolates. Strong right-to-left
 * characters are taken as the letters of the right-to-left scripts; JavaScript regexes have no
 * Bidi_Class property, and these scripts are where letters of class R and AL live.
 */

export type Direction = 'ltr' | 'rtl';

/** First Strong Isolate and Pop Directional Isolate (UAX #9): invisible bidi isolation for plain text. */
export const FSI = '\u2068';
export const PDI = '\u2069';

const RTL_SCRIPTS =
	'\\p{Script=Arabic}\\p{Script=Hebrew}\\p{Script=Syriac}\\p{Script=Thaana}\\p{Script=Nko}\\p{Script=Samaritan}' +
	'\\p{Script=Mandaic}\\p{Script=Adlam}\\p{Script=Hanifi_Rohingya}\\p{Script=Mende_Kikakui}\\p{Script=Imperial_Aramaic}' +
	'\\p{Script=Phoenician}\\p{Script=Avestan}\\p{Script=Old_South_Arabian}\\p{Script=Nabataean}\\p{Script=Palmyrene}';
const RTL_LETTER = new RegExp(`[${RTL_SCRIPTS}]`, 'u');
const STRONG_OR_ISOLATE = new RegExp(`\\p{L}|[\\u2066-\\u2069]`, 'gu');
const RTL_MARK = /[\u200f\u061c]/;

/**
 * The direction of the first strong character of `text` outside isolates, or null when it has
 * none (digits, punctuation, emoji only): callers then use the surrounding direction.
 */
export function firstStrongDirection(text: string): Direction | null {
	if (!RTL_LETTER.test(text) && !RTL_MARK.test(text)) return /\p{L}/u.test(text) ? 'ltr' : null;
	let depth = 0;
	for (const m of text.matchAll(STRONG_OR_ISOLATE)) {
		const ch = m[0];
		if (ch === PDI) depth = Math.max(0, depth - 1);
		else if (ch >= '\u2066' && ch <= '\u2068') depth++;
		else if (depth === 0) return RTL_LETTER.test(ch) ? 'rtl' : 'ltr';
	}
	return null;
}

/**
 * Bidi embedding and override controls (LRE, RLE, PDF, LRO, RLO, U+202A-U+202E) and isolates
 * (LRI, RLI, FSI, PDI, U+2066-U+2069). One left open in a name reverses the text drawn after it,
 * and an override inside one ("\u202Etxt.exe") shows letters in another order than they are
 * stored: names people read (display names, group names, departments) never keep them. The
 * marks LRM and RLM (U+200E, U+200F) are not among them; they set no direction for what follows.
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** `text` without bidi embedding, override and isolate controls ({@link BIDI_CONTROLS}). */
export function stripBidiControls(text: string): string {
	return text.replace(BIDI_CONTROLS, '');
}

/** True when `text` contains any right-to-left letter. */
export function hasRtl(text: string): boolean {
	return RTL_LETTER.test(text);
}

/**
 * `text` wrapped in FSI ... PDI when it contains right-to-left letters, so that in plain text
 * (Markdown, e-mail, task trackers) it takes its own direction and does not reorder the text around
 * it. Left-to-right text is returned unchanged.
 */
export function isolate(text: string): string {
	return hasRtl(text) ? FSI + text + PDI : text;
}

/** Removes one pair of isolation marks added by {@link isolate}. */
export function unisolate(text: string): string {
	return text.length >= 2 && text.startsWith(FSI) && text.endsWith(PDI) ? text.slice(1, -1) : text;
}
