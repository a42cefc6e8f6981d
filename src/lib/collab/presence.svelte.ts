import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import type { SharedView } from '$lib/board/facilitation';
import type { Identity } from './identity';
import { presenceSchema } from './presence-schema';

export type PresenceRole = 'facilitator' | 'editor' | 'viewer';

/** What one tab tells the others, in awareness only (never in the document or its history). */
export interface PresenceState {
	user: { id: string; name: string; color: string; role: PresenceRole };
	/** Pointer position in board coordinates, or null when the pointer is off the board. */
	cursor: { x: number; y: number } | null;
	/** Ids of the notes and groups this person has selected. */
	selection: string[];
	/** Notes or a group this person is dragging right now, and how far they have moved it. */
	drag: { ids: string[]; dx: number; dy: number } | null;
	/** The group whose name this person is typing. */
	typing: string | null;
	/** The part of the board this person looks at (top-left corner in board coordinates, zoom). */
	view: SharedView | null;
}

export interface Peer extends PresenceState {
	clientId: number;
}

/** Cursor moves are sent at most this often; anything in between is merged into the next send. */
export const PRESENCE_INTERVAL_MS = 50;

/**
 * The awareness of a board as runes, and the local state sent through it at a bounded rate. A
 * pointer moving at 120 Hz costs at most 20 small messages a second.
 */
export class Presence {
	readonly #subscribe: () => void;
	#peers: Peer[] | null = null;
	#pending: Partial<PresenceState> = {};
	#timer: ReturnType<typeof setTimeout> | null = null;
	#lastSent = 0;

	constructor(
		readonly awareness: Awareness,
		user: Identity,
		role: PresenceRole,
		readonly interval = PRESENCE_INTERVAL_MS
	) {
		awareness.setLocalState({
			user: { id: user.id, name: user.name, color: user.color, role },
			cursor: null,
			selection: [],
			drag: null,
			typing: null,
			view: null
		} satisfies PresenceState);
		this.#subscribe = createSubscriber((update) => {
			const changed = () => {
				this.#peers = null;
				update();
			};
			awareness.on('change', changed);
			return () => awareness.off('change', changed);
		});
	}

	/** Everyone else in the board, one entry per tab. */
	get peers(): Peer[] {
		this.#subscribe();
		if (!this.#peers) {
			const peers: Peer[] = [];
			this.awareness.getStates().forEach((state, clientId) => {
				if (clientId === this.awareness.clientID || !isPresence(state)) return;
				peers.push({ ...state, clientId });
			});
			peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
			this.#peers = peers;
		}
		return this.#peers;
	}

	get local(): PresenceState | null {
		this.#subscribe();
		const state = this.awareness.getLocalState();
		return isPresence(state) ? state : null;
	}

	/** Sends now: for changes people should see at once (name, selection, typing). */
	set(patch: Partial<PresenceState>): void {
		this.#pending = { ...this.#pending, ...patch };
		this.#flush();
	}

	/** Sends at most every `interval` ms: for pointer moves and scrolling. */
	setThrottled(patch: Partial<PresenceState>): void {
		this.#pending = { ...this.#pending, ...patch };
		if (this.#timer) return;
		const wait = this.interval - (Date.now() - this.#lastSent);
		if (wait <= 0) this.#flush();
		else this.#timer = setTimeout(() => this.#flush(), wait);
	}

	setUser(user: Partial<PresenceState['user']>): void {
		const local = this.awareness.getLocalState() as PresenceState | null;
		if (local) this.set({ user: { ...local.user, ...user } });
	}

	#flush(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const local = this.awareness.getLocalState();
		if (!local) return;
		this.#lastSent = Date.now();
		const patch = this.#pending;
		this.#pending = {};
		this.awareness.setLocalState({ ...local, ...patch });
	}

	destroy(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.awareness.setLocalState(null);
	}
}

/** A peer's state as the server checks it; anything else (an older server, a bad colour) is not shown. */
function isPresence(state: unknown): state is PresenceState {
	return presenceSchema.safeParse(state).success;
}

/**
 * One entry per person (several tabs of one person show once), facilitators first. `self` is
 * this person's user id: their other tabs are not someone else on the board.
 */
export function people(peers: Peer[], self?: string): Peer[] {
	const byUser = new Map<string, Peer>();
	for (const peer of peers) if (peer.user.id !== self && !byUser.has(peer.user.id)) byUser.set(peer.user.id, peer);
	const rank = { facilitator: 0, editor: 1, viewer: 2 } as const;
	return [...byUser.values()].sort((a, b) => rank[a.user.role] - rank[b.user.role] || a.user.name.localeCompare(b.user.name));
}

/**
 * How many people on the board now can vote: distinct user ids among this tab's person (`self`,
 * counted unless a viewer) and the peers whose presence is shown, editors and facilitators only.
 * Viewers cannot vote, so they are not people a vote is waiting for. Several tabs of one person
 * count once. Roles are the ones the server wrote into each presence (`checkPresence`).
 */
export function votersHere(peers: Peer[], self: { id: string; role: PresenceRole }): number {
	const ids = new Set<string>();
	if (self.role !== 'viewer') ids.add(self.id);
	for (const peer of peers) if (peer.user.role !== 'viewer') ids.add(peer.user.id);
	return ids.size;
}
