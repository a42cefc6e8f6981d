import { describe, expect, it } from 'vitest';
import { evidenceChange, hasChanged } from './changes';

describe('evidenceChange', () => {
	it('counts the comments a group gained and lost since its task was published, whatever their order', () => {
		const published = Array.from({ length: 170 }, (_, i) => `note_${i}`);
		// 63 taken out into another group, 2 new ones dropped in.
		const current = [...published.slice(63), 'note_new1', 'note_new2'].reverse();
		const change = evidenceChange(published, current);
		expect(change).toEqual({ added: 2, removed: 63 });
		expect(hasChanged(change)).toBe(true);
	});
	it('is no change when the group holds the same comments in another order', () => {
		const change = evidenceChange(['note_a', 'note_b'], ['note_b', 'note_a']);
		expect(change).toEqual({ added: 0, removed: 0 });
		expect(hasChanged(change)).toBe(false);
	});
	it('counts every comment as removed when the group is gone or empty', () => {
		expect(evidenceChange(['note_a', 'note_b'], [])).toEqual({ added: 0, removed: 2 });
	});
});
