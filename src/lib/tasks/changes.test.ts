import { describe, expect, it } from 'vitest';
import { evidenceChange, hasChanged, taskChanges } from './changes';

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

describe('taskChanges', () => {
	it('compares each task with its group as it is now, a group no longer on the board holding nothing', () => {
		const groups: Record<string, { id: string }[]> = { grp_a: [{ id: 'note_1' }, { id: 'note_3' }], grp_b: [{ id: 'note_2' }] };
		const changes = taskChanges(
			[
				{ id: 'task_a', groupId: 'grp_a', noteIds: ['note_1', 'note_2'] },
				{ id: 'task_b', groupId: 'grp_b', noteIds: ['note_2'] },
				{ id: 'task_gone', groupId: 'grp_gone', noteIds: ['note_9'] }
			],
			(id) => groups[id] ?? []
		);
		expect(Object.fromEntries(changes)).toEqual({
			task_a: { added: 1, removed: 1, now: 2 },
			task_b: { added: 0, removed: 0, now: 1 },
			task_gone: { added: 0, removed: 1, now: 0 }
		});
	});
});
