import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as string from 'lib0/string';
import { describe, expect, it } from 'vitest';
import { FAST, NATIVE, shortStrings } from './vite-short-strings';

/** The replacement as a function, bound to lib0's own helpers. */
const fastRead = new Function('readVarUint', 'readUint8Array', 'string', FAST.replace('export const _readVarStringNative =', 'return'))(
	decoding.readVarUint,
	decoding.readUint8Array,
	string
) as (decoder: decoding.Decoder) => string;

const encode = (xs: string[]) => {
	const e = encoding.createEncoder();
	for (const x of xs) encoding.writeVarString(e, x);
	return encoding.toUint8Array(e);
};

describe('short-string decoding', () => {
	it('matches the installed lib0, so the build can replace it', () => {
		const file = join(dirname(createRequire(import.meta.url).resolve('lib0/package.json')), 'decoding.js');
		expect(NATIVE.test(readFileSync(file, 'utf8'))).toBe(true);
		const plugin = shortStrings() as { transform: (code: string, id: string) => { code: string } | null };
		const out = plugin.transform.call({ error: (m: string) => { throw new Error(m); } }, readFileSync(file, 'utf8'), file);
		expect(out?.code).toContain('if (len <= 32');
		expect(plugin.transform.call({}, 'x', '/a/node_modules/lib0/encoding.js')).toBeNull();
	});

	it('reads every string as lib0 does (ASCII, any script, lone surrogates), and leaves the decoder at the same place', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 80 }))), (xs) => {
				const bytes = encode(xs);
				const a = decoding.createDecoder(bytes);
				const b = decoding.createDecoder(bytes);
				for (let i = 0; i < xs.length; i++) {
					const expected = decoding.readVarString(a);
					expect(fastRead(b)).toBe(expected);
					expect(b.pos).toBe(a.pos);
				}
			})
		);
	});

	it('fails on a truncated string as lib0 does', () => {
		const bytes = encode(['hello world']).subarray(0, 5);
		expect(() => decoding.readVarString(decoding.createDecoder(bytes))).toThrow();
		expect(() => fastRead(decoding.createDecoder(bytes))).toThrow();
	});
});
