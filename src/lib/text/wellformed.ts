/**
 * Well-formed UTF-16: no lone surrogates. A lone surrogate (half of an emoji, cut by a code-unit
 * slice) cannot be encoded as UTF-8, so JSON backups, CSV and PostgreSQL text would turn it into
 * U+FFFD or reject it. `String.prototype.isWellFormed`/`toWellFormed` (ES2024) are used where the
 * runtime has them (Node 20, Chromium 111+, Firefox 119+, Safari 16.4+); a regex does the same elsewhere.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

type Es2024String = { isWellFormed?: () => boolean; toWellFormed?: () => string };
const native = String.prototype as unknown as Es2024String;

/** True when `text` has no lone surrogate. */
export function isWellFormed(text: string): boolean {
	return native.isWellFormed ? native.isWellFormed.call(text) : !LONE_SURROGATE.test(text);
}

/** `text` with every lone surrogate replaced by U+FFFD (what a UTF-8 encoder would write). */
export function toWellFormed(text: string): string {
	if (native.toWellFormed) return native.toWellFormed.call(text);
	return text.replace(LONE_SURROGATES, '\uFFFD');
}

/**
 * The character for a code point from untrusted input (an HTML entity such as `&#xD83D;`):
 * null when it is not a Unicode scalar value (out of range, or a surrogate, which alone would
 * leave a lone surrogate in the text), or NUL.
 */
export function scalarToString(codePoint: number): string | null {
	if (!Number.isInteger(codePoint) || codePoint <= 0 || codePoint > 0x10ffff) return null;
	if (codePoint >= 0xd800 && codePoint <= 0xdfff) return null;
	return String.fromCodePoint(codePoint);
}
