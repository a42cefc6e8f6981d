/** Ids carry their kind as a prefix so a stray id in a log or an export says what it is. */
export type IdKind = 'note' | 'grp' | 'imp' | 'task' | 'dept' | 'board' | 'ws';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(kind: IdKind, length = 12): string {
	const bytes = new Uint8Array(length);
	crypto.getRandomValues(bytes);
	let out = '';
	for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
	return `${kind}_${out}`;
}

export function isId(kind: IdKind, value: unknown): value is string {
	return typeof value === 'string' && value.startsWith(`${kind}_`) && value.length > kind.length + 1;
}
