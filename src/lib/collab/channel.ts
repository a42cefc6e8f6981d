import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { z } from 'zod';
import type { Facilitation } from '../board/facilitation.ts';
import type { COMMAND_ARGS } from '../server/commands.ts';
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
			/** How many people hold votes on the board: with `totals`, else null. */
			voters: number | null;
	  }
	/** This participant's drafts; `total` (all drafts of the board) only for facilitators, else null. */
	| { type: 'drafts'; mine: Draft[]; total: number | null }
	| { type: 'result'; id: number; ok: boolean; message?: string }
	| { type: 'refused'; code: number; reason: string }
	/** Part of this tab's change the server took out (new notes or groups past the board's limits), in the person's words. */
	| { type: 'notKept'; message: string };

/** A command's name; the argument schemas live on the server (`$lib/server/commands.ts`). */
export type CommandName = keyof typeof COMMAND_ARGS;
/** The arguments a client sends with command `N`, as the server's schema accepts them. */
export type CommandArgs<N extends CommandName> = z.input<(typeof COMMAND_ARGS)[N]>;

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
