// The masking of comments before libphonenumber-js (regular expressions only), kept as the benchmark's baseline.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Digits with the separators people type in phone numbers; checked further in `isPhone`.
const PHONE = /(?<![\w@])\+?\(?\d[\d\s().\/-]{6,}\d(?![\w@])/g;

function isPhone(candidate: string): boolean {
	const digits = candidate.replace(/\D/g, '');
	if (digits.length < 8 || digits.length > 15) return false;
	// Dates, date ranges and times are not phone numbers.
	if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(candidate.trim())) return false;
	if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(candidate.trim())) return false;
	if (/^\d{4}\s*-\s*\d{4}$/.test(candidate.trim())) return false;
	return candidate.startsWith('+') || /[\s().\/-]/.test(candidate) || digits.length >= 10 || candidate.startsWith('0');
}

export const EMAIL_MASK = '[e-mail]';
export const PHONE_MASK = '[phone]';

/** Replaces e-mail addresses and phone numbers in a comment with placeholders. */
export function maskContacts(text: string): string {
	if (!text) return text;
	let out = text.includes('@') ? text.replace(EMAIL, EMAIL_MASK) : text;
	if (/\d{3}/.test(out)) {
		out = out.replace(PHONE, (match) => {
			const trimmed = match.replace(/[\s(.\/-]+$/, '');
			const tail = match.slice(trimmed.length);
			return isPhone(trimmed) ? PHONE_MASK + tail : match;
		});
	}
	return out;
}
