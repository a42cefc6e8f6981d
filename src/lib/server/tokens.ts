import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './db';
import { sealLinks } from './share-links.ts';

export const ROLES = ['facilitator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, editor: 1, facilitator: 2 };

/** Whether `role` may do what `needed` may do. */
export function atLeast(role: Role | null, needed: Role): boolean {
	return role !== null && RANK[role] >= RANK[needed];
}

/** 256 random bits: unguessable, and short enough for a link. */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export async function createBoardTokens(q: Queryable, boardId: string): Promise<Record<Role, string>> {
	const tokens = {} as Record<Role, string>;
	for (const role of ROLES) {
		tokens[role] = newToken();
		await q.query('INSERT INTO board_tokens (token_hash, board_id, role) VALUES ($1, $2, $3)', [
			hashToken(tokens[role]),
			boardId,
			role
		]);
	}
	await sealLinks(q, boardId, tokens, tokens.facilitator);
	return tokens;
}

export async function roleForToken(q: Queryable, boardId: string, token: string | null | undefined): Promise<Role | null> {
	if (!token || token.length > 200) return null;
	const rows = await q.query<{ role: Role }>(
		'SELECT role FROM board_tokens WHERE token_hash = $1 AND board_id = $2 AND revoked_at IS NULL',
		[hashToken(token), boardId]
	);
	return rows[0]?.role ?? null;
}

/**
 * The role a request has on a board: its board link's role, or `facilitator` for a member of the
 * workspace the board belongs to (a workspace token as the token itself, or the workspace
 * link's cookie). Null when neither opens this board.
 */
export async function roleForCredentials(
	q: Queryable,
	boardId: string,
	token: string | null | undefined,
	workspaceToken: string | null | undefined
): Promise<Role | null> {
	return (await accessForCredentials(q, boardId, token, workspaceToken))?.role ?? null;
}

/**
 * Like `roleForCredentials`, and says which workspace link granted the role when one did
 * (`workspaceTokenHash`, its SHA-256), so a connection can be ended when that link is replaced.
 */
export async function accessForCredentials(
	q: Queryable,
	boardId: string,
	token: string | null | undefined,
	workspaceToken: string | null | undefined
): Promise<{ role: Role; workspaceTokenHash: string | null } | null> {
	const role = await roleForToken(q, boardId, token);
	if (role) return { role, workspaceTokenHash: null };
	const hashes = [token, workspaceToken].filter((t): t is string => !!t && t.length <= 200).map(hashToken);
	if (hashes.length === 0) return null;
	const rows = await q.query<{ token_hash: string }>(
		`SELECT w.token_hash FROM workspace_tokens w JOIN boards b ON b.workspace_id = w.workspace_id
		 WHERE w.token_hash = ANY($1) AND w.revoked_at IS NULL AND b.id = $2 LIMIT 1`,
		[hashes, boardId]
	);
	return rows.length ? { role: 'facilitator', workspaceTokenHash: rows[0].token_hash } : null;
}

/** A cookie's value in a Cookie header, or null. */
export function cookieValue(header: string | null, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) {
			try {
				return decodeURIComponent(rest.join('='));
			} catch {
				return null;
			}
		}
	}
	return null;
}

/** Revokes the current link of a role and returns the token of its replacement. */
export async function regenerateToken(q: Queryable, boardId: string, role: Role): Promise<string> {
	const token = newToken();
	await q.query('UPDATE board_tokens SET revoked_at = now() WHERE board_id = $1 AND role = $2 AND revoked_at IS NULL', [
		boardId,
		role
	]);
	await q.query('INSERT INTO board_tokens (token_hash, board_id, role) VALUES ($1, $2, $3)', [hashToken(token), boardId, role]);
	return token;
}

/** The cookie that keeps a board's token after its link was opened once. */
export const tokenCookie = (boardId: string) => `gb_${boardId}`;

/** A request's token for a board: Authorization header, then `?token=`, then the board's cookie; null when none. */
export function tokenFromRequest(
	headers: { get(name: string): string | null },
	url: URL,
	boardId: string
): string | null {
	const auth = headers.get('authorization');
	if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
	const query = url.searchParams.get('token');
	if (query) return query;
	// A cookie that is not valid percent-encoding counts as none (decoding it throws).
	return cookieValue(headers.get('cookie'), tokenCookie(boardId));
}
