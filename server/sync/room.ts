import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Role } from '../../src/lib/server/tokens.ts';
import { AwarenessRelay } from './awareness.ts';
import type { RateLimit } from './limits.ts';
import type { SyncMetrics } from './metrics.ts';
import type { BoardStore } from './persistence.ts';
import { awarenessMessage, CLOSE, closeLabel, type CloseInfo, isEmptyUpdate, updateMessage } from './protocol.ts';
import { localOnly, type FanOut, type RemoteSink } from './pubsub.ts';
import { BoardChannel, type ChannelPart } from './channel.ts';
import type { Origin } from '../../src/lib/board/schema.ts';

export interface Connection {
	ws: WebSocket;
	role: Role;
	/** The participant this connection acts for (`user_…`): from its cookie or `?participant=` secret, else its own. */
	participant: string;
	/** Whether the client speaks the board channel (announced `protocol=2`); stock y-websocket clients do not. */
	channel?: boolean;
	/** Awareness client ids this connection announced, removed when it leaves. */
	awarenessIds: Set<number>;
	/** Messages this connection may still send; unset for server-side connections. */
	limit?: RateLimit;
}

/** The origin of updates the room applies after they are stored. */
export const STORED = Symbol('stored');
/** The origin of updates another process stored and published. */
export const REMOTE = Symbol('remote');

export interface RoomOptions {
	compactAfter: number;
	onError: (err: unknown) => void;
	/** Bytes queued for one connection before it is dropped as too slow. */
	sendBufferBytes?: number;
	/** Window over which presence changes are merged before they are relayed. */
	awarenessFlushMs?: number;
	metrics?: SyncMetrics | null;
	fanOut?: FanOut;
}

const EXPIRE_EVERY_MS = 15_000;
const PRESENCE_MS_PER_PERSON = 0.2;
/** How long updates from other processes may wait to go out with this process's next batch. */
const REMOTE_HOLD_MS = 20;
/** Presence rides along with a document update once this share of its window has passed. */
const PRESENCE_EARLY = 0.75;

/**
 * A complete binary WebSocket frame (RFC 6455 §5.2) as a server sends it: final, unmasked.
 * The server's sockets do not compress (ws's default), so these bytes are exactly what
 * `ws.send` would write, and can be written to the socket directly.
 */
export function wsFrame(payload: Uint8Array): Buffer {
	const n = payload.length;
	const header = n < 126 ? 2 : n < 65536 ? 4 : 10;
	const frame = Buffer.allocUnsafe(header + n);
	frame[0] = 0x82;
	if (n < 126) {
		frame[1] = n;
	} else if (n < 65536) {
		frame[1] = 126;
		frame.writeUInt16BE(n, 2);
	} else {
		frame[1] = 127;
		frame.writeBigUInt64BE(BigInt(n), 2);
	}
	frame.set(payload, header);
	return frame;
}

/**
 * One open board: its document, the people in it, and the path every change takes:
 * received → merged with others of the same event-loop turn → stored → applied → relayed
 * (to this process's connections, and to other processes through the fan-out).
 * The document only ever holds stored state, so a sync answer never includes an unsaved change.
 */
export class Room implements RemoteSink {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new AwarenessRelay();
	readonly conns = new Set<Connection>();
	/** Title, controls, votes and drafts: the board's state outside the content document. */
	readonly channel: BoardChannel;
	/** Server-side reads and changes in progress keep the room loaded too. */
	users = 0;
	private pending: { update: Uint8Array; from: Connection | null }[] = [];
	/** Updates from other processes, applied and waiting to be relayed at the end of this turn. */
	private remotePending: Uint8Array[] = [];
	private remoteSince = 0;
	private remoteTimer: NodeJS.Timeout | null = null;
	/** Whether a batch of this process's own updates is being written to the database. */
	private storing = false;
	private pendingSince = 0;
	private flushQueued = false;
	private writing: Promise<void> = Promise.resolve();
	private logLength = 0;
	private compacting = false;
	private awarenessTimer: NodeJS.Timeout | null = null;
	/** When presence was last relayed, for the window between relays. */
	private presenceAt = 0;
	private readonly expireTimer: NodeJS.Timeout;
	private readonly fanOut: FanOut;
	private readonly sendBufferBytes: number;
	private destroyed = false;

	constructor(
		readonly boardId: string,
		private readonly store: BoardStore,
		private readonly options: RoomOptions
	) {
		this.fanOut = options.fanOut ?? localOnly;
		this.channel = new BoardChannel(this, store.db);
		this.sendBufferBytes = options.sendBufferBytes ?? 32 * 1024 * 1024;
		this.expireTimer = setInterval(() => {
			this.awareness.expire();
			this.scheduleAwareness();
		}, EXPIRE_EVERY_MS).unref();
	}

	async load(): Promise<void> {
		// Subscribe first: what another process publishes while we read is applied, not missed.
		await this.fanOut.join(this.boardId, this);
		const { parts, logLength } = await this.store.load(this.boardId);
		this.logLength = logLength;
		this.applyStored(parts);
		await this.channel.load();
		await this.channel.adoptLegacy();
	}

	/** Whether the facilitator locked the board: only facilitators change its content meanwhile. */
	get locked(): boolean {
		return this.channel.controls.locked;
	}

	/**
	 * A change the server makes (private-mode drafts becoming notes): made on a copy of the
	 * document, then stored and relayed like any client's update.
	 */
	async serverChange(fn: (doc: Y.Doc) => void, origin: Origin = { kind: 'server' }): Promise<void> {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
		const before = Y.encodeStateVector(copy);
		copy.transact(() => fn(copy), origin);
		const update = Y.encodeStateAsUpdate(copy, before);
		copy.destroy();
		if (!isEmptyUpdate(update)) await this.receive(update, null);
	}

	/** Tells the other processes that part of the board's channel state changed. */
	publishBoard(parts: ChannelPart[]): void {
		this.fanOut.publishBoard(this.boardId, parts);
	}

	/** Another process changed the board's channel state: read it again and send it here. */
	remoteBoard(parts: ChannelPart[]): void {
		if (this.destroyed) return;
		void this.channel.refresh(new Set(parts)).catch((err) => this.options.onError(err));
	}

	reportError(err: unknown): void {
		this.options.onError(err);
	}

	private applyStored(parts: Uint8Array[]): void {
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
		if (this.pending.length === 0) this.pendingSince = performance.now();
		this.pending.push({ update, from });
		if (!this.flushQueued) {
			this.flushQueued = true;
			setImmediate(() => {
				this.flushQueued = false;
				// One failed batch must not stop the ones after it.
				this.writing = this.writing.then(() => this.writeBatch()).catch((err) => this.options.onError(err));
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
		const since = this.pendingSince;
		let merged: Uint8Array;
		try {
			merged = batch.length === 1 ? batch[0].update : Y.mergeUpdates(batch.map((b) => b.update));
		} catch {
			// One update that decodes but cannot be merged: store the others one by one.
			for (const one of batch) {
				try {
					Y.mergeUpdates([one.update]);
				} catch {
					if (one.from) this.close(one.from, CLOSE.malformed);
					continue;
				}
				await this.storeAndRelay(one.update, [one], since);
			}
			return;
		}
		await this.storeAndRelay(merged, batch, since);
	}

	private async storeAndRelay(merged: Uint8Array, batch: { update: Uint8Array; from: Connection | null }[], since: number): Promise<void> {
		const metrics = this.options.metrics;
		const storing = performance.now();
		this.storing = true;
		try {
			await this.store.append(this.boardId, merged);
		} catch (err) {
			this.options.onError(err);
			// Nothing was relayed: the senders reconnect and send their changes again.
			for (const { from } of batch) if (from) this.close(from, CLOSE.storageFailed);
			return;
		} finally {
			this.storing = false;
			// Other processes' updates held for this broadcast go out on their own if it does not.
			if (this.remotePending.length > 0) setImmediate(this.flushRemote);
		}
		metrics?.persistSeconds.observe((performance.now() - storing) / 1000);
		if (this.destroyed) return;
		try {
			Y.applyUpdate(this.doc, merged, STORED);
		} catch (err) {
			// Stored but unreadable: loading skips it too. Its senders are cut off; nobody else sees it.
			this.options.onError(new Error(`An update to board ${this.boardId} could not be applied: ${err}`));
			for (const { from } of batch) if (from) this.close(from, CLOSE.malformed);
			return;
		}
		// Other processes first: their clients should not also wait for this process's writes.
		this.fanOut.publishUpdate(this.boardId, merged);
		// Updates from other processes that arrived while this batch was being stored ride along.
		const remote = this.takeRemote();
		const relayed = remote.length > 0 ? Y.mergeUpdates([merged, ...remote]) : merged;
		this.broadcastWithPresence(updateMessage(relayed));
		metrics?.fanoutSeconds.observe((performance.now() - since) / 1000);
		this.logLength++;
		if (this.logLength >= this.options.compactAfter) void this.compact();
	}

	private async compact(): Promise<void> {
		if (this.compacting) return;
		this.compacting = true;
		try {
			const merged = await this.store.compact(this.boardId);
			this.logLength = Math.max(0, this.logLength - merged);
			this.options.metrics?.compactions.inc();
		} catch (err) {
			this.options.onError(err);
		} finally {
			this.compacting = false;
		}
	}

	/**
	 * An update another process stored and published. It is applied at once (a sync answer from
	 * here includes it) and relayed with the others of the same event-loop turn, or with this
	 * process's batch being stored: a busy board's updates come from Redis several at a time, and
	 * each broadcast costs a write per socket (with 500 people, most of a server's time).
	 */
	remoteUpdate(update: Uint8Array): void {
		if (this.destroyed) return;
		Y.applyUpdate(this.doc, update, REMOTE);
		if (this.remotePending.length === 0) {
			this.remoteSince = performance.now();
			setImmediate(this.flushRemote);
		}
		this.remotePending.push(update);
	}

	private flushRemote = () => {
		if (this.destroyed || this.remotePending.length === 0) return;
		// While a batch of this process is being stored (a millisecond or two), they wait to go out
		// with it: one write per socket instead of two. Not for long if the database is slow:
		// they are stored already.
		const held = performance.now() - this.remoteSince;
		if (this.storing && held < REMOTE_HOLD_MS) {
			this.remoteTimer ??= setTimeout(() => {
				this.remoteTimer = null;
				this.flushRemote();
			}, REMOTE_HOLD_MS - held);
			return;
		}
		const updates = this.takeRemote();
		this.broadcastWithPresence(updateMessage(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates)));
	};

	/** The updates from other processes waiting to be relayed; they are no longer waiting. */
	private takeRemote(): Uint8Array[] {
		if (this.remoteTimer) clearTimeout(this.remoteTimer);
		this.remoteTimer = null;
		return this.remotePending.splice(0);
	}

	remoteAwareness(update: Uint8Array): void {
		if (this.destroyed) return;
		this.awareness.apply(update, false);
		this.scheduleAwareness();
	}

	/** Reads the stored state again and relays whatever this process had missed. */
	resync(): void {
		void this.store.load(this.boardId).then(
			({ parts }) => {
				if (this.destroyed) return;
				const before = Y.encodeStateVector(this.doc);
				this.applyStored(parts);
				const missed = Y.encodeStateAsUpdate(this.doc, before);
				if (!isEmptyUpdate(missed)) this.broadcast(updateMessage(missed));
				this.remoteBoard(['state', 'votes', 'drafts']);
			},
			(err) => this.options.onError(err)
		);
	}

	/** Presence from one of this process's connections; relayed with the others of its window. */
	receiveAwareness(conn: Connection, update: Uint8Array): void {
		for (const id of this.awareness.apply(update, true)) conn.awarenessIds.add(id);
		this.scheduleAwareness();
	}

	/**
	 * The time between two presence relays. Presence is the N² part of a room's traffic (every
	 * client's cursor goes to every other client), so the window grows with the room: the
	 * configured floor (AWARENESS_FLUSH_MS, 40 ms) up to 200 people, then 0.2 ms per person,
	 * at most 250 ms. Fewer, larger presence messages cost every client less to read.
	 */
	get presenceWindowMs(): number {
		const floor = this.options.awarenessFlushMs ?? 0;
		return Math.max(floor, Math.min(250, this.conns.size * PRESENCE_MS_PER_PERSON));
	}

	private scheduleAwareness(): void {
		if (this.awarenessTimer || !this.awareness.pending || this.destroyed) return;
		const wait = Math.max(0, this.presenceAt + this.presenceWindowMs - performance.now());
		this.awarenessTimer = setTimeout(this.flushAwareness, wait);
	}

	private flushAwareness = () => {
		this.awarenessTimer = null;
		const presence = this.takePresence();
		if (presence) this.broadcast(presence);
	};

	private takePresence(): Uint8Array | null {
		if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
		this.awarenessTimer = null;
		this.presenceAt = performance.now();
		const { all, here } = this.awareness.takeChanges();
		if (here) this.fanOut.publishAwareness(this.boardId, here);
		return all ? awarenessMessage(all) : null;
	}

	/** Whether presence is waiting and its window is (nearly) over, so it can ride along now. */
	private presenceDue(): boolean {
		if (!this.awareness.pending) return false;
		return performance.now() - this.presenceAt >= this.presenceWindowMs * PRESENCE_EARLY;
	}

	/**
	 * Sends one message to every connection (but `except`). The WebSocket frame is built once
	 * and the same bytes are written to every socket: a server's frames are unmasked, so they
	 * are identical for all recipients.
	 */
	broadcast(message: Uint8Array, except?: Connection): void {
		this.broadcastFrames([message], except);
	}

	/**
	 * Sends a document update, and the presence changes waiting for their window along with
	 * it: two frames in one write per connection. Writes to sockets are most of a busy room's
	 * cost, so presence rides along with updates rather than costing writes of its own.
	 */
	private broadcastWithPresence(message: Uint8Array): void {
		const presence = this.presenceDue() ? this.takePresence() : null;
		if (!presence) {
			this.broadcast(message);
			return;
		}
		this.broadcastFrames([message, presence]);
	}

	private broadcastFrames(messages: Uint8Array[], except?: Connection): void {
		const frame = messages.length === 1 ? wsFrame(messages[0]) : Buffer.concat(messages.map(wsFrame));
		let sent = 0;
		for (const conn of this.conns) {
			if (conn === except || !this.writable(conn)) continue;
			const socket = (conn.ws as unknown as { _socket?: { write(data: Buffer): boolean } })._socket;
			if (socket) socket.write(frame);
			else for (const message of messages) conn.ws.send(message);
			sent++;
		}
		const stats = this.options.metrics?.stats;
		if (stats) {
			stats.messagesOut += sent * messages.length;
			stats.bytesOut += sent * frame.length;
		}
	}

	/** Whether a connection can take more; one whose queue is over its bound is dropped. */
	private writable(conn: Connection): boolean {
		const ws = conn.ws;
		if (ws.readyState !== ws.OPEN) return false;
		if (ws.bufferedAmount <= this.sendBufferBytes) return true;
		this.close(conn, CLOSE.slowConsumer);
		// Its queue is full, so the close frame would wait behind it: cut the connection soon.
		setTimeout(() => ws.terminate(), 1000).unref();
		return false;
	}

	/** Sends one message to one connection, unless its queue is over its bound. */
	send(conn: Connection, message: Uint8Array): void {
		if (!this.writable(conn)) return;
		conn.ws.send(message);
		const stats = this.options.metrics?.stats;
		if (stats) {
			stats.messagesOut++;
			stats.bytesOut += message.length;
		}
	}

	close(conn: Connection, info: CloseInfo): void {
		if (conn.ws.readyState === conn.ws.OPEN || conn.ws.readyState === conn.ws.CONNECTING) {
			conn.ws.close(info.code, info.reason);
			this.options.metrics?.stats.closed(closeLabel(info));
		}
		this.remove(conn);
	}

	add(conn: Connection): void {
		this.conns.add(conn);
	}

	remove(conn: Connection): void {
		if (!this.conns.delete(conn)) return;
		if (conn.awarenessIds.size > 0) {
			this.awareness.remove(conn.awarenessIds, true);
			this.scheduleAwareness();
		}
	}

	destroy(): void {
		this.destroyed = true;
		clearInterval(this.expireTimer);
		if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
		if (this.remoteTimer) clearTimeout(this.remoteTimer);
		this.fanOut.leave(this.boardId);
		this.doc.destroy();
	}
}
