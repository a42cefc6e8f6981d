import { addDraftNotes } from '../../src/lib/board/drafts.ts';
import { importNoteCount, undoImport } from '../../src/lib/import/apply.ts';
import * as f from '../../src/lib/board/facilitation.ts';
import { GROUP_ID } from '../../src/lib/board/note.ts';
import { boardMessage, MAX_COMMAND_CHARS, type CommandName, type ImportSummaries, type ServerMessage } from '../../src/lib/collab/channel.ts';
import { COMMAND, COMMAND_ARGS } from '../../src/lib/server/commands.ts';
import {
	addDrafts,
	castVote,
	changeControls,
	changeDraft,
	CommandError,
	listDrafts,
	listVotes,
	adoptLegacyState,
	loadControls,
	lockControls,
	type LegacyVote,
	PRIVATE_MODE_OFF,
	writeControls
} from '../../src/lib/server/board-state.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { settleExpiredImport, unfinishedImports } from '../../src/lib/server/import-lease.ts';
import { listImports } from '../../src/lib/server/import-summaries.ts';
import { boardTitle } from '../../src/lib/server/title.ts';
import type { Role } from '../../src/lib/server/tokens.ts';
import { RateLimit } from './limits.ts';
import type { Connection, Room, ServerStep } from './room.ts';

/**
 * What a change touched: which messages every connection needs again. `imports` is the imports
 * part of `state` alone (an import, its undo): it is read again without the controls, so it never
 * races a command changing them.
 */
export type ChannelPart = 'state' | 'imports' | 'votes' | 'drafts';

const FACILITATOR_ONLY = new Set<CommandName>([
	'setTitle',
	'setPhase',
	'setLocked',
	'startTimer',
	'pauseTimer',
	'resumeTimer',
	'extendTimer',
	'clearTimer',
	'setVotesPerPerson',
	'setVotesRevealed',
	'setPrivateMode',
	'setFollow',
	'summon',
	'setSpotlight'
]);

/** Commands one participant may have waiting to run; more are refused until some are answered. */
export const MAX_WAITING_COMMANDS = 64;

/** The answer to a vote from a tab nobody sees on the board (`Room.presenceShown`). */
export const NOT_SHOWN =
	'Your vote was not counted: this tab is not shown among the people on the board yet. Wait a moment and vote again; if it keeps happening, reload the page.';
/**
 * Commands a second one participant (all their tabs) may send on average, and in a burst: voting
 * and writing private notes by hand is a few a second; a pasted list of notes is a burst.
 */
export const COMMANDS_PER_SECOND = 20;
export const COMMAND_BURST = 100;
/** Private notes added in one database transaction at most. */
const MAX_DRAFT_BATCH = 200;
/**
 * Private notes made into board notes by one update when private mode ends; the next part is made
 * once this one is stored and relayed, so edits keep flowing meanwhile (as an import's chunks do).
 */
export const DRAFT_NOTES_PER_STEP = 500;
/** Past a lease's end (by the database's clock) before the room looks at its import, in ms. */
const LEASE_MARGIN_MS = 250;
/** When the room looks at unfinished imports again after a look that could not decide, in ms. */
const SETTLE_RETRY_MS = 5000;

/** A command that passed every check made without the database, waiting for its turn. */
interface Job {
	conn: Connection;
	command: CommandName;
	args: Record<string, unknown>;
	reply: (ok: boolean, message?: string) => void;
}

const SAVE_FAILED = 'The server could not save that; nothing was changed. Try again in a moment.';

/** Who may send each command besides facilitators. */
function allowed(role: Role, name: CommandName): string | null {
	if (role === 'viewer') return 'This is a view-only link: ask the facilitator for an editor link to take part.';
	if (role !== 'facilitator' && FACILITATOR_ONLY.has(name)) return 'Only a facilitator can do that.';
	return null;
}

/**
 * The board channel of one room: the board's title, the facilitator's controls, its imports, and
 * per connection its votes and private drafts. Commands from the room's connections are checked
 * (size, shape, role, phase), applied to the tables in src/lib/server/board-state.ts, answered
 * with a `result`, and the new state is sent to every connection here and, through the room's
 * fan-out, on every other process. Commands of one room run one at a time: facilitators' first, in
 * arrival order; then the other participants' in turns (each participant's in arrival order), so
 * nobody's flood delays the facilitator's Unlock or anyone else's vote by more than a command.
 * A participant's commands are bounded in rate (COMMANDS_PER_SECOND, COMMAND_BURST) and in number
 * waiting (MAX_WAITING_COMMANDS); past either they are answered with a refusal, not run. Private
 * notes waiting together are added in one transaction.
 */
export class BoardChannel {
	title = '';
	epoch = 1;
	controls: f.Facilitation = { ...f.DEFAULT_CONTROLS };
	imports: ImportSummaries = [];
	privateColumns: string[] = [];
	/** Facilitators' commands: they run before anyone else's. */
	private urgent: Job[] = [];
	/** Everyone else's commands, per participant; participants take turns, one command each. */
	private waiting = new Map<string, Job[]>();
	private running = false;
	private limits = new Map<string, RateLimit>();
	/** When the board's imports are settled next (`settleImports`): a lease of another process runs out. */
	private leaseTimer: NodeJS.Timeout | null = null;
	/** The settling under way; they run one at a time. */
	private settling: Promise<boolean> = Promise.resolve(false);
	private closed = false;

	constructor(
		private readonly room: Room,
		private readonly db: Db
	) {}

	/** Reads the board's server-side state; the room calls it when it loads. */
	async load(): Promise<void> {
		const [board] = await this.db.query<{ title: string; doc_epoch: number }>('SELECT title, doc_epoch FROM boards WHERE id = $1', [this.room.boardId]);
		this.title = board?.title ?? '';
		this.epoch = Number(board?.doc_epoch ?? 1);
		this.controls = await loadControls(this.db, this.room.boardId);
		await this.loadImports();
	}

	/**
	 * Boards from before the controls left the document keep them in `meta` (and votes in a
	 * `votes` root), or, once migrated from version 1 by an earlier release, on the board row.
	 * They move to the tables once (when the board has no controls row yet), and the document's
	 * copies are then removed by a server change. The room calls this after loading.
	 */
	async adoptLegacy(): Promise<void> {
		const boardId = this.room.boardId;
		const meta = this.room.doc.getMap<unknown>('meta');
		const votesRoot = this.room.doc.share.has('votes') ? this.room.doc.getMap<unknown>('votes') : null;
		const inDoc = f.LEGACY_CONTROL_KEYS.some((k) => meta.has(k)) || (votesRoot?.size ?? 0) > 0;
		const adopted = await this.db.transaction(async (tx) => {
			const [row] = await tx.query<{ legacy_controls: unknown; legacy_votes: unknown; has: boolean }>(
				`SELECT legacy_controls, legacy_votes, EXISTS (SELECT 1 FROM board_controls WHERE board_id = $1) AS has FROM boards WHERE id = $1 FOR UPDATE`,
				[boardId]
			);
			if (!row || row.has) return false;
			const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
			if (inDoc) {
				const raw = meta.get('title');
				const title = typeof raw === 'string' ? boardTitle(raw) : null;
				if (title) await tx.query('UPDATE boards SET title = $2 WHERE id = $1', [boardId, title]);
				return adoptLegacyState(tx, boardId, meta.toJSON(), votesRoot ? docVotes(votesRoot) : []);
			}
			if (row.legacy_controls || row.legacy_votes) {
				const votes = parse(row.legacy_votes);
				return adoptLegacyState(tx, boardId, parse(row.legacy_controls), Array.isArray(votes) ? votes : []);
			}
			return false;
		});
		if (adopted) await this.load();
		if (inDoc) {
			await this.room.serverChange((doc) => {
				const m = doc.getMap<unknown>('meta');
				for (const key of f.LEGACY_CONTROL_KEYS) m.delete(key);
				m.delete('title');
				m.delete('privateColumns');
				if (doc.share.has('votes')) {
					const v = doc.getMap<unknown>('votes');
					for (const key of [...v.keys()]) v.delete(key);
				}
			});
		}
	}

	/**
	 * An import left unfinished comes off the board whole or stays whole. One marked incomplete
	 * (part of its notes stored, its take-off failed with storage) is taken off. One whose lease ran
	 * out (the process writing it was killed, or could not record that it had finished) keeps its
	 * notes, and loses the lease, when every one of them is on the board, and is taken off
	 * otherwise. Taking off is a server change, after which the import's record is deleted with its
	 * private values. An import leased by another process (or by this one before a restart) is
	 * looked at again when its lease runs out; imports this process is writing are left to it.
	 * The room calls this after loading; should the change not be stored, loading fails and is
	 * tried again by the next person to join. Resolves with whether the imports list changed (it
	 * is read again then; telling the connections is the caller's part).
	 */
	settleImports(): Promise<boolean> {
		const run = this.settling.catch(() => false).then(() => this.settle());
		this.settling = run;
		return run;
	}

	private async settle(): Promise<boolean> {
		if (this.leaseTimer) clearTimeout(this.leaseTimer);
		this.leaseTimer = null;
		const own = this.room.importsInProgress;
		const unfinished = (await unfinishedImports(this.db, this.room.boardId)).filter((i) => !own.has(i.id));
		const takeOff = unfinished.filter((i) => i.incomplete).map((i) => i.id);
		let changed = false;
		let next = Infinity;
		for (const item of unfinished) {
			if (item.incomplete || item.leftMs === null) continue;
			if (item.leftMs > 0) {
				next = Math.min(next, item.leftMs + LEASE_MARGIN_MS);
				continue;
			}
			const complete = importNoteCount(this.room.doc, item.id) >= item.notes;
			if (!(await settleExpiredImport(this.db, item.id, complete))) {
				// Renewed meanwhile, or settled by another process's room: look again shortly.
				next = Math.min(next, SETTLE_RETRY_MS);
			} else if (complete) changed = true;
			else takeOff.push(item.id);
		}
		if (takeOff.length > 0) {
			await this.room.serverChange((doc) => {
				for (const id of takeOff) undoImport(doc, id, { kind: 'import', userId: 'server' });
			});
			await this.db.query('DELETE FROM imports WHERE board_id = $1 AND id = ANY($2::text[])', [this.room.boardId, takeOff]);
			changed = true;
		}
		if (changed) await this.loadImports();
		if (next < Infinity) this.watchLeases(next);
		return changed;
	}

	/** Settles the board's imports in `ms` (`settleImports`), and tells everyone in the board if the list changed. */
	private watchLeases(ms: number): void {
		if (this.closed) return;
		if (this.leaseTimer) clearTimeout(this.leaseTimer);
		this.leaseTimer = setTimeout(() => {
			this.leaseTimer = null;
			this.settleImports()
				.then(async (changed) => {
					if (!changed) return;
					this.room.publishBoard(['imports']);
					await this.sendChanged(new Set(['imports']));
				})
				.catch((err) => {
					this.room.reportError(err);
					if (this.room.open) this.watchLeases(SETTLE_RETRY_MS);
				});
		}, ms);
		this.leaseTimer.unref();
	}

	/** The room is unloaded: no more looks at its imports. */
	close(): void {
		this.closed = true;
		if (this.leaseTimer) clearTimeout(this.leaseTimer);
		this.leaseTimer = null;
	}

	private async loadImports(): Promise<void> {
		const imports = await listImports(this.db, this.room.boardId);
		this.imports = imports;
		this.privateColumns = [...new Set(imports.filter((i) => !i.undoneAt).flatMap((i) => i.privateColumns))];
	}

	private get channelConns(): Connection[] {
		return [...this.room.conns].filter((c) => c.channel);
	}

	private stateMessage(): ServerMessage {
		return { type: 'state', title: this.title, controls: this.controls, imports: this.imports, privateColumns: this.privateColumns };
	}

	/** Everything a connection that just joined needs: who it is, the state, its votes and drafts. */
	async join(conn: Connection): Promise<void> {
		this.send(conn, { type: 'welcome', participant: conn.participant, role: conn.role, epoch: this.epoch });
		this.send(conn, this.stateMessage());
		await Promise.all([this.sendVotes([conn]), this.sendDrafts([conn])]);
	}

	private send(conn: Connection, message: ServerMessage): void {
		this.room.send(conn, boardMessage(message));
	}

	/** Sends the parts that changed to this process's connections. */
	async sendChanged(parts: Set<ChannelPart>): Promise<void> {
		const conns = this.channelConns;
		if (conns.length === 0) return;
		if (parts.has('state') || parts.has('imports')) {
			const message = boardMessage(this.stateMessage());
			for (const conn of conns) this.room.send(conn, message);
		}
		if (parts.has('votes')) await this.sendVotes(conns);
		if (parts.has('drafts')) await this.sendDrafts(conns);
	}

	/**
	 * Another process changed something, or the server outside a command: read it again and tell
	 * this process's connections. Changed imports are settled soon after: one that finished may
	 * not have been able to clear its lease.
	 */
	async refresh(parts: Set<ChannelPart>): Promise<void> {
		if (parts.has('state')) await this.load();
		else if (parts.has('imports')) await this.loadImports();
		if (parts.has('imports')) this.watchLeases(0);
		await this.sendChanged(parts);
	}

	private async sendVotes(conns: Connection[]): Promise<void> {
		const rows = await listVotes(this.db, this.room.boardId);
		const totals: Record<string, { votes: number; voters: number }> = {};
		const byParticipant = new Map<string, Record<string, number>>();
		// Everyone who holds a vote, once: the facilitator compares it with the people on the board.
		for (const row of rows) {
			const t = (totals[row.groupId] ??= { votes: 0, voters: 0 });
			t.votes += row.votes;
			t.voters++;
			let mine = byParticipant.get(row.participant);
			if (!mine) byParticipant.set(row.participant, (mine = {}));
			mine[row.groupId] = row.votes;
		}
		const limit = this.controls.votesPerPerson;
		for (const conn of conns) {
			const mine = byParticipant.get(conn.participant) ?? {};
			const used = Object.values(mine).reduce((s, n) => s + n, 0);
			const seesTotals = conn.role === 'facilitator' || this.controls.votesRevealed;
			this.send(conn, { type: 'votes', mine, used, limit, totals: seesTotals ? totals : null, voters: seesTotals ? byParticipant.size : null });
		}
	}

	/**
	 * Each connection gets its participant's drafts; facilitators also get how many there are in
	 * all (nobody else learns anything of another person's drafts, not even their number). With
	 * `authors`, only those participants' connections and the facilitators' are told.
	 */
	private async sendDrafts(conns: Connection[], authors?: Set<string>): Promise<void> {
		const to = authors === undefined ? conns : conns.filter((c) => authors.has(c.participant) || c.role === 'facilitator');
		if (to.length === 0) return;
		const drafts = await listDrafts(this.db, this.room.boardId);
		for (const conn of to) {
			const mine = drafts.filter((d) => d.author === conn.participant).map(({ id, text, x, y, at }) => ({ id, text, x, y, at }));
			this.send(conn, { type: 'drafts', mine, total: conn.role === 'facilitator' ? drafts.length : null });
		}
	}

	/**
	 * One message from a connection. Throws (the connection is closed as unreadable) when it is
	 * not a command at all; anything else is answered with a `result`.
	 */
	receive(conn: Connection, json: string): void {
		if (json.length > MAX_COMMAND_CHARS) throw new Error('board message too large');
		const parsed = COMMAND.safeParse(JSON.parse(json));
		if (!parsed.success) throw new Error('not a board command');
		const { id, name, args: rawArgs } = parsed.data;
		const reply = (ok: boolean, message?: string) => this.send(conn, { type: 'result', id, ok, ...(message ? { message } : {}) });
		const urgent = conn.role === 'facilitator';
		if (!urgent && !this.limitFor(conn.participant).take()) {
			return reply(false, `You are sending more than ${COMMANDS_PER_SECOND} requests a second; that one was not done. Wait a moment and try again.`);
		}
		if (!Object.hasOwn(COMMAND_ARGS, name)) return reply(false, `Unknown command "${name.slice(0, 32)}".`);
		const command = name as CommandName;
		const refusal = allowed(conn.role, command);
		if (refusal) return reply(false, refusal);
		const args = COMMAND_ARGS[command].safeParse(rawArgs ?? {});
		if (!args.success) return reply(false, `That ${command} request is not valid: ${args.error.issues[0]?.message ?? 'bad arguments'}.`);
		const early = this.precheck(conn, command, args.data as Record<string, unknown>);
		if (early) return reply(false, early);
		const queue = urgent ? this.urgent : this.waiting.get(conn.participant) ?? [];
		if (queue.length >= MAX_WAITING_COMMANDS) {
			return reply(false, `You have ${MAX_WAITING_COMMANDS} requests waiting already; that one was not done. Wait for their answers, then try again.`);
		}
		queue.push({ conn, command, args: args.data as Record<string, unknown>, reply });
		if (!urgent && !this.waiting.has(conn.participant)) this.waiting.set(conn.participant, queue);
		void this.pump();
	}

	/** The command rate of one participant (all their tabs). Buckets of people who left are dropped now and then. */
	private limitFor(participant: string): RateLimit {
		let limit = this.limits.get(participant);
		if (!limit) {
			if (this.limits.size >= 4 * Math.max(16, this.room.conns.size)) {
				const here = new Set([...this.room.conns].map((c) => c.participant));
				for (const key of this.limits.keys()) if (!here.has(key)) this.limits.delete(key);
			}
			this.limits.set(participant, (limit = new RateLimit(COMMANDS_PER_SECOND, COMMAND_BURST)));
		}
		return limit;
	}

	/**
	 * Refusals that need no database: the phase, the lock and a group's existence as this process
	 * knows them. The transaction that runs a command checks them again against the stored controls;
	 * these only keep commands that cannot succeed from waiting in line.
	 */
	private precheck(conn: Connection, command: CommandName, args: Record<string, unknown>): string | null {
		if (command === 'vote') {
			if (this.controls.phase !== 'vote') return 'Voting is not open: the facilitator starts it with the Voting phase.';
			if (this.controls.locked) return 'The facilitator locked the board; votes are paused.';
			if (Number(args.delta) > 0 && !this.groupExists(String(args.groupId))) return 'That group no longer exists.';
			// A ballot is cast by someone everyone sees on the board: a link can mint participants
			// (a new secret per connection), but each shows as a person, so extra ballots do too.
			if (Number(args.delta) > 0 && conn.role !== 'facilitator' && !this.room.presenceShown(conn)) return NOT_SHOWN;
		}
		if (command.startsWith('draft.') && this.controls.privateMode === null) return PRIVATE_MODE_OFF;
		return null;
	}

	/** The next command to run: a facilitator's, else the next participant's in turn. */
	private next(): Job | undefined {
		const urgent = this.urgent.shift();
		if (urgent) return urgent;
		for (const [participant, jobs] of this.waiting) {
			const job = jobs.shift();
			// Back of the line for this participant's next command.
			this.waiting.delete(participant);
			if (jobs.length > 0) this.waiting.set(participant, jobs);
			if (job) return job;
		}
		return undefined;
	}

	/** Private notes waiting at the head of participants' lines, to be added with `first` in one go. */
	private takeDraftAdds(first: Job): Job[] {
		const batch = [first];
		for (const queue of [this.urgent, ...this.waiting.values()]) {
			while (batch.length < MAX_DRAFT_BATCH && queue[0]?.command === 'draft.add') {
				const job = queue.shift()!;
				if (!job.conn.closedBy) batch.push(job);
			}
		}
		for (const [participant, jobs] of this.waiting) if (jobs.length === 0) this.waiting.delete(participant);
		return batch;
	}

	private async pump(): Promise<void> {
		if (this.running) return;
		this.running = true;
		try {
			for (let job = this.next(); job; job = this.next()) {
				// A connection the server closed (its link was replaced, or it was refused) has no say
				// any more: what it queued before is not done. A tab that closed itself still counts.
				if (job.conn.closedBy) continue;
				if (job.command === 'draft.add') await this.runDraftAdds(this.takeDraftAdds(job));
				else await this.run(job);
			}
		} finally {
			this.running = false;
		}
	}

	private async run({ conn, command, args, reply }: Job): Promise<void> {
		try {
			const parts = await this.apply(conn, command, args);
			reply(true);
			if (parts.size > 0) {
				this.room.publishBoard([...parts]);
				// A draft concerns its author and the facilitators (who see the count) alone.
				if (command.startsWith('draft.')) await this.sendDrafts(this.channelConns, new Set([conn.participant]));
				else await this.sendChanged(parts);
			}
		} catch (err) {
			if (err instanceof CommandError) return reply(false, err.message);
			this.room.reportError(err);
			reply(false, SAVE_FAILED);
		}
	}

	/** Adds the private notes of several `draft.add` commands in one transaction, and answers each. */
	private async runDraftAdds(jobs: Job[]): Promise<void> {
		const notes = this.room.doc.getMap('notes');
		const todo: Job[] = [];
		for (const job of jobs) {
			if (notes.has(String(job.args.id))) job.reply(false, 'A note with that id exists already.');
			else todo.push(job);
		}
		let results: (string | null)[];
		try {
			results = await addDrafts(
				this.db,
				this.room.boardId,
				todo.map(({ conn, args }) => ({
					author: conn.participant,
					counted: conn.role !== 'facilitator',
					draft: { id: String(args.id), text: String(args.text), x: Number(args.x), y: Number(args.y) }
				})),
				this.room.maxParticipants
			);
		} catch (err) {
			this.room.reportError(err);
			for (const job of todo) job.reply(false, SAVE_FAILED);
			return;
		}
		const authors = new Set<string>();
		todo.forEach((job, i) => {
			const refusal = results[i];
			if (refusal) return job.reply(false, refusal);
			job.reply(true);
			authors.add(job.conn.participant);
		});
		if (authors.size === 0) return;
		this.room.publishBoard(['drafts']);
		await this.sendDrafts(this.channelConns, authors);
	}

	private async setControls(change: (c: f.Facilitation) => f.Facilitation): Promise<void> {
		this.controls = await changeControls(this.db, this.room.boardId, (c) => change(c));
	}

	private async apply<N extends CommandName>(conn: Connection, name: N, args: Record<string, unknown>): Promise<Set<ChannelPart>> {
		const now = Date.now();
		const state = new Set<ChannelPart>(['state']);
		const boardId = this.room.boardId;
		switch (name) {
			case 'setTitle': {
				// As stored: the room's copy must read what everyone reads after a reload.
				const title = boardTitle(String(args.title)) ?? this.title;
				await this.db.query('UPDATE boards SET title = $2 WHERE id = $1', [boardId, title]);
				this.title = title;
				return state;
			}
			case 'setPhase':
				await this.setControls((c) => ({ ...c, phase: args.phase as f.Facilitation['phase'] }));
				return new Set(['state', 'votes']);
			case 'setLocked':
				await this.setControls((c) => ({ ...c, locked: args.locked === true }));
				return state;
			case 'startTimer':
				await this.setControls((c) => ({ ...c, timer: f.startTimer(Number(args.durationMs), now) }));
				return state;
			case 'pauseTimer':
				await this.setControls((c) => ({ ...c, timer: f.pauseTimer(c.timer, now) }));
				return state;
			case 'resumeTimer':
				await this.setControls((c) => ({ ...c, timer: f.resumeTimer(c.timer, now) }));
				return state;
			case 'extendTimer':
				await this.setControls((c) => {
					if (!c.timer) throw new CommandError('There is no timer to extend: start one first.');
					return { ...c, timer: f.extendTimer(c.timer, Number(args.deltaMs), now) };
				});
				return state;
			case 'clearTimer':
				await this.setControls((c) => ({ ...c, timer: null }));
				return state;
			case 'setVotesPerPerson':
				await this.setControls((c) => ({ ...c, votesPerPerson: Number(args.count) }));
				return new Set(['state', 'votes']);
			case 'setVotesRevealed':
				await this.setControls((c) => ({ ...c, votesRevealed: args.revealed === true }));
				return new Set(['state', 'votes']);
			case 'setPrivateMode':
				if (args.on === true) {
					await this.setControls((c) => ({ ...c, privateMode: c.privateMode ?? now }));
					return new Set(['state', 'drafts']);
				}
				await this.endPrivateMode();
				return new Set(['state', 'drafts']);
			case 'setFollow':
				await this.setControls((c) => ({ ...c, follow: args.on === true ? conn.participant : null }));
				return state;
			case 'summon':
				await this.setControls((c) => ({ ...c, summon: { by: conn.participant, at: now, view: args.view as f.SharedView } }));
				return state;
			case 'setSpotlight': {
				const groupId = args.groupId as string | null;
				if (groupId !== null && !this.groupExists(groupId)) throw new CommandError('That group no longer exists.');
				await this.setControls((c) => ({ ...c, spotlight: groupId }));
				return state;
			}
			case 'vote': {
				const groupId = String(args.groupId);
				await castVote(this.db, boardId, conn.participant, groupId, Number(args.delta), this.groupExists(groupId), this.capFor(conn));
				return new Set(['votes']);
			}
			case 'draft.edit':
				await changeDraft(this.db, boardId, conn.participant, String(args.id), { text: String(args.text) });
				return new Set(['drafts']);
			case 'draft.move':
				await changeDraft(this.db, boardId, conn.participant, String(args.id), { x: Number(args.x), y: Number(args.y) });
				return new Set(['drafts']);
			case 'draft.delete':
				await changeDraft(this.db, boardId, conn.participant, String(args.id), null);
				return new Set(['drafts']);
		}
		throw new CommandError(`Unknown command "${name}".`);
	}

	/** How many participants may hold votes or drafts, for a sender: facilitators are not bound. */
	private capFor(conn: Connection): number | null {
		return conn.role === 'facilitator' ? null : this.room.maxParticipants;
	}

	private groupExists(groupId: string): boolean {
		return GROUP_ID.test(groupId) && this.room.doc.getMap('groups').has(groupId);
	}

	/**
	 * Ends private mode: no draft can be added or changed from the moment the controls say so;
	 * then every draft becomes a content note through the room's server-change path (stored
	 * before anyone sees it), `DRAFT_NOTES_PER_STEP` at a time, and only then are the drafts deleted. If the notes cannot be stored,
	 * private mode is turned back on and the drafts stay; a draft whose note was stored by an
	 * earlier attempt is not written twice.
	 */
	private async endPrivateMode(): Promise<void> {
		const boardId = this.room.boardId;
		const { drafts, was } = await this.db.transaction(async (tx) => {
			const controls = await lockControls(tx, boardId);
			await writeControls(tx, boardId, { ...controls, privateMode: null });
			this.controls = { ...controls, privateMode: null };
			return { drafts: await listDrafts(tx, boardId), was: controls.privateMode };
		});
		if (drafts.length === 0) return;
		const steps: ServerStep[] = [];
		for (let i = 0; i < drafts.length; i += DRAFT_NOTES_PER_STEP) {
			const part = drafts.slice(i, i + DRAFT_NOTES_PER_STEP);
			steps.push((doc) => void addDraftNotes(doc, part, { kind: 'server' }));
		}
		try {
			await this.room.serverChange(steps);
		} catch (err) {
			this.controls = await changeControls(this.db, boardId, (c) => ({ ...c, privateMode: was ?? Date.now() }));
			throw err;
		}
		await this.db.query('DELETE FROM board_drafts WHERE board_id = $1 AND (author, id) IN (SELECT * FROM unnest($2::text[], $3::text[]))', [
			boardId,
			drafts.map((d) => d.author),
			drafts.map((d) => d.id)
		]);
	}
}

/** The votes of a `votes` root (group id -> Y.Map of voter -> count), as rows. */
function docVotes(root: import('yjs').Map<unknown>): LegacyVote[] {
	const out: LegacyVote[] = [];
	root.forEach((ballot, groupId) => {
		if (!ballot || typeof (ballot as { forEach?: unknown }).forEach !== 'function' || typeof (ballot as { get?: unknown }).get !== 'function') return;
		(ballot as import('yjs').Map<unknown>).forEach((count, voter) => {
			if (typeof count === 'number' && Number.isInteger(count) && count > 0) out.push({ groupId, voter, count });
		});
	});
	return out;
}
