import { error } from '@sveltejs/kit';
import { departmentForToken, departmentsForEmail, getDepartment, type WorkspaceDepartment } from './departments';
import { services } from './services';
import { bearer, requireWorkspace, signedInUser, workspaceOf, type RequestLike } from './workspace-access';

/** The cookie that keeps a department link's token after it was opened once. */
export const departmentCookie = (departmentId: string) => `gd_${departmentId}`;

export type DepartmentAccessVia = 'link' | 'sign-in' | 'workspace';

export interface DepartmentAccess {
	department: WorkspaceDepartment;
	via: DepartmentAccessVia;
	/** For a sign-in: who signed in and until when their token is valid. */
	signIn?: { email: string | null; expiresAt: Date };
}

/**
 * Who may read a department's dashboard: a department link (not revoked, not expired, its head
 * unchanged), a signed-in head (Supabase JWT with `exp` whose e-mail is the department head's, or
 * whose app_metadata names the department), or a member of the department's workspace. Board
 * links never open a dashboard. Throws 401/403/404 with a message that says what to do.
 */
export async function requireDepartmentAccess(event: RequestLike, departmentId: string): Promise<DepartmentAccess> {
	const { db } = services();
	const department = await getDepartment(db, departmentId);
	if (!department) error(404, { message: 'This department does not exist or was deleted.', hint: 'Check the link, or ask a facilitator for a new one.' });
	const member = await workspaceOf(event);
	if (member?.workspaceId === department.workspaceId) return { department, via: 'workspace' };
	const token = bearer(event) ?? event.url.searchParams.get('token') ?? event.cookies?.get(departmentCookie(departmentId)) ?? null;
	if (token?.startsWith('dt_')) {
		const linked = await departmentForToken(db, token);
		if (linked === departmentId) return { department, via: 'link' };
		await refuseDepartmentLink(linked);
	}
	const user = await signedInUser(event);
	if (user) {
		const mine = user.email ? await departmentsForEmail(db, user.email) : [];
		if (user.departmentId === departmentId || mine.includes(departmentId)) {
			return { department, via: 'sign-in', signIn: { email: user.email, expiresAt: user.expiresAt } };
		}
		error(403, { message: `You are signed in as ${user.email ?? user.sub}, who is not the head of ${department.name}.`, hint: 'Ask a facilitator to set you as the department head.' });
	}
	error(401, { message: 'You need a department link to open this dashboard.', hint: 'Ask a workshop facilitator for the link of your department.' });
}

/**
 * Throws the answer for a department link that does not open the department asked for. `linked`
 * is the department the link does open (`departmentForToken`), or null when it opens none. A valid
 * link of another department is 403 naming its own department, which its holder may read; nothing
 * of the department asked for (not even its name) is told. Otherwise 401.
 */
export async function refuseDepartmentLink(linked: string | null): Promise<never> {
	const own = linked ? await getDepartment(services().db, linked) : null;
	if (own) {
		error(403, {
			message: `This link is valid, but for the ${own.name} dashboard, not this one.`,
			hint: `Open ${own.name}'s dashboard at /departments/${own.id}, or ask a facilitator for this department's link.`
		});
	}
	error(401, { message: 'This department link is not valid or was revoked.', hint: 'Ask a facilitator for a new department link.' });
}

/** A department of the caller's workspace, for managing it: 401 without the workspace link, 404 for another workspace's. */
export async function requireOwnDepartment(event: RequestLike, departmentId: string): Promise<WorkspaceDepartment> {
	const { workspaceId } = await requireWorkspace(event, 'Managing departments');
	const department = await getDepartment(services().db, departmentId);
	if (!department || department.workspaceId !== workspaceId) error(404, { message: 'This department does not exist or was deleted.' });
	return department;
}
