import * as Y from 'yjs';
import { PHASES, type Origin, type Phase } from './schema.ts';

/**
 * The facilitator's controls, kept in `meta`: phase, lock, timer, votes per person, vote reveal,
 * private mode, follow-me, "bring everyone here" and spotlight. Only facilitators may change
 * these keys; the sync server refuses anyone else's update that touches them.
 */
export const FACILITATOR_KEYS = [
	'title',
	'schemaVersion',
	'phase',
	'locked',
	'timer',
	'votesPerPerson',
	'votesRevealed',
	'privateMode',
	'follow',
	'summon',
	'spotlight',
	'privateColumns'
] as const;

export const PHASE_LABELS: Record<Phase, string> = {
	import: 'Import',
	'silent-sort': 'Silent sorting',
	group: 'Grouping',
	name: 'Naming',
	vote: 'Voting',
	assign: 'Assigning',
	done: 'Done'
};

/** A countdown everyone sees. `endsAt` is in server time, so every clock shows the same remaining time. */
export interface Timer {
	running: boolean;
	/** Server time (ms) when it reaches zero, while running. */
	endsAt: number | null;
	/** The length it was started with. */
	durationMs: number;
	/** What was left when it was paused. */
	remainingMs: number;
}

/** The facilitator's camera, as "bring everyone here" sends it. */
export interface SharedView {
	x: number;
	y: number;
	zoom: number;
}

export interface Summon {
	by: string;
	at: number;
	view: SharedView;
}

export interface Facilitation {
	phase: Phase;
	locked: boolean;
	timer: Timer | null;
	votesPerPerson: number;
	votesRevealed: boolean;
	/** Since when private mode is on (server time), or null. */
	privateMode: number | null;
	/** The user whose view participants follow, or null. */
	follow: string | null;
	summon: Summon | null;
	spotlight: string | null;
}

export const MAX_VOTES_PER_PERSON = 50;
export const MAX_TIMER_MS = 4 * 60 * 60 * 1000;

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readTimer(v: unknown): Timer | null {
	if (!isRecord(v)) return null;
	const num = (x: unknown, d: number) => (typeof x === 'number' && Number.isFinite(x) ? x : d);
	return {
		running: v.running === true,
		endsAt: typeof v.endsAt === 'number' && Number.isFinite(v.endsAt) ? v.endsAt : null,
		durationMs: num(v.durationMs, 0),
		remainingMs: num(v.remainingMs, 0)
	};
}

function readSummon(v: unknown): Summon | null {
	if (!isRecord(v) || !isRecord(v.view) || typeof v.at !== 'number') return null;
	const { x, y, zoom } = v.view;
	if (typeof x !== 'number' || typeof y !== 'number' || typeof zoom !== 'number') return null;
	return { by: String(v.by ?? ''), at: v.at, view: { x, y, zoom } };
}

/** Reads the controls, with safe defaults for anything missing or damaged. */
export function readFacilitation(doc: Y.Doc): Facilitation {
	const meta = doc.getMap<unknown>('meta');
	const phase = meta.get('phase');
	const votes = meta.get('votesPerPerson');
	const privateMode = meta.get('privateMode');
	const follow = meta.get('follow');
	const spotlight = meta.get('spotlight');
	return {
		phase: (PHASES as readonly unknown[]).includes(phase) ? (phase as Phase) : 'import',
		locked: meta.get('locked') === true,
		timer: readTimer(meta.get('timer')),
		votesPerPerson: typeof votes === 'number' && votes >= 0 ? Math.min(MAX_VOTES_PER_PERSON, Math.floor(votes)) : 5,
		votesRevealed: meta.get('votesRevealed') === true,
		privateMode: typeof privateMode === 'number' ? privateMode : null,
		follow: typeof follow === 'string' && follow ? follow : null,
		summon: readSummon(meta.get('summon')),
		spotlight: typeof spotlight === 'string' && spotlight ? spotlight : null
	};
}

/** Milliseconds left on a timer at server time `now`; never negative. */
export function timerRemaining(timer: Timer | null, now: number): number {
	if (!timer) return 0;
	if (!timer.running || timer.endsAt === null) return Math.max(0, timer.remainingMs);
	return Math.max(0, timer.endsAt - now);
}

/** "4:05", or "1:02:03" past an hour; rounds up so a timer shows 0:00 only when it has ended. */
export function formatRemaining(ms: number): string {
	const total = Math.ceil(Math.max(0, ms) / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const ss = String(s).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

function setMeta(doc: Y.Doc, origin: Origin, values: Record<string, unknown>): void {
	const meta = doc.getMap<unknown>('meta');
	doc.transact(() => {
		for (const [key, value] of Object.entries(values)) meta.set(key, value);
	}, origin);
}

export function setPhase(doc: Y.Doc, phase: Phase, origin: Origin): void {
	if (!PHASES.includes(phase)) throw new Error(`Unknown phase "${phase}".`);
	doc.transact(() => {
		setMeta(doc, origin, { phase });
		// Ballot boxes exist before anyone votes, so two first votes on a group never race to create one.
		if (phase === 'vote') ensureBallots(doc);
	}, origin);
}

export function setLocked(doc: Y.Doc, locked: boolean, origin: Origin): void {
	setMeta(doc, origin, { locked });
}

export function startTimer(doc: Y.Doc, durationMs: number, now: number, origin: Origin): void {
	const duration = Math.round(Math.min(MAX_TIMER_MS, Math.max(1000, durationMs)));
	setMeta(doc, origin, { timer: { running: true, endsAt: now + duration, durationMs: duration, remainingMs: duration } });
}

export function pauseTimer(doc: Y.Doc, now: number, origin: Origin): void {
	const timer = readTimer(doc.getMap<unknown>('meta').get('timer'));
	if (!timer || !timer.running) return;
	setMeta(doc, origin, { timer: { ...timer, running: false, endsAt: null, remainingMs: timerRemaining(timer, now) } });
}

export function resumeTimer(doc: Y.Doc, now: number, origin: Origin): void {
	const timer = readTimer(doc.getMap<unknown>('meta').get('timer'));
	if (!timer || timer.running || timer.remainingMs <= 0) return;
	setMeta(doc, origin, { timer: { ...timer, running: true, endsAt: now + timer.remainingMs } });
}

/** Adds time to a running or paused timer (negative takes time away, never below zero). */
export function extendTimer(doc: Y.Doc, deltaMs: number, now: number, origin: Origin): void {
	const timer = readTimer(doc.getMap<unknown>('meta').get('timer'));
	if (!timer) return;
	const left = Math.max(0, timerRemaining(timer, now) + deltaMs);
	const running = timer.running && left > 0;
	setMeta(doc, origin, {
		timer: { ...timer, running, endsAt: running ? now + left : null, remainingMs: left, durationMs: Math.max(timer.durationMs, left) }
	});
}

export function clearTimer(doc: Y.Doc, origin: Origin): void {
	setMeta(doc, origin, { timer: null });
}

export function setVotesPerPerson(doc: Y.Doc, count: number, origin: Origin): void {
	const n = Math.floor(count);
	if (!Number.isFinite(n) || n < 0 || n > MAX_VOTES_PER_PERSON) {
		throw new Error(`Votes per person must be between 0 and ${MAX_VOTES_PER_PERSON}.`);
	}
	setMeta(doc, origin, { votesPerPerson: n });
}

export function setVotesRevealed(doc: Y.Doc, revealed: boolean, origin: Origin): void {
	setMeta(doc, origin, { votesRevealed: revealed });
}

export function setPrivateMode(doc: Y.Doc, on: boolean, now: number, origin: Origin): void {
	setMeta(doc, origin, { privateMode: on ? now : null });
}

export function setFollow(doc: Y.Doc, userId: string | null, origin: Origin): void {
	setMeta(doc, origin, { follow: userId });
}

export function summonEveryone(doc: Y.Doc, by: string, view: SharedView, now: number, origin: Origin): void {
	setMeta(doc, origin, { summon: { by, at: now, view: { x: view.x, y: view.y, zoom: view.zoom } } });
}

export function setSpotlight(doc: Y.Doc, groupId: string | null, origin: Origin): void {
	setMeta(doc, origin, { spotlight: groupId });
}

/** Creates the (empty) ballot box of every group that has none. */
export function ensureBallots(doc: Y.Doc): void {
	const groups = doc.getMap<unknown>('groups');
	const votes = doc.getMap<Y.Map<number>>('votes');
	groups.forEach((_, groupId) => {
		if (!votes.has(groupId)) votes.set(groupId, new Y.Map<number>());
	});
}

/** How many votes a user has given, per group. */
export function votesOf(doc: Y.Doc, userId: string): Map<string, number> {
	const out = new Map<string, number>();
	doc.getMap<unknown>('votes').forEach((ballot, groupId) => {
		const n = ballot instanceof Y.Map ? ballot.get(userId) : undefined;
		if (typeof n === 'number' && n > 0) out.set(groupId, n);
	});
	return out;
}

export function votesUsed(doc: Y.Doc, userId: string): number {
	let used = 0;
	for (const n of votesOf(doc, userId).values()) used += n;
	return used;
}

export class VoteError extends Error {}

/**
 * Gives (delta > 0) or takes back (delta < 0) votes on a group. Refuses to go past the votes per
 * person or below zero, and outside the voting phase.
 */
export function castVote(doc: Y.Doc, groupId: string, userId: string, delta: number, origin: Origin): number {
	const groups = doc.getMap<unknown>('groups');
	const votes = doc.getMap<Y.Map<number>>('votes');
	const f = readFacilitation(doc);
	if (f.phase !== 'vote') throw new VoteError('Voting is not open: the facilitator starts it with the Voting phase.');
	if (!groups.has(groupId)) throw new VoteError('That group no longer exists.');
	const mine = votesOf(doc, userId);
	const current = mine.get(groupId) ?? 0;
	const next = current + Math.trunc(delta);
	if (next < 0) throw new VoteError('You have no votes on this group to take back.');
	if (votesUsed(doc, userId) - current + next > f.votesPerPerson) {
		throw new VoteError(`You have used all ${f.votesPerPerson} of your votes. Take one back from another group first.`);
	}
	doc.transact(() => {
		let ballot = votes.get(groupId);
		if (!(ballot instanceof Y.Map)) {
			ballot = new Y.Map<number>();
			votes.set(groupId, ballot);
		}
		if (next === 0) ballot.delete(userId);
		else ballot.set(userId, next);
	}, origin);
	return next;
}

export interface VoteTally {
	groupId: string;
	votes: number;
	voters: number;
}

/** Groups ranked by votes (most first); ties keep a stable order by group id. */
export function tallyVotes(doc: Y.Doc): VoteTally[] {
	const out: VoteTally[] = [];
	doc.getMap<unknown>('votes').forEach((ballot, groupId) => {
		if (!(ballot instanceof Y.Map)) return;
		let total = 0;
		let voters = 0;
		ballot.forEach((n) => {
			if (typeof n === 'number' && n > 0) {
				total += n;
				voters++;
			}
		});
		out.push({ groupId, votes: total, voters });
	});
	return out.sort((a, b) => b.votes - a.votes || a.groupId.localeCompare(b.groupId));
}
