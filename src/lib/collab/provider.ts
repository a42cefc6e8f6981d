import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';
import { boardMessage, MESSAGE_BOARD, readBoardMessage } from './channel';

/** Connection state as the user sees it. */
export type ConnectionState = 'connecting' | 'connected' | 'offline' | 'refused';

export interface BoardConnection {
	provider: WebsocketProvider;
	/** Connects again after a refusal that can be fixed (a replaced link whose new token this browser now holds). */
	resume(): void;
	/** Sends a board channel message; false when the connection is not open. */
	sendBoard(message: unknown): boolean;
	destroy(): void;
}

/** y-websocket's message type for sync messages. */
const MESSAGE_SYNC = 0;

/**
 * Updates from the server at least this large (the answer to a join, an import's chunk) are
 * applied with the document's `update` listeners detached: Yjs would otherwise encode the applied
 * part again for them, which takes about as long as applying it (0.5 s for a 10,000-note board),
 * only for the provider to ignore it; the offline copy stores the received bytes instead.
 */
export const LARGE_UPDATE_BYTES = 64 * 1024;

/** The offline copy as the connection feeds it: it stores received bytes while its listener is paused. */
export interface UpdateStore {
	pause(): void;
	resume(): void;
	store(update: Uint8Array): void;
}

/**
 * Close codes that mean "do not retry": a bad link, a deleted board, a bad message, an outdated
 * tab, too many connections to the board from this network (retrying would not free a place).
 */
export const FATAL_CLOSE = new Set([4400, 4401, 4404, 4426, 4430]);
/**
 * Close codes after which the tab reconnects on its own but the person is told why (the server's
 * reason): it fell too far behind the board (4408), or sent too much or holds too many boards
 * open (4429).
 */
export const NOTICE_CLOSE = new Set([4408, 4429]);
/**
 * The server refused a change from this tab (its reason says which and why): nothing of it was
 * kept, so this tab's copy differs from the server's and must be replaced by a fresh one.
 */
export const REFUSED_CHANGE_CLOSE = 4412;
/**
 * The tab's offline copy is of an older document of the board (a migration raised its epoch):
 * like a refused change, the tab drops its copy and loads the board again.
 */
export const STALE_COPY_CLOSE = 4410;
/** The server runs a newer protocol or board schema than this tab: it must reload. */
export const OUTDATED_CLOSE = 4426;

/**
 * y-websocket sends every presence change to the server, other people's included: with N people on
 * a board, each presence relay from the server would come back from N tabs, and the server drops
 * all but each tab's own. Only a change of this tab's own state (set, renewed or removed) is sent,
 * as this tab's state alone.
 */
function sendOwnPresenceOnly(provider: WebsocketProvider): void {
	type Changes = { added: number[]; updated: number[]; removed: number[] };
	const relay = provider._awarenessUpdateHandler as (changes: Changes, origin: unknown) => void;
	const own = provider.awareness.clientID;
	const ownOnly = (changes: Changes, origin: unknown) => {
		if (changes.added.includes(own) || changes.updated.includes(own) || changes.removed.includes(own)) relay({ added: [], updated: [own], removed: [] }, origin);
	};
	provider.awareness.off('update', relay);
	provider.awareness.on('update', ownOnly);
	// The provider takes its handler off the awareness by this name when it is destroyed.
	provider._awarenessUpdateHandler = ownOnly;
}

/**
 * Joins a board's room. The board token travels in its HttpOnly cookie (set when the link was
 * opened) or, outside a browser, as `?token=`. `params` carry the protocol and schema versions and
 * the user id. The browser's online/offline events disconnect and reconnect at once instead of
 * waiting for a timeout; in between, y-websocket retries with exponential backoff.
 */
export function connectBoard(
	boardId: string,
	doc: Y.Doc,
	handlers: {
		onState: (state: ConnectionState, detail?: { code: number; reason: string }) => void;
		onSynced?: () => void;
		/** A change was refused (4412) or the copy is of an older document (4410); the connection stays down until the tab starts again. */
		onRefusedChange?: (reason: string) => void;
		/** A board channel message from the server (see channel.ts). */
		onBoard?: (message: unknown) => void;
		/** The server closed the connection with a reason to show (`NOTICE_CLOSE`); the tab reconnects. */
		onNotice?: (reason: string) => void;
	},
	options: {
		url?: string;
		token?: string;
		params?: Record<string, string>;
		awareness?: WebsocketProvider['awareness'];
		/** false: wait for `provider.connect()` (after the offline copy is read); default true. */
		connect?: boolean;
		/** Stores large updates from the server as received (see `LARGE_UPDATE_BYTES`). */
		copy?: UpdateStore;
	} = {}
): BoardConnection {
	const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
	const provider = new WebsocketProvider(url, boardId, doc, {
		params: { ...options.params, ...(options.token ? { token: options.token } : {}) },
		maxBackoffTime: 8000,
		connect: options.connect ?? true,
		// Tabs of one browser each have their own connection; the cross-tab channel would encode
		// and post the whole board on every connect.
		disableBc: true,
		// y-websocket gives up on every 44xx close; only these are final here (the others say why and reconnect).
		shouldReconnect: (event) => !FATAL_CLOSE.has(event.code),
		...(options.awareness ? { awareness: options.awareness } : {})
	});
	sendOwnPresenceOnly(provider);
	const syncHandler = provider.messageHandlers[MESSAGE_SYNC];
	provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
		const peek = decoding.clone(decoder);
		const kind = decoding.readVarUint(peek);
		const update = kind === messageYjsSyncStep2 || kind === messageYjsUpdate ? decoding.readVarUint8Array(peek) : null;
		if (!update || update.byteLength < LARGE_UPDATE_BYTES) return syncHandler(encoder, decoder, p, emitSynced, messageType);
		// As y-protocols' readSyncStep2 does, but without the document's update listeners.
		doc.off('update', p._updateHandler);
		options.copy?.pause();
		try {
			Y.applyUpdate(doc, update, p);
		} catch (err) {
			console.error('Caught error while handling a Yjs update', err);
		} finally {
			doc.on('update', p._updateHandler);
			options.copy?.resume();
		}
		options.copy?.store(update);
		if (emitSynced && kind === messageYjsSyncStep2 && !p.synced) p.synced = true;
	};
	provider.messageHandlers[MESSAGE_BOARD] = (_encoder, decoder) => {
		try {
			handlers.onBoard?.(readBoardMessage(decoder));
		} catch (err) {
			console.error('Ignored an unreadable board message', err);
		}
	};
	let refused = false;
	const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
	provider.on('status', ({ status }) => {
		if (refused) return;
		if (status === 'connected') handlers.onState('connected');
		else handlers.onState(offline() ? 'offline' : status === 'connecting' ? 'connecting' : 'offline');
	});
	provider.on('connection-close', (event) => {
		if (event?.code === REFUSED_CHANGE_CLOSE || event?.code === STALE_COPY_CLOSE) {
			refused = true;
			provider.shouldConnect = false;
			handlers.onRefusedChange?.(event.reason);
			return;
		}
		if (event && FATAL_CLOSE.has(event.code)) {
			refused = true;
			provider.shouldConnect = false;
			handlers.onState('refused', { code: event.code, reason: event.reason });
		} else if (event && NOTICE_CLOSE.has(event.code)) handlers.onNotice?.(event.reason);
	});
	provider.on('sync', (synced: boolean) => {
		if (synced) handlers.onSynced?.();
	});
	const goOffline = () => {
		if (refused) return;
		provider.disconnect();
		handlers.onState('offline');
	};
	const goOnline = () => {
		if (refused) return;
		handlers.onState('connecting');
		provider.connect();
	};
	if (typeof window !== 'undefined') {
		window.addEventListener('offline', goOffline);
		window.addEventListener('online', goOnline);
	}
	return {
		provider,
		sendBoard(message) {
			const ws = provider.ws;
			if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return false;
			ws.send(boardMessage(message) as Uint8Array<ArrayBuffer>);
			return true;
		},
		resume() {
			refused = false;
			handlers.onState('connecting');
			provider.connect();
		},
		destroy() {
			if (typeof window !== 'undefined') {
				window.removeEventListener('offline', goOffline);
				window.removeEventListener('online', goOnline);
			}
			provider.destroy();
		}
	};
}
