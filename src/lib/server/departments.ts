import { createHash, randomBytes } from 'node:crypto';
import { newId } from '$lib/board';
import type { Department } from '$lib/tasks/types';
import { nextDepartmentColor } from '$lib/tasks/department-colors';
import { InputError, iso, type Sql } from './sql';
import { stripBidiControls } from '../text/direction';
import { clampText } from '../text/graphemes';

interface DepartmentRow {
	id: string;
	workspace_id: string;
	name: string;
	color: string;
	head_name: string;
	head_email: string;
}

const toDepartment = (r: DepartmentRow): Department => ({ id: r.id, name: r.name, color: r.color, headName: r.head_name, headEmail: r.head_email });

/** A department with the workspace it belongs to (server side only). */
export type WorkspaceDepartment = Department & { workspaceId: string };

const COLUMNS = 'id, workspace_id, name, color, head_name, head_email';

export interface DepartmentInput {
	name: string;
	color?: string;
	headName?: string;
	headEmail?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

/** A field of a department's input as text: '' when absent; anything but a string is refused (an array is not a name). */
function textOf(input: DepartmentInput, field: keyof DepartmentInput, what: string): string {
	const value: unknown = input[field];
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') throw new InputError(`The department's ${what} must be text.`, field);
	return value;
}

function clean(input: DepartmentInput): Required<DepartmentInput> {
	const name = stripBidiControls(textOf(input, 'name', 'name')).replace(/\s+/g, ' ').trim();
	if (!name) throw new InputError('Give the department a name.', 'name');
	if (name.length > 80) throw new InputError('Keep the department name under 80 characters.', 'name');
	const headEmail = textOf(input, 'headEmail', "head's e-mail").trim().toLowerCase();
	if (headEmail && !EMAIL.test(headEmail)) throw new InputError(`"${headEmail}" is not an e-mail address.`, 'headEmail');
	const color = (input.color == null ? '#64748b' : textOf(input, 'color', 'colour')).trim();
	if (!COLOR.test(color)) throw new InputError('Pick a colour as #rrggbb.', 'color');
	return { name, color, headName: clampText(stripBidiControls(textOf(input, 'headName', "head's name")).trim(), 120), headEmail };
}

/** A workspace's departments, by name. */
export async function listDepartments(db: Sql, workspaceId: string): Promise<Department[]> {
	return (await db.query<DepartmentRow>(`select ${COLUMNS} from departments where workspace_id = $1 order by lower(name)`, [workspaceId])).map(toDepartment);
}

/** A workspace's departments without their heads' names and e-mails, for people who are not its members. */
export async function listDepartmentsPublic(db: Sql, workspaceId: string): Promise<Department[]> {
	return (await listDepartments(db, workspaceId)).map((d) => ({ ...d, headName: '', headEmail: '' }));
}

export async function getDepartment(db: Sql, id: string): Promise<WorkspaceDepartment | null> {
	if (typeof id !== 'string' || id.length > 64) return null;
	const [row] = await db.query<DepartmentRow>(`select ${COLUMNS} from departments where id = $1`, [id]);
	return row ? { ...toDepartment(row), workspaceId: row.workspace_id } : null;
}

/** The name of another department of the workspace that has this name in any case, or null. */
async function nameTaken(db: Sql, workspaceId: string, name: string, except: string | null): Promise<string | null> {
	const rows = await db.query<{ name: string }>('select name from departments where workspace_id = $1 and lower(name) = lower($2) and id is distinct from $3', [
		workspaceId,
		name,
		except
	]);
	return rows[0]?.name ?? null;
}

/**
 * Adds a department to a workspace. Without a colour it gets the next of `DEPARTMENT_COLORS` the
 * workspace's departments do not have yet (`nextDepartmentColor`). Throws `InputError` for a
 * missing or taken name, a bad e-mail or colour.
 */
export async function createDepartment(db: Sql, workspaceId: string, input: DepartmentInput): Promise<Department> {
	const color = input.color ?? nextDepartmentColor((await listDepartments(db, workspaceId)).map((d) => d.color));
	const d = clean({ ...input, color });
	const taken = await nameTaken(db, workspaceId, d.name, null);
	if (taken) throw new InputError(`There is already a department called "${taken}".`, 'name');
	const [row] = await db.query<DepartmentRow>(
		`insert into departments (id, workspace_id, name, color, head_name, head_email) values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
		[newId('dept'), workspaceId, d.name, d.color, d.headName, d.headEmail]
	);
	return toDepartment(row);
}

/** Updates a department of the workspace; a new head e-mail ends the dashboard links minted for the previous head's sign-in. */
export async function updateDepartment(db: Sql, workspaceId: string, id: string, input: DepartmentInput): Promise<Department> {
	const d = clean(input);
	const taken = await nameTaken(db, workspaceId, d.name, id);
	if (taken) throw new InputError(`There is already a department called "${taken}".`, 'name');
	const [row] = await db.query<DepartmentRow>(
		`update departments set name = $3, color = $4, head_name = $5, head_email = $6 where id = $1 and workspace_id = $2 returning ${COLUMNS}`,
		[id, workspaceId, d.name, d.color, d.headName, d.headEmail]
	);
	if (!row) throw new InputError('This department no longer exists. Reload the page.');
	await db.query("update department_tokens set revoked_at = now() where department_id = $1 and head_email is not null and head_email <> $2 and revoked_at is null", [
		id,
		d.headEmail
	]);
	return toDepartment(row);
}

/** Departments with tasks are kept: deleting one would orphan its tasks' history. */
export async function deleteDepartment(db: Sql, workspaceId: string, id: string): Promise<void> {
	const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from tasks where department_id = $1', [id]);
	if (n > 0) throw new InputError(`This department has ${n} published task${n === 1 ? '' : 's'}; it cannot be deleted. Rename it instead.`);
	await db.query('delete from departments where id = $1 and workspace_id = $2', [id, workspaceId]);
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface DepartmentLink {
	hash: string;
	label: string;
	createdAt: string;
	/** Links minted for a signed-in head end with their sign-in. */
	expiresAt: string | null;
	/** The head a sign-in link was minted for; it stops when the department gets another head. */
	headEmail: string | null;
}

export interface DepartmentLinkBinding {
	expiresAt?: Date;
	headEmail?: string;
}

/** Creates a department link; the raw token is returned once and only its hash is stored. */
export async function createDepartmentLink(db: Sql, department: { id: string; workspaceId: string }, label = '', binding: DepartmentLinkBinding = {}): Promise<string> {
	const token = `dt_${randomBytes(24).toString('base64url')}`;
	await db.query('insert into department_tokens (token_hash, department_id, workspace_id, label, expires_at, head_email) values ($1, $2, $3, $4, $5, $6)', [
		hashToken(token),
		department.id,
		department.workspaceId,
		clampText(label.trim(), 80),
		binding.expiresAt ?? null,
		binding.headEmail?.toLowerCase() ?? null
	]);
	return token;
}

/** The links of a department that still work, oldest first. */
export async function listDepartmentLinks(db: Sql, departmentId: string): Promise<DepartmentLink[]> {
	const rows = await db.query<{ token_hash: string; label: string; created_at: unknown; expires_at: unknown; head_email: string | null }>(
		`select token_hash, label, created_at, expires_at, head_email from department_tokens
		 where department_id = $1 and revoked_at is null and (expires_at is null or expires_at > now()) order by created_at`,
		[departmentId]
	);
	return rows.map((r) => ({ hash: r.token_hash, label: r.label, createdAt: iso(r.created_at), expiresAt: r.expires_at ? iso(r.expires_at) : null, headEmail: r.head_email }));
}

/** Revokes one link of a department; true when a working link was revoked. */
export async function revokeDepartmentLink(db: Sql, departmentId: string, hash: string): Promise<boolean> {
	if (!/^[0-9a-f]{64}$/.test(hash)) return false;
	const rows = await db.query('update department_tokens set revoked_at = now() where department_id = $1 and token_hash = $2 and revoked_at is null returning token_hash', [
		departmentId,
		hash
	]);
	return rows.length > 0;
}

/**
 * The department a link token opens, or null for an unknown, revoked or expired token, and for a
 * sign-in link whose head is no longer the department's head.
 */
export async function departmentForToken(db: Sql, token: string): Promise<string | null> {
	if (!token.startsWith('dt_') || token.length > 200) return null;
	const [row] = await db.query<{ department_id: string }>(
		`select t.department_id from department_tokens t join departments d on d.id = t.department_id
		 where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
		 and (t.head_email is null or lower(d.head_email) = t.head_email)`,
		[hashToken(token)]
	);
	return row?.department_id ?? null;
}

/** Departments whose head has this e-mail (Supabase sign-in). */
export async function departmentsForEmail(db: Sql, email: string): Promise<string[]> {
	const rows = await db.query<{ id: string }>("select id from departments where head_email <> '' and lower(head_email) = lower($1)", [email]);
	return rows.map((r) => r.id);
}
