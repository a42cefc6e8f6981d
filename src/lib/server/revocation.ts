import type { Role } from './tokens.ts';

/**
 * Stopping the live connections of a replaced link, on every process. The sync server
 * (`server/sync/revoke.ts`) provides it through `services().revocation`, so routes reach the
 * rooms without depending on `server/`.
 */
export interface Revocation {
	/**
	 * A board's link of `role` was replaced: closes every connection that joined with a board
	 * link of that role (4401), on this process and, through the fan-out, on the others.
	 * Members who joined through the workspace link keep their connection. Returns how many
	 * connections this process closed.
	 */
	boardLink(boardId: string, role: Role): number;
	/**
	 * A workspace link (its SHA-256, hex) was replaced: closes every connection it opened, on
	 * every board of this process and of the others (4401). Returns how many this process closed.
	 */
	workspaceLink(tokenHash: string): number;
}
