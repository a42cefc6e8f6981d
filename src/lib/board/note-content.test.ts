import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	importFieldsKey,
	importFieldsOf,
	importFieldsSchema,
	MAX_COORD,
	MAX_FIELD_KEY,
	MAX_FIELD_VALUE,
	MAX_FIELDS,
	MAX_IMPORT_FIELDS,
	MAX_NOTE_TEXT,
	placementSchema,
	readNoteContent,
	readPlacement,
	storedNoteSchema,
	storeNote,
	type ImportFields
} from './note';
import { roots } from './schema';

// Values around every limit of the stored form, and the wrong types, so both sides of each check are hit.
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constant('x'.repeat(MAX_NOTE_TEXT)), fc.constant('x'.repeat(MAX_NOTE_TEXT + 1)), fc.integer());
const by = fc.oneof(fc.string({ maxLength: 82 }), fc.constant(7));
const at = fc.oneof(fc.double(), fc.integer({ min: -1, max: 2_000_000_000_000 }));
const key = fc.oneof(fc.string({ minLength: 0, maxLength: 6 }), fc.constant('k'.repeat(MAX_FIELD_KEY)), fc.constant('k'.repeat(MAX_FIELD_KEY + 1)));
const value = fc.oneof(fc.string({ maxLength: 6 }), fc.constant('v'.repeat(MAX_FIELD_VALUE + 1)), fc.double(), fc.constant(null), fc.boolean(), fc.constant(undefined));
const fields = fc.oneof(fc.dictionary(key, value, { maxKeys: 4 }), fc.constant(Object.fromEntries(Array.from({ length: MAX_FIELDS + 1 }, (_, i) => [`f${i}`, i]))), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }));
const importId = fc.oneof(fc.constant('imp_a'), fc.constant('imp_b'), fc.constant('imp_missing'), fc.string({ maxLength: 70 }), fc.integer());
const row = fc.oneof(fc.integer({ min: -2, max: 10_000_002 }), fc.double());
const values = fc.oneof(fc.array(value, { maxLength: 5 }), fc.constant(Array.from({ length: MAX_FIELDS + 1 }, (_, i) => i)), fc.constant([[1]]), fc.constant([{}]));
const stored = fc.oneof(
	fc.tuple(text, by, at),
	fc.tuple(text, by, at, fields),
	fc.tuple(text, by, at, importId, row, values).map(([t, b, a, i, r, v]) => [t, b, a, i, r, ...v]),
	fc.tuple(text, by, at, importId)
);
// Import `imp_a` has four field keys, `imp_b` more than a note may hold values for.
const lists: Record<string, string[]> = { imp_a: ['region', 'rating', 'product', 'age'], imp_b: Array.from({ length: MAX_FIELDS + 2 }, (_, i) => `f${i}`) };
const known: ImportFields = (id) => lists[id] ?? null;

/** What the reader must answer, from the zod schema of the stored form and the field lists. */
function bySchema(v: unknown) {
	const parsed = storedNoteSchema.safeParse(v);
	if (!parsed.success) return null;
	const [t, b, a, ...rest] = parsed.data;
	if (rest.length === 0) return { text: t, source: null, fields: {}, by: b, at: a };
	if (rest.length === 1) {
		// zod drops a `__proto__` key and takes objects of any prototype; a stored value is a plain
		// object without one (Yjs decodes it so), and the reader refuses anything else.
		const raw = (v as unknown[])[3] as object;
		if (Object.getPrototypeOf(raw) !== Object.prototype || Object.hasOwn(raw, '__proto__')) return null;
		return { text: t, source: null, fields: rest[0], by: b, at: a };
	}
	const [id, r, ...vals] = rest as [string, number, ...(string | number | null)[]];
	const keys = known(id);
	if (!keys || vals.length > keys.length || vals.filter((x) => x !== null).length > MAX_FIELDS) return null;
	const out: Record<string, string | number> = {};
	vals.forEach((x, i) => x !== null && (out[keys[i]] = x));
	return { text: t, source: { importId: id, row: r }, fields: out, by: b, at: a };
}

describe('readNoteContent', () => {
	it('accepts and reads exactly what storedNoteSchema and the import field lists allow', () => {
		fc.assert(
			fc.property(fc.oneof(stored, fc.anything()), (v) => {
				expect(readNoteContent(v, known)).toEqual(bySchema(v));
			}),
			{ numRuns: 2000, seed: 20261201 }
		);
	});

	it('refuses a version-2 note object: the stored form is an array', () => {
		expect(readNoteContent({ text: 'x', source: null, fields: {}, by: 'u', at: 1 }, known)).toBeNull();
	});

	it('stores an imported note as values aligned to its import\'s keys, and reads it back', () => {
		const keys: string[] = ['region'];
		const content = { text: 'Late again', source: { importId: 'imp_c', row: 3 }, fields: { rating: 2, region: 'North', empty: null }, by: 'import', at: 1 };
		const value = storeNote(content, keys);
		expect(value).toEqual(['Late again', 'import', 1, 'imp_c', 3, 'North', 2]);
		expect(keys).toEqual(['region', 'rating']);
		// A null value is not stored: the note has no value for that field.
		expect(readNoteContent(value, () => keys)).toEqual({ ...content, fields: { region: 'North', rating: 2 } });
		// Without its import's list, or with a shorter one, the note does not read.
		expect(readNoteContent(value, () => null)).toBeNull();
		expect(readNoteContent(value, () => ['region'])).toBeNull();
	});

	it('keeps a note written on the board to text, author and time', () => {
		const content = { text: 'Idea', source: null, fields: {}, by: 'user_a', at: 5 };
		expect(storeNote(content)).toEqual(['Idea', 'user_a', 5]);
		expect(readNoteContent(storeNote(content), known)).toEqual(content);
		const older = { ...content, fields: { region: 'North' } };
		expect(storeNote(older)).toEqual(['Idea', 'user_a', 5, { region: 'North' }]);
		expect(readNoteContent(storeNote(older), known)).toEqual(older);
	});

	it('returns a copy: changing what it read does not change the stored value', () => {
		const value = ['Late again', 'user_a', 1, { region: 'North' }];
		const read = readNoteContent(value, known)!;
		read.fields.region = 'South';
		expect((value[3] as Record<string, string>).region).toBe('North');
	});
});

describe('import field lists', () => {
	it('reads a list of unique field keys and refuses anything else', () => {
		const doc = new Y.Doc();
		const meta = roots(doc).meta;
		meta.set(importFieldsKey('imp_ok'), ['region', 'rating']);
		meta.set(importFieldsKey('imp_twice'), ['region', 'region']);
		meta.set(importFieldsKey('imp_proto'), ['__proto__']);
		meta.set(importFieldsKey('imp_long'), Array.from({ length: MAX_IMPORT_FIELDS + 1 }, (_, i) => `f${i}`));
		meta.set(importFieldsKey('imp_text'), 'region');
		const read = importFieldsOf(doc);
		expect(read('imp_ok')).toEqual(['region', 'rating']);
		for (const id of ['imp_twice', 'imp_proto', 'imp_long', 'imp_text', 'imp_none']) expect(read(id)).toBeNull();
		for (const id of ['imp_ok', 'imp_twice', 'imp_long']) expect(importFieldsSchema.safeParse(meta.get(importFieldsKey(id))).success).toBe(read(id) !== null);
	});
});

const byPlacementSchema = (v: unknown) => {
	const parsed = placementSchema.safeParse(v);
	return parsed.success ? parsed.data : null;
};
const placement = fc.oneof(
	fc.record({ groupId: fc.oneof(fc.constant('grp_a'), fc.string({ maxLength: 8 }), fc.constant('grp_' + 'x'.repeat(65))), order: fc.oneof(fc.constant('a0'), fc.constant('a0V'), fc.string({ maxLength: 4 }), fc.constant(3)) }),
	fc.record({ x: fc.oneof(fc.double(), fc.integer(), fc.constant(MAX_COORD), fc.constant(MAX_COORD + 1)), y: fc.oneof(fc.double(), fc.constant(-MAX_COORD), fc.string()) }),
	fc.record({ stackedOn: fc.oneof(fc.constant('note_b'), fc.string({ maxLength: 8 }), fc.constant(null)) }),
	fc.record({ trashed: fc.oneof(fc.constant(true), fc.constant(false), fc.constant(1)) }),
	fc.record({ groupId: fc.constant('grp_a'), order: fc.constant('a0'), x: fc.constant(1) }),
	fc.record({ x: fc.constant(1), y: fc.constant(2), extra: fc.constant(1) }, { requiredKeys: ['x', 'y'] })
);

describe('readPlacement', () => {
	it('accepts and reads exactly what placementSchema does', () => {
		fc.assert(
			fc.property(fc.oneof(placement, fc.anything()), (v) => {
				expect(readPlacement(v)).toEqual(v === undefined || v === null ? null : byPlacementSchema(v));
			}),
			{ numRuns: 1000, seed: 20261202 }
		);
	});
});
