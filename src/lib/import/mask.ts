import { isValidPhoneNumber, type CountryCode } from 'libphonenumber-js';

/**
 * An e-mail address in any script: a local part of letters (with their combining marks), digits
 * and RFC 5322's atom characters, `@` or the full-width `＠` (U+FF20), and a domain of letters,
 * digits and hyphens (internationalised domain names as people type them). The lookbehind keeps a
 * match from starting inside a word, so `josé.garcía@…` is masked whole, never from `garcía`.
 */
const EMAIL = /(?<![\p{L}\p{M}\p{N}._%+'-])[\p{L}\p{M}\p{N}._%+'-]+[@＠](?:[\p{L}\p{M}\p{N}-]+\.)+[\p{L}\p{M}]{2,}(?![\p{L}\p{M}\p{N}])/gu;

/**
 * Countries whose national formats are tried for numbers written without a country code
 * (`06 12 34 56 78`): the languages the import reads (English, French, German, Spanish,
 * Portuguese) and their largest markets. Numbers with a `+` prefix are read whatever the list.
 */
const NATIONAL_FORMATS: CountryCode[] = ['FR', 'DE', 'ES', 'PT', 'BR', 'GB', 'US', 'IT', 'NL', 'BE', 'CH', 'AT'];

/** Six digits with at most one separator between each: the cheapest test that a text may hold a phone number. */
const DIGITS = /\d(?:\D?\d){5}/;

/**
 * Whether a phone-number match reads as one to a person and not as a date, an amount, a decimal
 * number or an order number, which national formats also parse: 8 to 15 digits (ITU-T E.164),
 * and a `+`, a leading 0, separators, or at least 10 digits. A run of digits with one decimal
 * point or comma and nothing else (a latitude `45.421611`, a measure `12,376187`) is a number:
 * phone numbers written with dots have several (`06.12.34.56.78`).
 */
function looksLikePhone(candidate: string): boolean {
	const digits = candidate.replace(/\D/g, '');
	if (digits.length < 8 || digits.length > 15) return false;
	const t = candidate.trim();
	if (/^\d+[.,]\d+$/.test(t)) return false;
	if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(t) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(t) || /^\d{4}\s*-\s*\d{4}$/.test(t)) return false;
	return t.startsWith('+') || t.startsWith('0') || /[\s().\/-]/.test(t) || digits.length >= 10;
}

export const EMAIL_MASK = '[e-mail]';
export const PHONE_MASK = '[phone]';

/**
 * Runs of digits with the separators people type in phone numbers (`+`, spaces, brackets, dots,
 * slashes, hyphens): the candidates that libphonenumber-js then reads.
 */
const CANDIDATE = /(?<![\p{L}\p{N}@＠])\+?\(?\d[\d\s().\/-]{6,}\d(?![\p{L}\p{N}@＠])/gu;

/**
 * Whether a candidate is a phone number by libphonenumber-js (Google's libphonenumber metadata):
 * valid as written with its country code (`+33 6 12 34 56 78`, `+49 (0)30 12 34 56 78`), or valid
 * in one of the national formats of `NATIONAL_FORMATS` (`06 12 34 56 78`, `612 34 56 78`).
 * A number with a `+` or a trunk prefix `0` and 9 digits or more is masked even when the metadata
 * does not know its range: a missed number is worse than a masked order number.
 */
function isPhoneNumber(candidate: string): boolean {
	if (!looksLikePhone(candidate)) return false;
	const digits = candidate.replace(/\D/g, '').length;
	if (candidate.startsWith('+')) return true;
	if (candidate.startsWith('0') && digits >= 9) return true;
	return NATIONAL_FORMATS.some((country) => isValidPhoneNumber(candidate, country));
}

/** Replaces e-mail addresses and phone numbers in a text with `[e-mail]` and `[phone]`. */
export function maskContacts(text: string): string {
	if (!text) return text;
	let out = text.includes('@') || text.includes('＠') ? text.replace(EMAIL, EMAIL_MASK) : text;
	if (!DIGITS.test(out)) return out;
	return out.replace(CANDIDATE, (match) => {
		// A run may end in a separator that belongs to the sentence ("call 06 12 34 56 78.").
		const trimmed = match.replace(/[\s(.\/-]+$/, '');
		return isPhoneNumber(trimmed) ? PHONE_MASK + match.slice(trimmed.length) : match;
	});
}
