import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { PHASES } from '../board/schema.ts';
import { MAX_TIMER_MS, MAX_VOTES_PER_PERSON, type Facilitation } from '../board/facilitation.ts';
import { MAX_NOTE_TEXT } from '../board/note.ts';
import type { ImportSummary } from '../context/summary.ts';

/**
 * The board channel: JSON messages beside y-websocket's sync and awareness, for the parts of a
 * board that are not in the content document (controls, votes, private drafts). Only clients that
 * announce `protocol=2` receive them. On the wire: varUint 8, then a varString of JSON.
 */
export const MESSAGE_BOARD = 8;

/** The largest JSON text of one channel message a client may send, in UTF-16 code units. */
export const MAX_COMMAND_CHARS = 8 * 1024;

/** A draft: a note only its author sees until the facilitator ends private mode. Coordinates in board units. */
export interface Draft {
	id: string;
	text: string;
	x: number;
	y: number;
	/** When it was written (server time, ms). */
	at: number;
}

/** What the board's imports tell everyone (a summary per import, newest first), as the page also loads it. */
export type ImportSummaries = ImportSummary[];

export type ServerMessage =
	| { type: 'welcome'; participant: string; role: 'facilitator' | 'editor' | 'viewer'; epoch: number }
	| { type: 'state'; title: string; controls: Facilitation; imports: ImportSummaries; privateColumns: string[] }
	| {
			type: 'votes';
			/** This participant's votes per group id. */
			mine: Record<string, number>;
			used: number;
			limit: number;
			/** Votes and voters per group: always for facilitators, for others only once revealed. */
			totals: Record<string, { votes: number; voters: number }> | null;
	  }
	/** This participant's drafts; `total` (all drafts of the board) only for facilitators, else null. */
	| { type: 'drafts'; mine: Draft[]; total: number | null }
	| { type: 'result'; id: number; ok: boolean; message?: string }
	| { type: 'refused'; code: number; reason: string };

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

export type CommandName = keyof typeof COMMAND_ARGS;
export type CommandArgs<N extends CommandName> = z.input<(typeof COMMAND_ARGS)[N]>;

export const COMMAND = z
	.object({
		type: z.literal('command'),
		id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
		name: z.string().max(32),
		args: z.unknown()
	})
	.strict();

/** One channel message as bytes. */
export function boardMessage(message: unknown): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_BOARD);
	encoding.writeVarString(encoder, JSON.stringify(message));
	return encoding.toUint8Array(encoder);
}

/** The JSON of a channel message whose type byte was read; throws on malformed or oversized text. */
export function readBoardMessage(decoder: decoding.Decoder, maxChars = Infinity): unknown {
	const text = decoding.readVarString(decoder);
	if (text.length > maxChars) throw new Error('board message too large');
	return JSON.parse(text);
}
