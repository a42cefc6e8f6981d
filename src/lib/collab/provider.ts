import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
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

/** Close codes that mean "do not retry": a bad link, a deleted board, a read-only link, a bad message, a forbidden change, an outdated tab. */
export const FATAL_CLOSE = new Set([4400, 4401, 4403, 4404, 4409, 4426]);
/** The server runs a newer protocol or board schema than this tab: it must reload. */
export const OUTDATED_CLOSE = 4426;

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
		/** A board channel message from the server (see channel.ts). */
		onBoard?: (message: unknown) => void;
	},
	options: {
		url?: string;
		token?: string;
		params?: Record<string, string>;
		awareness?: WebsocketProvider['awareness'];
		/** false: wait for `provider.connect()` (after the offline copy is read); default true. */
		connect?: boolean;
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
		...(options.awareness ? { awareness: options.awareness } : {})
	});
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
		if (event && FATAL_CLOSE.has(event.code)) {
			refused = true;
			provider.shouldConnect = false;
			handlers.onState('refused', { code: event.code, reason: event.reason });
		}
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
