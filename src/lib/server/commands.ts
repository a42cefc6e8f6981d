/**
 * The schemas of the board channel's commands (see `$lib/collab/channel.ts` for the messages).
 * Server-only: the browser needs only their types, so building them stays out of the page's
 * script.
 */
import { z } from 'zod';
import { PHASES } from '../board/schema.ts';
import { MAX_TIMER_MS, MAX_VOTES_PER_PERSON } from '../board/facilitation.ts';
import { MAX_NOTE_TEXT } from '../board/note.ts';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const coordinate = z.number().finite().min(-1e6).max(1e6);
const none = z.object({}).strict();

/** The arguments of every command, checked on the server before anything else is looked at. */
export const COMMAND_ARGS = {
	setTitle: z.object({ title: z.string().trim().min(1).max(200) }).strict(),
	setPhase: z.object({ phase: z.enum(PHASES) }).strict(),
	setLocked: z.object({ locked: z.boolean() }).strict(),
	startTimer: z.object({ durationMs: z.number().finite().min(1000).max(MAX_TIMER_MS) }).strict(),
	pauseTimer: none,
	resumeTimer: none,
	extendTimer: z.object({ deltaMs: z.number().finite().min(-MAX_TIMER_MS).max(MAX_TIMER_MS) }).strict(),
	clearTimer: none,
	setVotesPerPerson: z.object({ count: z.number().int().min(0).max(MAX_VOTES_PER_PERSON) }).strict(),
	setVotesRevealed: z.object({ revealed: z.boolean() }).strict(),
	setPrivateMode: z.object({ on: z.boolean() }).strict(),
	setFollow: z.object({ on: z.boolean() }).strict(),
	summon: z.object({ view: z.object({ x: coordinate, y: coordinate, zoom: z.number().finite().min(0.01).max(100) }).strict() }).strict(),
	setSpotlight: z.object({ groupId: id.nullable() }).strict(),
	vote: z.object({ groupId: id, delta: z.number().int().min(-MAX_VOTES_PER_PERSON).max(MAX_VOTES_PER_PERSON).refine((n) => n !== 0) }).strict(),
	'draft.add': z.object({ id: z.string().regex(/^note_[A-Za-z0-9_-]{1,59}$/), text: z.string().trim().min(1).max(MAX_NOTE_TEXT), x: coordinate, y: coordinate }).strict(),
	'draft.edit': z.object({ id, text: z.string().trim().min(1).max(MAX_NOTE_TEXT) }).strict(),
	'draft.move': z.object({ id, x: coordinate, y: coordinate }).strict(),
	'draft.delete': z.object({ id }).strict()
} as const;

/** A command message as it arrives: `{ type: 'command', id, name, args }`, args checked per name after. */
export const COMMAND = z
	.object({
		type: z.literal('command'),
		id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
		name: z.string().max(32),
		args: z.unknown()
	})
	.strict();
