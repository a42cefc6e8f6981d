import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Db } from '../../src/lib/server/db.ts';
import { accessForCredentials, cookieValue, tokenFromRequest, type Role } from '../../src/lib/server/tokens.ts';
import {
	awarenessMessage,
	CLOSE,
	type CloseInfo,
	decoding,
	isEmptyUpdate,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	syncStep1
} from './protocol.ts';
import { KeyedBuckets } from '../../src/lib/server/rate-limit.ts';
import { ChangeBudget, HEARTBEAT_MS, PRESENCE_CLAIMS_BURST_MINUTES, PRESENCE_CLAIMS_PER_MINUTE, PresenceBudget, RateLimit, REFUSAL_NOTICES_BURST, REFUSAL_NOTICES_PER_SECOND, RefusalBudget } from './limits.ts';
import { sameOrigin } from './origin.ts';
import type { SyncMetrics, SyncStats } from './metrics.ts';
import type { Connection, Room } from './room.ts';
import { clientAddress, ClientRooms } from './client-rooms.ts';
import { credentialKey } from '../../src/lib/server/rate-limit.ts';
import { RoomsFullError, type RoomManager } from './rooms.ts';
import { clientTooOld, speaksChannel, staleEpoch } from '../../src/lib/collab/version.ts';
import { participantOfConnection } from '../../src/lib/server/participant.ts';
import { schemaVersionOf } from '../../src/lib/board/schema.ts';
import { MESSAGE_BOARD } from '../../src/lib/collab/channel.ts';
import { MAX_PRESENCE_BYTES } from '../../src/lib/collab/presence-schema.ts';

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})\/?$/;
/** How often one connection's sync step 1 is answered at most. */
export const SYNC_ANSWER_MS = 1000;
/** A connection with more than this queued for it gets no further sync answer until it reads. */
export const SYNC_ANSWER_QUEUE_BYTES = 1024 * 1024;
/** How often one connection's query for everyone's presence is answered. */
export const PRESENCE_ANSWER_MS = 1000;
/**
 * What one connection may send before its board is ready (credential checked, board loaded):
 * a tab sends its sync step 1 and presence, and perhaps a few edits typed meanwhile; an edit is
 * at most UPDATE_LIMITS.maxBytes (512 KB). Past either bound it is closed (CLOSE.tooEarly).
 */
export const EARLY_MESSAGES = 64;
export const EARLY_BYTES = 1024 * 1024;

/**
 * Clients a tab's state vector may name that the board does not have: those of its own changes
 * not sent yet, one per session of an offline copy (IndexedDB) that wrote while offline.
 */
export const UNSENT_CLIENTS = 1024;

/**
 * The largest state vector (sync step 1) a connection may send, in bytes, to a board whose
 * document has `clients` Yjs clients: an entry of at most 14 bytes (a client id and a clock, each
 * a varint) for each of them and UNSENT_CLIENTS more. Past it the connection is closed (4413).
 */
export function stateVectorBytes(clients: number): number {
	return (clients + UNSENT_CLIENTS) * 14 + 10;
}

/** Bytes of one client's entry in a presence message at most: its id and clock, and a state of MAX_PRESENCE_BYTES characters (3 bytes each in UTF-8). */
const PRESENCE_ENTRY_BYTES = 3 * MAX_PRESENCE_BYTES + 32;

/**
 * The largest presence (awareness) message a connection may send, in bytes, to a board where
 * `present` people show presence: every one of their states and its own. The app sends only its
 * own; a stock y-websocket client sends back everyone's it was told, as they change. Past it the
 * connection is closed (4413).
 */
export function presenceMessageBytes(present: number): number {
	return (present + 2) * PRESENCE_ENTRY_BYTES;
}

type Handler = (room: Room, conn: Connection, decoder: decoding.Decoder) => void;

/** One handler per message type; anything else closes the connection that sent it. */
const handlers: Record<number, Handler> = {
	[MESSAGE_SYNC](room, conn, decoder) {
		const type = decoding.readVarUint(decoder);
		if (type === 0) {
			const stateVector = decoding.readVarUint8Array(decoder);
			// Decoding one costs a map entry per client it names: 1.5 million made-up ones (13 MB)
			// took half a second of the server's time, every second, from one viewer.
			if (stateVector.length > stateVectorBytes(room.doc.store.clients.size)) {
				room.close(conn, CLOSE.tooLarge);
				return;
			}
			// The answer can be the whole board (megabytes, tens of milliseconds to encode) for a few
			// bytes asked. A tab asks once per connection; more often, or while the last answer is
			// still queued unread, is ignored.
			const now = Date.now();
			if (conn.syncAnsweredAt !== undefined && (now - conn.syncAnsweredAt < SYNC_ANSWER_MS || conn.ws.bufferedAmount > SYNC_ANSWER_QUEUE_BYTES)) return;
			conn.syncAnsweredAt = now;
			room.answerSync(conn, stateVector);
			return;
		}
		if (type !== 1 && type !== 2) throw new Error(`unknown sync message ${type}`);
		const update = decoding.readVarUint8Array(decoder);
		if (isEmptyUpdate(update)) return;
		if (conn.spendChange && !conn.spendChange(update.length)) {
			room.close(conn, CLOSE.tooManyChanges);
			return;
		}
		// Refusals close the connection themselves; a failed write closes every connection.
		room.receive(update, conn).catch(() => {});
	},
	[MESSAGE_AWARENESS](room, conn, decoder) {
		const update = decoding.readVarUint8Array(decoder);
		// Reading a presence message costs the server its size, and nothing closes a connection
		// for presence it does not keep: a 15 MB message a second from one viewer held up every
		// board of the process. No tab needs more than everyone's presence at once.
		if (update.length > presenceMessageBytes(room.awareness.size)) {
			room.close(conn, CLOSE.tooLarge);
			return;
		}
		room.receivePresence(conn, update);
	},
	[MESSAGE_QUERY_AWARENESS](room, conn) {
		// The answer is everyone's presence (up to 4 KB a person) for one byte asked; y-websocket
		// clients never ask, and changes reach every connection anyway, so one answer a second is plenty.
		const now = Date.now();
		if (conn.presenceAnsweredAt !== undefined && now - conn.presenceAnsweredAt < PRESENCE_ANSWER_MS) return;
		conn.presenceAnsweredAt = now;
		const all = room.awareness.encodeAll();
		if (all) room.send(conn, awarenessMessage(all));
	},
	[MESSAGE_BOARD](room, conn, decoder) {
		if (!conn.channel) throw new Error('board channel not announced');
		room.channel.receive(conn, decoding.readVarString(decoder));
	}
};

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Handles one message of a connection in a room. Messages that arrive once the connection is
 * closing (the server closed it, or the client sent its close) are dropped unread: ws still
 * delivers them until the close handshake ends, which a hostile client can put off for 30 s.
 */
export function handleMessage(room: Room, conn: Connection, data: Uint8Array, stats?: SyncStats): void {
	if (conn.closedBy || conn.ws.readyState !== conn.ws.OPEN) return;
	if (stats) {
		stats.messagesIn++;
		stats.bytesIn += data.length;
	}
	if (conn.limit && !conn.limit.take()) {
		room.close(conn, CLOSE.rateLimited);
		return;
	}
	try {
		const decoder = decoding.createDecoder(data);
		const handler = handlers[decoding.readVarUint(decoder)];
		if (!handler) throw new Error('unknown message type');
		handler(room, conn, decoder);
	} catch {
		room.close(conn, CLOSE.malformed);
	}
}

/** The `/sync/:boardId` endpoint: y-websocket protocol, role decided once at connect. */
export class SyncServer {
	readonly wss: WebSocketServer;

	private readonly stats: SyncStats | undefined;
	/**
	 * Boards each address and workspace credential holds open (MAX_ROOMS_PER_CLIENT), and
	 * connections each address holds to one board (MAX_CONNECTIONS_PER_ADDRESS).
	 */
	private readonly clientRooms: ClientRooms;
	/** Rounds of the heartbeat since each socket was last heard from (a pong or any message). */
	private readonly silentRounds = new Map<WebSocket, number>();
	private readonly heartbeat: NodeJS.Timeout;
	/** Connections refused for their credential, per client address (REFUSALS_PER_SECOND). */
	private readonly refusals: RefusalBudget;
	/** Connections past their address's refusal budget still told why over a WebSocket (REFUSAL_NOTICES_PER_SECOND). */
	private readonly refusalNotices = new KeyedBuckets(REFUSAL_NOTICES_PER_SECOND, REFUSAL_NOTICES_BURST);
	/** Bytes of document changes sent, per client address (UPDATE_BYTES_PER_SECOND). */
	private readonly changes: ChangeBudget;
	/** New presence identities claimed, per client address (PRESENCE_CLAIMS_PER_MINUTE). */
	private readonly presenceClaims: KeyedBuckets;
	/** New client ids written as, per address: as many as presence identities, counted apart. */
	private readonly writerClaims: KeyedBuckets;
	/** Presence messages and their bytes, per client address (PRESENCE_MESSAGES_PER_SECOND). */
	private readonly presence: PresenceBudget;

	constructor(
		private readonly rooms: RoomManager,
		private readonly db: Db,
		private readonly options: {
			maxMessageBytes: number;
			rateLimit?: number;
			metrics?: SyncMetrics | null;
			origin?: string;
			maxRoomsPerClient?: number;
			maxConnectionsPerAddress?: number;
			/** Milliseconds between two pings of every connection (HEARTBEAT_MS by default). */
			heartbeatMs?: number;
			/** Connections refused for their credential one address may have (RefusalBudget). */
			refusals?: RefusalBudget;
			/** Bytes of document changes one address may send a second on average (ChangeBudget; UPDATE_BYTES_PER_SECOND by default). */
			updateBytesPerSecond?: number;
			/** New presence identities one address may claim a minute on average (PRESENCE_CLAIMS_PER_MINUTE by default). */
			presenceClaimsPerMinute?: number;
			/** Presence messages one address may send a second on average (PresenceBudget; PRESENCE_MESSAGES_PER_SECOND by default). */
			presenceMessagesPerSecond?: number;
		}
	) {
		this.presence = new PresenceBudget(options.presenceMessagesPerSecond);
		this.refusals = options.refusals ?? new RefusalBudget();
		this.changes = new ChangeBudget(options.updateBytesPerSecond);
		const claimsPerMinute = options.presenceClaimsPerMinute ?? PRESENCE_CLAIMS_PER_MINUTE;
		this.presenceClaims = new KeyedBuckets(claimsPerMinute / 60, Math.max(1, Math.round(claimsPerMinute * PRESENCE_CLAIMS_BURST_MINUTES)));
		this.writerClaims = new KeyedBuckets(this.presenceClaims.rate, this.presenceClaims.burst);
		this.clientRooms = new ClientRooms(options.maxRoomsPerClient ?? Infinity);
		// Larger messages are refused by ws itself, which closes with 1009 (message too big).
		// No compression: rooms write pre-built frames straight to the sockets (room.ts, wsFrame).
		this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
		this.stats = options.metrics?.stats;
		this.heartbeat = setInterval(() => this.checkAlive(), options.heartbeatMs ?? HEARTBEAT_MS).unref();
	}

	/** Forgets rate-limit buckets that have filled again, cuts the sockets not heard from for two rounds and pings the others. */
	private checkAlive(): void {
		this.refusals.prune();
		this.refusalNotices.prune();
		this.changes.prune();
		this.presenceClaims.prune();
		this.writerClaims.prune();
		this.presence.prune();
		for (const [ws, rounds] of this.silentRounds) {
			if (rounds >= 2) {
				this.silentRounds.delete(ws);
				this.stats?.closed('noAnswer');
				ws.terminate();
				continue;
			}
			this.silentRounds.set(ws, rounds + 1);
			if (ws.readyState === ws.OPEN) ws.ping();
		}
	}

	get connections(): number {
		return this.wss.clients.size;
	}

	/** Takes the upgrade if it is for `/sync/…`; returns false to leave it to someone else. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const match = SYNC_PATH.exec(url.pathname);
		if (!match) return false;
		const boardId = match[1];
		// A page of another origin (another port of the same host included) gets none of the
		// visitor's cookies: no board or workspace token, no participant identity from them.
		const cookie = sameOrigin(req.headers, this.options.origin) ? req.headers.cookie : undefined;
		const headers = { get: (name: string) => (name.toLowerCase() === 'cookie' ? (cookie ?? null) : ((req.headers[name.toLowerCase()] as string | undefined) ?? null)) };
		const token = tokenFromRequest(headers, url, boardId);
		// Members of the board's workspace join as facilitators through the workspace link's cookie.
		const workspaceToken = cookieValue(cookie ?? null, 'gw');
		const addressKey = `ip:${clientAddress(req)}`;
		const clientKeys = [addressKey, ...(workspaceToken ? [credentialKey(workspaceToken)] : [])];
		if (!this.refusals.allows(addressKey) && !this.refusalNotices.take([addressKey]).ok) {
			// Past its refusal budget and past the few connections a second still told why: answered
			// before the handshake, the cheapest refusal there is. A tab reconnects with its backoff.
			this.stats?.closed('tooManyRefused');
			socket.on('error', () => {});
			socket.end('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return true;
		}
		this.wss.handleUpgrade(req, socket, head, (ws) => {
			this.silentRounds.set(ws, 0);
			const heard = () => {
				if (this.silentRounds.has(ws)) this.silentRounds.set(ws, 0);
			};
			ws.on('pong', heard);
			ws.on('message', heard);
			ws.once('close', () => this.silentRounds.delete(ws));
			// Counted before the credential is checked: a flood of connections with wrong tokens is bounded too.
			// Every presence a board holds goes to each new connection, so one address cannot add hundreds.
			if (this.clientRooms.connections(addressKey, boardId) >= (this.options.maxConnectionsPerAddress ?? Infinity)) {
				this.stats?.closed('tooManyConnections');
				ws.close(CLOSE.tooManyConnections.code, CLOSE.tooManyConnections.reason);
				return;
			}
			if (!this.clientRooms.claim(clientKeys, boardId)) {
				this.stats?.closed('rateLimited');
				ws.close(CLOSE.tooManyBoards.code, CLOSE.tooManyBoards.reason);
				return;
			}
			ws.once('close', () => this.clientRooms.release(clientKeys, boardId));
			// An address whose connections were refused for their credential over and over is told to
			// wait before anything is looked up: each refusal costs the database work every board waits on.
			if (!this.refusals.allows(addressKey)) {
				this.stats?.closed('tooManyRefused');
				ws.close(CLOSE.tooManyRefused.code, CLOSE.tooManyRefused.reason);
				return;
			}
			void this.accept(ws, boardId, token, workspaceToken, url.searchParams, participantOfConnection(cookie, url.searchParams), addressKey);
		});
		return true;
	}

	private async accept(
		ws: WebSocket,
		boardId: string,
		token: string | null,
		workspaceToken: string | null,
		params: URLSearchParams,
		participant: string,
		addressKey: string
	): Promise<void> {
		// Messages that arrive before the board is ready wait here, in order. A tab sends a few
		// (its sync step 1, its presence, an edit or two) before the server answers; nobody
		// unauthenticated may make the server hold more than EARLY_MESSAGES / EARLY_BYTES.
		const early: Uint8Array[] = [];
		let earlyBytes = 0;
		const buffer = (data: RawData) => {
			if (ws.readyState !== ws.OPEN) return;
			const bytes = toBytes(data);
			earlyBytes += bytes.length;
			if (early.length >= EARLY_MESSAGES || earlyBytes > EARLY_BYTES) {
				this.stats?.closed('tooEarly');
				ws.close(CLOSE.tooEarly.code, CLOSE.tooEarly.reason);
				early.length = 0;
				return;
			}
			early.push(bytes);
		};
		ws.on('message', buffer);
		ws.on('error', (err: Error & { code?: string }) => {
			this.stats?.closed(err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'tooLarge' : 'error');
			// ws has already sent the close frame with its code (1009 too big, 1002 protocol error);
			// give it a moment to reach the client, then cut the connection.
			setTimeout(() => ws.terminate(), 1000).unref();
		});

		// The credential first: a bad or missing token never makes this process load a board.
		const revocations = this.rooms.revocations;
		let access = await this.checkAccess(ws, boardId, token, workspaceToken, addressKey);
		if (!access) return;
		let room: Room | null;
		try {
			room = await this.rooms.open(boardId);
		} catch (err) {
			const info = err instanceof RoomsFullError ? CLOSE.busy : CLOSE.shuttingDown;
			ws.close(info.code, info.reason);
			return;
		}
		if (!room) {
			ws.close(CLOSE.notFound.code, CLOSE.notFound.reason);
			return;
		}
		if (this.rooms.revocations !== revocations) {
			// A link was replaced while the board loaded: this connection was not in the room to be
			// closed, so its credential is checked again, with the room held meanwhile.
			room.users++;
			try {
				access = await this.checkAccess(ws, boardId, token, workspaceToken, addressKey);
			} finally {
				room.users--;
			}
			if (!access) {
				this.rooms.release(room);
				return;
			}
		}
		const { role, workspaceTokenHash } = access;
		let info: CloseInfo | null = null;
		if (!room.open) info = CLOSE.storageFailed;
		else if (clientTooOld(params, schemaVersionOf(room.doc))) info = CLOSE.outdated;
		// A copy of an older document of this board must never be merged into the new one.
		else if (staleEpoch(params, room.channel.epoch)) info = CLOSE.staleCopy;
		if (info) {
			ws.close(info.code, info.reason);
			this.rooms.release(room);
			return;
		}
		if (ws.readyState !== ws.OPEN) {
			this.rooms.release(room);
			return;
		}
		const conn: Connection = {
			ws,
			role,
			participant,
			channel: speaksChannel(params),
			awarenessIds: new Set(),
			...(workspaceTokenHash ? { workspaceTokenHash } : {}),
			limit: this.options.rateLimit ? new RateLimit(this.options.rateLimit) : undefined,
			spendChange: (bytes) => this.changes.spend(addressKey, bytes),
			mayClaimPresence: () => this.presenceClaims.take([addressKey]).ok,
			mayClaimWriters: (count) => this.writerClaims.spendIfAvailable(addressKey, count),
			spendPresence: (bytes) => this.presence.spend(addressKey, bytes)
		};
		const joined = room;
		joined.add(conn);
		ws.off('message', buffer);
		ws.on('message', (data) => handleMessage(joined, conn, toBytes(data), this.stats));
		ws.on('close', () => {
			joined.remove(conn);
			this.rooms.release(joined);
		});
		if (conn.channel) void joined.channel.join(conn).catch((err) => joined.reportError(err));
		joined.send(conn, syncStep1(joined.doc));
		const present = joined.awareness.encodeAll();
		if (present) joined.send(conn, awarenessMessage(present));
		for (const data of early) handleMessage(joined, conn, data, this.stats);
	}

	/**
	 * The role a connection's credentials give on a board, without loading the board. Closes the
	 * connection and answers null when they give none (4404 when the board does not exist, 4401
	 * otherwise; either counts against the address's refusal budget) or when the database cannot say.
	 */
	private async checkAccess(
		ws: WebSocket,
		boardId: string,
		token: string | null,
		workspaceToken: string | null,
		addressKey: string
	): Promise<{ role: Role; workspaceTokenHash: string | null } | null> {
		let info: CloseInfo;
		let refused = false;
		this.refusals.begin(addressKey);
		try {
			const access = await accessForCredentials(this.db, boardId, token, workspaceToken);
			if (access) return access;
			refused = true;
			info = (await this.rooms.store.exists(boardId)) ? CLOSE.badToken : CLOSE.notFound;
		} catch {
			info = CLOSE.shuttingDown;
		} finally {
			this.refusals.end(addressKey, refused);
		}
		ws.close(info.code, info.reason);
		return null;
	}

	close(): void {
		clearInterval(this.heartbeat);
		for (const ws of this.wss.clients) ws.terminate();
		this.wss.close();
	}
}
