import * as Y from 'yjs';
import type { Origin } from '../../src/lib/board/schema.ts';
import type { BoardStore } from './persistence.ts';
import { CLOSE } from './protocol.ts';
import type { SyncMetrics } from './metrics.ts';
import { localOnly, type FanOut } from './pubsub.ts';
import type { ChannelPart } from './channel.ts';
import { Room, type ServerStep } from './room.ts';
import type { UpdateLimits } from './admission.ts';

export interface RoomManagerOptions {
	compactAfter: number;
	roomIdleMs: number;
	/** Boards held in memory at once. */
	maxRooms?: number;
	/** Participants of one board who may hold votes or private notes (facilitators not counted). */
	maxParticipants?: number;
	sendBufferBytes?: number;
	awarenessFlushMs?: number;
	metrics?: SyncMetrics | null;
	fanOut?: FanOut;
	updateLimits?: UpdateLimits;
	onError?: (err: unknown) => void;
}

/** Every slot for a board in memory is taken by a board somebody is in. */
export class RoomsFullError extends Error {}

/** The boards open in this process: loaded on first use, unloaded when idle and stored. */
export class RoomManager {
	private readonly rooms = new Map<string, Room>();
	private readonly loading = new Map<string, Promise<Room | null>>();
	private readonly idleTimers = new Map<string, NodeJS.Timeout>();
	private closing = false;
	/**
	 * Imports this process is writing (their ids): their leases are renewed here, so the rooms
	 * leave them alone; an import leased by anyone else is looked at when its lease runs out.
	 */
	readonly importsInProgress = new Set<string>();
	/**
	 * Links replaced or revoked so far (revoke.ts counts them): a connection whose credential was
	 * checked before one of them, and which joins a room after it, is checked again.
	 */
	revocations = 0;

	constructor(
		readonly store: BoardStore,
		private readonly options: RoomManagerOptions
	) {
		if (options.fanOut) options.fanOut.onDepartments = (workspaceId) => void this.rereadDepartments(workspaceId);
	}

	get size(): number {
		return this.rooms.size;
	}

	/** Every room open in this process. */
	all(): IterableIterator<Room> {
		return this.rooms.values();
	}

	/** The room of a board if it is open in this process, without opening it. */
	loaded(boardId: string): Room | undefined {
		return this.rooms.get(boardId);
	}

	/** The loaded room of a board; null when the board does not exist. */
	async open(boardId: string): Promise<Room | null> {
		if (this.closing) throw new Error('The server is shutting down.');
		this.cancelIdle(boardId);
		const loaded = this.rooms.get(boardId);
		if (loaded) return loaded;
		let loading = this.loading.get(boardId);
		if (!loading) {
			this.makeRoom();
			loading = this.load(boardId).finally(() => this.loading.delete(boardId));
			this.loading.set(boardId, loading);
		}
		return loading;
	}

	/** Frees a slot for one more board: the idle boards go first; if none is idle, refuses. */
	private makeRoom(): void {
		const max = this.options.maxRooms ?? Infinity;
		if (this.rooms.size + this.loading.size < max) return;
		for (const boardId of [...this.idleTimers.keys()]) {
			const room = this.rooms.get(boardId);
			if (!room) continue;
			this.cancelIdle(boardId);
			this.rooms.delete(boardId);
			void room.flushed().finally(() => room.destroy());
			if (this.rooms.size + this.loading.size < max) return;
		}
		throw new RoomsFullError(`${max} boards are open in this process (MAX_ROOMS)`);
	}

	private async load(boardId: string): Promise<Room | null> {
		if (!(await this.store.exists(boardId))) return null;
		const room = new Room(boardId, this.store, {
			compactAfter: this.options.compactAfter,
			sendBufferBytes: this.options.sendBufferBytes,
			awarenessFlushMs: this.options.awarenessFlushMs,
			metrics: this.options.metrics,
			fanOut: this.options.fanOut,
			updateLimits: this.options.updateLimits,
			maxParticipants: this.options.maxParticipants,
			importsInProgress: this.importsInProgress,
			onError: this.options.onError ?? ((err) => console.error(err)),
			onFailed: (failed) => this.drop(failed)
		});
		try {
			await room.load();
		} catch (err) {
			room.destroy();
			throw err;
		}
		this.rooms.set(boardId, room);
		return room;
	}

	get connections(): number {
		let n = 0;
		for (const room of this.rooms.values()) n += room.conns.size;
		return n;
	}

	/** Call when a connection or a server-side operation is done with a room. */
	release(room: Room): void {
		if (room.conns.size > 0 || room.users > 0 || this.rooms.get(room.boardId) !== room) return;
		this.cancelIdle(room.boardId);
		this.idleTimers.set(
			room.boardId,
			setTimeout(() => void this.unload(room), this.options.roomIdleMs)
		);
	}

	private cancelIdle(boardId: string): void {
		const timer = this.idleTimers.get(boardId);
		if (timer) clearTimeout(timer);
		this.idleTimers.delete(boardId);
	}

	/** Unloads a room at once (a write of it failed): the next person to join reads the board again. */
	private drop(room: Room): void {
		if (this.rooms.get(room.boardId) !== room) return;
		this.cancelIdle(room.boardId);
		this.rooms.delete(room.boardId);
		room.destroy();
	}

	private async unload(room: Room): Promise<void> {
		this.idleTimers.delete(room.boardId);
		await room.flushed();
		if (room.conns.size > 0 || room.users > 0 || this.rooms.get(room.boardId) !== room) return;
		this.rooms.delete(room.boardId);
		room.destroy();
	}

	/**
	 * Reads a board's stored state on the server. With `after` (a client's state vector), waits
	 * up to `timeoutMs` until everything that client had seen is stored here, so an action the
	 * client asks for right after an edit (publish, export) reads that edit.
	 */
	async read<T>(
		boardId: string,
		fn: (doc: Y.Doc) => T,
		options: { after?: Uint8Array; timeoutMs?: number } = {}
	): Promise<T | null> {
		const room = await this.open(boardId);
		if (!room) return null;
		room.users++;
		try {
			if (options.after) await caughtUp(room.doc, options.after, options.timeoutMs ?? 5000);
			// The document may hold a change being stored: read it once it is.
			await room.stored();
			return fn(room.doc);
		} finally {
			room.users--;
			this.release(room);
		}
	}

	/**
	 * Changes a board from the server (an import, a restore, a publish): each step is a transaction
	 * on the room's document, which takes the path of a client's update (checked, repaired, stored
	 * before anyone sees it, relayed; `Room.serverChange`). Given several steps, each is its own
	 * update, stored and relayed before the next is made, so the room relays everyone else's edits
	 * in between (a large import in chunks). Returns false when the board does not exist; rejects
	 * when a step could not be stored (the steps before it stay in place; nothing of the failed one
	 * was kept, and the room was unloaded).
	 */
	async change(boardId: string, fn: ServerStep | ServerStep[], origin: Origin): Promise<boolean> {
		const room = await this.open(boardId);
		if (!room) return false;
		room.users++;
		try {
			await room.serverChange(fn, origin);
			return true;
		} finally {
			room.users--;
			this.release(room);
		}
	}

	/**
	 * Part of a board's channel state changed on the server outside a command (an import, its
	 * undo): every process that has the board open reads that part again and sends the new
	 * `state` to its connections. Resolves once this process's connections were sent it.
	 */
	async channelChanged(boardId: string, parts: ChannelPart[]): Promise<void> {
		(this.options.fanOut ?? localOnly).publishBoard(boardId, parts);
		const room = this.rooms.get(boardId);
		if (room?.open) await room.channel.refresh(new Set(parts));
	}

	/**
	 * A department of a workspace was added or removed: every room of that workspace, on every
	 * process, reads the departments a group may be assigned to again. Resolves once this
	 * process's rooms have.
	 */
	async departmentsChanged(workspaceId: string): Promise<void> {
		(this.options.fanOut ?? localOnly).publishDepartments(workspaceId);
		await this.rereadDepartments(workspaceId);
	}

	private async rereadDepartments(workspaceId: string): Promise<void> {
		const rooms = [...this.rooms.values()].filter((room) => room.workspaceId === workspaceId);
		await Promise.all(rooms.map((room) => room.refreshDepartments().catch((err) => (this.options.onError ?? console.error)(err))));
	}

	/** Stores what is pending, closes every connection and unloads every room. */
	async closeAll(): Promise<void> {
		this.closing = true;
		for (const timer of this.idleTimers.values()) clearTimeout(timer);
		this.idleTimers.clear();
		await Promise.allSettled([...this.loading.values()]);
		await Promise.all(
			[...this.rooms.values()].map(async (room) => {
				await room.flushed().catch(() => {});
				for (const conn of [...room.conns]) room.close(conn, CLOSE.shuttingDown);
				room.destroy();
			})
		);
		this.rooms.clear();
	}
}

/** Whether `doc` holds everything described by another document's state vector. */
export function covers(doc: Y.Doc, stateVector: Uint8Array): boolean {
	for (const [client, clock] of Y.decodeStateVector(stateVector)) {
		if (Y.getState(doc.store, client) < clock) return false;
	}
	return true;
}

/** Resolves once `doc` covers the state vector, or after `timeoutMs` (then it reads what is there). */
function caughtUp(doc: Y.Doc, stateVector: Uint8Array, timeoutMs: number): Promise<void> {
	if (covers(doc, stateVector)) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			doc.off('update', check);
			resolve();
		};
		const check = () => {
			if (covers(doc, stateVector)) done();
		};
		const timer = setTimeout(done, timeoutMs);
		doc.on('update', check);
	});
}
