import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from './db.ts';
import { regenerateToken, ROLES, type Role } from './tokens.ts';

/**
 * The share links a facilitator sees. Tokens are stored hashed, so the editor and viewer tokens
 * are also kept sealed (AES-256-GCM) under a key derived from the facilitator token: whoever holds
 * the facilitator link can show them again; the database alone cannot.
 */
const SEALED_ROLES = ['editor', 'viewer'] as const satisfies readonly Role[];

function keyFor(facilitatorToken: string): Buffer {
	return createHash('sha256').update(`gistboard share links\0${facilitatorToken}`).digest();
}

export function seal(token: string, facilitatorToken: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', keyFor(facilitatorToken), iv);
	const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function unseal(sealed: string, facilitatorToken: string): string | null {
	try {
		const raw = Buffer.from(sealed, 'base64url');
		const decipher = createDecipheriv('aes-256-gcm', keyFor(facilitatorToken), raw.subarray(0, 12));
		decipher.setAuthTag(raw.subarray(12, 28));
		return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
	} catch {
		return null;
	}
}

/** Seals the active editor and viewer tokens of a board (at creation, and after the facilitator link changes). */
export async function sealLinks(q: Queryable, boardId: string, tokens: Partial<Record<Role, string>>, facilitatorToken: string): Promise<void> {
	for (const role of SEALED_ROLES) {
		const token = tokens[role];
		if (!token) continue;
		await q.query('UPDATE board_tokens SET sealed = $1 WHERE board_id = $2 AND role = $3 AND revoked_at IS NULL', [
			seal(token, facilitatorToken),
			boardId,
			role
		]);
	}
}

/**
 * The active tokens of a board as a facilitator can see them; null for a role whose link cannot be
 * shown. A workspace member without the facilitator link (`null`) sees none until they replace them.
 */
export async function readTokens(q: Queryable, boardId: string, facilitatorToken: string | null): Promise<Record<Role, string | null>> {
	if (!facilitatorToken) return { facilitator: null, editor: null, viewer: null };
	const rows = await q.query<{ role: Role; sealed: string | null }>(
		'SELECT role, sealed FROM board_tokens WHERE board_id = $1 AND revoked_at IS NULL',
		[boardId]
	);
	const tokens: Record<Role, string | null> = { facilitator: facilitatorToken, editor: null, viewer: null };
	for (const row of rows) {
		if (row.role !== 'facilitator' && row.sealed) tokens[row.role] = unseal(row.sealed, facilitatorToken);
	}
	return tokens;
}

/**
 * Replaces the link of a role: the old token stops working at once. Replacing the facilitator link
 * re-seals the other two under the new one. Returns the board's tokens afterwards (those that can
 * be shown: a workspace member without the facilitator link gets only the new one).
 */
export async function replaceLink(db: Db, boardId: string, role: Role, facilitatorToken: string | null): Promise<Record<Role, string | null>> {
	if (!ROLES.includes(role)) throw new Error(`Unknown role "${role}".`);
	return db.transaction(async (tx) => {
		const before = await readTokens(tx, boardId, facilitatorToken);
		const token = await regenerateToken(tx, boardId, role);
		const after = { ...before, [role]: token };
		const key = after.facilitator;
		// Without the facilitator link there is no key: the new link is shown once, in this answer.
		if (!key) return after;
		const reseal: Partial<Record<Role, string>> = {};
		for (const r of SEALED_ROLES) if ((role === 'facilitator' || r === role) && after[r]) reseal[r] = after[r]!;
		await sealLinks(tx, boardId, reseal, key);
		return after;
	});
}
