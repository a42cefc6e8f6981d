import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { SyncMetrics } from './metrics.ts';
import type { ChannelPart } from './channel.ts';

/** What a room does with what other processes publish for its board. */
export interface RemoteSink {
	remoteUpdate(update: Uint8Array): void;
	remoteAwareness(update: Uint8Array): void;
	/** The board channel's state changed on another process (controls, votes, drafts). */
	remoteBoard(parts: ChannelPart[]): void;
	/** Messages may have been missed (Redis reconnected): catch up from the database. */
	resync(): void;
}

/** Fan-out between processes serving the same boards. */
export interface FanOut {
	join(boardId: string, sink: RemoteSink): Promise<void>;
	leave(boardId: string): void;
	publishUpdate(boardId: string, update: Uint8Array): void;
	publishAwareness(boardId: string, update: Uint8Array): void;
	/** Tells every other process that a board's link of `role` was replaced. */
	publishRevoke(boardId: string, role: string): void;
	/** Called when another process replaced a board link; this process disconnects its own connections of that role. */
	onRevoke: ((boardId: string, role: string) => void) | null;
	publishBoard(boardId: string, parts: ChannelPart[]): void;
	/** Tells every other process that a workspace's departments were added or removed. */
	publishDepartments(workspaceId: string): void;
	/** Called when another process added or removed a department of a workspace. */
	onDepartments: ((workspaceId: string) => void) | null;
	close(): Promise<void>;
}

/** One process alone: nothing to tell anyone. */
export const localOnly: FanOut = {
	join: async () => {},
	leave: () => {},
	publishUpdate: () => {},
	publishAwareness: () => {},
	publishRevoke: () => {},
	onRevoke: null,
	publishBoard: () => {},
	publishDepartments: () => {},
	onDepartments: null,
	close: async () => {}
};

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
/** Payload: the JSON list of channel parts that changed; receivers read them from the database. */
const KIND_BOARD = 2;
const PARTS = new Set<string>(['state', 'imports', 'votes', 'drafts']);
const ID_BYTES = 8;
/** kind (1) + sender process (8) + publish time in ms (8), then the payload. */
const HEADER = 1 + ID_BYTES + 8;

/**
 * A Redis channel per board. A process publishes the updates it has stored and the presence
 * changes of its own connections; other processes apply them and relay them to their clients.
 * Updates need no second write: the publishing process stored them before publishing.
 */
export class RedisFanOut implements FanOut {
	private readonly pub: Redis;
	private readonly sub: Redis;
	private readonly sinks = new Map<string, RemoteSink>();
	private readonly self = randomBytes(ID_BYTES);
	private everReady = false;
	onRevoke: ((boardId: string, role: string) => void) | null = null;
	onDepartments: ((workspaceId: string) => void) | null = null;

	constructor(
		url: string,
		private readonly prefix: string,
		private readonly metrics: SyncMetrics | null,
		/** Where connection problems are reported; quiet until start-up has succeeded. */
		public onError: (message: string) => void = console.error
	) {
		const options = { maxRetriesPerRequest: null, lazyConnect: true };
		this.pub = new Redis(url, options);
		this.sub = new Redis(url, options);
		let lastError = '';
		for (const client of [this.pub, this.sub]) {
			client.on('error', (err: Error) => {
				if (err.message !== lastError) this.onError(`Redis (REDIS_URL): ${err.message}; retrying…`);
				lastError = err.message;
			});
		}
		this.sub.on('ready', () => {
			lastError = '';
			// Anything published while we were away is in the database.
			if (this.everReady) for (const sink of this.sinks.values()) sink.resync();
			this.everReady = true;
		});
		this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel, message));
	}

	async connect(): Promise<void> {
		await Promise.all([this.pub.connect(), this.sub.connect()]);
		// Revocations are for every process, whichever boards it holds (one channel, not one per board).
		await this.sub.subscribe(this.revokeChannel);
	}

	private get revokeChannel(): string {
		return `${this.prefix}revoke`;
	}

	private channel(boardId: string): string {
		return `${this.prefix}board:${boardId}`;
	}

	private onMessage(channel: Buffer, message: Buffer): void {
		if (channel.toString() === this.revokeChannel) {
			this.onRevokeMessage(message);
			return;
		}
		if (message.length < HEADER) return;
		if (message.subarray(1, 1 + ID_BYTES).equals(this.self)) return;
		const boardId = channel.toString().slice(this.prefix.length + 'board:'.length);
		const sink = this.sinks.get(boardId);
		if (!sink) return;
		const payload = new Uint8Array(message.buffer, message.byteOffset + HEADER, message.length - HEADER);
		try {
			if (message[0] === KIND_UPDATE) {
				const sentAt = message.readDoubleLE(1 + ID_BYTES);
				this.metrics?.redisLagSeconds.observe(Math.max(0, Date.now() - sentAt) / 1000);
				sink.remoteUpdate(payload);
			} else if (message[0] === KIND_AWARENESS) {
				sink.remoteAwareness(payload);
			} else if (message[0] === KIND_BOARD) {
				const parts = JSON.parse(Buffer.from(payload).toString('utf8'));
				if (Array.isArray(parts)) sink.remoteBoard(parts.filter((p): p is ChannelPart => PARTS.has(p)));
			}
		} catch (err) {
			this.onError(`Ignored an unreadable message from another process on ${boardId}: ${err}`);
		}
	}

	async join(boardId: string, sink: RemoteSink): Promise<void> {
		this.sinks.set(boardId, sink);
		await this.sub.subscribe(this.channel(boardId));
	}

	leave(boardId: string): void {
		this.sinks.delete(boardId);
		this.sub.unsubscribe(this.channel(boardId)).catch(() => {});
	}

	private publish(kind: number, boardId: string, payload: Uint8Array): void {
		const message = Buffer.allocUnsafe(HEADER + payload.length);
		message[0] = kind;
		this.self.copy(message, 1);
		message.writeDoubleLE(Date.now(), 1 + ID_BYTES);
		message.set(payload, HEADER);
		this.pub.publish(this.channel(boardId), message).catch(() => {});
	}

	publishUpdate(boardId: string, update: Uint8Array): void {
		this.publish(KIND_UPDATE, boardId, update);
	}

	publishAwareness(boardId: string, update: Uint8Array): void {
		this.publish(KIND_AWARENESS, boardId, update);
	}

	publishRevoke(boardId: string, role: string): void {
		const body = JSON.stringify({ from: this.self.toString('hex'), boardId, role });
		this.pub.publish(this.revokeChannel, body).catch((err: Error) => this.onError(`Could not tell other processes of a replaced link: ${err.message}`));
	}

	/** Departments changes go on the revocation channel: every process hears it, whichever boards it holds. */
	publishDepartments(workspaceId: string): void {
		const body = JSON.stringify({ from: this.self.toString('hex'), departments: workspaceId });
		this.pub.publish(this.revokeChannel, body).catch((err: Error) => this.onError(`Could not tell other processes of changed departments: ${err.message}`));
	}

	private onRevokeMessage(message: Buffer): void {
		try {
			const { from, boardId, role, departments } = JSON.parse(message.toString()) as { from?: unknown; boardId?: unknown; role?: unknown; departments?: unknown };
			if (from === this.self.toString('hex')) return;
			if (typeof departments === 'string') {
				this.onDepartments?.(departments);
				return;
			}
			if (typeof boardId !== 'string' || typeof role !== 'string') return;
			this.onRevoke?.(boardId, role);
		} catch (err) {
			this.onError(`Ignored an unreadable revocation from another process: ${err}`);
		}
	}

	publishBoard(boardId: string, parts: ChannelPart[]): void {
		this.publish(KIND_BOARD, boardId, Buffer.from(JSON.stringify(parts)));
	}

	async close(): Promise<void> {
		this.sinks.clear();
		await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
	}
}
