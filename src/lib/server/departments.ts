import { createHash, randomBytes } from 'node:crypto';
import { newId } from '$lib/board';
import type { Department } from '$lib/tasks/types';
import { InputError, iso, type Sql } from './sql';
import { clampText } from '../text/graphemes';

interface DepartmentRow {
	id: string;
	name: string;
	color: string;
	head_name: string;
	head_email: string;
}

const toDepartment = (r: DepartmentRow): Department => ({ id: r.id, name: r.name, color: r.color, headName: r.head_name, headEmail: r.head_email });

export interface DepartmentInput {
	name: string;
	color?: string;
	headName?: string;
	headEmail?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

function clean(input: DepartmentInput): Required<DepartmentInput> {
	const name = String(input.name ?? '').replace(/\s+/g, ' ').trim();
	if (!name) throw new InputError('Give the department a name.', 'name');
	if (name.length > 80) throw new InputError('Keep the department name under 80 characters.', 'name');
	const headEmail = String(input.headEmail ?? '').trim().toLowerCase();
	if (headEmail && !EMAIL.test(headEmail)) throw new InputError(`"${headEmail}" is not an e-mail address.`, 'headEmail');
	const color = String(input.color ?? '#64748b').trim();
	if (!COLOR.test(color)) throw new InputError('Pick a colour as #rrggbb.', 'color');
	return { name, color, headName: clampText(String(input.headName ?? '').trim(), 120), headEmail };
}

export async function listDepartments(db: Sql): Promise<Department[]> {
	return (await db.query<DepartmentRow>('select id, name, color, head_name, head_email from departments order by lower(name)')).map(toDepartment);
}

export async function getDepartment(db: Sql, id: string): Promise<Department | null> {
	const [row] = await db.query<DepartmentRow>('select id, name, color, head_name, head_email from departments where id = $1', [id]);
	return row ? toDepartment(row) : null;
}

/** The name of another department that has this name in any case, or null. */
async function nameTaken(db: Sql, name: string, except: string | null): Promise<string | null> {
	const rows = await db.query<{ name: string }>('select name from departments where lower(name) = lower($1) and id is distinct from $2', [name, except]);
	return rows[0]?.name ?? null;
}

export async function createDepartment(db: Sql, input: DepartmentInput): Promise<Department> {
	const d = clean(input);
	const taken = await nameTaken(db, d.name, null);
	if (taken) throw new InputError(`There is already a department called "${taken}".`, 'name');
	const [row] = await db.query<DepartmentRow>(
		'insert into departments (id, name, color, head_name, head_email) values ($1, $2, $3, $4, $5) returning id, name, color, head_name, head_email',
		[newId('dept'), d.name, d.color, d.headName, d.headEmail]
	);
	return toDepartment(row);
}

export async function updateDepartment(db: Sql, id: string, input: DepartmentInput): Promise<Department> {
	const d = clean(input);
	const taken = await nameTaken(db, d.name, id);
	if (taken) throw new InputError(`There is already a department called "${taken}".`, 'name');
	const [row] = await db.query<DepartmentRow>(
		'update departments set name = $2, color = $3, head_name = $4, head_email = $5 where id = $1 returning id, name, color, head_name, head_email',
		[id, d.name, d.color, d.headName, d.headEmail]
	);
	if (!row) throw new InputError('This department no longer exists. Reload the page.');
	return toDepartment(row);
}

/** Departments with tasks are kept: deleting one would orphan its tasks' history. */
export async function deleteDepartment(db: Sql, id: string): Promise<void> {
	const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from tasks where department_id = $1', [id]);
	if (n > 0) throw new InputError(`This department has ${n} published task${n === 1 ? '' : 's'}; it cannot be deleted. Rename it instead.`);
	await db.query('delete from departments where id = $1', [id]);
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface DepartmentLink {
	hash: string;
	label: string;
	createdAt: string;
}

/** Creates a department link; the raw token is returned once and only its hash is stored. */
export async function createDepartmentLink(db: Sql, departmentId: string, label = ''): Promise<string> {
	const token = `dt_${randomBytes(24).toString('base64url')}`;
	await db.query('insert into department_tokens (token_hash, department_id, label) values ($1, $2, $3)', [hashToken(token), departmentId, clampText(label.trim(), 80)]);
	return token;
}

export async function listDepartmentLinks(db: Sql, departmentId: string): Promise<DepartmentLink[]> {
	const rows = await db.query<{ token_hash: string; label: string; created_at: unknown }>(
		'select token_hash, label, created_at from department_tokens where department_id = $1 and revoked_at is null order by created_at',
		[departmentId]
	);
	return rows.map((r) => ({ hash: r.token_hash, label: r.label, createdAt: iso(r.created_at) }));
}

export async function revokeDepartmentLink(db: Sql, departmentId: string, hash: string): Promise<void> {
	await db.query('update department_tokens set revoked_at = now() where department_id = $1 and token_hash = $2', [departmentId, hash]);
}

/** The department a link token opens, or null for an unknown or revoked token. */
export async function departmentForToken(db: Sql, token: string): Promise<string | null> {
	if (!token.startsWith('dt_')) return null;
	const [row] = await db.query<{ department_id: string }>('select department_id from department_tokens where token_hash = $1 and revoked_at is null', [hashToken(token)]);
	return row?.department_id ?? null;
}

/** Departments whose head has this e-mail (Supabase sign-in). */
export async function departmentsForEmail(db: Sql, email: string): Promise<string[]> {
	const rows = await db.query<{ id: string }>("select id from departments where head_email <> '' and lower(head_email) = lower($1)", [email]);
	return rows.map((r) => r.id);
}
