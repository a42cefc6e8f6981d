import { randomBytes } from 'node:crypto';
import { newId } from '../board/ids.ts';
import type { Db, Queryable } from './db.ts';
import { InputError, iso } from './sql.ts';
import { hashToken } from './tokens.ts';
import { stripBidiControls } from '../text/direction.ts';
import { clampText } from '../text/graphemes.ts';

/** The workspace every board and department made before workspaces existed moved into. */
export const DEFAULT_WORKSPACE = 'ws_default';

export interface Workspace {
	id: string;
	name: string;
}

export interface WorkspaceLink {
	hash: string;
	origin: 'env' | 'start' | 'api';
	label: string;
	createdAt: string;
}

/** Longest token accepted anywhere (board, department or workspace); longer ones are not looked up. */
export const MAX_TOKEN_LENGTH = 200;

/** A workspace token: `gw_` and 256 random bits, base64url. */
export function newWorkspaceToken(): string {
	return `gw_${randomBytes(32).toString('base64url')}`;
}

export async function getWorkspace(q: Queryable, id: string): Promise<Workspace | null> {
	const [row] = await q.query<Workspace>('SELECT id, name FROM workspaces WHERE id = $1', [id]);
	return row ?? null;
}

/** Creates a workspace and its first link; the raw token is returned once, only its hash is kept. */
export async function createWorkspace(q: Queryable, name: string): Promise<{ workspace: Workspace; token: string }> {
	const clean = clampText(stripBidiControls(String(name ?? '')).replace(/\s+/g, ' ').trim(), 80);
	if (!clean) throw new InputError('Give the workspace a name, for example "Customer Care EMEA".', 'name');
	const id = newId('ws', 12);
	await q.query('INSERT INTO workspaces (id, name) VALUES ($1, $2)', [id, clean]);
	const token = await createWorkspaceToken(q, id, 'api', 'First link');
	return { workspace: { id, name: clean }, token };
}

export async function createWorkspaceToken(q: Queryable, workspaceId: string, origin: WorkspaceLink['origin'], label = '', token = newWorkspaceToken()): Promise<string> {
	await q.query(
		'INSERT INTO workspace_tokens (token_hash, workspace_id, origin, label) VALUES ($1, $2, $3, $4) ON CONFLICT (token_hash) DO NOTHING',
		[hashToken(token), workspaceId, origin, clampText(label.trim(), 80)]
	);
	return token;
}

/** The workspace a token opens, or null for an unknown, revoked or oversized token. */
export async function workspaceForToken(q: Queryable, token: string | null | undefined): Promise<string | null> {
	if (!token || token.length > MAX_TOKEN_LENGTH) return null;
	const [row] = await q.query<{ workspace_id: string }>('SELECT workspace_id FROM workspace_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [
		hashToken(token)
	]);
	return row?.workspace_id ?? null;
}

export async function listWorkspaceLinks(q: Queryable, workspaceId: string): Promise<WorkspaceLink[]> {
	const rows = await q.query<{ token_hash: string; origin: WorkspaceLink['origin']; label: string; created_at: unknown }>(
		'SELECT token_hash, origin, label, created_at FROM workspace_tokens WHERE workspace_id = $1 AND revoked_at IS NULL ORDER BY created_at',
		[workspaceId]
	);
	return rows.map((r) => ({ hash: r.token_hash, origin: r.origin, label: r.label, createdAt: iso(r.created_at) }));
}

/**
 * The workspace link a starting server prints (as Jupyter prints its token link).
 * With `WORKSPACE_TOKEN` set, that token is the default workspace's and is returned as it is
 * (its hash is stored, never the token). Without it, a new token is made at every start and the
 * link printed by the previous start stops working.
 */
export async function startLink(q: Queryable, fixed: string | undefined): Promise<{ token: string; fixed: boolean }> {
	if (fixed) {
		await q.query(`UPDATE workspace_tokens SET revoked_at = now() WHERE workspace_id = $1 AND origin IN ('env', 'start') AND token_hash <> $2 AND revoked_at IS NULL`, [
			DEFAULT_WORKSPACE,
			hashToken(fixed)
		]);
		await q.query('UPDATE workspace_tokens SET revoked_at = NULL WHERE token_hash = $1 AND workspace_id = $2', [hashToken(fixed), DEFAULT_WORKSPACE]);
		return { token: await createWorkspaceToken(q, DEFAULT_WORKSPACE, 'env', 'WORKSPACE_TOKEN', fixed), fixed: true };
	}
	await q.query(`UPDATE workspace_tokens SET revoked_at = now() WHERE workspace_id = $1 AND origin = 'start' AND revoked_at IS NULL`, [DEFAULT_WORKSPACE]);
	return { token: await createWorkspaceToken(q, DEFAULT_WORKSPACE, 'start', 'Printed at start'), fixed: false };
}

/**
 * Replaces one workspace link: the token `old` is revoked at once (every request checks tokens
 * against the table, so on every process) and a new token of the same workspace, origin and
 * label is made. Returns the new token and the old one's hash (to end the connections it opened),
 * or null when `old` is not a working link of the workspace.
 */
export async function rotateWorkspaceToken(db: Db, workspaceId: string, old: string): Promise<{ token: string; oldHash: string } | null> {
	const oldHash = hashToken(old);
	return db.transaction(async (tx) => {
		const [row] = await tx.query<{ origin: WorkspaceLink['origin']; label: string }>(
			'UPDATE workspace_tokens SET revoked_at = now() WHERE token_hash = $1 AND workspace_id = $2 AND revoked_at IS NULL RETURNING origin, label',
			[oldHash, workspaceId]
		);
		if (!row) return null;
		// A link fixed by WORKSPACE_TOKEN comes back at the next start unless the variable changes too.
		const token = await createWorkspaceToken(tx, workspaceId, row.origin === 'env' ? 'api' : row.origin, row.label || 'Replaced link');
		return { token, oldHash };
	});
}
