import { toWellFormed } from '../text/wellformed';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * Decodes the HTML entities exports leave in text (`&amp;`, `&#8217;`). Some exporters write an
 * emoji as two entities, one per UTF-16 surrogate (`&#55357;&#56397;`): a pair is joined into its
 * character, and a lone surrogate entity becomes U+FFFD instead of half a character.
 */
export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	const decoded = text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (match, name: string) => {
		const lower = name.toLowerCase();
		if (lower in ENTITIES) return ENTITIES[lower];
		if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16)) ?? match;
		if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10)) ?? match;
		return match;
	});
	return decoded === text ? text : toWellFormed(decoded);
}

/** A surrogate comes back as its code unit, for the pair check above. */
function safeCodePoint(n: number): string | null {
	if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff) return null;
	return n >= 0xd800 && n <= 0xdfff ? String.fromCharCode(n) : String.fromCodePoint(n);
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

/** A metadata value: one line, single spaces (values that differ only by whitespace become one). */
export function cleanValue(text: string): string {
	if (!/\s\s|^\s|\s$|[\u00a0\u2007\u202f\t\n\r]/.test(text)) return text;
	return text.replace(/[\u00a0\u2007\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
}
