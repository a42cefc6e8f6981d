import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

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
 * Whether a phone-number match reads as one to a person and not as a date, an amount or an
 * order number, which national formats also parse: 8 to 15 digits (ITU-T E.164), and a `+`, a
 * leading 0, separators, or at least 10 digits.
 */
function looksLikePhone(candidate: string): boolean {
	const digits = candidate.replace(/\D/g, '');
	if (digits.length < 8 || digits.length > 15) return false;
	const t = candidate.trim();
	if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(t) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(t) || /^\d{4}\s*-\s*\d{4}$/.test(t)) return false;
	return t.startsWith('+') || t.startsWith('0') || /[\s().\/-]/.test(t) || digits.length >= 10;
}

export const EMAIL_MASK = '[e-mail]';
export const PHONE_MASK = '[phone]';

/**
 * The spans `[start, end)` of phone numbers in a text, in any of the formats libphonenumber-js
 * (Google's libphonenumber metadata) knows: international (`+33 6 12 34 56 78`,
 * `+49 (0)30 12 34 56 78`) and the national formats of `NATIONAL_FORMATS`.
 */
function phoneSpans(text: string): [number, number][] {
	const spans: [number, number][] = [];
	for (const country of NATIONAL_FORMATS) {
		for (const found of findPhoneNumbersInText(text, { defaultCountry: country })) {
			if (looksLikePhone(text.slice(found.startsAt, found.endsAt))) spans.push([found.startsAt, found.endsAt]);
		}
	}
	spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
	const merged: [number, number][] = [];
	for (const s of spans) {
		const last = merged.at(-1);
		if (last && s[0] < last[1]) last[1] = Math.max(last[1], s[1]);
		else merged.push([s[0], s[1]]);
	}
	return merged;
}

/** Replaces e-mail addresses and phone numbers in a text with `[e-mail]` and `[phone]`. */
export function maskContacts(text: string): string {
	if (!text) return text;
	let out = text.includes('@') || text.includes('＠') ? text.replace(EMAIL, EMAIL_MASK) : text;
	if (!DIGITS.test(out)) return out;
	const spans = phoneSpans(out);
	for (let i = spans.length - 1; i >= 0; i--) out = out.slice(0, spans[i][0]) + PHONE_MASK + out.slice(spans[i][1]);
	return out;
}
