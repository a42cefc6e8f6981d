import type { Department } from '$lib/tasks/types';
import { createDepartment, deleteDepartment, updateDepartment, type DepartmentInput } from './departments';
import { services } from './services';

/**
 * Every change to a workspace's departments goes through here (the /departments page's form and the
 * `/api/departments` routes alike): it is written, then every open board of the workspace, on every
 * process, reads the departments a group may be assigned to again (`RoomManager.departmentsChanged`),
 * so a department added is assignable at once and one removed is refused at once. Each resolves once
 * this process's open boards have read the list; each throws `InputError` (nothing written, no board
 * told) as the function it wraps does.
 */

/** Adds a department to the workspace (`createDepartment`) → the department. */
export async function addDepartment(workspaceId: string, input: DepartmentInput): Promise<Department> {
	const { db, rooms } = services();
	const department = await createDepartment(db, workspaceId, input);
	await rooms.departmentsChanged(workspaceId);
	return department;
}

/** Renames or otherwise edits a department of the workspace (`updateDepartment`) → the department as saved. */
export async function editDepartment(workspaceId: string, id: string, input: DepartmentInput): Promise<Department> {
	const { db, rooms } = services();
	const department = await updateDepartment(db, workspaceId, id, input);
	await rooms.departmentsChanged(workspaceId);
	return department;
}

/**
 * Removes a department without tasks (`deleteDepartment`). Groups can no longer be assigned to it;
 * those that are keep it until someone assigns another.
 */
export async function removeDepartment(workspaceId: string, id: string): Promise<void> {
	const { db, rooms } = services();
	await deleteDepartment(db, workspaceId, id);
	await rooms.departmentsChanged(workspaceId);
}
