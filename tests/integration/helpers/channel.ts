import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { boardMessage, MESSAGE_BOARD, readBoardMessage, type ServerMessage } from '../../../src/lib/collab/channel';
import { rememberParticipant, waitFor, type Client } from './clients';

type Kind = ServerMessage['type'];
type Of<K extends Kind> = Extract<ServerMessage, { type: K }>;

export interface ChannelClient extends Client {
	/** Every board channel message received, oldest first. */
	messages: ServerMessage[];
	/** The latest message of a kind, waiting for one if none came yet. */
	latest<K extends Kind>(type: K, timeoutMs?: number): Promise<Of<K>>;
	/** Waits until the latest message of a kind passes `check`. */
	until<K extends Kind>(type: K, check: (m: Of<K>) => boolean, timeoutMs?: number): Promise<Of<K>>;
	/** Sends a command and waits for its result. */
	/** Sends a command and waits up to `timeoutMs` (10 s) for its result. */
	command(name: string, args?: unknown, timeoutMs?: number): Promise<{ ok: boolean; message?: string }>;
	/** Sends any JSON as a board message, as a hand-made client could. */
	sendRaw(json: unknown): void;
}

let nextId = 1;

/** A y-websocket client that speaks the board channel (`protocol=2`), in Node. */
export function connectChannel(baseUrl: string, boardId: string, token: string, params: Record<string, string> = {}, doc = new Y.Doc()): ChannelClient {
	if (params.participant) rememberParticipant(doc, params.participant);
	const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/sync', boardId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { token, protocol: '2', ...params },
		maxBackoffTime: 500,
		disableBc: true
	});
	const messages: ServerMessage[] = [];
	provider.messageHandlers[MESSAGE_BOARD] = (_encoder, decoder) => {
		messages.push(readBoardMessage(decoder) as ServerMessage);
	};
	const closes: Client['closes'] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	const find = <K extends Kind>(type: K): Of<K> | undefined => messages.findLast((m): m is Of<K> => m.type === type);
	const sendRaw = (json: unknown) => {
		provider.ws!.send(boardMessage(json) as Uint8Array<ArrayBuffer>);
	};
	const client: ChannelClient = {
		doc,
		provider,
		closes,
		messages,
		async latest(type, timeoutMs = 10_000) {
			await waitFor(() => !!find(type), timeoutMs, `a ${type} message`);
			return find(type)!;
		},
		async until(type, check, timeoutMs = 10_000) {
			await waitFor(() => {
				const m = find(type);
				return !!m && check(m);
			}, timeoutMs, `a matching ${type} message`);
			return find(type)!;
		},
		async command(name, args = {}, timeoutMs = 10_000) {
			await waitFor(() => provider.wsconnected, 10_000, 'the connection');
			const id = nextId++;
			sendRaw({ type: 'command', id, name, args });
			await waitFor(() => messages.some((m) => m.type === 'result' && m.id === id), timeoutMs, `the result of ${name}`);
			const result = messages.find((m): m is Of<'result'> => m.type === 'result' && m.id === id)!;
			return { ok: result.ok, ...(result.message ? { message: result.message } : {}) };
		},
		sendRaw,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
	return client;
}

/**
 * Shows a client on the board as the app's tabs do on joining (a presence state with a name): a
 * vote is taken only from a tab whose presence the others see.
 */
export function announce(client: Client, name = 'Tester'): void {
	client.provider.awareness.setLocalState({ user: { id: 'x', name, color: '#336699', role: 'editor' }, cursor: null, selection: [], drag: null, typing: null, view: null });
}
