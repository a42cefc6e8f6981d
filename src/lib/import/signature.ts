/** A stable fingerprint of a file's header row: next month's export of the same survey has the
 * same signature, so its mapping can be reused. Case and spacing do not matter. */
export function headerSignature(columnNames: string[]): string {
	const text = columnNames.map((n) => n.trim().replace(/\s+/g, ' ').toLowerCase()).join('\u0001');
	return `h${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x01000193)}`;
}

function fnv1a(text: string, seed: number): string {
	let h = seed >>> 0;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h.toString(16).padStart(8, '0');
}
