import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COORD, MAX_FIELD_KEY, MAX_FIELD_VALUE, MAX_FIELDS, MAX_NOTE_TEXT, noteContentSchema, placementSchema, readNoteContent, readPlacement } from './note';

const bySchema = (v: unknown) => {
	const parsed = noteContentSchema.safeParse(v);
	return parsed.success ? parsed.data : null;
};

// Values around every limit of the schema, and the wrong types, so both sides of each check are hit.
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constant('x'.repeat(MAX_NOTE_TEXT)), fc.constant('x'.repeat(MAX_NOTE_TEXT + 1)), fc.integer());
const key = fc.oneof(fc.string({ minLength: 0, maxLength: 6 }), fc.constant('k'.repeat(MAX_FIELD_KEY)), fc.constant('k'.repeat(MAX_FIELD_KEY + 1)), fc.constant('__proto__'));
const value = fc.oneof(fc.string({ maxLength: 6 }), fc.constant('v'.repeat(MAX_FIELD_VALUE + 1)), fc.double(), fc.constant(null), fc.boolean(), fc.constant(undefined));
const fields = fc.oneof(fc.dictionary(key, value, { maxKeys: 4 }), fc.constant(Object.fromEntries(Array.from({ length: MAX_FIELDS + 1 }, (_, i) => [`f${i}`, i]))), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }));
const source = fc.oneof(
	fc.constant(null),
	fc.record({ importId: fc.oneof(fc.string({ maxLength: 70 }), fc.integer()), row: fc.oneof(fc.integer({ min: -2, max: 10_000_002 }), fc.double()) }),
	fc.record({ importId: fc.constant('imp_a'), row: fc.constant(1), extra: fc.constant(1) }),
	fc.constant(undefined)
);
const content = fc.record(
	{
		text,
		source,
		fields,
		by: fc.oneof(fc.string({ maxLength: 82 }), fc.constant(7)),
		at: fc.oneof(fc.double(), fc.integer({ min: -1, max: 2_000_000_000_000 })),
		extra: fc.constant('x')
	},
	{ requiredKeys: ['text', 'source', 'fields', 'by', 'at'] }
);

describe('readNoteContent', () => {
	it('accepts and reads exactly what noteContentSchema does', () => {
		fc.assert(
			fc.property(fc.oneof(content, fc.anything()), (v) => {
				expect(readNoteContent(v)).toEqual(bySchema(v));
			}),
			{ numRuns: 1000, seed: 20261201 }
		);
		// Found by a random run: a field named __proto__ is dropped by both readers alike.
		const v = { text: 'x', source: null, fields: JSON.parse('{"__proto__": "a", "b": 1}'), by: 'u', at: 1 };
		expect(readNoteContent(v)).toEqual(bySchema(v));
		expect(Object.keys(readNoteContent(v)!.fields)).toEqual(['b']);
	});

	it('returns a copy: changing what it read does not change the stored value', () => {
		const stored = { text: 'Late again', source: { importId: 'imp_a', row: 3 }, fields: { region: 'North' }, by: 'user_a', at: 1 };
		const read = readNoteContent(stored)!;
		read.fields.region = 'South';
		expect(stored.fields.region).toBe('North');
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
