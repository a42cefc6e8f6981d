import { newBoardUpdate, newId, SCHEMA_VERSION } from '$lib/board';
import type { Db, Queryable } from './db';
import { createBoardTokens, type Role } from './tokens';
import { boardTitle } from './title.ts';

export interface BoardRow {
	id: string;
	title: string;
	created_at: Date;
	workspace_id: string;
}

export { MAX_TITLE } from './title.ts';

/**
 * The board's document epoch (`boards.doc_epoch`, raised when a migration or restore replaces the
 * document): tabs name their offline copy after it, so a copy of an older document is never read.
 */
export async function boardEpoch(q: Queryable, id: string): Promise<number> {
	const [row] = await q.query<{ doc_epoch: number }>('SELECT doc_epoch FROM boards WHERE id = $1', [id]);
	return Number(row?.doc_epoch ?? 1);
}

/** Creates a board in a workspace, its first document state and one share token per role. */
export async function createBoard(db: Db, workspaceId: string, title: string): Promise<{ id: string; title: string; tokens: Record<Role, string> }> {
	const id = newId('board', 10).replace('board_', '');
	const clean = boardTitle(title) ?? 'Untitled board';
	const tokens = await db.transaction(async (tx) => {
		await tx.query('INSERT INTO boards (id, title, schema_version, workspace_id) VALUES ($1, $2, $3, $4)', [id, clean, SCHEMA_VERSION, workspaceId]);
		await tx.query('INSERT INTO board_updates (board_id, update) VALUES ($1, $2)', [id, newBoardUpdate()]);
		return createBoardTokens(tx, id);
	});
	return { id, title: clean, tokens };
}

export async function getBoard(q: Queryable, id: string): Promise<BoardRow | null> {
	if (!/^[a-z0-9]{4,40}$/.test(id)) return null;
	const rows = await q.query<BoardRow>('SELECT id, title, created_at, workspace_id FROM boards WHERE id = $1', [id]);
	return rows[0] ?? null;
}

export async function getBoards(q: Queryable, ids: string[]): Promise<BoardRow[]> {
	if (ids.length === 0) return [];
	return q.query<BoardRow>('SELECT id, title, created_at, workspace_id FROM boards WHERE id = ANY($1) ORDER BY created_at DESC', [ids.slice(0, 200)]);
}

/** Every board of a workspace, newest first (at most `limit`). */
export async function workspaceBoards(q: Queryable, workspaceId: string, limit = 500): Promise<BoardRow[]> {
	return q.query<BoardRow>('SELECT id, title, created_at, workspace_id FROM boards WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT $2', [
		workspaceId,
		limit
	]);
}

/** The share links of a board, as full URLs. */
export function shareLinks(origin: string, boardId: string, tokens: Partial<Record<Role, string>>): Partial<Record<Role, string>> {
	const links: Partial<Record<Role, string>> = {};
	for (const [role, token] of Object.entries(tokens) as [Role, string][]) {
		links[role] = `${origin}/b/${boardId}?token=${encodeURIComponent(token)}`;
	}
	return links;
}
