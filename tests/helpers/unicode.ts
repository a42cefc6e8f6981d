/**
 * fast-check arbitraries for text that breaks naive string code: emoji (ZWJ sequences, skin tones,
 * flags, keycaps, tag sequences), combining marks, Chinese and Japanese, Arabic and Hebrew with
 * their marks, astral-plane characters, and loose emoji components (a lone ZWJ, skin tone,
 * variation selector or regional indicator) that join whatever they land next to.
 */
import fc from 'fast-check';

const EMOJI = [
	'👍', '👎', '😀', '👍🏽', '👍🏿', '👩🏾‍💻', '👨‍👩‍👧‍👦', '👩‍❤️‍💋‍👨', '🏳️‍🌈', '🇯🇵', '🇸🇦', '❤️', '🧑🏻‍🤝‍🧑🏿',
	'🏴󠁧󠁢󠁳󠁣󠁴󠁿', '1️⃣', '🫶🏼'
];
const COMPONENTS = ['\u200d', '🏽', '\ufe0f', '🇯', '\u20e3', '\u0301', '\u3099'];
const WORDS = ['Fast delivery', 'late', ' ', '\n', '\r\n', 'Ｄｅｌｉｖｅｒｙ', 'ｶﾞｽ', '配送が遅すぎて', '快递太慢了', '包装', 'التوصيل بطيء', 'שָׁלוֹם', 'हिंदी'];

const range = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c));

/** One piece of text: a code point, a cluster, or a short word from one of the families above. */
export const unicodePiece: fc.Arbitrary<string> = fc.oneof(
	fc.constantFrom(...EMOJI),
	fc.constantFrom(...COMPONENTS),
	fc.constantFrom(...WORDS),
	fc.tuple(fc.constantFrom('a', 'e', 'o', 'A', 'ก', 'क'), fc.array(range(0x300, 0x36f), { minLength: 1, maxLength: 3 })).map(
		([base, marks]) => base + marks.join('')
	),
	range(0x4e00, 0x9fff),
	range(0x3041, 0x3096),
	range(0xff66, 0xff9f),
	fc.tuple(range(0x0621, 0x064a), fc.option(range(0x064b, 0x0652))).map(([l, m]) => l + (m ?? '')),
	range(0x05d0, 0x05ea),
	range(0x1100, 0x11ff),
	range(0x10000, 0x10ffff).filter((c) => c !== '\uffff'),
	range(0x20, 0x7e)
);

/** A string of up to `maxPieces` pieces. Always well-formed UTF-16. */
export const unicodeString = (maxPieces = 24): fc.Arbitrary<string> =>
	fc.array(unicodePiece, { maxLength: maxPieces }).map((p) => p.join(''));

/**
 * An edit a person could make in a text field, as numbers resolved against the current text:
 * kind 0 inserts `piece` at grapheme `at`, 1 deletes `length` graphemes at `at`, 2 replaces them.
 * `raw` edits cut at a code unit instead (what a buggy or hostile client might send).
 */
export interface RandomEdit {
	kind: 0 | 1 | 2;
	at: number;
	length: number;
	piece: string;
	raw: boolean;
}

export const randomEdit = (rawShare = 0): fc.Arbitrary<RandomEdit> =>
	fc.record({
		kind: fc.constantFrom(0 as const, 1 as const, 2 as const),
		at: fc.nat(),
		length: fc.integer({ min: 1, max: 4 }),
		piece: unicodeString(4),
		raw: rawShare > 0 ? fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < rawShare) : fc.constant(false)
	});

/** Applies a random edit to `text`: by grapheme (the units a text field lets a person edit) or, when `raw`, by code unit. */
export function editText(text: string, edit: RandomEdit, segment: (s: string) => string[]): string {
	const units = edit.raw ? text.split('') : segment(text);
	const at = edit.at % (units.length + 1);
	const remove = edit.kind === 0 ? 0 : Math.min(edit.length, units.length - at);
	const insert = edit.kind === 1 ? [] : [edit.piece];
	const next = [...units];
	next.splice(at, remove, ...insert);
	return next.join('');
}
