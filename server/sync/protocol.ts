import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export { PROTOCOL_VERSION } from '../../src/lib/collab/version.ts';

/** Message types of the y-websocket protocol. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Close codes and the reasons the client shows. */
export const CLOSE = {
	shuttingDown: { code: 1001, reason: 'The server is restarting. Reconnecting…' },
	malformed: { code: 4400, reason: 'The server could not read a message from this tab. Reload the page.' },
	badToken: { code: 4401, reason: 'This link is not valid or was revoked. Ask the facilitator for a new link.' },
	refused: { code: 4412, reason: 'A change from this tab was not kept. The tab reloads the board.' },
	staleCopy: { code: 4410, reason: 'Not kept: the board was upgraded since this tab opened it; it loads the new board.' },
	outdated: { code: 4426, reason: 'This tab runs an older version of Gistboard than the server. Reload the page to continue.' },
	notFound: { code: 4404, reason: 'This board does not exist or was deleted.' },
	tooLarge: { code: 4413, reason: 'A message was larger than the server accepts.' },
	rateLimited: { code: 4429, reason: 'Too many messages from this tab; it was disconnected. It reconnects shortly.' },
	tooManyChanges: { code: 4429, reason: 'Your network sent more changes than the server takes at once. This tab reconnects shortly and sends them again.' },
	slowConsumer: { code: 4408, reason: 'This tab fell too far behind the board (a slow connection?) and was disconnected. It reconnects and catches up.' },
	storageFailed: { code: 1011, reason: 'The server could not save a change. Reconnecting to send it again…' },
	tooEarly: { code: 4429, reason: 'This tab sent too much before the board was ready; it was disconnected. It reconnects shortly.' },
	tooManyTabs: { code: 4429, reason: 'Your network opened more new tabs than the server takes at once. This tab reconnects shortly and sends its changes again.' },
	tooManyBoards: { code: 4429, reason: 'Too many boards are open from this address or link. Close a board and reload.' },
	tooManyRefused: { code: 4429, reason: 'Too many connections from your network were refused (wrong or replaced links). Reconnecting shortly…' },
	tooManyConnections: { code: 4430, reason: 'Too many tabs on this board from your network right now. Close some, or ask whoever runs Gistboard; then reload.' },
	busy: { code: 1013, reason: 'The server has too many boards open right now. Reconnecting shortly…' }
} as const;

export interface CloseInfo {
	code: number;
	reason: string;
}

/** Close frames carry at most 123 bytes of reason (RFC 6455 §5.5). */
const MAX_REASON_BYTES = 123;

/**
 * The close for a refused update (4412): the reason says what was not kept and why, for the tab
 * to show before it starts again from the server's copy.
 */
export function refusedClose(why: string): CloseInfo {
	let reason = `Not kept: ${why}.`;
	while (Buffer.byteLength(reason) > MAX_REASON_BYTES) reason = reason.slice(0, -2) + '…';
	return { code: CLOSE.refused.code, reason };
}

/** The name of a close reason, for metrics and logs. */
export function closeLabel(info: CloseInfo): string {
	for (const [name, value] of Object.entries(CLOSE)) if (value.code === info.code) return name;
	return String(info.code);
}

export function syncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** Wraps an encoded awareness update (see awareness.ts) as a message. */
export function awarenessMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** An update that changes nothing: what a client sends when it has nothing the server lacks. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** Throws on bytes that are not a well-formed Yjs update, before they reach a document or the log. */
export function assertUpdate(update: Uint8Array): void {
	Y.decodeUpdate(update);
}

export { decoding };
