import { decodeHTMLStrict } from 'entities/decode';
import { toWellFormed } from '../text/wellformed';

/** A named (`&euro;`), decimal (`&#39;`) or hexadecimal (`&#x20AC;`) character reference, with its semicolon. */
const REFERENCE = /&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);/i;
/** Two numeric references that are the two halves (UTF-16 surrogates) of one character. */
const SURROGATE_PAIR = /&#(x[0-9a-f]+|[0-9]+);&#(x[0-9a-f]+|[0-9]+);/gi;

const codeOf = (ref: string) => (ref[0] === 'x' || ref[0] === 'X' ? parseInt(ref.slice(1), 16) : parseInt(ref, 10));

/**
 * Decodes the HTML character references exports leave in text (`&euro;49`, `&amp;`, `&#39;`,
 * `&#x1F44D;`), with the whole HTML list of named references (the `entities` package, strict:
 * a reference needs its semicolon, so "AT&T" or "price&notes" stay as written). Text without a
 * reference comes back as it is; tags are never read (`<b>` stays, `&lt;b&gt;` becomes `<b>` as
 * text). Some exporters write an emoji as two references, one per UTF-16 surrogate
 * (`&#55357;&#56397;`): a pair is joined into its character, and a lone surrogate becomes U+FFFD
 * instead of half a character.
 */
export function decodeEntities(text: string): string {
	if (!text.includes('&') || !REFERENCE.test(text)) return text;
	const paired = text.replace(SURROGATE_PAIR, (match, hi: string, lo: string) => {
		const [h, l] = [codeOf(hi), codeOf(lo)];
		return h >= 0xd800 && h <= 0xdbff && l >= 0xdc00 && l <= 0xdfff ? String.fromCharCode(h, l) : match;
	});
	const decoded = decodeHTMLStrict(paired);
	return decoded === text ? text : toWellFormed(decoded);
}

/** A comment as it goes on a note: entities decoded, odd spaces made plain, ends trimmed,
 * line breaks kept (a long answer keeps its paragraphs). */
export function cleanComment(text: string): string {
	if (!/[&\u00a0\u2007\u202f\n]|^\s|\s$/.test(text)) return text;
	return decodeEntities(text)
		.replace(/[\u00a0\u2007\u202f]/g, ' ')
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** A metadata value: character references decoded, one line, single spaces (values that differ
 * only by whitespace become one). */
export function cleanValue(text: string): string {
	if (!/\s\s|^\s|\s$|[&\u00a0\u2007\u202f\t\n\r]/.test(text)) return text;
	return decodeEntities(text).replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
}
