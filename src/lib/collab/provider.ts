import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

/** Connection state as the user sees it. */
export type ConnectionState = 'connecting' | 'connected' | 'offline' | 'refused';

export interface BoardConnection {
	provider: WebsocketProvider;
	destroy(): void;
}

/** Close codes that mean "do not retry": a bad link, a deleted board, a read-only link, a bad message. */
const FATAL_CLOSE = new Set([4400, 4401, 4403, 4404]);

/**
 * Joins a board's room. The board token travels in its HttpOnly cookie (set when the link was
 * opened) or, outside a browser, as `?token=`.
 */
export function connectBoard(
	boardId: string,
	doc: Y.Doc,
	handlers: {
		onState: (state: ConnectionState, detail?: string) => void;
		onSynced?: () => void;
	},
	options: { url?: string; token?: string } = {}
): BoardConnection {
	const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
	const provider = new WebsocketProvider(url, boardId, doc, {
		params: options.token ? { token: options.token } : {},
		maxBackoffTime: 8000
	});
	let refused = false;
	provider.on('status', ({ status }) => {
		if (refused) return;
		handlers.onState(status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline');
	});
	provider.on('connection-close', (event) => {
		if (event && FATAL_CLOSE.has(event.code)) {
			refused = true;
			provider.shouldConnect = false;
			handlers.onState('refused', event.reason);
		}
	});
	provider.on('sync', (synced: boolean) => {
		if (synced) handlers.onSynced?.();
	});
	return {
		provider,
		destroy() {
			provider.destroy();
		}
	};
}
