import { json } from '@sveltejs/kit';
import { requireOwnDepartment } from '$lib/server/department-access';
import { createDepartmentLink, hashToken, listDepartmentLinks } from '$lib/server/departments';
import { services } from '$lib/server/services';

/**
 * GET /api/departments/:id/links → {links: [{hash, label, createdAt, expiresAt, headEmail}]}: the
 * department's working dashboard links (workspace members). Tokens are never shown again.
 */
export async function GET(event) {
	const department = await requireOwnDepartment(event, event.params.id);
	return json({ links: await listDepartmentLinks(services().db, department.id) }, { headers: { 'cache-control': 'no-store' } });
}

/** POST /api/departments/:id/links {label?} → 201 {url, hash}: a new dashboard link (workspace members). */
export async function POST(event) {
	const department = await requireOwnDepartment(event, event.params.id);
	const body = (await event.request.json().catch(() => ({}))) as { label?: unknown };
	const token = await createDepartmentLink(services().db, department, typeof body?.label === 'string' ? body.label : '');
	return json({ url: `${event.url.origin}/departments/${department.id}?token=${token}`, hash: hashToken(token) }, { status: 201 });
}
