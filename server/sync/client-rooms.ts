import type { IncomingMessage } from 'node:http';

/**
 * The address a WebSocket comes from, as adapter-node reads it for HTTP: the header named by
 * ADDRESS_HEADER behind a proxy (for X-Forwarded-For the entry XFF_DEPTH from the right), else
 * the socket's peer address.
 */
export function clientAddress(req: IncomingMessage, env: Record<string, string | undefined> = process.env): string {
	const header = env.ADDRESS_HEADER?.toLowerCase();
	if (header) {
		const value = req.headers[header];
		const raw = Array.isArray(value) ? value[0] : value;
		if (raw) {
			if (header !== 'x-forwarded-for') return raw.trim();
			const list = raw.split(',');
			const depth = Math.max(1, Number(env.XFF_DEPTH ?? 1) || 1);
			return (list[list.length - depth] ?? list[0]).trim();
		}
	}
	return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Which boards each client (an address, a workspace credential) holds open over WebSockets, so
 * that one client cannot hold every room of the process (MAX_ROOMS) and lock real facilitators
 * out: past `max` distinct boards a client's next board is refused, its open boards stay open.
 */
export class ClientRooms {
	private readonly held = new Map<string, Map<string, number>>();

	constructor(readonly max: number) {}

	/** Counts one connection of every key to `boardId`; false (and nothing counted) past the limit. */
	claim(keys: string[], boardId: string): boolean {
		for (const key of keys) {
			const boards = this.held.get(key);
			if (boards && !boards.has(boardId) && boards.size >= this.max) return false;
		}
		for (const key of keys) {
			let boards = this.held.get(key);
			if (!boards) this.held.set(key, (boards = new Map()));
			boards.set(boardId, (boards.get(boardId) ?? 0) + 1);
		}
		return true;
	}

	/** How many connections `key` holds to `boardId`. */
	connections(key: string, boardId: string): number {
		return this.held.get(key)?.get(boardId) ?? 0;
	}

	/** Gives back what `claim` counted. */
	release(keys: string[], boardId: string): void {
		for (const key of keys) {
			const boards = this.held.get(key);
			const n = boards?.get(boardId);
			if (!boards || n === undefined) continue;
			if (n > 1) boards.set(boardId, n - 1);
			else boards.delete(boardId);
			if (boards.size === 0) this.held.delete(key);
		}
	}
}
