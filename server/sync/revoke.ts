import type { Revocation } from '../../src/lib/server/revocation.ts';
import { ROLES, type Role } from '../../src/lib/server/tokens.ts';
import { CLOSE } from './protocol.ts';
import type { FanOut } from './pubsub.ts';
import type { RoomManager } from './rooms.ts';

/**
 * Disconnects everyone in a board who joined with a role's link after that link was replaced:
 * there is one active link per role, so every open connection of that role that joined by a
 * board link used the old one. Members who joined through the workspace link (as facilitators)
 * keep their connection. They see the "link is not valid or was revoked" reason. Returns how
 * many were disconnected.
 */
export function disconnectRevoked(rooms: RoomManager, boardId: string, role: Role): number {
	if (!(ROLES as readonly string[]).includes(role)) return 0;
	rooms.revocations++;
	const room = rooms.loaded(boardId);
	if (!room) return 0;
	let closed = 0;
	for (const conn of [...room.conns]) {
		if (conn.role !== role || conn.workspaceTokenHash) continue;
		room.close(conn, CLOSE.badToken);
		closed++;
	}
	return closed;
}

/** The `role` of a revocation message for a replaced workspace link: every board, one link. */
export const WORKSPACE_LINK_REVOKED = 'workspace-link:';

/**
 * Disconnects everyone, on every board of this process, who joined through the workspace link
 * whose SHA-256 is `tokenHash` (replaced or revoked). Returns how many were disconnected.
 */
export function disconnectWorkspaceLink(rooms: RoomManager, tokenHash: string): number {
	rooms.revocations++;
	let closed = 0;
	for (const room of [...rooms.all()]) {
		for (const conn of [...room.conns]) {
			if (conn.workspaceTokenHash !== tokenHash) continue;
			room.close(conn, CLOSE.badToken);
			closed++;
		}
	}
	return closed;
}

/**
 * What the HTTP routes call when a link is replaced (`services().revocation`): closes the
 * connections that used the old link on this process, and tells the other processes through the
 * fan-out, whose `onRevoke` (set here too) closes theirs. Each answers how many this process closed.
 */
export function linkRevocation(rooms: RoomManager, fanOut: FanOut): Revocation {
	fanOut.onRevoke = (boardId, role) =>
		role.startsWith(WORKSPACE_LINK_REVOKED) ? disconnectWorkspaceLink(rooms, role.slice(WORKSPACE_LINK_REVOKED.length)) : disconnectRevoked(rooms, boardId, role as Role);
	return {
		boardLink(boardId, role) {
			const closed = disconnectRevoked(rooms, boardId, role);
			fanOut.publishRevoke(boardId, role);
			return closed;
		},
		workspaceLink(tokenHash) {
			const closed = disconnectWorkspaceLink(rooms, tokenHash);
			fanOut.publishRevoke('*', `${WORKSPACE_LINK_REVOKED}${tokenHash}`);
			return closed;
		}
	};
}
