import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Bytes of a small fixture in tests/fixtures/import. */
export function fixture(name: string): Uint8Array {
	return new Uint8Array(readFileSync(resolve(process.cwd(), 'tests/fixtures/import', name)));
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
