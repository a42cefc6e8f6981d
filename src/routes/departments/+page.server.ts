import { fail } from '@sveltejs/kit';
import { requireOwnDepartment } from '$lib/server/department-access';
import { addDepartment, editDepartment, removeDepartment } from '$lib/server/department-changes';
import { createDepartmentLink, listDepartmentLinks, listDepartments, revokeDepartmentLink, type DepartmentLink } from '$lib/server/departments';
import { services } from '$lib/server/services';
import { InputError } from '$lib/server/sql';
import { listTasks } from '$lib/server/tasks';
import { requireWorkspace } from '$lib/server/workspace-access';

export async function load(event) {
	const { workspaceId } = await requireWorkspace(event, 'Managing departments');
	const { db } = services();
	const departments = await listDepartments(db, workspaceId);
	const tasks = await listTasks(db, { workspaceId, status: ['open', 'in_progress'] });
	const openCounts = Object.fromEntries(departments.map((d) => [d.id, tasks.filter((t) => t.departmentId === d.id).length]));
	const links: Record<string, DepartmentLink[]> = {};
	for (const d of departments) links[d.id] = await listDepartmentLinks(db, d.id);
	return { departments, openCounts, links };
}

const fields = (form: FormData) => ({
	name: String(form.get('name') ?? ''),
	color: String(form.get('color') ?? '#64748b'),
	headName: String(form.get('headName') ?? ''),
	headEmail: String(form.get('headEmail') ?? '')
});

async function run(action: string, id: string | null, fn: () => Promise<unknown>) {
	try {
		return { action, id, ...((await fn()) as object) };
	} catch (e) {
		if (e instanceof InputError) return fail(400, { action, id, error: e.message, field: e.field ?? null });
		throw e;
	}
}

export const actions = {
	create: async (event) => {
		const { workspaceId } = await requireWorkspace(event, 'Managing departments');
		const form = await event.request.formData();
		return run('create', null, async () => ({ created: (await addDepartment(workspaceId, fields(form))).name }));
	},
	update: async (event) => {
		const form = await event.request.formData();
		const department = await requireOwnDepartment(event, String(form.get('id')));
		return run('update', department.id, async () => ({ saved: (await editDepartment(department.workspaceId, department.id, fields(form))).name }));
	},
	delete: async (event) => {
		const department = await requireOwnDepartment(event, String((await event.request.formData()).get('id')));
		return run('delete', department.id, async () => (await removeDepartment(department.workspaceId, department.id), { deleted: true }));
	},
	link: async (event) => {
		const form = await event.request.formData();
		const department = await requireOwnDepartment(event, String(form.get('id')));
		const label = String(form.get('label') ?? '').trim() || 'Dashboard link';
		return run('link', department.id, async () => {
			const token = await createDepartmentLink(services().db, department, label);
			return { link: `${event.url.origin}/departments/${department.id}?token=${token}` };
		});
	},
	revoke: async (event) => {
		const form = await event.request.formData();
		const department = await requireOwnDepartment(event, String(form.get('id')));
		return run('revoke', department.id, async () => {
			if (!(await revokeDepartmentLink(services().db, department.id, String(form.get('hash') ?? '')))) {
				throw new InputError('This link was already revoked. Reload the page.');
			}
			return { revoked: true };
		});
	}
};
