import { json } from '@sveltejs/kit';
import { requireFacilitatorAnywhere } from '$lib/server/department-access';
import { createDepartmentLink } from '$lib/server/departments';
import { services } from '$lib/server/services';

/** POST /api/departments/:id/links {label?} → 201 {url}: a new dashboard link (facilitators). */
export async function POST(event) {
	await requireFacilitatorAnywhere(event);
	const body = (await event.request.json().catch(() => ({}))) as { label?: unknown };
	const token = await createDepartmentLink(services().db, event.params.id, typeof body.label === 'string' ? body.label : '');
	return json({ url: `${event.url.origin}/departments/${event.params.id}?token=${token}` }, { status: 201 });
}
