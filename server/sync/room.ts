import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Role } from '../../src/lib/server/tokens.ts';
import type { BoardStore } from './persistence.ts';
import { awarenessMessage, CLOSE, type CloseInfo, updateMessage } from './protocol.ts';

export interface Connection {
	ws: WebSocket;
	role: Role;
	/** Awareness client ids this connection announced, removed when it leaves. */
	awarenessIds: Set<number>;
}

/** The origin of updates the room applies after they are stored. */
export const STORED = Symbol('stored');

/**
 * One open board: its document, the people in it, and the path every change takes:
 * received → merged with others of the same event-loop turn → stored → applied → relayed.
 * The document only ever holds stored state, so a sync answer never includes an unsaved change.
 */
export class Room {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly conns = new Set<Connection>();
	/** Server-side reads and changes in progress keep the room loaded too. */
	users = 0;
	private pending: { update: Uint8Array; from: Connection | null }[] = [];
	private flushQueued = false;
	private writing: Promise<void> = Promise.resolve();
	private logLength = 0;
	private compacting = false;

	constructor(
		readonly boardId: string,
		private readonly store: BoardStore,
		private readonly options: { compactAfter: number; onError: (err: unknown) => void }
	) {
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.relayAwareness);
	}

	async load(): Promise<void> {
		const { parts, logLength } = await this.store.load(this.boardId);
		this.logLength = logLength;
		for (const part of parts) {
			try {
				Y.applyUpdate(this.doc, part, STORED);
			} catch (err) {
				// A damaged row must not make the whole board unreadable; the rest still loads.
				this.options.onError(new Error(`Skipped an unreadable stored update of board ${this.boardId}: ${err}`));
			}
		}
	}

	/** Queues an update; it is stored, applied and relayed with the others of this turn. */
	receive(update: Uint8Array, from: Connection | null): Promise<void> {
		this.pending.push({ update, from });
		if (!this.flushQueued) {
			this.flushQueued = true;
			setImmediate(() => {
				this.flushQueued = false;
				this.writing = this.writing.then(() => this.writeBatch());
			});
		}
		return new Promise((resolve, reject) => {
			setImmediate(() => this.writing.then(resolve, reject));
		});
	}

	/** Resolves when everything received so far is stored and relayed. */
	async flushed(): Promise<void> {
		while (this.pending.length > 0 || this.flushQueued) {
			await new Promise((r) => setImmediate(r));
			await this.writing;
		}
		await this.writing;
	}

	private async writeBatch(): Promise<void> {
		const batch = this.pending;
		this.pending = [];
		if (batch.length === 0) return;
		const merged = batch.length === 1 ? batch[0].update : Y.mergeUpdates(batch.map((b) => b.update));
		try {
			await this.store.append(this.boardId, merged);
		} catch (err) {
			this.options.onError(err);
			// Nothing was relayed: the senders reconnect and send their changes again.
			for (const { from } of batch) if (from) this.close(from, CLOSE.storageFailed);
			return;
		}
		Y.applyUpdate(this.doc, merged, STORED);
		this.broadcast(updateMessage(merged));
		this.logLength++;
		if (this.logLength >= this.options.compactAfter) void this.compact();
	}

	private async compact(): Promise<void> {
		if (this.compacting) return;
		this.compacting = true;
		try {
			const merged = await this.store.compact(this.boardId);
			this.logLength = Math.max(0, this.logLength - merged);
		} catch (err) {
			this.options.onError(err);
		} finally {
			this.compacting = false;
		}
	}

	broadcast(message: Uint8Array, except?: Connection): void {
		for (const conn of this.conns) if (conn !== except) this.send(conn, message);
	}

	send(conn: Connection, message: Uint8Array): void {
		if (conn.ws.readyState !== conn.ws.OPEN) return;
		conn.ws.send(message, (err) => {
			if (err) this.close(conn, CLOSE.slowConsumer);
		});
	}

	close(conn: Connection, info: CloseInfo): void {
		if (conn.ws.readyState === conn.ws.OPEN || conn.ws.readyState === conn.ws.CONNECTING) {
			conn.ws.close(info.code, info.reason);
		}
		this.remove(conn);
	}

	add(conn: Connection): void {
		this.conns.add(conn);
	}

	remove(conn: Connection): void {
		if (!this.conns.delete(conn)) return;
		if (conn.awarenessIds.size > 0) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
		}
	}

	private relayAwareness = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	) => {
		const changed = [...added, ...updated, ...removed];
		if (origin && typeof origin === 'object' && 'awarenessIds' in origin) {
			const conn = origin as Connection;
			for (const id of added) conn.awarenessIds.add(id);
			for (const id of removed) conn.awarenessIds.delete(id);
		}
		if (changed.length > 0) this.broadcast(awarenessMessage(this.awareness, changed));
	};

	destroy(): void {
		this.awareness.off('update', this.relayAwareness);
		this.awareness.destroy();
		this.doc.destroy();
	}
}
