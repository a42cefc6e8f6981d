/** Punctuation that already ends a sentence or a clause, in the scripts comments come in. */
const ENDS = /[.!?…:;。！？．]["'”’)\]]*$/u;

/**
 * Parts of an accessible name or a spoken message read as sentences: empty parts are left out,
 * each is trimmed, and ". " goes between two parts unless the first already ends in punctuation
 * that closes a sentence ("It broke." + "Satisfaction: 4" → "It broke. Satisfaction: 4", never
 * "It broke.. Satisfaction: 4"). A screen reader reads a doubled full stop out on some settings.
 */
export function sentences(parts: readonly (string | null | undefined | false)[]): string {
	let out = '';
	for (const raw of parts) {
		const part = raw ? raw.trim() : '';
		if (!part) continue;
		out = !out ? part : ENDS.test(out) ? `${out} ${part}` : `${out}. ${part}`;
	}
	return out;
}
