import { PHASES, type Phase } from './schema.ts';

/**
 * The facilitator's controls: phase, lock, timer, votes per person, vote reveal, private mode,
 * follow-me, "bring everyone here" and spotlight. They are not in the content document: the server
 * keeps them in table `board_controls`, changes them only on facilitators' commands over the board
 * channel (server/sync/channel.ts) and sends them to everyone in `state` messages. The functions
 * here are pure: a command's new controls from the old ones.
 */

/** The keys version-1 and early version-2 documents kept in `meta`; moved to `board_controls` once. */
export const LEGACY_CONTROL_KEYS = ['phase', 'locked', 'timer', 'votesPerPerson', 'votesRevealed', 'privateMode', 'follow', 'summon', 'spotlight'] as const;

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

export const DEFAULT_CONTROLS: Facilitation = {
	phase: 'import',
	locked: false,
	timer: null,
	votesPerPerson: 5,
	votesRevealed: false,
	privateMode: null,
	follow: null,
	summon: null,
	spotlight: null
};

/**
 * Controls from stored or received JSON (a `board_controls` row, a version-1 `meta` map), with
 * safe defaults for anything missing or damaged.
 */
export function readControls(raw: unknown): Facilitation {
	const v = isRecord(raw) ? raw : {};
	const votes = v.votesPerPerson;
	const privateMode = v.privateMode;
	const follow = v.follow;
	const spotlight = v.spotlight;
	return {
		phase: (PHASES as readonly unknown[]).includes(v.phase) ? (v.phase as Phase) : 'import',
		locked: v.locked === true,
		timer: readTimer(v.timer),
		votesPerPerson: typeof votes === 'number' && Number.isFinite(votes) && votes >= 0 ? Math.min(MAX_VOTES_PER_PERSON, Math.floor(votes)) : 5,
		votesRevealed: v.votesRevealed === true,
		privateMode: typeof privateMode === 'number' && Number.isFinite(privateMode) ? privateMode : null,
		follow: typeof follow === 'string' && follow ? follow.slice(0, 64) : null,
		summon: readSummon(v.summon),
		spotlight: typeof spotlight === 'string' && spotlight ? spotlight.slice(0, 64) : null
	};
}

/** Whether a stored `meta` map holds any control (documents from before the controls moved out). */
export function hasLegacyControls(meta: Record<string, unknown>): boolean {
	return LEGACY_CONTROL_KEYS.some((key) => key in meta);
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

/** A countdown of `durationMs` (clamped to 1 s .. 4 h) from server time `now` (ms). */
export function startTimer(durationMs: number, now: number): Timer {
	const duration = Math.round(Math.min(MAX_TIMER_MS, Math.max(1000, durationMs)));
	return { running: true, endsAt: now + duration, durationMs: duration, remainingMs: duration };
}

export function pauseTimer(timer: Timer | null, now: number): Timer | null {
	if (!timer || !timer.running) return timer;
	return { ...timer, running: false, endsAt: null, remainingMs: timerRemaining(timer, now) };
}

export function resumeTimer(timer: Timer | null, now: number): Timer | null {
	if (!timer || timer.running || timer.remainingMs <= 0) return timer;
	return { ...timer, running: true, endsAt: now + timer.remainingMs };
}

/** Adds time to a running or paused timer (negative takes time away, never below zero, never past 4 h). */
export function extendTimer(timer: Timer | null, deltaMs: number, now: number): Timer | null {
	if (!timer) return null;
	const left = Math.min(MAX_TIMER_MS, Math.max(0, timerRemaining(timer, now) + deltaMs));
	const running = timer.running && left > 0;
	return { ...timer, running, endsAt: running ? now + left : null, remainingMs: left, durationMs: Math.max(timer.durationMs, left) };
}

export interface VoteTally {
	groupId: string;
	votes: number;
	voters: number;
}

/** Groups ranked by votes (most first); ties keep a stable order by group id. */
export function rankTallies(totals: Record<string, { votes: number; voters: number }>): VoteTally[] {
	return Object.entries(totals)
		.map(([groupId, t]) => ({ groupId, votes: t.votes, voters: t.voters }))
		.sort((a, b) => b.votes - a.votes || a.groupId.localeCompare(b.groupId));
}
