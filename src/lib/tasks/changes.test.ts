import { describe, expect, it } from 'vitest';
import { evidenceChange, hasChanged, taskChanges } from './changes';
import { groupTitle } from './derive';

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
		const titles: Record<string, string> = { grp_a: 'Late delivery', grp_b: 'Damaged boxes' };
		const changes = taskChanges(
			[
				{ id: 'task_a', groupId: 'grp_a', title: 'Late delivery', noteIds: ['note_1', 'note_2'] },
				{ id: 'task_b', groupId: 'grp_b', title: 'Damaged boxes', noteIds: ['note_2'] },
				{ id: 'task_gone', groupId: 'grp_gone', title: 'Invoices', noteIds: ['note_9'] }
			],
			(id) => groups[id] ?? [],
			(id) => titles[id]
		);
		expect(Object.fromEntries(changes)).toEqual({
			task_a: { added: 1, removed: 1, now: 2 },
			task_b: { added: 0, removed: 0, now: 1 },
			task_gone: { added: 0, removed: 1, now: 0 }
		});
		expect([...changes.values()].map(hasChanged)).toEqual([true, false, true]);
	});
	it('flags a group renamed since publishing, with its comments unchanged, and only that group', () => {
		const groups: Record<string, { id: string }[]> = { grp_a: [{ id: 'note_1' }], grp_b: [{ id: 'note_2' }] };
		const titles: Record<string, string> = { grp_a: 'Parcels arrive late', grp_b: 'Damaged boxes' };
		const changes = taskChanges(
			[
				{ id: 'task_a', groupId: 'grp_a', title: 'Late delivery', noteIds: ['note_1'] },
				{ id: 'task_b', groupId: 'grp_b', title: 'Damaged boxes', noteIds: ['note_2'] }
			],
			(id) => groups[id] ?? [],
			(id) => titles[id]
		);
		expect(changes.get('task_a')).toEqual({ added: 0, removed: 0, now: 1, renamed: { from: 'Late delivery', to: 'Parcels arrive late' } });
		expect(hasChanged(changes.get('task_a')!)).toBe(true);
		expect(changes.get('task_b')).not.toHaveProperty('renamed');
		expect(hasChanged(changes.get('task_b')!)).toBe(false);
	});
	it('takes the group’s name as publishing titles it, so spacing alone or an emptied name published as “Untitled group” is no rename', () => {
		const changes = taskChanges(
			[
				{ id: 'task_a', groupId: 'grp_a', title: 'Late delivery', noteIds: [] },
				{ id: 'task_b', groupId: 'grp_b', title: 'Untitled group', noteIds: [] }
			],
			() => [],
			(id) => groupTitle(id === 'grp_a' ? '  Late \n delivery ' : '   ')
		);
		expect([...changes.values()].some((c) => c.renamed)).toBe(false);
	});
});
