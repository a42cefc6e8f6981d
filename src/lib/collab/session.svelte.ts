import { createSubscriber } from 'svelte/reactivity';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { readGroups, readNote, SCHEMA_VERSION, schemaVersionOf, type Group, type Phase } from '$lib/board';
import * as f from '$lib/board/facilitation';
import { userOrigin } from '$lib/board/origin';
import { ServerClock } from './clock';
import { loadIdentity, saveName, type Identity } from './identity';
import { Presence, type Peer, type PresenceRole } from './presence.svelte';
import { connectBoard, OUTDATED_CLOSE, type BoardConnection, type ConnectionState } from './provider';
import { PROTOCOL_VERSION } from './version';

/**
 * One person's live session on a board: the connection (with an offline copy in IndexedDB), who
 * they are, who else is here, and the facilitator's controls as runes. Components read this; the
 * actions here are the only way the controls change.
 */
export class LiveSession {
	readonly doc: Y.Doc;
	readonly clock = new ServerClock();
	identity = $state<Identity>({ id: '', name: '', color: '#475467' });
	connection = $state<ConnectionState>('connecting');
	refused = $state<{ code: number; reason: string } | null>(null);
	synced = $state(false);
	/** The offline copy has been read: edits made from here on survive a closed tab. */
	storedLocally = $state(false);
	/** Shown under the controls when an action could not be done (e.g. no votes left). */
	notice = $state('');
	presence: Presence | null = $state(null);
	#connection: BoardConnection | null = null;
	#local: IndexeddbPersistence | null = null;
	readonly #subscribe: () => void;
	#facilitation: f.Facilitation | null = null;
	#rejoinUntil = 0;

	constructor(
		readonly boardId: string,
		readonly role: PresenceRole,
		participant: string,
		doc?: Y.Doc
	) {
		this.doc = doc ?? new Y.Doc();
		// The participant id comes with the page, so every edit of this tab carries it from the first line on.
		this.identity = loadIdentity(participant, typeof localStorage !== 'undefined' ? localStorage : null);
		this.#subscribe = createSubscriber((update) => {
			const changed = () => {
				this.#facilitation = null;
				update();
			};
			this.doc.on('afterTransaction', changed);
			return () => this.doc.off('afterTransaction', changed);
		});
	}

	/** Opens the offline copy and connects. Browser only. */
	start(): () => void {
		const provider = connectBoard(
			this.boardId,
			this.doc,
			{
				onState: (state, detail) => {
					if (state === 'refused' && detail?.code === 4401 && Date.now() < this.#rejoinUntil) {
						// The old link of this very tab was just replaced; the new one is already in its cookie.
						this.#rejoinUntil = 0;
						queueMicrotask(() => this.#connection?.resume());
						return;
					}
					this.connection = state;
					if (state === 'refused') this.refused = detail ?? { code: 0, reason: '' };
					else if (state === 'connected') this.refused = null;
				},
				onSynced: () => (this.synced = true)
			},
			{ params: { protocol: String(PROTOCOL_VERSION), schema: String(SCHEMA_VERSION) } }
		);
		this.#connection = provider;
		this.presence = new Presence(provider.provider.awareness, this.identity, this.role);
		try {
			this.#local = new IndexeddbPersistence(`gistboard-${this.boardId}`, this.doc);
			this.#local.whenSynced.then(() => (this.storedLocally = true)).catch(() => {});
		} catch {
			// Private windows may refuse IndexedDB: the board still works online.
		}
		void this.clock.sync();
		return () => this.destroy();
	}

	destroy(): void {
		this.presence?.destroy();
		this.#connection?.destroy();
		void this.#local?.destroy();
		this.#connection = null;
	}

	/** Connects again after this browser received a replacement for a revoked link. */
	reconnect(): void {
		if (this.connection === 'refused') {
			this.refused = null;
			this.#connection?.resume();
		} else {
			// The server's close for the old link may still be on its way.
			this.#rejoinUntil = Date.now() + 10_000;
		}
	}

	get origin() {
		return userOrigin(this.identity.id);
	}

	get userId(): string {
		return this.identity.id;
	}

	setName(name: string): void {
		this.identity = saveName(this.identity, name);
		this.presence?.setUser({ name: this.identity.name });
	}

	get facilitation(): f.Facilitation {
		this.#subscribe();
		return (this.#facilitation ??= f.readFacilitation(this.doc));
	}

	get isFacilitator(): boolean {
		return this.role === 'facilitator';
	}

	/** Whether this person may change the board right now (the server enforces the same). */
	get canEdit(): boolean {
		if (this.connection === 'refused' || this.outdated) return false;
		if (this.role === 'facilitator') return true;
		return this.role === 'editor' && !this.facilitation.locked;
	}

	/** Why this person cannot edit, in a sentence, or null. */
	get readOnlyReason(): string | null {
		if (this.role === 'viewer') return 'You are viewing this board. Ask the facilitator for an editor link to take part.';
		if (this.role === 'editor' && this.facilitation.locked) return 'The facilitator locked the board. You can look around; changes are paused.';
		return null;
	}

	/** The tab is older than the server or the board: it must reload before it writes anything. */
	get outdated(): boolean {
		this.#subscribe();
		return this.refused?.code === OUTDATED_CLOSE || schemaVersionOf(this.doc) > SCHEMA_VERSION;
	}

	/** Others' presence, minus what private mode hides from participants. */
	get visiblePeers(): Peer[] {
		const peers = this.presence?.peers ?? [];
		if (this.facilitation.privateMode !== null && !this.isFacilitator) return [];
		return peers;
	}

	/** Whether private mode hides a note from this person: added by someone else since it began. */
	hidesNote(noteId: string): boolean {
		const since = this.facilitation.privateMode;
		if (since === null || this.isFacilitator) return false;
		const note = readNote(this.doc, noteId);
		if (!note) return false;
		return note.createdBy !== this.userId && note.createdAt >= since;
	}

	/** The view of the person everyone follows, when this person is one of the followers. */
	get followedView(): f.SharedView | null {
		const lead = this.facilitation.follow;
		if (!lead || lead === this.userId || this.isFacilitator) return null;
		const peer = (this.presence?.peers ?? []).find((p) => p.user.id === lead && p.view);
		return peer?.view ?? null;
	}

	get groups(): Group[] {
		this.#subscribe();
		return readGroups(this.doc).groups;
	}

	get myVotes(): Map<string, number> {
		this.#subscribe();
		return f.votesOf(this.doc, this.userId);
	}

	get tally(): f.VoteTally[] {
		this.#subscribe();
		return f.tallyVotes(this.doc);
	}

	#attempt(fn: () => void): boolean {
		try {
			fn();
			this.notice = '';
			return true;
		} catch (err) {
			this.notice = err instanceof Error ? err.message : String(err);
			return false;
		}
	}

	#facilitate(fn: () => void): boolean {
		if (!this.isFacilitator) {
			this.notice = 'Only a facilitator can do that.';
			return false;
		}
		return this.#attempt(fn);
	}

	setPhase = (phase: Phase) => this.#facilitate(() => f.setPhase(this.doc, phase, this.origin));
	setLocked = (locked: boolean) => this.#facilitate(() => f.setLocked(this.doc, locked, this.origin));
	startTimer = (ms: number) => this.#facilitate(() => f.startTimer(this.doc, ms, this.clock.now(), this.origin));
	pauseTimer = () => this.#facilitate(() => f.pauseTimer(this.doc, this.clock.now(), this.origin));
	resumeTimer = () => this.#facilitate(() => f.resumeTimer(this.doc, this.clock.now(), this.origin));
	extendTimer = (ms: number) => this.#facilitate(() => f.extendTimer(this.doc, ms, this.clock.now(), this.origin));
	clearTimer = () => this.#facilitate(() => f.clearTimer(this.doc, this.origin));
	setVotesPerPerson = (n: number) => this.#facilitate(() => f.setVotesPerPerson(this.doc, n, this.origin));
	setVotesRevealed = (on: boolean) => this.#facilitate(() => f.setVotesRevealed(this.doc, on, this.origin));
	setPrivateMode = (on: boolean) => this.#facilitate(() => f.setPrivateMode(this.doc, on, this.clock.now(), this.origin));
	setFollow = (on: boolean) => this.#facilitate(() => f.setFollow(this.doc, on ? this.userId : null, this.origin));
	setSpotlight = (groupId: string | null) => this.#facilitate(() => f.setSpotlight(this.doc, groupId, this.origin));
	summon = (view: f.SharedView) => this.#facilitate(() => f.summonEveryone(this.doc, this.userId, view, this.clock.now(), this.origin));

	vote = (groupId: string, delta: number) => {
		if (!this.canEdit) {
			this.notice = this.readOnlyReason ?? 'You cannot vote right now.';
			return false;
		}
		return this.#attempt(() => f.castVote(this.doc, groupId, this.userId, delta, this.origin));
	};
}
