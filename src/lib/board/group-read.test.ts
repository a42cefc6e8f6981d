import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { GROUP_FIELDS, groupFieldSchemas, makeGroup, readGroup } from './group';
import { MAX_COORD } from './note';

// Values around each field's rules, and wrong types (plain objects only: Yjs stores no others), so both the hand checks and the schemas are hit.
const candidate = fc.oneof(
	fc.constant(null),
	fc.boolean(),
	fc.double(),
	fc.constant(MAX_COORD + 1),
	fc.integer({ min: -5, max: 5 }),
	fc.constantFrom('grp_a', 'grp_', 'a0', 'a0V', 'zz', '#a1b2c3', '#a1b2c', 'dept_1', '', 'x'.repeat(65), '2026-12-01', '2026-1-01', 'low', 'critical', 'done', 'wont_do', 'nope'),
	fc.record({ name: fc.string({ maxLength: 4 }), email: fc.string({ maxLength: 4 }) }, { noNullPrototype: true }),
	fc.record({ name: fc.constant('A'), email: fc.constant('a@b'), extra: fc.constant(1) }, { noNullPrototype: true }),
	fc.string({ maxLength: 6 })
);

describe('readGroup', () => {
	it('keeps a stored field exactly when its schema accepts it, and the default otherwise', () => {
		const doc = new Y.Doc();
		const groups = doc.getMap<Y.Map<unknown>>('groups');
		const defaults = makeGroup({ id: 'grp_t' });
		fc.assert(
			fc.property(fc.constantFrom(...GROUP_FIELDS), candidate, (key, value) => {
				const map = new Y.Map<unknown>();
				groups.set('grp_t', map);
				map.set(key, value);
				const parsed = groupFieldSchemas[key].safeParse(value);
				expect(readGroup('grp_t', map)![key]).toEqual(parsed.success ? parsed.data : defaults[key]);
			}),
			{ numRuns: 1500 }
		);
	});

	it('reads a name without the bidi overrides a client wrote into it', () => {
		const doc = new Y.Doc();
		const map = new Y.Map<unknown>();
		doc.getMap<Y.Map<unknown>>('groups').set('grp_t', map);
		map.set('label', new Y.Text('Refunds \u202Eeunever'));
		expect(readGroup('grp_t', map)!.label).toBe('Refunds eunever');
	});

	it('reads an owner without the bidi overrides a client wrote into the name or e-mail', () => {
		const doc = new Y.Doc();
		const map = new Y.Map<unknown>();
		doc.getMap<Y.Map<unknown>>('groups').set('grp_t', map);
		// Shown on the department's dashboard as "Owner: Ana gpj.exe", an override turned what follows it around.
		map.set('owner', { name: 'Ana \u202Eexe.jpg', email: '\u2067ana@example.com\u2069' });
		expect(readGroup('grp_t', map)!.owner).toEqual({ name: 'Ana exe.jpg', email: 'ana@example.com' });
	});
});
