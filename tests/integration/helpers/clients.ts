import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { importFieldsOf, readNoteContent, type NoteContent } from '../../../src/lib/board/note';
import { participantId } from '../../../src/lib/server/participant';
import { TEST_WORKSPACE_TOKEN } from './server';

/** The participant id each connected client's document writes as (the server makes it the author of its notes). */
const participants = new WeakMap<Y.Doc, string>();

/** The participant id of a client made by `connect` (or given to `rememberParticipant`), else `user_test`. */
export function participantOf(doc: Y.Doc): string {
	return participants.get(doc) ?? 'user_test';
}

/** Records which participant a document of a hand-made connection writes as, from its secret. */
export function rememberParticipant(doc: Y.Doc, secret: string): void {
	participants.set(doc, participantId(secret));
}

export interface CreatedBoard {
	id: string;
	url: string;
	links: Record<'facilitator' | 'editor' | 'viewer', string>;
	token: (role: 'facilitator' | 'editor' | 'viewer') => string;
}

/** Creates a board with the workspace credential (the test servers' WORKSPACE_TOKEN unless given). */
export async function createBoard(baseUrl: string, title = 'Test board', workspaceToken = TEST_WORKSPACE_TOKEN): Promise<CreatedBoard> {
	const res = await fetch(`${baseUrl}/api/boards`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${workspaceToken}` },
		body: JSON.stringify({ title })
	});
	if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
	const body = await res.json();
	return { ...body, token: (role) => new URL(body.links[role]).searchParams.get('token')! };
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	closes: { code: number; reason: string }[];
	destroy(): void;
}

/**
 * The stock y-websocket client provider, in Node. It carries a participant secret of its own, as
 * a browser does, so that after a reconnect it may continue the changes it wrote before.
 */
export function connect(baseUrl: string, boardId: string, token: string): Client {
	const doc = new Y.Doc();
	const secret = randomBytes(32).toString('base64url');
	rememberParticipant(doc, secret);
	const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/sync', boardId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { token, participant: secret },
		maxBackoffTime: 500,
		// Providers in one process would otherwise share updates over BroadcastChannel, past the server.
		disableBc: true
	});
	const closes: Client['closes'] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	return {
		doc,
		provider,
		closes,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export const synced = (c: Client) => waitFor(() => c.provider.synced, 10_000, 'sync');

/** Plain data with object keys sorted, so equal states compare equal whatever the insertion order. */
function sorted(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sorted);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((k) => [k, sorted((value as Record<string, unknown>)[k])])
		);
	}
	return value;
}

/** A document's content as plain JSON, to compare states across clients and restarts. */
export function snapshot(doc: Y.Doc): unknown {
	return sorted({
		meta: doc.getMap('meta').toJSON(),
		notes: doc.getMap('notes').toJSON(),
		place: doc.getMap('place').toJSON(),
		groups: doc.getMap('groups').toJSON()
	});
}

/** Loads what the server holds for a board, through a fresh client. */
export async function serverState(baseUrl: string, board: CreatedBoard): Promise<unknown> {
	const c = connect(baseUrl, board.id, board.token('viewer'));
	await synced(c);
	const state = snapshot(c.doc);
	c.destroy();
	return state;
}

/** Every note of a document that reads, as the app reads it (text, source, fields, by, at), by id. */
export function noteContents(doc: Y.Doc): Record<string, NoteContent> {
	const fields = importFieldsOf(doc);
	const out: Record<string, NoteContent> = {};
	doc.getMap('notes').forEach((value, id) => {
		const content = readNoteContent(value, fields);
		if (content) out[id] = content;
	});
	return out;
}

/**
 * Adds a hand-written note the way the app writes one (content value + placement), by hand for raw
 * clients; its author is the client's participant, as the app writes it.
 */
export function addNote(doc: Y.Doc, id: string, text: string = id, pos: { x: number; y: number } | null = null): void {
	doc.transact(() => {
		doc.getMap('notes').set(id, [text, participantOf(doc), Date.now()]);
		if (pos) doc.getMap('place').set(id, pos);
	});
}

/** Puts a note somewhere on the board, as a move does. */
export function moveNote(doc: Y.Doc, id: string, x: number, y: number): void {
	doc.getMap('place').set(id, { x, y });
}
