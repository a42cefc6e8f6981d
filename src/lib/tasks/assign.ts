import type * as Y from 'yjs';
import { groupMapOf, readGroup, updateGroup, type Group, type Origin } from '$lib/board';

export type Assignment = Partial<Pick<Group, 'department' | 'owner' | 'priority' | 'due'>>;

/** Sets a group's department, owner, priority or due date in one change. */
export function assignGroup(doc: Y.Doc, groupId: string, patch: Assignment, origin: Origin): void {
	updateGroup(doc, groupId, patch, origin);
}

/**
 * Sets one part of a group's owner (`name` or `email`, trimmed), keeping the other as the document
 * has it now (a panel's copy may lag a moment behind the last edit); an owner with neither left is
 * no owner (null).
 */
export function assignOwner(doc: Y.Doc, groupId: string, field: 'name' | 'email', value: string, origin: Origin): void {
	const current = groupMapOf(doc, groupId)?.get('owner') as { name?: string; email?: string } | null | undefined;
	const owner = { name: current?.name ?? '', email: current?.email ?? '', [field]: value.trim() };
	assignGroup(doc, groupId, { owner: owner.name || owner.email ? owner : null }, origin);
}

/** A group's department, owner, priority and due date as the document has them, or null for no such group. */
export function assignmentOf(doc: Y.Doc, groupId: string): Required<Assignment> | null {
	const g = readGroup(groupId, groupMapOf(doc, groupId));
	return g && { department: g.department, owner: g.owner, priority: g.priority, due: g.due };
}
