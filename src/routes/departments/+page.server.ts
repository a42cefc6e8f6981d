import { fail } from '@sveltejs/kit';
import { requireFacilitatorAnywhere } from '$lib/server/department-access';
import { createDepartment, createDepartmentLink, deleteDepartment, listDepartments, updateDepartment } from '$lib/server/departments';
import { services } from '$lib/server/services';
import { InputError } from '$lib/server/sql';
import { listTasks } from '$lib/server/tasks';

export async function load(event) {
	await requireFacilitatorAnywhere(event);
	const { db } = services();
	const departments = await listDepartments(db);
	const tasks = await listTasks(db);
	const counts = Object.fromEntries(departments.map((d) => [d.id, tasks.filter((t) => t.departmentId === d.id && (t.status === 'open' || t.status === 'in_progress')).length]));
	return { departments, openCounts: counts };
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
		await requireFacilitatorAnywhere(event);
		const form = await event.request.formData();
		return run('create', null, async () => ({ created: (await createDepartment(services().db, fields(form))).name }));
	},
	update: async (event) => {
		await requireFacilitatorAnywhere(event);
		const form = await event.request.formData();
		const id = String(form.get('id'));
		return run('update', id, async () => ({ saved: (await updateDepartment(services().db, id, fields(form))).name }));
	},
	delete: async (event) => {
		await requireFacilitatorAnywhere(event);
		const id = String((await event.request.formData()).get('id'));
		return run('delete', id, async () => (await deleteDepartment(services().db, id), { deleted: true }));
	},
	link: async (event) => {
		await requireFacilitatorAnywhere(event);
		const id = String((await event.request.formData()).get('id'));
		return run('link', id, async () => {
			const token = await createDepartmentLink(services().db, id, 'Dashboard link');
			return { link: `${event.url.origin}/departments/${id}?token=${token}` };
		});
	}
};
