import { DEFAULT_CONTROLS, readControls, type Facilitation } from '../board/facilitation.ts';
import type { Draft } from '../collab/channel.ts';
import type { Db, Queryable } from './db.ts';
import { jsonParam } from './sql.ts';

/**
 * The parts of a board that are not in its content document and that only the server writes:
 * the facilitator's controls (`board_controls`), votes (`board_votes`) and private-mode drafts
 * (`board_drafts`). Each change runs in one transaction that first locks the board's controls
 * row, so checks that read the controls (phase, lock, votes per person) and the write they allow
 * cannot interleave with another process's change.
 */

/** A command that cannot be done; its message is shown to the person who asked. */
export class CommandError extends Error {}

/** At most this many drafts per participant and board. */
export const MAX_DRAFTS_PER_PARTICIPANT = 200;
/**
 * At most this many drafts on one board, of all its participants together. Without it, an editor
 * link and as many participant secrets as `MAX_PARTICIPANTS` held 100,000 drafts (500 MB of text)
 * that ending private mode would turn into notes at once. A workshop of 100 people writing 50
 * private notes each stays within it.
 */
export const MAX_DRAFTS_PER_BOARD = 5_000;

export async function loadControls(q: Queryable, boardId: string): Promise<Facilitation> {
	const [row] = await q.query<{ controls: unknown }>('SELECT controls FROM board_controls WHERE board_id = $1', [boardId]);
	return row ? readControls(parseJson(row.controls)) : { ...DEFAULT_CONTROLS };
}

function parseJson(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		return null;
	}
}

/** Locks the board's controls row (creating it with the defaults) and reads it. */
export async function lockControls(tx: Queryable, boardId: string): Promise<Facilitation> {
	await tx.query('INSERT INTO board_controls (board_id, controls) VALUES ($1, $2::jsonb) ON CONFLICT (board_id) DO NOTHING', [
		boardId,
		jsonParam(DEFAULT_CONTROLS)
	]);
	const [row] = await tx.query<{ controls: unknown }>('SELECT controls FROM board_controls WHERE board_id = $1 FOR UPDATE', [boardId]);
	return readControls(parseJson(row?.controls));
}

export async function writeControls(tx: Queryable, boardId: string, controls: Facilitation): Promise<void> {
	await tx.query(
		`INSERT INTO board_controls (board_id, controls, updated_at) VALUES ($1, $2::jsonb, now())
		 ON CONFLICT (board_id) DO UPDATE SET controls = excluded.controls, updated_at = now()`,
		[boardId, jsonParam(controls)]
	);
}

/**
 * Changes a board's controls: `change` gets the stored controls (locked for the transaction) and
 * returns the new ones, or throws a CommandError. Returns the controls as stored.
 */
export async function changeControls(
	db: Db,
	boardId: string,
	change: (controls: Facilitation, tx: Queryable) => Facilitation | Promise<Facilitation>
): Promise<Facilitation> {
	return db.transaction(async (tx) => {
		const next = readControls(await change(await lockControls(tx, boardId), tx));
		await writeControls(tx, boardId, next);
		return next;
	});
}

export interface VoteRow {
	participant: string;
	groupId: string;
	votes: number;
}

export async function listVotes(q: Queryable, boardId: string): Promise<VoteRow[]> {
	const rows = await q.query<{ participant: string; group_id: string; votes: number }>(
		'SELECT participant, group_id, votes FROM board_votes WHERE board_id = $1',
		[boardId]
	);
	return rows.map((r) => ({ participant: r.participant, groupId: r.group_id, votes: Number(r.votes) }));
}

/** Votes per group and voter, as exports and backups carry them. */
export async function votesByGroup(q: Queryable, boardId: string): Promise<Record<string, Record<string, number>>> {
	const out: Record<string, Record<string, number>> = {};
	for (const row of await listVotes(q, boardId)) (out[row.groupId] ??= {})[row.participant] = row.votes;
	return out;
}

/**
 * Gives (delta > 0) or takes back (delta < 0) a participant's votes on a group. Refused outside the
 * voting phase, while the board is locked, below zero, and past the votes per person counted over
 * all of this participant's ballots (two tabs of one person share one allowance: the controls row
 * lock serialises them). `groupExists` is asked about the group at the time of the vote. With
 * `maxParticipants`, a participant without votes on the board yet is refused once that many
 * participants hold votes there (an editor link cannot mint voters without end); null: not bound.
 * Returns the participant's votes on the group afterwards.
 */
export async function castVote(
	db: Db,
	boardId: string,
	participant: string,
	groupId: string,
	delta: number,
	groupExists: boolean,
	maxParticipants: number | null = null
): Promise<number> {
	return db.transaction(async (tx) => {
		const controls = await lockControls(tx, boardId);
		if (controls.phase !== 'vote') throw new CommandError('Voting is not open: the facilitator starts it with the Voting phase.');
		if (controls.locked) throw new CommandError('The facilitator locked the board; votes are paused.');
		const rows = await tx.query<{ group_id: string; votes: number }>('SELECT group_id, votes FROM board_votes WHERE board_id = $1 AND participant = $2', [
			boardId,
			participant
		]);
		let used = 0;
		let current = 0;
		for (const r of rows) {
			used += Number(r.votes);
			if (r.group_id === groupId) current = Number(r.votes);
		}
		const next = current + delta;
		if (rows.length === 0 && delta > 0 && maxParticipants !== null) {
			const [{ n }] = await tx.query<{ n: number }>('SELECT count(DISTINCT participant)::int AS n FROM board_votes WHERE board_id = $1', [boardId]);
			if (Number(n) >= maxParticipants) throw new CommandError(participantsFull(maxParticipants, 'vote'));
		}
		if (next < 0) throw new CommandError('You have no votes on this group to take back.');
		if (delta > 0 && !groupExists) throw new CommandError('That group no longer exists.');
		if (delta > 0 && used - current + next > controls.votesPerPerson) {
			throw new CommandError(`You have used all ${controls.votesPerPerson} of your votes. Take one back from another group first.`);
		}
		if (next === 0) {
			await tx.query('DELETE FROM board_votes WHERE board_id = $1 AND participant = $2 AND group_id = $3', [boardId, participant, groupId]);
		} else {
			await tx.query(
				`INSERT INTO board_votes (board_id, participant, group_id, votes) VALUES ($1, $2, $3, $4)
				 ON CONFLICT (board_id, participant, group_id) DO UPDATE SET votes = excluded.votes`,
				[boardId, participant, groupId, next]
			);
		}
		return next;
	});
}

export async function listDrafts(q: Queryable, boardId: string): Promise<(Draft & { author: string })[]> {
	const rows = await q.query<{ id: string; author: string; text: string; x: number; y: number; at: string | number }>(
		`SELECT id, author, text, x, y, (extract(epoch FROM created_at) * 1000)::float8 AS at
		 FROM board_drafts WHERE board_id = $1 ORDER BY created_at, id`,
		[boardId]
	);
	return rows.map((r) => ({ id: r.id, author: r.author, text: r.text, x: Number(r.x), y: Number(r.y), at: Math.round(Number(r.at)) }));
}

/** The refusal once a board has as many voters (or private-note authors) as it takes. */
function participantsFull(max: number, what: 'vote' | 'draft'): string {
	const who = what === 'vote' ? 'people voting' : 'people with private notes';
	return `This board has ${max.toLocaleString('en')} ${who}, the most it takes, so yours cannot be added. Ask the facilitator.`;
}

/** The refusal of a draft command while private mode is not on (never started, or ended). */
export const PRIVATE_MODE_OFF = 'Private mode is off: add your note to the board instead.';

async function requirePrivateMode(tx: Queryable, boardId: string): Promise<void> {
	const controls = await lockControls(tx, boardId);
	if (controls.privateMode === null) throw new CommandError(PRIVATE_MODE_OFF);
}

/** One private note to add: its author, whether the board's participant bound applies to them, and the note. */
export interface DraftToAdd {
	author: string;
	/** False for facilitators, who are not counted against `maxParticipants`. */
	counted: boolean;
	draft: { id: string; text: string; x: number; y: number };
}

/**
 * Adds private notes of their authors, any number in one transaction (a burst of private notes
 * costs one round of queries, not one per note). Each is refused on its own — with a message for
 * its author — outside private mode, past MAX_DRAFTS_PER_PARTICIPANT or MAX_DRAFTS_PER_BOARD, when its author already has
 * a draft with that id, and, with `maxParticipants`, for a counted author without drafts once that
 * many authors have some. Drafts are keyed by author and id: another author's draft with the same
 * id is no obstacle (and so not revealed); the notes they become get distinct ids (`draftNoteIds`).
 * Returns, per item in order, null when it was added or the refusal.
 */
export async function addDrafts(db: Db, boardId: string, items: DraftToAdd[], maxParticipants: number | null = null): Promise<(string | null)[]> {
	if (items.length === 0) return [];
	return db.transaction(async (tx) => {
		const controls = await lockControls(tx, boardId);
		if (controls.privateMode === null) return items.map(() => PRIVATE_MODE_OFF);
		const authors = [...new Set(items.map((i) => i.author))];
		const counts = new Map<string, number>();
		const existing = new Set<string>();
		const rows = await tx.query<{ author: string; id: string }>('SELECT author, id FROM board_drafts WHERE board_id = $1 AND author = ANY($2::text[])', [boardId, authors]);
		for (const r of rows) {
			counts.set(r.author, (counts.get(r.author) ?? 0) + 1);
			existing.add(`${r.author}\n${r.id}`);
		}
		const [counted] = await tx.query<{ authors: number; drafts: number }>(
			'SELECT count(DISTINCT author)::int AS authors, count(*)::int AS drafts FROM board_drafts WHERE board_id = $1',
			[boardId]
		);
		let authorsWithDrafts = Number(counted.authors);
		let onBoard = Number(counted.drafts);
		const results: (string | null)[] = [];
		const accepted: DraftToAdd[] = [];
		for (const item of items) {
			const n = counts.get(item.author) ?? 0;
			const key = `${item.author}\n${item.draft.id}`;
			let refusal: string | null = null;
			if (n === 0 && item.counted && maxParticipants !== null && authorsWithDrafts >= maxParticipants) refusal = participantsFull(maxParticipants, 'draft');
			else if (n >= MAX_DRAFTS_PER_PARTICIPANT) refusal = `You have ${MAX_DRAFTS_PER_PARTICIPANT} private notes already; wait until the facilitator ends private mode.`;
			else if (onBoard >= MAX_DRAFTS_PER_BOARD) refusal = `This board holds ${MAX_DRAFTS_PER_BOARD.toLocaleString('en-US')} private notes already; wait until the facilitator ends private mode.`;
			else if (existing.has(key)) refusal = 'You have a private note with that id already.';
			results.push(refusal);
			if (refusal) continue;
			if (n === 0) authorsWithDrafts++;
			onBoard++;
			counts.set(item.author, n + 1);
			existing.add(key);
			accepted.push(item);
		}
		if (accepted.length > 0) {
			await tx.query(
				`INSERT INTO board_drafts (board_id, author, id, text, x, y)
				 SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[])`,
				[
					boardId,
					accepted.map((i) => i.author),
					accepted.map((i) => i.draft.id),
					accepted.map((i) => i.draft.text),
					accepted.map((i) => i.draft.x),
					accepted.map((i) => i.draft.y)
				]
			);
		}
		return results;
	});
}

/** Changes or deletes one of the author's own drafts; someone else's draft is "not found", as if it did not exist. */
export async function changeDraft(
	db: Db,
	boardId: string,
	author: string,
	id: string,
	change: { text: string } | { x: number; y: number } | null
): Promise<void> {
	await db.transaction(async (tx) => {
		await requirePrivateMode(tx, boardId);
		let rows: unknown[];
		if (change === null) {
			rows = await tx.query('DELETE FROM board_drafts WHERE board_id = $1 AND id = $2 AND author = $3 RETURNING id', [boardId, id, author]);
		} else if ('text' in change) {
			rows = await tx.query('UPDATE board_drafts SET text = $4 WHERE board_id = $1 AND id = $2 AND author = $3 RETURNING id', [boardId, id, author, change.text]);
		} else {
			rows = await tx.query('UPDATE board_drafts SET x = $4, y = $5 WHERE board_id = $1 AND id = $2 AND author = $3 RETURNING id', [
				boardId,
				id,
				author,
				change.x,
				change.y
			]);
		}
		if (rows.length === 0) throw new CommandError('That private note no longer exists.');
	});
}

/** A vote as boards kept them before votes moved to `board_votes`. */
export interface LegacyVote {
	groupId: string;
	voter: string;
	count: number;
}

/**
 * Moves the controls and votes a board kept before they left its document (a version-1 `meta` map
 * and `votes` root, or the copy kept on the board row) into `board_controls` and `board_votes`,
 * once: nothing happens when the board has a controls row already. Returns whether it moved them.
 */
export async function adoptLegacyState(tx: Queryable, boardId: string, meta: unknown, votes: LegacyVote[]): Promise<boolean> {
	const inserted = await tx.query(
		'INSERT INTO board_controls (board_id, controls) VALUES ($1, $2::jsonb) ON CONFLICT (board_id) DO NOTHING RETURNING board_id',
		[boardId, jsonParam(readControls(meta))]
	);
	if (inserted.length === 0) return false;
	for (const v of votes) {
		if (typeof v.groupId !== 'string' || typeof v.voter !== 'string' || !Number.isInteger(v.count) || v.count <= 0) continue;
		await tx.query('INSERT INTO board_votes (board_id, participant, group_id, votes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
			boardId,
			v.voter.slice(0, 80),
			v.groupId.slice(0, 80),
			Math.min(100, v.count)
		]);
	}
	return true;
}
