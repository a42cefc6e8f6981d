import type * as Y from 'yjs';
import { roots, type Group, type Origin } from '$lib/board';

export type Assignment = Partial<Pick<Group, 'department' | 'owner' | 'priority' | 'due'>>;

/** Sets a group's department, owner, priority or due date in one change. */
export function assignGroup(doc: Y.Doc, groupId: string, patch: Assignment, origin: Origin): void {
	const group = roots(doc).groups.get(groupId);
	if (!group) return;
	doc.transact(() => {
		for (const [key, value] of Object.entries(patch)) {
			if (value === undefined) continue;
			const current = group.get(key);
			if (JSON.stringify(current ?? null) !== JSON.stringify(value)) group.set(key, value);
		}
	}, origin);
}
