import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Role } from '../../src/lib/server/tokens.ts';
import { AwarenessRelay } from './awareness.ts';
import { checkPresence } from '../../src/lib/collab/presence-schema.ts';
import { fewOf, MAX_CLIENTS_PER_PARTICIPANT, MAX_NEW_CLIENTS_PER_UPDATE, PRESENCE_RETRY_MS, SEND_BUFFER_BYTES, type RateLimit } from './limits.ts';
import type { SyncMetrics } from './metrics.ts';
import type { BoardStore } from './persistence.ts';
import { captureChanges, repairContent, type NoteTimes, type Writer } from '../../src/lib/board/repair.ts';
import { inspectUpdate, UPDATE_LIMITS, type UpdateLimits } from './admission.ts';
import { awarenessMessage, CLOSE, closeLabel, type CloseInfo, isEmptyUpdate, refusedClose, syncStep2, updateMessage } from './protocol.ts';
import { localOnly, type FanOut, type RemoteSink } from './pubsub.ts';
import { BoardChannel, type ChannelPart } from './channel.ts';
import { boardMessage } from '../../src/lib/collab/channel.ts';
import { CONTENT_ROOTS, roots, type Origin } from '../../src/lib/board/schema.ts';
import { StorageFailure } from '../../src/lib/server/storage-failure.ts';

export interface Connection {
	ws: WebSocket;
	role: Role;
	/**
	 * The participant this connection acts for (`user_…`): from its cookie or `?participant=`
	 * secret, else its own. Yjs client ids it writes become this participant's.
	 */
	participant: string;
	/** Whether the client speaks the board channel (announced `protocol=2`); stock y-websocket clients do not. */
	channel?: boolean;
	/** Awareness client ids this connection announced, removed when it leaves. */
	awarenessIds: Set<number>;
	/** The workspace link (its SHA-256) this connection joined with, if that is what let it in. */
	workspaceTokenHash?: string;
	/** Bytes of sync answers queued for this connection and not yet written to its socket. */
	answerBytes?: number;
	/** When this connection's last sync step 1 was answered (ms since the epoch). */
	syncAnsweredAt?: number;
	/** When this connection's last query for everyone's presence was answered (ms since the epoch). */
	presenceAnsweredAt?: number;
	/** Its latest presence, while the owner of its awareness client id is being decided. */
	presenceHeld?: Uint8Array;
	/**
	 * Takes one presence message of `bytes` from the budget of this connection's address
	 * (`PresenceBudget`); false when that is spent. Unset: not bounded.
	 */
	spendPresence?: (bytes: number) => boolean;
	/** Its latest presence past its address's budget, waiting for budget (`Room.presenceLater`). */
	presenceWaiting?: Uint8Array;
	presenceTimer?: NodeJS.Timeout;
	/**
	 * Why the server closed this connection (revoked link, refused change, too fast…), once it did.
	 * Nothing it sends afterwards is read: a client that never answers the close frame keeps its
	 * socket until ws's close timeout (30 s), and must not keep acting meanwhile.
	 */
	closedBy?: CloseInfo;
	/** Messages this connection may still send; unset for server-side connections. */
	limit?: RateLimit;
	/**
	 * Takes an update's bytes from the budget of changes of this connection's address
	 * (`ChangeBudget`); false when that is spent. Unset: not bounded.
	 */
	spendChange?: (bytes: number) => boolean;
	/**
	 * Takes one new presence identity from the budget of this connection's address
	 * (`PRESENCE_CLAIMS_PER_MINUTE`); false when that is spent. Unset: not bounded.
	 */
	mayClaimPresence?: () => boolean;
	/**
	 * Takes `count` client ids written as for the first time from the budget of this connection's
	 * address (as many a minute as presence identities, kept apart from them); all or none, false
	 * when less is left. Unset: not bounded.
	 */
	mayClaimWriters?: (count: number) => boolean;
	/** Updates waiting for this participant's earlier changes, in the order they arrived. */
	held?: { update: Uint8Array; reason: string }[];
	heldTimer?: NodeJS.Timeout;
}

type Decision =
	| { kind: 'ignore' }
	| { kind: 'refuse'; reason: string; close?: CloseInfo }
	| { kind: 'hold'; reason: string }
	| { kind: 'apply'; claims: { clientId: number; participant: string }[] };

/** Updates one connection may hold while its earlier changes are on their way, and for how long. */
const MAX_HELD = 64;
const HOLD_MS = 10_000;

/** The origin of updates the room reads from storage. */
export const STORED = Symbol('stored');
/** The origin of updates the server applies as they are (`receive` without a connection). */
export const SERVER_CHANGE = Symbol('server-change');
/** Who writes a server-side change: trusted with the fields only the server writes. */
const SERVER_WRITER: Writer = { participant: 'server', server: true };

/** One step of a server-side change: a transaction on the room's document. */
export type ServerStep = (doc: Y.Doc) => void;
/** The origin of updates another process stored and published. */
export const REMOTE = Symbol('remote');

export interface RoomOptions {
	compactAfter: number;
	onError: (err: unknown) => void;
	/** Bytes queued for one connection, besides a sync answer being written, before it is dropped as too slow. */
	sendBufferBytes?: number;
	/** Window over which presence changes are merged before they are relayed. */
	awarenessFlushMs?: number;
	metrics?: SyncMetrics | null;
	fanOut?: FanOut;
	/** Bounds on one update from a client; UPDATE_LIMITS by default. */
	updateLimits?: UpdateLimits;
	/** Called when a write failed and the room must be unloaded. */
	onFailed?: (room: Room) => void;
	/** Participants of the board who may hold votes or private notes (facilitators not counted); 500 by default. */
	maxParticipants?: number;
	/** Client ids one participant may write as on the board; `MAX_CLIENTS_PER_PARTICIPANT` by default. */
	maxClientsPerParticipant?: number;
	/** Imports this process is writing (`RoomManager.importsInProgress`); none by default. */
	importsInProgress?: ReadonlySet<string>;
}

const EXPIRE_EVERY_MS = 15_000;
const NONE: ReadonlySet<string> = new Set();
const DEFAULT_MAX_PARTICIPANTS = 500;
const PRESENCE_MS_PER_PERSON = 0.2;
/** How long updates from other processes may wait to go out with this process's next batch. */
const REMOTE_HOLD_MS = 20;
/** How often a change naming a department the room does not know makes it read the departments again. */
const DEPARTMENTS_REREAD_MS = 1000;
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

/** One update of a batch: what was applied (with its repair) and who is waiting for it to be stored. */
interface Applied {
	update: Uint8Array;
	/** `appliedSeq` once this update was applied. */
	seq: number;
	from: Connection | null;
	/** Client ids this update's participant writes as for the first time. */
	claims: { clientId: number; participant: string }[];
	settle: (err?: unknown) => void;
}

/**
 * Updates of this size or more are stored and relayed as they are, never merged with others:
 * merging decodes and encodes them again (for a server change of 1,000 notes, about as long as
 * making it), while the small edits of a busy turn merge into one row and one message cheaply.
 * Clients apply updates from this size on without re-encoding them (`LARGE_UPDATE_BYTES`).
 */
export const LARGE_UPDATE_BYTES = 64 * 1024;

/**
 * Bytes of updates one write of a room stores at most, unless its first update alone is larger;
 * the rest wait for the next write. The update log's writes of every board take turns on one
 * database connection: a turn's worth of an editor's largest changes (4 MB in one burst) written
 * at once held every other board's edits back for seconds on the embedded database, while one of
 * these holds them back for one update's write.
 */
export const BATCH_BYTES = 512 * 1024;

/**
 * A batch of updates, in order, as few as merging small ones allows: each run of consecutive
 * updates under `LARGE_UPDATE_BYTES` becomes one merged update, and each larger one stays itself.
 * Shape: `Uint8Array[]` (Yjs v1 updates) in, the same out; none is lost and the order is kept.
 */
export function coalesce(updates: Uint8Array[]): Uint8Array[] {
	const out: Uint8Array[] = [];
	let run: Uint8Array[] = [];
	const endRun = () => {
		if (run.length > 0) out.push(run.length === 1 ? run[0] : Y.mergeUpdates(run));
		run = [];
	};
	for (const update of updates) {
		if (update.length < LARGE_UPDATE_BYTES) {
			run.push(update);
			continue;
		}
		endRun();
		out.push(update);
	}
	endRun();
	return out;
}

/** Yjs's encoding of an empty state vector: a client that has nothing. */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/**
 * A sync step 1 whose client lacks at least this share of the board's items is answered with the
 * whole board, as a new tab's is (see `Room.syncAnswer`): the whole board costs one encode per
 * change of the board, while an answer of this share costs a quarter of one for every asker.
 */
export const WHOLE_ANSWER_SHARE = 0.25;
/** How long the whole-board answer is kept after it was last sent, if the board does not change. */
const WHOLE_ANSWER_KEEP_MS = 60_000;

/**
 * The share (0 to 1) of a document's items, counted in Yjs clock units (one per character or
 * entry), that a client whose state vector is `known` lacks. Clients and clocks the document does
 * not have count for nothing. An empty document: 1 (everything, which is nothing, is lacked).
 */
export function lackedShare(doc: Y.Doc, known: Map<number, number>): number {
	let total = 0;
	let lacked = 0;
	for (const client of doc.store.clients.keys()) {
		const clock = Y.getState(doc.store, client);
		total += clock;
		lacked += clock - Math.min(clock, known.get(client) ?? 0);
	}
	return total === 0 ? 1 : lacked / total;
}

/**
 * Whether a transaction changed a document: integrated items (its state vector moved) or deleted
 * some. Applying what the document already has changes nothing.
 */
function changedDocument(tr: Y.Transaction): boolean {
	if (tr.deleteSet.clients.size > 0) return true;
	if (tr.afterState.size !== tr.beforeState.size) return true;
	for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
	return false;
}

/** What a refused update was, for the connection's close and the person's notice. */
export class Refusal extends Error {}

/**
 * One open board: its document, the people in it, and the path every change takes:
 * checked → applied with its repair → merged with others of the same event-loop turn → stored →
 * relayed (to this process's connections, including the sender, and to other processes through the
 * fan-out). The document may hold a change that is being stored, but nothing leaves the room before
 * what it includes is stored: relays follow the write, and sync answers wait for it.
 */
export class Room implements RemoteSink {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness = new AwarenessRelay();
	/** The board's workspace, once the room has loaded (`refreshDepartments`). */
	workspaceId: string | null = null;
	/** Ids of the workspace's departments: what a client may assign a group to. */
	private departments = new Set<string>();
	private departmentsReadAt = 0;
	/**
	 * The earliest time (ms since the epoch) a note a client adds may carry (`Writer.noteTimes`):
	 * when the board was created, or its oldest note's time if that is earlier (a restored backup's,
	 * a migrated board's), lowered by the notes the server writes later. 0 until the room is loaded.
	 */
	private notesSince = 0;
	/** The server's clock for clients' new notes (`Writer.noteTimes`), kept from one change to the next. */
	private readonly noteTimes: NoteTimes = { now: 0, since: 0, given: 0 };
	readonly conns = new Set<Connection>();
	/** Which connection of this process speaks for each awareness client id (see `checkPresence`). */
	private readonly presenceOwners = new Map<number, Connection>();
	/** Presence client ids being claimed for a connection's participant (`claimPresence`). */
	private readonly presenceClaims = new Map<number, Connection>();
	/** Title, controls, votes and drafts: the board's state outside the content document. */
	readonly channel: BoardChannel;
	/** Server-side reads and changes in progress, and connections being accepted, keep the room loaded too. */
	users = 0;
	private pending: Applied[] = [];
	/** Updates applied so far, and how many of them are stored; sync answers wait for the difference. */
	private appliedSeq = 0;
	private storedSeq = 0;
	private answers: { seq: number; conn: Connection; message: Uint8Array }[] = [];
	private storedWaiters: { seq: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
	/** Which participant writes as each Yjs client id (table `board_clients`). */
	private owners = new Map<number, string>();
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
	/** The answer to a sync step 1 that lacks the whole board, until the document changes or a minute without a join (`syncAnswer`). */
	private wholeAnswer: Uint8Array | null = null;
	private wholeAnswerUsedAt = 0;
	private awarenessTimer: NodeJS.Timeout | null = null;
	/** When presence was last relayed, for the window between relays. */
	private presenceAt = 0;
	private readonly expireTimer: NodeJS.Timeout;
	private readonly fanOut: FanOut;
	private readonly sendBufferBytes: number;
	private readonly limits: UpdateLimits;
	private destroyed = false;
	/** Set when a write failed: the document holds what was not stored, so the room must go. */
	private failed: Error | null = null;

	constructor(
		readonly boardId: string,
		private readonly store: BoardStore,
		private readonly options: RoomOptions
	) {
		this.fanOut = options.fanOut ?? localOnly;
		this.channel = new BoardChannel(this, store.db);
		this.sendBufferBytes = options.sendBufferBytes ?? SEND_BUFFER_BYTES;
		this.limits = options.updateLimits ?? UPDATE_LIMITS;
		this.doc.on('afterTransaction', (tr: Y.Transaction) => {
			if (this.wholeAnswer && changedDocument(tr)) this.wholeAnswer = null;
		});
		this.expireTimer = setInterval(() => {
			this.awareness.expire();
			this.scheduleAwareness();
			// A large board's answer (megabytes) is not kept for a room nobody joins.
			if (this.wholeAnswer && Date.now() - this.wholeAnswerUsedAt > WHOLE_ANSWER_KEEP_MS) this.wholeAnswer = null;
		}, EXPIRE_EVERY_MS).unref();
	}

	async load(): Promise<void> {
		// Subscribe first: what another process publishes while we read is applied, not missed.
		await this.fanOut.join(this.boardId, this);
		const [{ parts, logLength, createdAt }, owners] = await Promise.all([this.store.load(this.boardId), this.store.clientOwners(this.boardId), this.refreshDepartments()]);
		for (const [client, participant] of owners) this.owners.set(client, participant);
		this.logLength = logLength;
		this.applyStored(parts);
		this.notesSince = createdAt ?? Date.now();
		roots(this.doc).notes.forEach((_value, id) => this.lowerNotesSince(id));
		try {
			for (const client of await this.store.forgetLookers(this.boardId, (id) => Y.getState(this.doc.store, id) > 0)) this.owners.delete(client);
		} catch (err) {
			this.options.onError(err);
		}
		await this.channel.load();
		await this.channel.adoptLegacy();
		// Other processes that have the board open send the list again too.
		if (await this.channel.settleImports()) this.publishBoard(['imports']);
	}

	/**
	 * Reads the board's workspace and its departments again (`departments`): when the room loads,
	 * when a department of the workspace is added or removed on any process
	 * (`RoomManager.departmentsChanged`), and when a change names a department the room does not know.
	 */
	async refreshDepartments(): Promise<void> {
		this.departmentsReadAt = Date.now();
		const { workspaceId, ids } = await this.store.departments(this.boardId);
		this.workspaceId = workspaceId;
		this.departments = ids;
	}

	/**
	 * Whether a client may assign a group to a department: one of the board's workspace's. A
	 * department the room does not know makes it read the list again (at most once a second), so
	 * one added on another process, whose news has not arrived yet, is taken at the next try.
	 */
	private isDepartment = (id: string): boolean => {
		if (this.departments.has(id)) return true;
		if (Date.now() - this.departmentsReadAt >= DEPARTMENTS_REREAD_MS) this.refreshDepartments().catch((err) => this.options.onError(err));
		return false;
	};

	/** Imports this process is writing into boards: their leases are renewed here. */
	get importsInProgress(): ReadonlySet<string> {
		return this.options.importsInProgress ?? NONE;
	}

	/** Whether the facilitator locked the board: only facilitators change its content meanwhile. */
	get locked(): boolean {
		return this.channel.controls.locked;
	}

	/**
	 * A change the server makes (an import, its undo, a restore, publishing, private-mode drafts
	 * becoming notes), made on the room's document itself: each step is one transaction with
	 * `origin`, checked and repaired like a client's update and encoded once (the update Yjs emits
	 * for it), then stored and relayed. Given several steps (a large import in chunks), the room
	 * takes the messages that arrived meanwhile between two steps, so everyone else's edits keep
	 * flowing; the next step is made while the one before is being stored, but no further, so a
	 * batch written meanwhile holds at most one step besides those edits.
	 * Resolves once every step is stored and relayed. Rejects when a step could not be stored (the
	 * steps stored before it stay; nothing after it is made or kept: the room fails and is
	 * unloaded), or with the error a step threw (what it had changed by then is stored and relayed
	 * like any change, so the document never holds anything that is not stored; no later step is
	 * made).
	 */
	async serverChange(fn: ServerStep | ServerStep[], origin: Origin = { kind: 'server' }): Promise<void> {
		const steps = Array.isArray(fn) ? fn : [fn];
		// Each step's outcome is taken as it settles, so a failed write is never an unhandled rejection.
		const outcomes: Promise<{ err: unknown } | null>[] = [];
		let thrown: { err: unknown } | null = null;
		for (let i = 0; i < steps.length && !thrown; i++) {
			if (i > 1) await outcomes[i - 2];
			if (i > 0) await new Promise((resolve) => setImmediate(resolve));
			if (!this.open) break;
			const step = steps[i];
			const done = this.apply(
				() => {
					try {
						this.doc.transact(() => step(this.doc), origin);
					} catch (err) {
						thrown = { err };
					}
				},
				SERVER_WRITER,
				null,
				[]
			);
			outcomes.push(done.then(() => null, (err: unknown) => ({ err })));
		}
		const failure = (await Promise.all(outcomes)).find((o) => o !== null);
		if (failure) throw failure.err;
		if (thrown) throw (thrown as { err: unknown }).err;
		if (outcomes.length < steps.length) throw this.failed ?? new StorageFailure(`Board ${this.boardId} was unloaded before the change was stored.`);
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

	/** Participants of the board who may hold votes or private notes (facilitators not counted). */
	get maxParticipants(): number {
		return this.options.maxParticipants ?? DEFAULT_MAX_PARTICIPANTS;
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

	/** Whether the room can take changes: not unloaded, and no write of it failed. */
	get open(): boolean {
		return !this.destroyed && !this.failed;
	}

	/**
	 * Checks, applies and repairs one update, then queues it; it is stored and relayed with the
	 * others of this turn. `from` is the connection that sent it, or null for a change the server
	 * makes itself (those are trusted with the fields only the server writes, and not bounded).
	 * A client's update that may not be applied closes its connection with 4412 and nothing of it
	 * is applied; one that adds nothing is ignored.
	 * Resolves once the update is stored and relayed; rejects with the reason when it was refused
	 * or could not be stored.
	 */
	receive(update: Uint8Array, from: Connection | null): Promise<void> {
		if (!this.open) return Promise.reject(this.failed ?? new StorageFailure(`Board ${this.boardId} was unloaded before the change was stored.`));
		if (!from) return this.apply(() => Y.applyUpdate(this.doc, update, SERVER_CHANGE), SERVER_WRITER, null, []);
		const decision = this.admit(update, from);
		switch (decision.kind) {
			case 'ignore':
				return Promise.resolve();
			case 'refuse':
				this.refuse(from, decision.reason, decision.close);
				return Promise.reject(new Refusal(decision.reason));
			case 'hold':
				this.hold(from, update, decision.reason);
				return Promise.resolve();
			case 'apply': {
				const done = this.applyUpdate(update, from, decision.claims);
				if (from.held?.length) this.retryHeld(from);
				return done;
			}
		}
	}

	/**
	 * Keeps a connection's update that needs the same participant's earlier changes until they
	 * arrive (a reconnecting y-websocket client sends live edits before its answer to the server's
	 * sync step 1). Nothing of it is applied meanwhile; a connection that holds too much, or for
	 * too long, is refused with the update's reason.
	 */
	private hold(conn: Connection, update: Uint8Array, reason: string): void {
		const held = (conn.held ??= []);
		const bytes = held.reduce((n, h) => n + h.update.length, update.length);
		if (held.length >= MAX_HELD || bytes > this.limits.maxBytes * 2) {
			this.refuse(conn, reason);
			return;
		}
		held.push({ update, reason });
		conn.heldTimer ??= setTimeout(() => {
			conn.heldTimer = undefined;
			const first = conn.held?.[0];
			if (first) this.refuse(conn, first.reason);
		}, HOLD_MS).unref();
	}

	/** Applies whatever a connection held that can now be applied, in the order it arrived. */
	private retryHeld(conn: Connection): void {
		let progress = true;
		while (progress && conn.held?.length && this.open) {
			progress = false;
			for (let i = 0; i < conn.held.length; i++) {
				const { update } = conn.held[i];
				const decision = this.admit(update, conn);
				if (decision.kind === 'hold') continue;
				conn.held.splice(i, 1);
				if (decision.kind === 'refuse') {
					this.refuse(conn, decision.reason, decision.close);
					return;
				}
				if (decision.kind === 'apply') this.applyUpdate(update, conn, decision.claims).catch(() => {});
				progress = true;
				break;
			}
		}
		if (!conn.held?.length && conn.heldTimer) {
			clearTimeout(conn.heldTimer);
			conn.heldTimer = undefined;
		}
	}

	/** Applies a connection's admitted update with its repair and queues it to be stored and relayed. */
	private applyUpdate(update: Uint8Array, from: Connection, claims: Applied['claims']): Promise<void> {
		this.noteTimes.now = Date.now();
		this.noteTimes.since = this.notesSince;
		const writer: Writer = { participant: from.participant, department: this.isDepartment, noteTimes: this.noteTimes };
		return this.apply(() => Y.applyUpdate(this.doc, update, from), writer, from, claims);
	}

	/** Takes note `id`'s time into `notesSince` when it is earlier. */
	private lowerNotesSince(id: string): void {
		const value = roots(this.doc).notes.get(id);
		const at = Array.isArray(value) ? value[2] : undefined;
		if (typeof at === 'number' && Number.isFinite(at) && at >= 0 && at < this.notesSince) this.notesSince = at;
	}

	/**
	 * Makes a change to the document (`change`: applying an update, or a server-side transaction),
	 * repairs what it made invalid, and queues the update Yjs emitted for both to be stored and
	 * relayed. Resolves once that is stored and relayed.
	 */
	private apply(change: () => void, writer: Writer, from: Connection | null, claims: Applied['claims']): Promise<void> {
		const emitted: Uint8Array[] = [];
		const collect = (u: Uint8Array) => emitted.push(u);
		this.doc.on('update', collect);
		let problems: string[] = [];
		const told: string[] = [];
		try {
			const changed = captureChanges(this.doc, change);
			problems = repairContent(this.doc, changed, writer, told);
			// Notes the server writes (a restore) may be older than the board; clients' are within it.
			if (writer.server) for (const [id, c] of changed.notes) if (c.action !== 'delete') this.lowerNotesSince(id);
		} finally {
			this.doc.off('update', collect);
		}
		const store = this.doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown };
		if (store.pendingStructs || store.pendingDs) {
			// The checks before applying make this unreachable; should one ever miss a case, what was
			// integrated is stored as usual and the rest is dropped rather than kept waiting.
			store.pendingStructs = null;
			store.pendingDs = null;
			if (from) this.refuse(from, 'part of the change could not be placed on the board');
		}
		if (problems.length > 0) {
			// A message, not an error with a stack: it is expected of a broken or hostile client.
			this.options.onError(`Repaired a change to board ${this.boardId} from ${from?.participant ?? 'the server'}: ${fewOf(problems)}`);
			this.options.metrics?.stats.repaired(problems.length);
		}
		// What the repair took out of the change that the person must know of (new notes or groups
		// past the board's limits): their tab shows it, as the group or note disappears.
		if (from?.channel) for (const message of told) this.send(from, boardMessage({ type: 'notKept', message }));
		for (const claim of claims) this.owners.set(claim.clientId, claim.participant);
		if (emitted.length === 0) return Promise.resolve();
		if (this.pending.length === 0) this.pendingSince = performance.now();
		this.appliedSeq++;
		const done = new Promise<void>((resolve, reject) => {
			this.pending.push({
				update: emitted.length === 1 ? emitted[0] : Y.mergeUpdates(emitted),
				seq: this.appliedSeq,
				from,
				claims,
				settle: (err) => (err ? reject(err) : resolve())
			});
		});
		if (!this.flushQueued) {
			this.flushQueued = true;
			setImmediate(() => {
				this.flushQueued = false;
				this.writing = this.writing.then(() => this.writeBatch());
			});
		}
		return done;
	}

	/**
	 * Decides what to do with a connection's update (DESIGN.md "Validation and repair"): ignore
	 * it (it adds nothing), refuse it, hold it (it needs this participant's earlier changes), or
	 * apply it, claiming the client ids it writes for the first time.
	 */
	private admit(update: Uint8Array, from: Connection): Decision {
		const admission = inspectUpdate(this.doc, update, this.limits, CONTENT_ROOTS);
		if (admission.kind === 'refused') {
			// Held only when what it lacks is this participant's own: a tab of theirs, or the tab
			// this very update writes as for the first time.
			const own = admission.waitsFor?.every(
				(client) =>
					this.owners.get(client) === from.participant ||
					(!this.owners.has(client) && Y.getState(this.doc.store, client) === 0 && admission.writes?.includes(client))
			);
			if (!own) return { kind: 'refuse', reason: admission.reason };
			// Nobody is kept waiting for a change that would be refused once it could apply: a viewer
			// (who owns the client id its presence claimed) held up to 1 MB a connection for 10 s.
			const barred = this.barred(from);
			return barred ? { kind: 'refuse', reason: barred } : { kind: 'hold', reason: admission.reason };
		}
		if (admission.kind === 'known') return { kind: 'ignore' };
		const barred = this.barred(from);
		if (barred) return { kind: 'refuse', reason: barred };
		const claims: Applied['claims'] = [];
		for (const clientId of admission.clients) {
			if (!this.mayWriteAs(clientId, from.participant)) return { kind: 'refuse', reason: "it continues another tab's changes" };
			if (!this.owners.has(clientId)) claims.push({ clientId, participant: from.participant });
		}
		if (claims.length > 0) {
			const bounded = this.boundClaims(claims.length, from);
			if (bounded) return bounded;
		}
		return { kind: 'apply', claims };
	}

	/**
	 * Whether a connection may write as `count` client ids nobody wrote as yet
	 * (`MAX_NEW_CLIENTS_PER_UPDATE`, `MAX_CLIENTS_PER_PARTICIPANT`, its address's budget of them):
	 * null when it may (the budget is then taken), else the refusal.
	 */
	private boundClaims(count: number, from: Connection): Decision | null {
		if (count > MAX_NEW_CLIENTS_PER_UPDATE) return { kind: 'refuse', reason: `it writes as ${count.toLocaleString('en')} new tabs at once` };
		let owned = 0;
		for (const owner of this.owners.values()) if (owner === from.participant) owned++;
		const most = this.options.maxClientsPerParticipant ?? MAX_CLIENTS_PER_PARTICIPANT;
		if (owned + count > most) return { kind: 'refuse', reason: `this person wrote from ${most.toLocaleString('en')} tabs already` };
		if (from.mayClaimWriters && !from.mayClaimWriters(count)) return { kind: 'refuse', reason: 'too many new tabs', close: CLOSE.tooManyTabs };
		return null;
	}

	/** Why a connection may not change the content now (its role, the lock), or null when it may. */
	private barred(conn: Connection): string | null {
		if (conn.role === 'viewer') return 'this is a view-only link';
		if (conn.role === 'editor' && this.locked) return 'the facilitator locked the board';
		return null;
	}

	/**
	 * Whether a participant may extend a client id's clocks: its own, or one nobody wrote yet. A
	 * client id that exists without an owner was written by the server or before owners were kept;
	 * one with another owner is someone else's tab.
	 */
	private mayWriteAs(clientId: number, participant: string): boolean {
		const owner = this.owners.get(clientId);
		if (owner !== undefined) return owner === participant;
		return Y.getState(this.doc.store, clientId) === 0;
	}

	/**
	 * Closes a connection whose update was refused: with 4412 and the reason (the tab starts again
	 * from the server's copy), or with `close` for an update that may be sent again later.
	 */
	private refuse(conn: Connection, reason: string, close?: CloseInfo): void {
		if (close) return this.close(conn, close);
		const info = refusedClose(reason);
		if (conn.channel) this.send(conn, boardMessage({ type: 'refused', code: info.code, reason: info.reason }));
		this.close(conn, info);
	}

	/** Resolves when everything received so far is stored and relayed. */
	async flushed(): Promise<void> {
		while (this.pending.length > 0 || this.flushQueued) {
			await new Promise((r) => setImmediate(r));
			await this.writing;
		}
		await this.writing;
	}

	/** Resolves when everything applied so far is stored; rejects if that write failed. */
	stored(): Promise<void> {
		if (this.failed) return Promise.reject(this.failed);
		if (this.storedSeq >= this.appliedSeq) return Promise.resolve();
		const seq = this.appliedSeq;
		return new Promise((resolve, reject) => this.storedWaiters.push({ seq, resolve, reject }));
	}

	/**
	 * Answers a client's sync step 1 with what it lacks. The answer is taken now and sent once all
	 * it includes is stored, so nobody ever sees a change the server could still lose.
	 * Throws on a state vector that is not one (the connection is closed as malformed).
	 */
	answerSync(conn: Connection, stateVector: Uint8Array): void {
		const message = this.syncAnswer(stateVector);
		if (this.storedSeq >= this.appliedSeq) this.sendAnswer(conn, message);
		else this.answers.push({ seq: this.appliedSeq, conn, message });
	}

	/**
	 * The sync step 2 message for a client whose state vector is `stateVector` (Yjs v1 encoding).
	 * A client that lacks at least `WHOLE_ANSWER_SHARE` of the board (a new tab lacks all of it)
	 * gets the whole board, encoded once and kept until the document changes: joins between two
	 * changes cost one encode however many there are, and a made-up state vector (clients the
	 * board does not have) costs no more than an empty one. Anyone else gets exactly what they
	 * lack, encoded for them (a returning tab's offline copy, a reconnect). Whole or not, applying
	 * the answer leaves the client with the same document: what it already has is skipped.
	 */
	private syncAnswer(stateVector: Uint8Array): Uint8Array {
		if (lackedShare(this.doc, Y.decodeStateVector(stateVector)) < WHOLE_ANSWER_SHARE) return syncStep2(this.doc, stateVector);
		if (!this.wholeAnswer) {
			this.wholeAnswer = syncStep2(this.doc, EMPTY_STATE_VECTOR);
			const stats = this.options.metrics?.stats;
			if (stats) stats.wholeBoardEncodes++;
		}
		this.wholeAnswerUsedAt = Date.now();
		return this.wholeAnswer;
	}

	private async writeBatch(): Promise<void> {
		let bytes = 0;
		let taken = 0;
		while (taken < this.pending.length && (taken === 0 || bytes + this.pending[taken].update.length <= BATCH_BYTES)) {
			bytes += this.pending[taken].update.length;
			taken++;
		}
		const batch = this.pending.splice(0, taken);
		if (batch.length === 0 || !this.open) return;
		const since = this.pendingSince;
		// What is left goes in the next write, after this one (received as early, so timed from the same moment).
		if (this.pending.length > 0) this.writing = this.writing.then(() => this.writeBatch());
		await this.storeAndRelay(coalesce(batch.map((b) => b.update)), batch, since, batch.at(-1)!.seq);
	}

	/** Stores a batch's updates (`parts`, see `coalesce`), then relays them, each as it is. */
	private async storeAndRelay(parts: Uint8Array[], batch: Applied[], since: number, seq: number): Promise<void> {
		const metrics = this.options.metrics;
		const storing = performance.now();
		this.storing = true;
		try {
			const claims = batch.flatMap((b) => b.claims);
			await Promise.all([claims.length > 0 ? this.store.claimClients(this.boardId, claims) : null, this.store.append(this.boardId, ...parts)]);
		} catch (err) {
			this.fail(err, batch);
			return;
		} finally {
			this.storing = false;
			// Other processes' updates held for this broadcast go out on their own if it does not.
			if (this.remotePending.length > 0) setImmediate(this.flushRemote);
		}
		metrics?.persistSeconds.observe((performance.now() - storing) / 1000);
		if (this.destroyed) {
			for (const b of batch) b.settle();
			return;
		}
		this.storedSeq = seq;
		// Other processes first: their clients should not also wait for this process's writes.
		for (const part of parts) this.fanOut.publishUpdate(this.boardId, part);
		// Updates from other processes that arrived while this batch was being stored ride along.
		const remote = this.takeRemote();
		this.broadcastWithPresence(remote.length > 0 ? coalesce([...parts, ...remote]) : parts);
		metrics?.fanoutSeconds.observe((performance.now() - since) / 1000);
		for (const answer of this.answers.splice(0)) {
			if (answer.seq <= seq) this.sendAnswer(answer.conn, answer.message);
			else this.answers.push(answer);
		}
		for (const waiter of this.storedWaiters.splice(0)) {
			if (waiter.seq <= seq) waiter.resolve();
			else this.storedWaiters.push(waiter);
		}
		for (const b of batch) b.settle();
		this.logLength++;
		if (this.logLength >= this.options.compactAfter) void this.compact();
	}

	/**
	 * A write failed: the document holds changes that are not stored and must not be seen. Every
	 * connection is closed (its tab reconnects and sends its changes again), everyone waiting is
	 * told, and the room asks to be unloaded.
	 */
	private fail(err: unknown, batch: Applied[]): void {
		const error = new StorageFailure(`Could not store a change to board ${this.boardId}: ${err instanceof Error ? err.message : String(err)}`);
		this.failed = error;
		this.options.onError(err);
		for (const b of [...batch, ...this.pending.splice(0)]) b.settle(error);
		for (const waiter of this.storedWaiters.splice(0)) waiter.reject(error);
		this.answers = [];
		for (const conn of [...this.conns]) this.close(conn, CLOSE.storageFailed);
		this.options.onFailed?.(this);
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
		this.learnOwners(update);
		if (this.remotePending.length === 0) {
			this.remoteSince = performance.now();
			setImmediate(this.flushRemote);
		}
		this.remotePending.push(update);
	}

	/** Reads the owners of client ids another process let write, so this one refuses others' writes as them too. */
	private learnOwners(update: Uint8Array): void {
		const { from, to } = Y.parseUpdateMeta(update);
		const unknown = [...to.keys()].filter((client) => to.get(client)! > (from.get(client) ?? 0) && !this.owners.has(client));
		if (unknown.length === 0) return;
		void this.store.clientOwners(this.boardId, unknown).then(
			(owners) => {
				for (const [client, participant] of owners) this.owners.set(client, participant);
			},
			(err) => this.options.onError(err)
		);
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
		this.broadcastWithPresence(coalesce(this.takeRemote()));
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
				roots(this.doc).notes.forEach((_value, id) => this.lowerNotesSince(id));
				const missed = Y.encodeStateAsUpdate(this.doc, before);
				if (!isEmptyUpdate(missed)) this.broadcast(updateMessage(missed));
				this.remoteBoard(['state', 'votes', 'drafts']);
			},
			(err) => this.options.onError(err)
		);
	}

	/**
	 * Presence from one of this process's connections, taken from its address's budget
	 * (`conn.spendPresence`) and relayed with the others of its window; past the budget it waits
	 * (`presenceLater`). Answers whether it was taken now.
	 */
	receivePresence(conn: Connection, update: Uint8Array): boolean {
		if (conn.spendPresence && !conn.spendPresence(update.length)) {
			this.presenceLater(conn, update);
			return false;
		}
		// Newer than whatever waited: that one would change nothing now.
		conn.presenceWaiting = undefined;
		this.receiveAwareness(conn, update);
		return true;
	}

	/**
	 * Keeps a connection's presence that its address's budget has no room for, in place of any that
	 * waited before it (only the latest matters), and tries it again every PRESENCE_RETRY_MS until the
	 * budget takes it or the connection leaves: others see fewer of its moves, never a stale position.
	 */
	private presenceLater(conn: Connection, update: Uint8Array): void {
		conn.presenceWaiting = update;
		if (conn.presenceTimer) return;
		conn.presenceTimer = setTimeout(() => {
			conn.presenceTimer = undefined;
			const waiting = conn.presenceWaiting;
			conn.presenceWaiting = undefined;
			if (!waiting || conn.closedBy || !this.conns.has(conn) || this.destroyed) return;
			this.receivePresence(conn, waiting);
		}, PRESENCE_RETRY_MS);
	}

	/** Presence from one of this process's connections, its budget already taken; relayed with the others of its window. */
	receiveAwareness(conn: Connection, update: Uint8Array): void {
		const overtaken: number[] = [];
		const check = (id: number, state: string) => this.checkPresence(conn, id, state, update);
		for (const id of this.awareness.apply(update, true, Date.now(), check, (id) => overtaken.push(id))) conn.awarenessIds.add(id);
		// The tab's own state was removed while it was away (its old connection closed, or it went
		// silent): tell it, so that it announces itself again now rather than at its next renewals.
		if (overtaken.length > 0) this.send(conn, awarenessMessage(this.awareness.encodeOf(overtaken)));
		this.scheduleAwareness();
	}

	/**
	 * Whether the participant of a connection is on the board, so that everyone sees the person
	 * behind it: one of the participant's connections here has an awareness client id that is the
	 * participant's and has a state, or whose claim is being stored right now (it will be shown in a
	 * moment). Any of the participant's connections counts: a tab back from a dropped network comes
	 * in on a new connection while the server may still hold the old one, which keeps speaking for
	 * the tab's presence until it is cut (its removal reaches the tab, which announces itself again
	 * at once), and a tab whose state was removed while it was away is told so when it comes back
	 * (`receiveAwareness`). Connections that announced nothing, only a stock `{}`, or whose claim
	 * their address's budget refused, show nobody.
	 */
	presenceShown(conn: Connection): boolean {
		for (const c of this.conns) {
			if (c.participant !== conn.participant) continue;
			for (const id of c.awarenessIds) {
				if (this.presenceClaims.get(id) === c) return true;
				if (this.owners.get(id) === c.participant && this.awareness.shows(id)) return true;
			}
		}
		return false;
	}

	/**
	 * One connection speaks for one awareness client id (the first it announces), and only if that
	 * id is its participant's: a client id belongs to one participant on every process (table
	 * `board_clients`, as for document changes), so a connection to another process cannot speak
	 * for someone else's tab either. The first presence of an id nobody owns yet waits for this
	 * participant's claim to be stored (`claimPresence`). States are bounded and validated, and
	 * carry the connection's participant and role (`checkPresence`). During private mode they keep
	 * only ids of notes and groups on the board: a draft's id is its author's alone.
	 */
	private checkPresence(conn: Connection, clientId: number, state: string, update: Uint8Array): string | null {
		// An id another open connection speaks for is not this one's: a hand-made client could
		// otherwise hide or overwrite someone's presence by sending their id with a higher clock.
		const owner = this.presenceOwners.get(clientId);
		if (owner !== undefined && owner !== conn) return null;
		if (conn.awarenessIds.size === 0) {
			conn.awarenessIds.add(clientId);
			this.presenceOwners.set(clientId, conn);
		} else if (!conn.awarenessIds.has(clientId)) return null;
		const checked = state === 'null' ? state : checkPresence(state, conn, this.channel.controls.privateMode !== null ? this.onBoard : undefined);
		// A state that is not presence claims nothing (a stock y-websocket tab announces `{}`).
		if (checked === null) return null;
		const participant = this.owners.get(clientId);
		if (participant === undefined) {
			// An address past its budget of new presence identities is not shown (nor stored).
			if (!this.presenceClaims.has(clientId) && conn.mayClaimPresence && !conn.mayClaimPresence()) return null;
			// The latest presence waits for the claim and is taken again once it is decided.
			conn.presenceHeld = update;
			this.claimPresence(conn, clientId);
			return null;
		}
		return participant === conn.participant ? checked : null;
	}

	/**
	 * Claims a presence client id for a connection's participant, with the others of this turn:
	 * one INSERT into `board_clients` (the first participant keeps an id) and one read of who owns
	 * them now, which every process would read alike. An id the document already has without an
	 * owner (written by the server, or before owners were kept) is only looked up, never claimed: a
	 * claim would let its claimant continue that tab's changes. Once decided, the connection's
	 * held presence is taken again if the id is its participant's, and dropped otherwise.
	 */
	private claimPresence(conn: Connection, clientId: number): void {
		if (this.presenceClaims.has(clientId)) return;
		this.presenceClaims.set(clientId, conn);
		if (this.presenceClaims.size === 1) setImmediate(() => void this.claimPresenceBatch());
	}

	private async claimPresenceBatch(): Promise<void> {
		const batch = [...this.presenceClaims];
		const claims = batch.filter(([id]) => Y.getState(this.doc.store, id) === 0).map(([clientId, conn]) => ({ clientId, participant: conn.participant }));
		let owners: Map<number, string> | null = null;
		try {
			await this.store.claimClients(this.boardId, claims, true);
			owners = await this.store.clientOwners(this.boardId, batch.map(([id]) => id));
		} catch (err) {
			this.options.onError(err);
		}
		for (const [clientId, conn] of batch) {
			this.presenceClaims.delete(clientId);
			// A tab that wrote while its presence claim waited has its owner decided by that change
			// (set when it was applied), which may not be stored yet: the stored owner, else that one.
			const owner = owners?.get(clientId) ?? this.owners.get(clientId);
			if (owner !== undefined) this.owners.set(clientId, owner);
			const held = conn.presenceHeld;
			conn.presenceHeld = undefined;
			if (held && owner === conn.participant && this.conns.has(conn) && !this.destroyed) this.receiveAwareness(conn, held);
		}
		if (this.presenceClaims.size > 0) setImmediate(() => void this.claimPresenceBatch());
	}

	/** Whether an id is a note or group of the content document (not someone's private draft). */
	private onBoard = (id: string): boolean => this.doc.getMap('notes').has(id) || this.doc.getMap('groups').has(id);

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
	 * Sends document updates, one message each, and the presence changes waiting for their window
	 * along with them: all frames in one write per connection. Writes to sockets are most of a
	 * busy room's cost, so presence rides along with updates rather than costing writes of its own.
	 */
	private broadcastWithPresence(updates: Uint8Array[]): void {
		const messages = updates.map(updateMessage);
		const presence = this.presenceDue() ? this.takePresence() : null;
		this.broadcastFrames(presence ? [...messages, presence] : messages);
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

	/**
	 * Whether a connection can take more. One whose queue, not counting the sync answer still
	 * being written to it, is over the send budget (SEND_BUFFER_BYTES) is closed (4408) with a
	 * reason the page shows; its tab reconnects and catches up with one answer of what it lacks.
	 */
	private writable(conn: Connection): boolean {
		const ws = conn.ws;
		if (ws.readyState !== ws.OPEN) return false;
		if (ws.bufferedAmount <= this.sendBufferBytes + (conn.answerBytes ?? 0)) return true;
		// Nothing more is queued for it. The close frame waits behind what is: a slow tab that reads
		// that far learns why and reconnects; a socket that never reads is cut by ws's close timeout (30 s).
		this.close(conn, CLOSE.slowConsumer);
		return false;
	}

	/**
	 * Sends a sync answer (up to the whole board: 3 MB for 10,000 generated notes). Until it is
	 * written out to the socket it does not count against the connection's send budget: the
	 * budget is for what happens on the board meanwhile, whatever the board's size.
	 */
	private sendAnswer(conn: Connection, message: Uint8Array): void {
		if (!this.writable(conn)) return;
		conn.answerBytes = (conn.answerBytes ?? 0) + message.length;
		conn.ws.send(message, () => (conn.answerBytes! -= message.length));
		const stats = this.options.metrics?.stats;
		if (stats) {
			stats.messagesOut++;
			stats.bytesOut += message.length;
		}
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
		conn.closedBy ??= info;
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
		if (conn.heldTimer) clearTimeout(conn.heldTimer);
		conn.heldTimer = undefined;
		conn.held = undefined;
		if (conn.presenceTimer) clearTimeout(conn.presenceTimer);
		conn.presenceTimer = undefined;
		conn.presenceWaiting = undefined;
		if (!this.conns.delete(conn)) return;
		for (const id of conn.awarenessIds) if (this.presenceOwners.get(id) === conn) this.presenceOwners.delete(id);
		if (conn.awarenessIds.size > 0) {
			this.awareness.remove(conn.awarenessIds, true);
			this.scheduleAwareness();
		}
	}

	destroy(): void {
		this.destroyed = true;
		const gone = this.failed ?? new StorageFailure(`Board ${this.boardId} was unloaded before the change was stored.`);
		for (const waiter of this.storedWaiters.splice(0)) waiter.reject(gone);
		for (const b of this.pending.splice(0)) b.settle(gone);
		this.answers = [];
		this.wholeAnswer = null;
		clearInterval(this.expireTimer);
		if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
		if (this.remoteTimer) clearTimeout(this.remoteTimer);
		this.channel.close();
		this.fanOut.leave(this.boardId);
		this.doc.destroy();
	}
}
