import type * as Y from 'yjs';
import { updateGroup, type Group, type Origin } from '$lib/board';

export type Assignment = Partial<Pick<Group, 'department' | 'owner' | 'priority' | 'due'>>;

/** Sets a group's department, owner, priority or due date in one change. */
export function assignGroup(doc: Y.Doc, groupId: string, patch: Assignment, origin: Origin): void {
	updateGroup(doc, groupId, patch, origin);
}
