import { createSubscriber } from 'svelte/reactivity';
import * as Y from 'yjs';
import { readGroups, SCHEMA_VERSION, schemaVersionOf, type Group, type Phase } from '$lib/board';
import * as f from '$lib/board/facilitation';
import { userOrigin } from '$lib/board/origin';
import type { CommandArgs, CommandName, Draft, ServerMessage } from './channel';
import { ServerClock } from './clock';
import { copyName, dropOtherCopies, LocalCopy } from './local-copy';
import { loadIdentity, saveName, type Identity } from './identity';
import { Presence, votersHere, type Peer, type PresenceRole } from './presence.svelte';
import { connectBoard, OUTDATED_CLOSE, type BoardConnection, type ConnectionState } from './provider';
import { PROTOCOL_VERSION } from './version';

/** How long the connection waits for the offline copy to be read before it opens anyway. */
const LOCAL_COPY_WAIT_MS = 3000;

type StateMessage = Extract<ServerMessage, { type: 'state' }>;
type VotesMessage = Extract<ServerMessage, { type: 'votes' }>;

/**
 * One person's place in a board's room: the connection (with an offline copy in IndexedDB), who
 * they are, who else is here, and what the board channel says (title, the facilitator's controls,
 * votes, private drafts) as runes. Components read this; the actions here send commands over the
 * board channel, and the server's answer (or its refusal, shown in `notice`) decides.
 */
export class BoardRoom {
	readonly doc: Y.Doc;
	readonly clock = new ServerClock();
	identity = $state<Identity>({ id: '', name: '', color: '#475467' });
	connection = $state<ConnectionState>('connecting');
	refused = $state<{ code: number; reason: string } | null>(null);
	synced = $state(false);
	/** The offline copy has been read: edits made from here on survive a closed tab. */
	storedLocally = $state(false);
	/** Shown under the controls when an action could not be done (e.g. no votes left) or the server said why it disconnected this tab. */
	notice = $state('');
	presence: Presence | null = $state(null);
	/**
	 * Why this tab's last changes were not kept, when the server refused them and the tab started
	 * again from the server's copy; shown until dismissed.
	 */
	notKept = $state<string | null>(null);
	/** A refused change is being dropped: the tab is about to start again. */
	restarting = $state(false);
	/** The board's title, controls and imports as the server last sent them; null until it has. */
	board = $state<Omit<StateMessage, 'type'> | null>(null);
	/** This participant's votes, the votes per person, and the totals once the server shows them. */
	votes = $state<Omit<VotesMessage, 'type'> | null>(null);
	/** This participant's private-mode notes, and how many there are in all. */
	drafts = $state<{ mine: Draft[]; total: number | null }>({ mine: [], total: null });
	#connection: BoardConnection | null = null;
	#local: LocalCopy | null = null;
	#destroyed = false;
	readonly #subscribe: () => void;
	#rejoinUntil = 0;
	#nextCommand = 1;
	readonly #waiting = new Map<number, (result: { ok: boolean; message?: string }) => void>();

	constructor(
		readonly boardId: string,
		readonly role: PresenceRole,
		participant: string,
		/** The board's document epoch as the page was served: names the offline copy and is announced on connect. */
		readonly epoch = 1,
		doc?: Y.Doc
	) {
		this.doc = doc ?? new Y.Doc();
		// The participant id comes with the page, so every edit of this tab carries it from the first line on.
		this.identity = loadIdentity(participant, typeof localStorage !== 'undefined' ? localStorage : null);
		this.notKept = takeNotKept(boardId);
		// The offline copy is read from here on, while the page is still being set up; `start` applies it.
		if (typeof indexedDB !== 'undefined') {
			try {
				this.#local = new LocalCopy(copyName(boardId, epoch));
				this.#local.read().catch(() => {});
			} catch {
				// Private windows may refuse IndexedDB: the board still works online.
				this.#local = null;
			}
		}
		this.#subscribe = createSubscriber((update) => {
			this.doc.on('afterTransaction', update);
			return () => this.doc.off('afterTransaction', update);
		});
	}

	/**
	 * Reads the offline copy, then connects. Browser only. The copy is read first and before
	 * anything listens to the document's updates: the board is drawn from it without waiting for
	 * the network, and the server, given the copy's state vector, sends only what it lacks.
	 */
	start(): () => void {
		if (this.#local) {
			this.#local.load(this.doc).then(
				() => {
					this.storedLocally = true;
					this.#join();
				},
				() => this.#join()
			);
			// Other epochs' copies are deleted once this one is read, not in its way.
			const drop = () => void dropOtherCopies(this.boardId, this.epoch).catch(() => {});
			this.#local.read().then(drop, drop);
			// An IndexedDB that never answers must not keep the tab offline.
			setTimeout(() => this.#join(), LOCAL_COPY_WAIT_MS);
		} else this.#join();
		void this.clock.sync();
		return () => this.destroy();
	}

	#join(): void {
		if (this.#connection || this.#destroyed) return;
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
					if (state !== 'connected') this.#dropWaiting();
				},
				onSynced: () => (this.synced = true),
				onRefusedChange: (reason) => void this.#startAgain(reason),
				onBoard: (message) => this.#receive(message as ServerMessage),
				onNotice: (reason) => (this.notice = reason)
			},
			{ params: { protocol: String(PROTOCOL_VERSION), schema: String(SCHEMA_VERSION), epoch: String(this.epoch) }, copy: this.#local ?? undefined }
		);
		this.#connection = provider;
		this.presence = new Presence(provider.provider.awareness, this.identity, this.role);
	}

	/**
	 * The server refused a change of this tab, so this tab's copy of the board holds something the
	 * server does not. The copy (and its offline copy in IndexedDB) is dropped and the page loads
	 * the board again from the server, saying what was not kept and why: a refusal is never
	 * permanent and the tab never goes on with a board that differs from everyone else's.
	 */
	async #startAgain(reason: string): Promise<void> {
		if (this.restarting) return;
		this.restarting = true;
		this.connection = 'refused';
		this.refused = { code: 4412, reason };
		keepNotKept(this.boardId, reason);
		this.presence?.destroy();
		this.#connection?.destroy();
		this.#connection = null;
		try {
			await this.#local?.clearData();
		} catch {
			// A copy that cannot be deleted is replaced: the next start reads the server's state first.
		}
		this.#local = null;
		this.restart();
	}

	/** Loads the page again; replaced in tests. */
	restart: () => void = () => location.reload();

	destroy(): void {
		this.#destroyed = true;
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

	#receive(message: ServerMessage): void {
		switch (message.type) {
			case 'state':
				this.board = { title: message.title, controls: f.readControls(message.controls), imports: message.imports, privateColumns: message.privateColumns };
				break;
			case 'votes':
				this.votes = { mine: message.mine, used: message.used, limit: message.limit, totals: message.totals, voters: message.voters ?? null };
				break;
			case 'drafts':
				this.drafts = { mine: message.mine, total: message.total };
				break;
			case 'notKept':
				this.notice = message.message;
				break;
			case 'result': {
				const done = this.#waiting.get(message.id);
				this.#waiting.delete(message.id);
				done?.(message);
				break;
			}
		}
	}

	/** Commands sent before a drop get no answer: say so, and let the person try again. */
	#dropWaiting(): void {
		for (const done of this.#waiting.values()) done({ ok: false, message: 'The connection dropped before the server answered; try again.' });
		this.#waiting.clear();
	}

	/**
	 * Sends a command over the board channel. Resolves true when the server did it; otherwise
	 * `notice` says why (the server's message, or that this tab is offline).
	 */
	command<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<boolean> {
		const id = this.#nextCommand++;
		if (!this.#connection?.sendBoard({ type: 'command', id, name, args })) {
			this.notice = 'You are offline: that was not sent. Try again once the connection is back.';
			return Promise.resolve(false);
		}
		return new Promise((resolve) => {
			this.#waiting.set(id, (result) => {
				this.notice = result.ok ? '' : (result.message ?? 'The server did not do that.');
				resolve(result.ok);
			});
		});
	}

	get facilitation(): f.Facilitation {
		return this.board?.controls ?? f.DEFAULT_CONTROLS;
	}

	/** The board's title as the server last said, or null before it has. */
	get title(): string | null {
		return this.board?.title ?? null;
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
		return new Map(Object.entries(this.votes?.mine ?? {}));
	}

	/**
	 * People on the board now who can vote (editors and facilitators), this tab's person included
	 * unless a viewer: distinct participants among the tabs whose presence is shown (two tabs of
	 * one person count once; viewers do not count, see `votersHere`).
	 */
	get votersHere(): number {
		return votersHere(this.presence?.peers ?? [], { id: this.userId, role: this.role });
	}

	/** How many people hold votes: for facilitators, and for everyone once votes are revealed; else null. */
	get voterCount(): number | null {
		return this.votes?.voters ?? null;
	}

	/** Groups ranked by votes; empty until the server shows the totals (facilitators, or after the reveal). */
	get tally(): f.VoteTally[] {
		return this.votes?.totals ? f.rankTallies(this.votes.totals) : [];
	}

	#facilitate(name: CommandName, args: Record<string, unknown>): Promise<boolean> {
		if (!this.isFacilitator) {
			this.notice = 'Only a facilitator can do that.';
			return Promise.resolve(false);
		}
		return this.command(name, args as never);
	}

	setTitle = (title: string) => this.#facilitate('setTitle', { title });
	setPhase = (phase: Phase) => this.#facilitate('setPhase', { phase });
	setLocked = (locked: boolean) => this.#facilitate('setLocked', { locked });
	startTimer = (ms: number) => this.#facilitate('startTimer', { durationMs: Math.round(Math.min(f.MAX_TIMER_MS, Math.max(1000, ms))) });
	pauseTimer = () => this.#facilitate('pauseTimer', {});
	resumeTimer = () => this.#facilitate('resumeTimer', {});
	extendTimer = (ms: number) => this.#facilitate('extendTimer', { deltaMs: ms });
	clearTimer = () => this.#facilitate('clearTimer', {});
	setVotesPerPerson = (n: number) => this.#facilitate('setVotesPerPerson', { count: Math.floor(n) });
	setVotesRevealed = (on: boolean) => this.#facilitate('setVotesRevealed', { revealed: on });
	setPrivateMode = (on: boolean) => this.#facilitate('setPrivateMode', { on });
	setFollow = (on: boolean) => this.#facilitate('setFollow', { on });
	setSpotlight = (groupId: string | null) => this.#facilitate('setSpotlight', { groupId });
	summon = (view: f.SharedView) => this.#facilitate('summon', { view });

	/** Whether notes this person adds now are private drafts (private mode, for participants). */
	get writesDrafts(): boolean {
		return this.facilitation.privateMode !== null && !this.isFacilitator;
	}

	addDraft = (id: string, text: string, x: number, y: number) => this.command('draft.add', { id, text, x, y });
	editDraft = (id: string, text: string) => this.command('draft.edit', { id, text });
	moveDraft = (id: string, x: number, y: number) => this.command('draft.move', { id, x, y });
	deleteDraft = (id: string) => this.command('draft.delete', { id });

	vote = (groupId: string, delta: number) => {
		if (!this.canEdit) {
			this.notice = this.readOnlyReason ?? 'You cannot vote right now.';
			return Promise.resolve(false);
		}
		return this.command('vote', { groupId, delta });
	};
}

const NOT_KEPT_KEY = 'gistboard.notKept.';

/** Keeps the reason a change was refused across the reload that follows it. */
function keepNotKept(boardId: string, reason: string): void {
	try {
		sessionStorage.setItem(NOT_KEPT_KEY + boardId, reason || 'A change from this tab was not kept.');
	} catch {
		// Without session storage the reload still happens; only the message is lost.
	}
}

/** The reason kept before the last reload, once. */
function takeNotKept(boardId: string): string | null {
	try {
		const reason = sessionStorage.getItem(NOT_KEPT_KEY + boardId);
		sessionStorage.removeItem(NOT_KEPT_KEY + boardId);
		return reason;
	} catch {
		return null;
	}
}
