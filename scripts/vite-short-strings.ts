import type { Plugin } from 'vite';

/**
 * What lib0's `decoding.js` (0.2.x) says for reading one UTF-8 string: one `TextDecoder.decode`
 * call per string. The plugin replaces exactly this definition; the build fails when it is not
 * found, so a lib0 that changed it is looked at again instead of silently losing the fast path.
 */
export const NATIVE = /export const _readVarStringNative = decoder =>\s*\/\*\* @type any \*\/ \(string\.utf8TextDecoder\)\.decode\(readVarUint8Array\(decoder\)\)/;

/**
 * The same function with a fast path for short ASCII strings, which are what a board document
 * mostly holds (map keys, ids, field names and values): such a string is built from its bytes in
 * JavaScript, every other string is decoded by `TextDecoder` as before. ASCII bytes are their own
 * UTF-16 code units, so both paths return the same string and the same errors.
 *
 * Why: `TextDecoder.decode` costs a call into the browser per string, about 1-3 µs, which for the
 * ~200,000 strings of a 10,000-note board was 0.6 s of a 1.1 s join (Chromium CPU profile of
 * `bench:board`, load average 17); building strings of up to 32 bytes in JavaScript is several
 * times faster (the crossover of 32-48 bytes is mapbox/pbf's measurement, issue #150).
 */
export const FAST = `export const _readVarStringNative = decoder => {
  const len = readVarUint(decoder)
  const arr = decoder.arr
  const start = decoder.pos
  const end = start + len
  if (len <= 32 && end <= arr.length) {
    let s = ''
    let i = start
    for (; i < end; i++) {
      const c = arr[i]
      if (c > 127) break
      s += String.fromCharCode(c)
    }
    if (i === end) {
      decoder.pos = end
      return s
    }
  }
  decoder.pos = start
  return /** @type any */ (string.utf8TextDecoder).decode(readUint8Array(decoder, len))
}`;

/**
 * Vite plugin: lib0's string decoding with the short-ASCII fast path above, in the browser
 * bundle (Yjs decodes every update, the offline copy and the server's answer to a join with it).
 */
export function shortStrings(): Plugin {
	return {
		name: 'gistboard-short-strings',
		enforce: 'pre',
		transform(code, id) {
			if (!/[\\/]node_modules[\\/]lib0[\\/]decoding\.js$/.test(id.split('?')[0])) return null;
			if (!NATIVE.test(code)) this.error('lib0/decoding.js no longer defines _readVarStringNative as expected: check scripts/vite-short-strings.ts against it');
			return { code: code.replace(NATIVE, FAST), map: null };
		}
	};
}
