import { addDraftNotes } from '../../src/lib/board/drafts.ts';
import { undoImport } from '../../src/lib/import/apply.ts';
import * as f from '../../src/lib/board/facilitation.ts';
import { GROUP_ID } from '../../src/lib/board/note.ts';
import { boardMessage, COMMAND, COMMAND_ARGS, MAX_COMMAND_CHARS, type CommandName, type ImportSummaries, type ServerMessage } from '../../src/lib/collab/channel.ts';
import {
	addDraft,
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
	writeControls
} from '../../src/lib/server/board-state.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { listImports } from '../../src/lib/server/import-summaries.ts';
import type { Role } from '../../src/lib/server/tokens.ts';
import type { Connection, Room } from './room.ts';

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
 * fan-out, on every other process. Commands of one room run one at a time, in arrival order.
 */
export class BoardChannel {
	title = '';
	epoch = 1;
	controls: f.Facilitation = { ...f.DEFAULT_CONTROLS };
	imports: ImportSummaries = [];
	privateColumns: string[] = [];
	private queue: Promise<void> = Promise.resolve();

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
				const title = meta.get('title');
				if (typeof title === 'string' && title.trim()) await tx.query('UPDATE boards SET title = $2 WHERE id = $1', [boardId, title.trim().slice(0, 200)]);
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
	 * Imports marked incomplete (part of their notes stored, the take-off failed with storage) are
	 * taken off the board by a server change and deleted with their private values. The room calls
	 * this after loading; should the change not be stored, loading fails and is tried again by the
	 * next person to join.
	 */
	async takeOffIncomplete(): Promise<void> {
		const rows = await this.db.query<{ id: string }>('SELECT id FROM imports WHERE board_id = $1 AND incomplete', [this.room.boardId]);
		if (rows.length === 0) return;
		const ids = rows.map((r) => r.id);
		await this.room.serverChange((doc) => {
			for (const id of ids) undoImport(doc, id, { kind: 'import', userId: 'server' });
		});
		await this.db.query('DELETE FROM imports WHERE board_id = $1 AND id = ANY($2::text[])', [this.room.boardId, ids]);
		await this.loadImports();
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

	/** Another process changed something: read it again and tell this process's connections. */
	async refresh(parts: Set<ChannelPart>): Promise<void> {
		if (parts.has('state')) await this.load();
		else if (parts.has('imports')) await this.loadImports();
		await this.sendChanged(parts);
	}

	private async sendVotes(conns: Connection[]): Promise<void> {
		const rows = await listVotes(this.db, this.room.boardId);
		const totals: Record<string, { votes: number; voters: number }> = {};
		const byParticipant = new Map<string, Record<string, number>>();
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
			this.send(conn, { type: 'votes', mine, used, limit, totals: seesTotals ? totals : null });
		}
	}

	/**
	 * Each connection gets its participant's drafts; facilitators also get how many there are in
	 * all (nobody else learns anything of another person's drafts, not even their number). With
	 * `author`, only that participant's connections and the facilitators' are told.
	 */
	private async sendDrafts(conns: Connection[], author?: string): Promise<void> {
		const to = author === undefined ? conns : conns.filter((c) => c.participant === author || c.role === 'facilitator');
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
		const { id, name, args } = parsed.data;
		this.queue = this.queue.then(() => this.run(conn, id, name, args));
	}

	private async run(conn: Connection, id: number, name: string, rawArgs: unknown): Promise<void> {
		const reply = (ok: boolean, message?: string) => this.send(conn, { type: 'result', id, ok, ...(message ? { message } : {}) });
		if (!Object.hasOwn(COMMAND_ARGS, name)) return reply(false, `Unknown command "${name.slice(0, 32)}".`);
		const command = name as CommandName;
		const refusal = allowed(conn.role, command);
		if (refusal) return reply(false, refusal);
		const args = COMMAND_ARGS[command].safeParse(rawArgs ?? {});
		if (!args.success) return reply(false, `That ${command} request is not valid: ${args.error.issues[0]?.message ?? 'bad arguments'}.`);
		try {
			const parts = await this.apply(conn, command, args.data as never);
			reply(true);
			if (parts.size > 0) {
				this.room.publishBoard([...parts]);
				// A draft concerns its author and the facilitators (who see the count) alone.
				if (command.startsWith('draft.')) await this.sendDrafts(this.channelConns, conn.participant);
				else await this.sendChanged(parts);
			}
		} catch (err) {
			if (err instanceof CommandError) return reply(false, err.message);
			this.room.reportError(err);
			reply(false, 'The server could not save that; nothing was changed. Try again in a moment.');
		}
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
				const title = String(args.title);
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
			case 'draft.add':
				if (this.room.doc.getMap('notes').has(String(args.id))) throw new CommandError('A note with that id exists already.');
				await addDraft(this.db, boardId, conn.participant, { id: String(args.id), text: String(args.text), x: Number(args.x), y: Number(args.y) }, this.capFor(conn));
				return new Set(['drafts']);
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
	 * before anyone sees it), and only then are the drafts deleted. If the notes cannot be stored,
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
		try {
			await this.room.serverChange((doc) => addDraftNotes(doc, drafts, { kind: 'server' }));
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
